"""Reading the written Markdown back: the writer's own proof that nothing changed.

Escaping covers what the grammar can misread line by line; some things only
a whole reading shows (a list in a short answer's stem that names the
answer, a heading in an option). So the writer reads its file once with the
Markdown reader and compares the two models field by field; a difference is
a warning at the question's line. Texts are compared as they render:
Markdown's escapes (`\\.`, `&#91;`) and white space at line ends aside.
The tests compare with the same function.
"""
from __future__ import annotations

import dataclasses
import html
import re
import textwrap
from typing import Any, Callable, Iterator

from exporter.diagnostics import Reporter
from exporter.model import (EssayAnswer, MatchingAnswer, MatchPair, Question, Quiz, Section,
                            ShortAnswer, TrueFalseAnswer)
from exporter.readers.markdown.reader import read_text

# `\.`: a backslash escape of ASCII punctuation, which renders as the mark alone.
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def copy_quiz(quiz: Quiz, change: Callable[[str], str]) -> Quiz:
    """A copy of ``quiz`` with ``change`` applied to every Markdown text."""
    questions = []
    for question in quiz.questions:
        answer = question.answer
        if isinstance(answer, EssayAnswer):
            answer = EssayAnswer(change(answer.model_answer))
        elif isinstance(answer, TrueFalseAnswer):
            answer = TrueFalseAnswer(answer.value, change(answer.true_feedback),
                                     change(answer.false_feedback))
        elif isinstance(answer, MatchingAnswer):
            answer = MatchingAnswer(tuple(MatchPair(change(p.left), p.right, p.line)
                                          for p in answer.pairs), answer.distractors)
        options = [dataclasses.replace(o, text=change(o.text), feedback=change(o.feedback))
                   for o in question.options]
        questions.append(dataclasses.replace(question, stem=change(question.stem), answer=answer,
                                             options=options, feedback=change(question.feedback),
                                             tags=list(question.tags), parts=dict(question.parts)))
    return dataclasses.replace(quiz, description=change(quiz.description), questions=questions,
                               assets=dict(quiz.assets))


def same_text(text: str) -> str:
    """A text as it renders: escapes and character references resolved, the reader's
    trimming applied (the first line stripped, the others dedented, trailing spaces gone)."""
    if "\\" not in text and "&" not in text and "\n" not in text:
        return text.strip()  # nothing to resolve on one line: most options, every empty text
    text = html.unescape(_BACKSLASH_ESCAPE.sub(r"\1", text))
    lines = [line.rstrip() for line in text.split("\n")]
    return (lines[0].strip() + "\n" + textwrap.dedent("\n".join(lines[1:]))).strip()


def _answer(question: Question) -> Any:
    answer = question.answer
    if isinstance(answer, EssayAnswer):
        return same_text(answer.model_answer)
    if isinstance(answer, MatchingAnswer):
        return [(same_text(p.left), p.right.strip()) for p in answer.pairs]
    if isinstance(answer, ShortAnswer):
        return answer.accepted, answer.case_sensitive
    if isinstance(answer, TrueFalseAnswer):
        return answer.value, same_text(answer.true_feedback), same_text(answer.false_feedback)
    return answer.as_data()


def question_fields(question: Question) -> dict[str, Any]:
    """What a round trip must keep of a question, texts as they render."""
    return {
        "type": question.type, "stem": same_text(question.stem), "answer": _answer(question),
        "options": [(o.letter, same_text(o.text), same_text(o.feedback), o.grade)
                    for o in question.options],
        "points": question.points, "id": question.id, "tags": question.tags,
        "feedback": same_text(question.feedback), "penalty": question.penalty,
        "shuffle": question.shuffle, "language": question.language,
        "section": question.section.title if question.section else None,
        "pool": _pool(question.pool),
    }


def _pool(pool: Section | None) -> tuple | None:
    """What a round trip must keep of a question's pool (not its line, which moves)."""
    return pool and (pool.id, pool.title, pool.pick, pool.points, pool.shuffle)


def quiz_fields(quiz: Quiz) -> dict[str, Any]:
    """What a round trip must keep of a quiz besides its questions."""
    return {"title": quiz.title, "id": quiz.id, "category": quiz.category,
            "language": quiz.language, "points": quiz.points, "shuffle": quiz.shuffle,
            "description": same_text(quiz.description)}


def differences(written: Quiz, back: Quiz) -> Iterator[tuple[int, str]]:
    """(line of the written quiz's question, what differs) for each difference."""
    came_back = quiz_fields(back)
    for key, value in quiz_fields(written).items():
        if came_back[key] != value:
            yield 1, f"the quiz's {key} reads back as {came_back[key]!r}, not {value!r}"
    if len(written.questions) != len(back.questions):
        yield 1, (f"{len(back.questions)} questions read back, not {len(written.questions)}")
        return
    for number, (one, other) in enumerate(zip(written.questions, back.questions), start=1):
        mine, theirs = question_fields(one), question_fields(other)
        for key, value in mine.items():
            if theirs[key] != value:
                yield one.line, f"question {number}'s {key} reads back as {theirs[key]!r:.80}"


def read_back(text: str, original: Quiz, written: Quiz, report: Reporter) -> None:
    """Warn where ``text`` does not read back as ``written`` (the quiz with renamed files)."""
    heard = Reporter(original.path)
    back = read_text(text, original.path, heard)
    for diagnostic in heard.sorted():
        # images are checked on the disk, where the written files are not yet
        if diagnostic.is_error and not diagnostic.message.startswith("image "):
            report.warning(1, f"markdown: the written file reads back with an error at its line "
                              f"{diagnostic.line}: {diagnostic.message}")
    for line, message in differences(written, back):
        report.warning(line, f"markdown: {message}")
