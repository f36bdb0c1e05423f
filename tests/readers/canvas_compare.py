"""What Instructure's importer reads from a Canvas package, and the same from our model.

Both sides are brought to one shape per question, ``(question_type, points, key)``, by
the item's ident (our question id), so a test compares what a teacher would check: the
type Canvas shows, the points and the right answers. Texts are compared as plain words
(tags, entities and Markdown escapes aside), since the importer reports HTML and we hold
Markdown.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from exporter.model import (ChoiceAnswer, ClozeAnswer, MatchingAnswer, NumericAnswer, Question,
                            Quiz, ShortAnswer, TrueFalseAnswer)
from exporter.writers.canvas.items import question_type
from lms_importers import IMPORTERS, run_importer

_TAG = re.compile(r"<[^>]+>")
_ESCAPE = re.compile(r"\\(.)")


def canvas_import(package: Path) -> dict:
    status, report = run_importer(IMPORTERS / "canvas" / "canvas_import.sh", "--compact",
                                  str(package))
    assert status == 0, report["errors"]
    return report


def words(text: str | None) -> str:
    text = html.unescape(_TAG.sub("", text or ""))
    return " ".join(_ESCAPE.sub(r"\1", text).replace("&#91;", "[").split())


def imported_questions(report: dict) -> list[dict]:
    """Every question the importer read, groups' questions in place."""
    found = []
    for assessment in report["assessments"]:
        for question in assessment["questions"]:
            found += question.get("questions", []) if question["kind"] == "question_group" \
                else [question]
    return found


def imported_key(question: dict) -> object:
    kind, answers = question["question_type"], question.get("answers") or []
    if kind in ("multiple_choice_question", "multiple_answers_question", "short_answer_question"):
        return [words(a["text"]) for a in answers if a.get("correct")]
    if kind == "true_false_question":
        return [words(a["text"]).lower() == "true" for a in answers if a.get("correct")][:1]
    if kind == "numerical_question":
        first = answers[0]
        if first["type"] == "withinARange":
            return ("range", float(first["start"]), float(first["end"]))
        return ("value", float(first["value"]), float(first.get("margin") or 0))
    if kind == "matching_question":
        pairs = [(words(a["left"]), words(a["right"])) for a in answers if a["left"] and a["right"]]
        return pairs, sorted(words(d) for d in question.get("distractors") or [] if d)
    if kind == "fill_in_multiple_blanks_question":
        return [[words(t) for t in blank["accepted"]] for blank in question["blanks"]]
    if kind == "multiple_dropdowns_question":
        return [([words(c["text"]) for c in blank["choices"] if c["correct"]][:1],
                 [words(c["text"]) for c in blank["choices"]]) for blank in question["blanks"]]
    return None


def model_key(question: Question) -> object:
    answer = question.answer
    if isinstance(answer, ChoiceAnswer):
        return [words(o.text) for o in question.options if o.letter in answer.letters]
    if isinstance(answer, ShortAnswer):
        return list(answer.accepted)
    if isinstance(answer, TrueFalseAnswer):
        return [answer.value]
    if isinstance(answer, NumericAnswer):
        if answer.range:
            return ("range", *answer.range)
        return ("value", answer.value, answer.tolerance)
    if isinstance(answer, MatchingAnswer):
        return ([(words(p.left), words(p.right)) for p in answer.pairs],
                sorted(words(d) for d in answer.distractors))
    if isinstance(answer, ClozeAnswer):
        if all(blank.choices for blank in answer.blanks):
            return [([words(b.accepted[0])], [words(c) for c in b.choices])
                    for b in answer.blanks]
        return [[words(t) for t in b.accepted] for b in answer.blanks]
    return None


def imported(report: dict) -> dict[str, tuple]:
    """ident -> (question_type, points, key) of what the importer read."""
    return {q["ident"]: (q["question_type"], q["points_possible"], imported_key(q))
            for q in imported_questions(report)}


def modelled(quizzes: list[Quiz]) -> dict[str, tuple]:
    return {q.id: (question_type(q), q.points, model_key(q))
            for quiz in quizzes for q in quiz.questions}


def in_order(report: dict) -> list[tuple]:
    """(question_type, points, key) of each question, in order: two packages of the same
    questions compare equal whatever idents they carry."""
    return [(q["question_type"], q["points_possible"], imported_key(q))
            for q in imported_questions(report)]
