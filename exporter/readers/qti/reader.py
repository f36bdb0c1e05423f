"""The QTI reader's entry point: a QTI 2.1 / 3.0 item, or a content package (zip).

QTI packages come from every platform that is not Moodle or Canvas (TAO,
Inspera, Respondus, our own writers). A zip goes through the safe package
opening and its manifest (:mod:`exporter.readers.manifest`), which sends it
to :mod:`exporter.readers.qti.content`; a bare item is one quiz of one
question, named after the file. Never raises for any content.
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from exporter.diagnostics import ReadResult, Reporter
from exporter.ids import assign_ids, slug
from exporter.model import Quiz
from exporter.readers.manifest import read_zip
from exporter.readers.moodle.files import QuizFiles
from exporter.readers.prolog import ZIP_MAGIC
from exporter.readers.qti.body import Body
from exporter.readers.qti.content import WHICH, read_item
from exporter.readers.qti.names import normalise
from exporter.readers.safexml import Refused, parse


def read(path: Path, source: BinaryIO, encoding: str | None = None) -> ReadResult:
    """Read one QTI item or package; never raises for any content."""
    report = Reporter(path)
    if source.read(len(ZIP_MAGIC)) == ZIP_MAGIC:
        source.seek(0)
        quizzes = read_zip(path, source, report, encoding)
    else:
        source.seek(0)
        quizzes = _item_file(path, source.read(), report, encoding)
    if not quizzes and not report.items:
        report.error(1, "no question found: a QTI package lists items in its imsmanifest.xml")
    for quiz in quizzes:
        assign_ids(quiz, report)
    return ReadResult(path, quizzes, report.sorted())


def _item_file(path: Path, data: bytes, report: Reporter, encoding: str | None) -> list[Quiz]:
    root = parse(data, WHICH, encoding)
    if isinstance(root, Refused):
        report.error(root.line, root.message, root.column)
        return []
    root = normalise(root)
    if root.tag == "assessmentTest":
        report.error(root.sourceline or 1, "a QTI test on its own names item files it does not "
                                           "hold: read the content package (the zip) instead")
        return []
    name = path.name.split(".")[0]
    quiz = Quiz(title=root.get("title", "") or name, id=slug(name), path=path)
    question = read_item(root, Body(None, path.name, QuizFiles(quiz.assets)), report)
    if question is not None:
        quiz.questions.append(question)
    return [quiz] if question is not None else []
