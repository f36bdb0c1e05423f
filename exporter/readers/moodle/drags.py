"""Moodle's drag-and-drop into text (ddwtos) and select missing words (gapselect), as cloze.

Both write `[[n]]` in the question text where choice n goes (the n-th
`<dragbox>` or `<selectoption>` in the file, counting from 1). Each place
becomes a cloze blank that accepts its choice's text, typed (a gapselect
group could be a choice blank's choices: not read so yet), so the question
keeps its key and its points, while the choices to pick from, their groups
and the wrong ones are lost, and a warning at the question says so. Best effort: Moodle's own exports of these
plugin types are the only guide (no reference file or importer checks them).
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
    """A ddwtos or gapselect question as a cloze question of typed blanks."""
    choices = [text(choice) for choice in ctx.element.iterfind(_CHOICES[ctx.kind])]
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
    unused = [c for n, c in enumerate(choices, start=1) if n not in places]
    ctx.warn(f"{ctx.kind} is read as a cloze question: each place accepts its right word typed; "
             "the choices to pick from are not offered"
             + (f", and the wrong choices ({', '.join(unused)}) are dropped" if unused else ""))
    blanks = tuple(Blank((choices[n - 1].strip(),), line, 1) for n in places)
    return Question(type=QuestionType.CLOZE, stem=header.stem, answer=ClozeAnswer(blanks),
                    line=ctx.line, id=header.id, points=header.points, tags=header.tags,
                    feedback=header.feedback, penalty=header.penalty, parts=header.parts)
