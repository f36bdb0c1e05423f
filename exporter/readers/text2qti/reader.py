"""The text2qti reader's entry point: a text2qti quiz file in, one quiz out.

text2qti (gpoore/text2qti) users write quizzes in its Markdown-based text
syntax; reading their files as they are lets them move over without
retyping. The file is split into text2qti's elements (lines.py) and read
into our model (questions.py); every text is checked as a Markdown quiz's
is (math, images, unsafe HTML) and its images are attached. Nothing in the
file is ever executed. Never raises: each problem is a diagnostic at its line.
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from exporter.diagnostics import ReadResult, Reporter
from exporter.ids import assign_ids
from exporter.readers.decode import decode_source
from exporter.readers.markdown.checks import check_text
from exporter.readers.markdown import syntax
from exporter.readers.markdown.files import attach_files
from exporter.readers.text2qti.lines import Element, elements
from exporter.readers.text2qti.questions import Builder

# elements whose text is Markdown the packages render
_MARKDOWN = {"question", "correct_choice", "choice", "correct_option", "option", "feedback",
             "correct_feedback", "incorrect_feedback", "solution", "quiz_description"}


def read(path: Path, source: BinaryIO, encoding: str | None = None) -> ReadResult:
    """Read one text2qti file; never raises for any content."""
    report = Reporter(path)
    text = decode_source(source.read(), report, "text2qti quiz", "at least one numbered question",
                         encoding)
    if text is None:
        return ReadResult(path, [], report.sorted())
    quiz = Builder(path, report).read(_checked(elements(text.split("\n"), report), path, report))
    assign_ids(quiz, report)
    attach_files(quiz, path.parent)
    return ReadResult(path, [quiz], report.sorted())


def _checked(found: Iterable[Element], path: Path, report: Reporter) -> Iterator[Element]:
    """The elements, each Markdown text checked at its place on the way through."""
    for element in found:
        if element.kind in _MARKDOWN:
            check_text(element.text, element.line, element.column, path.parent, report)
            _check_fences(element, report)
        yield element


def _check_fences(element: Element, report: Reporter) -> None:
    """A code block must close inside its element: text2qti ends the element at the first
    line indented less, so a closing fence indented less belongs to no text at all."""
    opened = syntax.unclosed_fence(element.text)
    if opened:
        report.error(element.line + opened - 1, "this code block is never closed inside its "
                     "question, choice or feedback: indent its closing fence as far as the "
                     "code's text")
