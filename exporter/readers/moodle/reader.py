"""The Moodle XML reader's entry point: an export in, one quiz per category out.

Course staff who move to lms-export have their banks in Moodle; this reads
Moodle's "Moodle XML format" export (the file Question bank > Export makes)
so that any writer can take it from there. It reads what Moodle's own
importer reads (question/format/xml/format.php), one ``<question>`` at a
time (see parse.py), and never raises: a question that cannot be read is an
error at its line and the others are still read. Each stage has its own
module; this one only runs them in order, under the name the registry of
readers (exporter/readers/__init__.py) imports.
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from exporter.diagnostics import ReadResult, Reporter
from exporter.ids import assign_ids
from exporter.model import Question
from exporter.readers.moodle.categories import Quizzes
from exporter.readers.moodle.cloze import multianswer
from exporter.readers.moodle.context import Context
from exporter.readers.moodle.parse import questions
from exporter.readers.moodle.questions import READERS

_READERS = {**READERS, "cloze": multianswer, "multianswer": multianswer}


def read(path: Path, source: BinaryIO, encoding: str | None = None) -> ReadResult:
    """Read one Moodle XML export, streamed; never raises for any content. ``encoding``
    overrides the one the file declares (a file saved in another encoding than it says)."""
    report = Reporter(path)
    quizzes = Quizzes(path, report)
    count = 0
    for element in questions(source, report, encoding):
        kind = (element.get("type") or "").strip()
        if kind == "category":
            quizzes.enter(element)
            continue
        count += 1
        question = read_question(Context(element, report, quizzes.current_files), kind)
        if question is not None:
            quizzes.add(question)
    found = quizzes.all()
    if not count and not report.items:
        report.error(1, "no question found: a Moodle export holds <question> elements in <quiz>")
    for quiz in found:
        assign_ids(quiz, report)
    return ReadResult(path, found, report.sorted())


def read_question(ctx: Context, kind: str) -> Question | None:
    """One question element of type ``kind`` in the model, or None (reported); the GIFT
    reader hands its questions here too, as the elements Moodle's XML would hold."""
    reader = _READERS.get(kind)
    if reader is None:
        ctx.warn(f"Moodle question type `{kind}` is not read yet: left out")
        return None
    try:
        return reader(ctx)
    except RecursionError:
        ctx.error("this question's HTML nests too deeply to read: left out")
    except Exception as exc:  # noqa: BLE001 - one bad question never stops the file
        ctx.error(f"internal error while reading this question ({type(exc).__name__}: {exc}); "
                  "please report it with the file")
    return None
