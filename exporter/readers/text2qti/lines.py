"""text2qti's outer grammar: a file as a list of elements, each a marker and its text.

A text2qti file is a plain-text wrapper around Markdown (its README, "File
format"). At column 0 a marker starts an element: `1.` a question, `*a)` /
`a)` a choice, `[*]` / `[ ]` a choice of a multiple-answers question, `*` an
accepted short answer, `=` a number, `...` / `+` / `-` feedback, `!` a
solution, `____` an essay, `^^^^` a file upload, `Points:` and the other
settings. A marker needs a space or tab before its text; `____`, `^^^^`,
`GROUP` and `END_GROUP` stand alone. The text of a question, choice,
feedback or solution runs on over the following lines indented at least as
far as the text after its marker (tabs count 4 columns), blank lines
included, and is Markdown with that indentation taken off. A title (`Quiz
title:`) runs on over lines indented by two or more, up to a blank line; the
quiz description and `Text:` the same, blank lines included. `Points:`,
`=`, `*` and the settings are one line each. Lines that start with `%`, and
COMMENT ... END_COMMENT, are comments.

A code fence at column 0 belongs to no element: text2qti runs such a block
(```` ```{.python .run} ````) and reads its output as more quiz. This module
never runs anything: an executable block is an error at its line, and its
lines are skipped. Meanings (which element may follow which) are
questions.py's business; this module only splits, reporting each line that
no marker starts and no element continues.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Iterator

from exporter.diagnostics import Reporter


class Shape(Enum):
    """How far an element's text runs."""

    BLOCK = "block"  # paragraphs, indented as far as the text after the marker
    TITLE = "title"  # one paragraph, indented by the first continuation line's indent
    PARAGRAPHS = "paragraphs"  # paragraphs, indented by the first continuation line's indent
    LINE = "line"  # the rest of the marker's line
    ALONE = "alone"  # the marker alone on its line


# (kind, pattern, shape) in text2qti's order of trying: `*a)` is a choice before `*` is an
# answer, `Text title:` a title before `Text:` is text.
MARKERS: tuple[tuple[str, str, Shape], ...] = (
    ("question", r"\d+\.", Shape.BLOCK),
    ("correct_choice", r"\*[a-zA-Z]\)", Shape.BLOCK),
    ("choice", r"[a-zA-Z]\)", Shape.BLOCK),
    ("correct_option", r"\[\*\]", Shape.BLOCK),
    ("option", r"\[ ?\]", Shape.BLOCK),
    ("short", r"\*", Shape.LINE),
    ("feedback", r"\.\.\.", Shape.BLOCK),
    ("correct_feedback", r"\+", Shape.BLOCK),
    ("incorrect_feedback", r"-", Shape.BLOCK),
    ("solution", r"!", Shape.BLOCK),
    ("essay", r"___+", Shape.ALONE),
    ("upload", r"\^\^\^+", Shape.ALONE),
    ("numerical", r"=", Shape.LINE),
    ("title", r"[Tt]itle:", Shape.TITLE),
    ("points", r"[Pp]oints:", Shape.LINE),
    ("text_title", r"[Tt]ext [Tt]itle:", Shape.TITLE),
    ("text", r"[Tt]ext:", Shape.PARAGRAPHS),
    ("quiz_title", r"[Qq]uiz [Tt]itle:", Shape.TITLE),
    ("quiz_description", r"[Qq]uiz description:", Shape.PARAGRAPHS),
    ("group", r"GROUP", Shape.ALONE),
    ("end_group", r"END_GROUP", Shape.ALONE),
    ("pick", r"[Pp]ick:", Shape.LINE),
    ("solutions_pick", r"[Ss]olutions pick:", Shape.LINE),
    ("points_per_question", r"[Pp]oints per question:", Shape.LINE),
    ("shuffle_answers", r"[Ss]huffle answers:", Shape.LINE),
    ("show_correct_answers", r"[Ss]how correct answers:", Shape.LINE),
    ("one_question_at_a_time", r"[Oo]ne question at a time:", Shape.LINE),
    ("cant_go_back", r"[Cc]an't go back:", Shape.LINE),
    ("feedback_is_solution", r"[Ff]eedback is solution:", Shape.LINE),
    ("solutions_sample_groups", r"[Ss]olutions sample groups:", Shape.LINE),
    ("solutions_randomize_groups", r"[Ss]olutions randomize groups:", Shape.LINE),
)
SHAPES = {kind: shape for kind, _, shape in MARKERS}
_WITH_TEXT = [(kind, pattern) for kind, pattern, shape in MARKERS if shape is not Shape.ALONE]
START = re.compile("|".join(
    rf"(?P<{kind}>{pattern}[ \t]*\Z)" if shape is Shape.ALONE else rf"(?P<{kind}>{pattern}[ \t]+(?=\S))"
    for kind, pattern, shape in MARKERS))
_NO_SPACE = re.compile("|".join(rf"(?P<{kind}>{pattern})(?=\S)" for kind, pattern in _WITH_TEXT))
_NO_TEXT = re.compile("|".join(rf"(?P<{kind}>{pattern})[ \t]*\Z" for kind, pattern in _WITH_TEXT))
_FENCE = re.compile(r"(`{3,})[ \t]*(.*?)[ \t]*\Z")
# `{.python .run}`, `{.bash .run executable=...}`: the attributes of a block text2qti executes
_RUN = re.compile(r"\{[^}]*(?<![\w-])\.run(?![\w-])[^}]*\}")
_SHOWN = 60  # characters of an unread line quoted in its error


