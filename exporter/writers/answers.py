"""The answer key as CSV: what course staff print, check or paste into a gradebook.

One row per question, the key in words (letters, numbers with tolerance,
accepted strings), so a reviewer can check a package without an LMS. UTF-8
with a BOM so spreadsheet programs show `±` and accents right.
"""
from __future__ import annotations

import csv
import io

from exporter.diagnostics import Reporter
from exporter.keys import key_in_words
from exporter.model import Quiz
from exporter.numbers import format_number
from exporter.writers import file_name

HEADER = ["number", "id", "type", "points", "key"]


def write(quiz: Quiz, report: Reporter) -> dict[str, bytes]:
    buffer = io.StringIO()
    table = csv.writer(buffer, lineterminator="\r\n")
    table.writerow(HEADER)
    for number, question in enumerate(quiz.questions, start=1):
        table.writerow([number, question.id, question.type.value, format_number(question.points),
                        key_in_words(question)])
    return {file_name(quiz, "answers"): buffer.getvalue().encode("utf-8-sig")}
