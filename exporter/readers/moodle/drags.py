"""Moodle's drag-and-drop into text (ddwtos) and select missing words (gapselect), as cloze.

Both write `[[n]]` in the question text where choice n goes (the n-th
`<dragbox>` or `<selectoption>` in the file, counting from 1), and offer at
each place the choices of choice n's `<group>`. Each place becomes a choice
blank (a drop-down) offering that group in file order, so the question keeps
its key, its points and its wrong choices; a place whose group holds one
choice becomes a text blank accepting it typed. What is lost (dragging
rather than picking, infinite drag boxes) is one warning at the question.
Best effort: Moodle's own exports of these plugin types are the only guide
(no reference file or importer checks them).
"""
from __future__ import annotations

import re

from exporter.model import Blank, ClozeAnswer, Question, QuestionType, blank_marker
from exporter.readers.moodle.context import Context
from exporter.readers.moodle.header import read_header
from exporter.readers.moodle.parse import text

_PLACE = re.compile(r"\[\[([0-9]+)\]\]")
_CHOICES = {"ddwtos": "dragbox", "gapselect": "selectoption"}


def choice_gaps(ctx: Context) -> Question | None:
    """A ddwtos or gapselect question as a cloze question of choice blanks."""
    elements = list(ctx.element.iterfind(_CHOICES[ctx.kind]))
    choices = [text(choice) for choice in elements]
    groups = [text(choice, "group") or "1" for choice in elements]
    area = ctx.element.find("questiontext")
    raw = text(area)
    line = area.find("text").sourceline if area is not None and area.find("text") is not None \
        else ctx.line
    places: list[int] = []

    def place(match: re.Match[str]) -> str:
        places.append(int(match.group(1)))
        return blank_marker(len(places) - 1)

    marked = _PLACE.sub(place, raw)
    wrong = [n for n in places if not 1 <= n <= len(choices) or not choices[n - 1].strip()]
    if not places or wrong:
        ctx.error(f"a {ctx.kind} question needs places `[[1]]` naming its choices"
                  + (f"; [[{wrong[0]}]] names none" if wrong else ""))
        return None
    header = read_header(ctx, ctx.markdown(marked, area, "question text", ctx.text_format))
    blanks = tuple(_blank(choices, groups, n, line) for n in places)
    typed = sum(1 for blank in blanks if not blank.choices)
    ctx.warn(f"{ctx.kind} is read as a cloze question whose places are drop-downs of their "
             "group's choices" + (" (dragging is not kept)" if ctx.kind == "ddwtos" else "")
             + (f"; {typed} place(s) with a one-choice group accept it typed" if typed else ""))
    return Question(type=QuestionType.CLOZE, stem=header.stem, answer=ClozeAnswer(blanks),
                    line=ctx.line, id=header.id, points=header.points, tags=header.tags,
                    feedback=header.feedback, penalty=header.penalty, parts=header.parts)


def _blank(choices: list[str], groups: list[str], number: int, line: int) -> Blank:
    """Place ``number``: its choice, offered among the distinct choices of its group."""
    right = choices[number - 1].strip()
    offered = tuple(dict.fromkeys(c.strip() for c, g in zip(choices, groups)
                                  if g == groups[number - 1] and c.strip()))
    return Blank((right,), line, 1, choices=offered if len(offered) > 1 else ())
