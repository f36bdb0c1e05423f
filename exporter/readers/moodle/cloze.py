"""Moodle's Cloze (multianswer) questions: gaps written inside the question text.

A gap is ``{weight:TYPE:alternatives}`` with alternatives ``%50%answer#feedback``
joined by ``~`` (``=`` is 100%), parsed with the regular expressions of
Moodle's qtype_multianswer, on the HTML as Moodle parses it. Each gap becomes
one of our blanks (a blank marker in the stem, its accepted answers in the
key). SHORTANSWER gaps map directly. NUMERICAL and MULTICHOICE/MULTIRESPONSE
gaps are read as text blanks accepting their correct answers, with a warning
(gaps with choices are a later step). A question Moodle's own validation
rejects (no gaps, a choice gap with one choice, no 100% alternative, a
number that is not one) is an error at the question's line.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from exporter.model import Blank, ClozeAnswer, Question, QuestionType, blank_marker
from exporter.readers.moodle.context import Context
from exporter.readers.moodle.header import read_header
from exporter.readers.moodle.parse import text

# qtype_multianswer's ANSWER_REGEX, type names grouped by what we do with them
_TYPES = (r"NUMERICAL|NM|MULTICHOICE_VS|MCVS|MULTICHOICE_HS|MCHS|MULTICHOICE_S|MCS|MULTICHOICE_V|"
          r"MCV|MULTICHOICE_H|MCH|MULTICHOICE|MC|SHORTANSWER_C|SAC|MWC|SHORTANSWER|SA|MW|"
          r"MULTIRESPONSE_HS|MRHS|MULTIRESPONSE_H|MRH|MULTIRESPONSE_S|MRS|MULTIRESPONSE|MR")
_ALTERNATIVE = (r"(?:=|%(-?[0-9]+(?:[.,][0-9]*)?)%)?"
                r"(.+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$))"
                r"(?:#(.*?(?<!\\)(?=[~}]|$)))?")
_GAP = re.compile(r"\{([0-9]*):(" + _TYPES + r"):(" + _ALTERNATIVE + r"(?:~" + _ALTERNATIVE
                  + r")*)\}", re.DOTALL)
_ONE = re.compile(r"~?(=|%(-?[0-9]+(?:[.,][0-9]*)?)%)?(.+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$))"
                  r"(#(.*?(?<!\\)(?=[~}]|$)))?", re.DOTALL)
_LOOSE = re.compile(r"\{[0-9]*:[A-Z_]+[^}]*\}")
_NUMBER = re.compile(r"^-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)(:-?(([0-9]+[.,]?"
                     r"[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?))?$")


@dataclass
class Gap:
    kind: str  # "short", "short_c", "numerical", "choice", "multi"
    weight: int
    alternatives: list[tuple[float, str, str]]  # (fraction, answer, feedback)
    source: str
    line: int
    column: int


def _kind(name: str) -> str:
    if name in ("NUMERICAL", "NM"):
        return "numerical"
    if name in ("SHORTANSWER", "SA", "MW"):
        return "short"
    if name in ("SHORTANSWER_C", "SAC", "MWC"):
        return "short_c"
    return "multi" if name.startswith(("MULTIRESPONSE", "MR")) else "choice"


def _unescape(answer: str) -> str:
    return html.unescape(answer).replace("\\}", "}").replace("\\#", "#")


def _alternatives(body: str) -> list[tuple[float, str, str]]:
    found = []
    for match in _ONE.finditer(body):
        if match.group(1) == "=":
            fraction = 1.0
        elif match.group(2):
            fraction = float(match.group(2).replace(",", ".")) / 100
        else:
            fraction = 0.0
        found.append((fraction, _unescape(match.group(3)), match.group(5) or ""))
    return found


def find_gaps(raw: str, line: int) -> tuple[str, list[Gap]]:
    """The text with each gap replaced by a blank marker, and the gaps."""
    gaps: list[Gap] = []

    def replace(match: re.Match) -> str:
        before = raw[:match.start()]
        newline = before.rfind("\n")
        gaps.append(Gap(_kind(match.group(2)), int(match.group(1) or 1),
                        _alternatives(match.group(3)), match.group(0),
                        line + before.count("\n"), match.start() - newline if newline >= 0 else 1))
        return blank_marker(len(gaps) - 1)

    return _GAP.sub(replace, raw), gaps


def _problem(gap: Gap) -> str | None:
    """What Moodle's qtype_multianswer_validate_question() would say about a gap."""
    answers = [a for a in gap.alternatives if a[1].strip()]
    if gap.kind in ("choice", "multi") and len(answers) < 2:
        return f"the gap `{gap.source}` offers fewer than 2 choices"
    if not answers:
        return f"the gap `{gap.source}` has no answer"
    if gap.kind == "numerical":
        for _, answer, _ in answers:
            if answer.strip() != "*" and not _NUMBER.match(answer.strip()):
                return f"the gap `{gap.source}`: `{answer}` is not a number"
    full = any(abs(f - 1) < 1e-6 for f, _, _ in answers) or (
        gap.kind == "multi" and any(f > 0 for f, _, _ in answers))
    if not full:
        return f"the gap `{gap.source}` has no alternative worth 100%"
    return None


