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
from exporter.ids import slug
from exporter.model import Quiz
from exporter.readers.manifest import read_zip_or_file
from exporter.readers.moodle.files import QuizFiles
from exporter.readers.qti.body import Body
from exporter.readers.qti.content import WHICH, read_item
from exporter.readers.qti.names import normalise
from exporter.readers.safexml import parse


def read(path: Path, source: BinaryIO, encoding: str | None = None) -> ReadResult:
    """Read one QTI item or package; never raises for any content."""
    return read_zip_or_file(path, source, encoding, _item_file, "no question found: a QTI "
                            "package lists items in its imsmanifest.xml")


def _item_file(path: Path, data: bytes, report: Reporter, encoding: str | None) -> list[Quiz]:
    root = parse(data, WHICH, report, encoding)
    if root is None:
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
