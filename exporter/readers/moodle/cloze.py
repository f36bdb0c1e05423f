"""Moodle's Cloze (multianswer) questions: gaps written inside the question text.

A gap is ``{weight:TYPE:alternatives}`` with alternatives ``%50%answer#feedback``
joined by ``~`` (``=`` is 100%), parsed with the regular expressions of
Moodle's qtype_multianswer, on the HTML as Moodle parses it. Each gap becomes
one of our blanks (a blank marker in the stem, its key in the answer):

- SHORTANSWER gaps: text blanks accepting the 100% answers.
- MULTICHOICE gaps, every variant (``_V``, ``_H``, ``_S``, ``_VS``, ``_HS``):
  choice blanks offering every choice in order, the 100% one correct. A
  choice worth something between 0 and 100% counts as wrong (a warning);
  with several 100% choices the gap is a text blank accepting them typed.
  The radio-button layouts become a drop-down; a shuffling variant makes the
  question shuffle.
- MULTIRESPONSE gaps ("select all that apply" inside the text): a choice
  blank when exactly one choice has a positive grade, else a text blank
  accepting the positive choices typed; a warning either way.
- NUMERICAL gaps: numeric blanks, the first 100% answer with its tolerance;
  further answers are dropped with a warning.

A question Moodle's own validation rejects (no gaps, a choice gap with one
choice, no 100% alternative, a number that is not one) is an error at the
question's line.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from exporter.model import Blank, ClozeAnswer, NumericAnswer, Question, QuestionType, blank_marker
from exporter.numbers import format_percent
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
    name: str  # as written: "MULTICHOICE_VS", "MCS", ...
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
        gaps.append(Gap(_kind(match.group(2)), match.group(2), int(match.group(1) or 1),
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


def _shuffles(gap: Gap) -> bool:
    """MULTICHOICE_S, MCVS, MRHS...: the variants that shuffle their choices end in S."""
    return gap.kind in ("choice", "multi") and gap.name.endswith("S")


def _blank(ctx: Context, gap: Gap, number: int) -> Blank:
    """The blank of one gap, warning at the gap's line of whatever the blank cannot hold."""
    alternatives = [(f, a.strip(), feedback) for f, a, feedback in gap.alternatives if a.strip()]
    dropped: list[str] = []
    if gap.kind == "numerical":
        blank = _numeric_blank(gap, alternatives, dropped)
    elif gap.kind in ("choice", "multi"):
        blank = _choice_blank(gap, alternatives, dropped)
    else:
        correct = [a for f, a, _ in alternatives if f == 1.0]
        if gap.kind == "short_c":
            dropped.append("case-sensitive matching dropped")
        _below_full(alternatives, correct, dropped)
        if any("*" in a for a in correct):
            dropped.append("Moodle's `*` wildcard is kept as a literal `*`")
        blank = Blank(tuple(dict.fromkeys(correct)), gap.line, gap.column)
    if any(feedback for _, _, feedback in gap.alternatives):
        dropped.append("per-answer feedback dropped")
    if dropped:
        ctx.warn(f"gap {number} `{gap.source[:60]}`: " + "; ".join(dropped), gap.line)
    return blank


def _below_full(alternatives: list[tuple[float, str, str]], kept: list[str],
                dropped: list[str]) -> None:
    partial = [f"`{a}` ({format_percent(f)})" for f, a, _ in alternatives if a not in kept]
    if partial:
        dropped.append("answers below 100% dropped: " + ", ".join(partial))


def _numeric_blank(gap: Gap, alternatives: list[tuple[float, str, str]],
                   dropped: list[str]) -> Blank:
    """The first 100% number and its tolerance (`3.14:0.01`, a decimal comma allowed)."""
    full = [a for f, a, _ in alternatives if f == 1.0 and a != "*"]
    if not full:
        dropped.append("its only 100% answer is `*` (anything): read as a text blank accepting `*`")
        return Blank(("*",), gap.line, gap.column)
    value, _, tolerance = full[0].replace(",", ".").partition(":")
    if len(full) > 1:
        dropped.append("a blank holds one number: the other 100% answers dropped: "
                       + ", ".join(f"`{a}`" for a in full[1:]))
    _below_full(alternatives, full, dropped)
    number = NumericAnswer(float(value), abs(float(tolerance)) if tolerance else 0.0)
    return Blank((), gap.line, gap.column, number=number)


def _choice_blank(gap: Gap, alternatives: list[tuple[float, str, str]],
                  dropped: list[str]) -> Blank:
    """A drop-down with the one right choice; several right choices can only be typed."""
    choices = tuple(a for _, a, _ in alternatives)
    if gap.kind == "multi":
        right = [a for f, a, _ in alternatives if f > 0]
        what = ("read as a drop-down with its one right choice" if len(right) == 1 else
                "read as a text blank accepting each right choice typed; the other choices "
                f"({', '.join(a for a in choices if a not in right)}) are dropped")
        dropped.append(f"a {gap.name} gap (select all that apply) is {what}")
    else:
        right = [a for f, a, _ in alternatives if f == 1.0]
        if len(right) > 1:
            dropped.append("several choices are worth 100%: read as a text blank accepting "
                           "each typed; the other choices "
                           f"({', '.join(a for a in choices if a not in right)}) are dropped")
        graded = [f"`{a}` ({format_percent(f)})" for f, a, _ in alternatives if f not in (0.0, 1.0)]
        if len(right) == 1 and graded:
            dropped.append("grades of the other choices dropped (they count as wrong): "
                           + ", ".join(graded))
        if gap.name.rstrip("S").endswith(("_V", "_H", "MCV", "MCH")):
            dropped.append("its radio-button layout becomes a drop-down")
    if len(right) != 1:
        return Blank(tuple(dict.fromkeys(right)), gap.line, gap.column)
    return Blank(tuple(right), gap.line, gap.column, choices=choices)


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
    choice_gaps = [(n, gap) for n, gap in enumerate(gaps, start=1) if blanks[n - 1].choices]
    shuffled = [n for n, gap in choice_gaps if _shuffles(gap)]
    if shuffled and len(shuffled) < len(choice_gaps):
        ctx.warn(f"gaps {', '.join(map(str, shuffled))} shuffle their choices and "
                 f"{', '.join(str(n) for n, _ in choice_gaps if n not in shuffled)} do not: "
                 "read as a question that shuffles every gap's choices")
    weights = [gap.weight for gap in gaps]
    if len(set(weights)) > 1:
        ctx.warn(f"gap weights {', '.join(map(str, weights))} are not kept: the writers share "
                 f"the question's {sum(weights)} points out again")
    header.points = float(sum(weights))
    return Question(type=QuestionType.CLOZE, stem=header.stem, answer=ClozeAnswer(blanks),
                    line=ctx.line, id=header.id, points=header.points, tags=header.tags,
                    feedback=header.feedback, penalty=header.penalty, parts=header.parts,
                    shuffle=True if shuffled else None)