def _blank(ctx: Context, gap: Gap, number: int) -> Blank:
    correct = [a for f, a, _ in gap.alternatives if (f > 0 if gap.kind == "multi" else f == 1.0)]
    dropped = []
    if gap.kind == "numerical":
        dropped.append("read as a text blank accepting the numbers as written (tolerances "
                       "dropped)")
    elif gap.kind in ("choice", "multi"):
        others = [a for f, a, _ in gap.alternatives if a not in correct]
        dropped.append("read as a text blank accepting the correct choice; the other choices "
                       f"({', '.join(others)}) are dropped")
    elif gap.kind == "short_c":
        dropped.append("case-sensitive matching dropped")
    partial = [f"`{a}` ({f * 100:g}%)" for f, a, _ in gap.alternatives
               if a not in correct and gap.kind in ("short", "short_c", "numerical")]
    if partial:
        dropped.append("answers below 100% dropped: " + ", ".join(partial))
    if any(feedback for _, _, feedback in gap.alternatives):
        dropped.append("per-answer feedback dropped")
    if any("*" in a for a in correct):
        dropped.append("Moodle's `*` wildcard is kept as a literal `*`")
    if dropped:
        ctx.warn(f"gap {number} `{gap.source[:60]}`: " + "; ".join(dropped), gap.line)
    return Blank(tuple(dict.fromkeys(a.strip() for a in correct)), gap.line, gap.column)


def multianswer(ctx: Context) -> Question | None:
    area = ctx.element.find("questiontext")
    text_element = area.find("text") if area is not None else None
    raw = text(area)
    marked, gaps = find_gaps(raw, text_element.sourceline if text_element is not None else ctx.line)
    if not gaps:
        loose = _LOOSE.search(raw)
        hint = f": `{loose.group(0)}` is not a complete gap" if loose else ""
        ctx.error("a Cloze question needs at least one gap such as `{1:SHORTANSWER:=Paris}`"
                  f"{hint}; Moodle's importer rejects it")
        return None
    problems = [p for p in (_problem(g) for g in gaps) if p]
    if problems:
        ctx.error("; ".join(problems) + "; Moodle's importer rejects this Cloze question")
        return None
    stem = ctx.markdown(marked, area, "question text", ctx.text_format)
    header = read_header(ctx, stem)
    blanks = tuple(_blank(ctx, gap, n) for n, gap in enumerate(gaps, start=1))
    weights = [gap.weight for gap in gaps]
    if len(set(weights)) > 1:
        ctx.warn(f"gap weights {', '.join(map(str, weights))} are not kept: the writers share "
                 f"the question's {sum(weights)} points out again")
    header.points = float(sum(weights))
    return Question(type=QuestionType.CLOZE, stem=header.stem, answer=ClozeAnswer(blanks),
                    line=ctx.line, id=header.id, points=header.points, tags=header.tags,
                    feedback=header.feedback, penalty=header.penalty, parts=header.parts)
