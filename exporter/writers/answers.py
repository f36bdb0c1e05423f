"""The answer key as CSV: what course staff print, check or paste into a gradebook.

One row per question. The first five columns are the key as data (number,
id, type, points, key), in the order gradebook scripts already read them;
the last three say it in words for a reviewer with no LMS at hand: the
quiz's title, the question's stem as plain text (its first block, cut as
item lists cut it) and the key's own texts (the correct options' words, the
accepted answers, an essay's model answer, a cloze stem with its blanks
filled in). UTF-8 with a BOM so spreadsheet programs show `±` and
accents right; a text cell that a spreadsheet would run as a formula
(`=`, `+`, `-`, `@` first) starts with `'`. A quiz with pools has a ninth
column, `pool`: the id of the pool each question is drawn from (empty for
the others), last so that no script reading the first eight by position
reads anything else; a quiz without pools keeps its eight.
"""
from __future__ import annotations

import csv
import io

from exporter.diagnostics import Reporter
from exporter.keys import blank_in_words, key_in_words
from exporter.model import (ChoiceAnswer, ClozeAnswer, EssayAnswer, MatchingAnswer, Question,
                            Quiz, TrueFalseAnswer, split_blanks)
from exporter.numbers import format_number
from exporter.render.renderer import Renderer
from exporter.writers import file_name

HEADER = ["number", "id", "type", "points", "key", "quiz", "question", "answer"]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write(quiz: Quiz, report: Reporter) -> dict[str, bytes]:
    renderer = Renderer(quiz, "answers")
    buffer = io.StringIO()
    table = csv.writer(buffer, lineterminator="\r\n")
    pools = bool(quiz.pools())
    table.writerow(HEADER + ["pool"] * pools)
    for number, question in enumerate(quiz.questions, start=1):
        words = [quiz.title, renderer.stem_text(question), _answer_text(question, renderer)]
        pool = [question.pool.id if question.pool else ""] * pools
        table.writerow([number, question.id, question.type.value, format_number(question.points),
                        key_in_words(question), *map(_inert, words), *pool])
    return {file_name(quiz, "answers"): buffer.getvalue().encode("utf-8-sig")}


def _answer_text(question: Question, renderer: Renderer) -> str:
    """The key in the question's own words, as plain text."""
    answer = question.answer
    if isinstance(answer, ChoiceAnswer):
        return "; ".join(f"{letter}) {renderer.plain(option.text)}" for letter in answer.letters
                         if (option := question.option(letter)) is not None)
    if isinstance(answer, TrueFalseAnswer):
        return "True" if answer.value else "False"
    if isinstance(answer, EssayAnswer):
        return renderer.plain(answer.model_answer)
    if isinstance(answer, MatchingAnswer):
        return "; ".join(f"{renderer.plain(pair.left)} -> {pair.right}" for pair in answer.pairs)
    if isinstance(answer, ClozeAnswer):  # the stem with its blanks filled in
        return renderer.plain("".join(
            part if isinstance(part, str) else f"[{_blank_words(answer, part)}]"
            for part in split_blanks(question.stem)))
    return key_in_words(question)  # numbers and accepted strings are their own words


def _blank_words(answer: ClozeAnswer, index: int) -> str:
    return blank_in_words(answer.blanks[index]) if index < len(answer.blanks) else "___"


def _inert(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs: a formula's first character escaped."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
