"""The answer key as CSV: what course staff print, check or paste into a gradebook.

One row per question, the key in words (letters, numbers with tolerance,
accepted strings), so a reviewer can check a package without an LMS. UTF-8
with a BOM so spreadsheet programs show `±` and accents right.
"""
from __future__ import annotations

import csv
import io

from exporter.model import (ChoiceAnswer, ClozeAnswer, EssayAnswer, MatchingAnswer, NumericAnswer,
                            Question, Quiz, ShortAnswer, TrueFalseAnswer)
from exporter.numbers import format_number

HEADER = ["number", "id", "type", "points", "key"]


def key_in_words(question: Question) -> str:
    """The correct answer as a person reads it."""
    answer = question.answer
    if isinstance(answer, ChoiceAnswer):
        return ", ".join(answer.letters)
    if isinstance(answer, TrueFalseAnswer):
        return "True" if answer.value else "False"
    if isinstance(answer, NumericAnswer):
        if answer.range:
            return f"[{format_number(answer.range[0])}, {format_number(answer.range[1])}]"
        if answer.tolerance:
            return f"{format_number(answer.value)} ± {format_number(answer.tolerance)}"
        return format_number(answer.value)
    if isinstance(answer, ShortAnswer):
        return " | ".join(answer.accepted)
    if isinstance(answer, EssayAnswer):
        return "graded by hand" + (f"; model answer: {answer.model_answer}" if answer.model_answer
                                   else "")
    if isinstance(answer, MatchingAnswer):
        return "; ".join(f"{pair.left} -> {pair.right}" for pair in answer.pairs)
    if isinstance(answer, ClozeAnswer):
        return "; ".join(f"[{n}] {' | '.join(blank.accepted)}"
                         for n, blank in enumerate(answer.blanks, start=1))
    raise TypeError(f"no key for {type(answer).__name__}")


def write(quiz: Quiz) -> bytes:
    buffer = io.StringIO()
    table = csv.writer(buffer, lineterminator="\r\n")
    table.writerow(HEADER)
    for number, question in enumerate(quiz.questions, start=1):
        table.writerow([number, question.id, question.type.value, format_number(question.points),
                        key_in_words(question)])
    return buffer.getvalue().encode("utf-8-sig")
