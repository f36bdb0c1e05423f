"""The GIFT reader's entry point: a GIFT file in, one quiz per `$CATEGORY:` out.

Many banks exist only as GIFT files that course staff wrote by hand for
Moodle. Each block is read as Moodle's GIFT importer reads it
(questions.py) into the question element the Moodle reader already turns
into the model, so a GIFT bank and its Moodle XML export read the same.
Never raises: a block that cannot be read is an error at its line and
column, and the others are still read.
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from exporter.diagnostics import ReadResult, Reporter
from exporter.ids import assign_ids
from exporter.readers.decode import decode_source
from exporter.readers.gift.blocks import blocks
from exporter.readers.gift.questions import Category, read_block
from exporter.readers.moodle.categories import Quizzes
from exporter.readers.moodle.context import Context
from exporter.readers.moodle.reader import read_question


def read(path: Path, source: BinaryIO, encoding: str | None = None) -> ReadResult:
    """Read one GIFT file; never raises for any content."""
    report = Reporter(path)
    text = decode_source(source.read(), report, "GIFT file", "at least one question", encoding)
    if text is None:
        return ReadResult(path, [], report.sorted())
    quizzes = Quizzes(path, report)
    count = 0
    for block in blocks(text):
        found = read_block(block, report)
        if isinstance(found, Category):
            if found.pool is not None:
                quizzes.enter_pool(found.path, *found.pool, found.line)
            else:
                quizzes.enter_path(found.path, found.line)
        elif found is not None:
            count += 1
            question = read_question(Context(found, report, quizzes.current_files),
                                     found.get("type"))
            if question is not None:
                quizzes.add(question)
    if not count and not report.items:
        report.error(1, "no question found: a GIFT question is text with its answers in braces, "
                        "`What is 2+2? {=4}`")
    found_quizzes = quizzes.all()
    for quiz in found_quizzes:
        assign_ids(quiz, report)
    return ReadResult(path, found_quizzes, report.sorted())
