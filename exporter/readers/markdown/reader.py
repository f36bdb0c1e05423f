"""The Markdown reader's entry point: a quiz source file in, a :class:`~exporter.model.Quiz` out.

It reads files as course staff really write them (FORMAT.md sections 1-2):
mixed option markers, code under options, metadata in any case, and
mistakes. Every problem becomes a diagnostic with its line, and reading goes
on, so one run lists every mistake. Each stage lives in its own module, so
it can be read and changed alone; this one only runs them in order, under
the name the registry of readers (exporter/readers/__init__.py) imports.
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from exporter.diagnostics import ReadResult, Reporter
from exporter.ids import assign_ids
from exporter.model import Quiz
from exporter.readers.markdown.assemble import assemble
from exporter.readers.decode import decode_source
from exporter.readers.markdown.files import attach_files
from exporter.readers.markdown.frontmatter import split_front_matter
from exporter.readers.markdown.scan import scan


def read(path: Path, source: BinaryIO, encoding: str | None = None) -> ReadResult:
    """Read one Markdown quiz file; never raises for any content."""
    report = Reporter(path)
    text = decode_source(source.read(), report, encoding=encoding)
    if text is None:
        return ReadResult(path, [], report.sorted())
    quiz = read_text(text, path, report)
    attach_files(quiz, path.parent)
    return ReadResult(path, [quiz], report.sorted())


def read_text(text: str, path: Path, report: Reporter) -> Quiz:
    """Read decoded source text (LF line ends, no BOM) into a quiz."""
    lines = text.split("\n")
    front = split_front_matter(lines, report)
    quiz = assemble(scan(lines, front.end_line + 1, report), front.values, path, report)
    quiz.id_line = front.lines.get("id", 0)
    assign_ids(quiz, report)
    return quiz