@dataclass(frozen=True)
class Element:
    kind: str  # a MARKERS kind
    marker: str  # as written: "1.", "*a)", "Points:"
    text: str  # Markdown (a plain line for LINE shapes, "" for ALONE ones)
    line: int  # of the marker, 1-based
    column: int  # where the text starts on that line, 1-based


def elements(lines: list[str], report: Reporter) -> Iterator[Element]:
    """The elements of a file's lines, in order; every line that is none is reported."""
    index = 0
    while index < len(lines):
        line = lines[index]
        match = START.match(line)
        if match and match.lastgroup:
            kind = match.lastgroup
            shape = SHAPES[kind]
            first = line[match.end():].strip()
            if shape in (Shape.LINE, Shape.ALONE):
                index += 1
                yield Element(kind, match.group(kind).strip(), first, index, match.end() + 1)
                continue
            end, text = _continued(lines, index, match.end(), shape, report)
            yield Element(kind, match.group(kind).strip(), "\n".join([first, *text]),
                          index + 1, match.end() + 1)
            index = end
        elif _FENCE.match(line):
            index = _skip_code(lines, index, report)
        elif line.startswith("%") or not line.strip():
            index += 1
        elif line.startswith("COMMENT") or line.startswith("END_COMMENT"):
            index = _skip_comment(lines, index, report)
        else:
            _unread(line, index + 1, report)
            index += 1


def _continued(lines: list[str], index: int, marker_end: int, shape: Shape,
               report: Reporter) -> tuple[int, list[str]]:
    """The index after an element's last line, and its continuation lines unindented."""
    indent = len(lines[index][:marker_end].expandtabs(4)) if shape is Shape.BLOCK else None
    text: list[str] = []
    index += 1
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            if shape is Shape.TITLE:
                break
            text.append("")
        else:
            expanded = line.expandtabs(4)
            if indent is None:
                if not line.startswith((" ", "\t")):
                    break
                indent = len(expanded) - len(expanded.lstrip(" "))
                if indent < 2:
                    report.error(index + 1, "a wrapped line here must be indented by at least "
                                            "2 spaces or a tab")
            elif not expanded.startswith(" " * indent):
                break
            text.append(expanded[indent:].rstrip())
        index += 1
    while text and not text[-1]:
        text.pop()
    return index, text


def _skip_code(lines: list[str], index: int, report: Reporter) -> int:
    """The index after a code block at column 0, reported: text2qti executes such blocks."""
    opening = _FENCE.match(lines[index])
    assert opening is not None
    fence, info = opening.groups()
    if not info:
        report.error(index + 1, "a closing code fence with no opening one (a code block that "
                                "belongs to a question is indented under it)")
        return index + 1
    if _RUN.search(info):
        report.error(index + 1, f"an executable code block (`{info[:_SHOWN]}`): text2qti "
                                "runs its code and reads the output as more quiz; lms-export "
                                "never executes anything from a quiz file: replace the block "
                                "with the questions it prints")
    else:
        report.error(index + 1, "a code block at column 0 belongs to no question: indent it as "
                                "far as the text of the question, choice or feedback it "
                                "belongs to")
    for end in range(index + 1, len(lines)):
        closing = _FENCE.match(lines[end])
        if closing and not closing.group(2) and len(closing.group(1)) >= len(fence):
            return end + 1
    report.error(index + 1, "this code block is never closed")
    return len(lines)


def _skip_comment(lines: list[str], index: int, report: Reporter) -> int:
    """The index after a COMMENT ... END_COMMENT block; its delimiters stand alone."""
    if lines[index].startswith("END_COMMENT"):
        report.error(index + 1, "END_COMMENT with no COMMENT before it")
        return index + 1
    if lines[index].strip() != "COMMENT":
        report.error(index + 1, "COMMENT must stand alone on its line")
    for end in range(index + 1, len(lines)):
        if lines[end].startswith("END_COMMENT"):
            if lines[end].strip() != "END_COMMENT":
                report.error(end + 1, "END_COMMENT must stand alone on its line")
            return end + 1
    report.error(index + 1, "COMMENT with no END_COMMENT after it: the rest of the file is a "
                            "comment")
    return len(lines)


def _unread(line: str, number: int, report: Reporter) -> None:
    """Say why a line is no element, as precisely as its shape allows."""
    if match := _NO_SPACE.match(line):
        report.error(number, f"`{match.group()}` needs a space or tab before its text")
    elif match := _NO_TEXT.match(line):
        report.error(number, f"`{match.group().strip()}` has no text after it")
    elif line[:1] in (" ", "\t"):
        column = len(line) - len(line.lstrip()) + 1
        report.error(number, "an indented line that continues nothing: a wrapped line is "
                             "indented as far as the text of the line it continues, and a "
                             "blank line ends a title", column)
    else:
        shown = line if len(line) <= _SHOWN else line[:_SHOWN] + "..."
        report.error(number, f"text2qti reads no line like `{shown}`: a line at column 0 starts "
                             "a question (`1.`), a choice (`a)`, `*a)`, `[ ]`, `[*]`), an answer "
                             "(`*`, `=`, `____`), feedback (`...`, `+`, `-`) or a setting "
                             "(`Points:`); indent a line that continues another")
