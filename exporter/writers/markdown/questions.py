"""One question as our Markdown: stem, options, the answer in the syntax that reads back
as the same answer, then its metadata lines.

The answer line decides a question's type in our format, so each type has
its own part here (dispatched through :func:`exporter.writers.part_for`), and
`Type:` is written only where the answer alone would be read as another type
(`Type: multiple` for one correct option, `Type: short` for an answer that
looks like a number, a letter or true/false).
"""
from __future__ import annotations

import math
from typing import Callable

from exporter.diagnostics import Reporter
from exporter.model import (Blank, ChoiceAnswer, ClozeAnswer, EssayAnswer, MatchingAnswer, NumericAnswer,
                            Question, QuestionType, Quiz, ShortAnswer, TrueFalseAnswer, split_blanks)
from exporter.keys import number_in_words
from exporter.numbers import format_number, format_percent
from exporter.readers.markdown import answerline, lists, syntax
from exporter.writers import Unrepresentable, part_for
from exporter.writers.markdown import escape

Lines = list[str]


class Writing:
    """The question being written, and where its problems are reported."""

    def __init__(self, quiz: Quiz, question: Question, report: Reporter) -> None:
        self.quiz = quiz
        self.question = question
        self.report = report

    def text(self, text: str, prefix: str, what: str, wrong: escape.Wrong = escape.misread,
             first_wrong: Callable[[str], bool] = lambda line: False) -> Lines:
        if opened := syntax.unclosed_fence(text):
            raise Unrepresentable(self.question.line, f"the code fence at line {opened} of its "
                                                      f"{what} is never closed")
        lines, failed = escape.text_lines(escape.escape_math(text), prefix, wrong, first_wrong)
        for line in failed:
            self.report.warning(self.question.line, f"markdown: the line `{line.strip()[:40]}` of "
                                                    f"the {what} is read back as structure, not text")
        return lines

    def fail(self, message: str) -> Unrepresentable:
        return Unrepresentable(self.question.line, message)


def question_lines(writing: Writing, number: int) -> Lines:
    """The lines of one question, numbered ``number``; Unrepresentable where the reader
    could not give it back."""
    question = writing.question
    if not question.stem.strip():
        raise writing.fail("a question needs a stem in Markdown")
    lines = part_for(_PARTS, question)(writing, number)
    return lines + _metadata(writing) + _feedback(writing)


def _stem(writing: Writing, number: int, stem: str | None = None) -> Lines:
    question = writing.question
    text = escape.escape_blanks(question.stem) if stem is None else stem
    wrong = escape.misread if question.options else escape.misread_in_stem
    return writing.text(text, f"{number}. ", "stem", wrong)


def _choice(writing: Writing, number: int) -> Lines:
    question = writing.question
    answer = question.answer
    assert isinstance(answer, ChoiceAnswer)
    letters = [option.letter for option in question.options]
    if letters != [chr(ord("A") + n) for n in range(len(letters))] or not 1 < len(letters) <= 26:
        raise writing.fail(f"options {', '.join(letters) or '(none)'}: Markdown letters run A, B, C...")
    if not answer.letters or not set(answer.letters) <= set(letters):
        raise writing.fail("a choice question needs its key among its options")
    lines = _stem(writing, number) + [""]
    for option in question.options:
        lines += writing.text(option.text, f"({option.letter}) ", f"option {option.letter}",
                              first_wrong=lambda line: bool(lists.mark(line.strip()).mark))
    lines += ["", "Answer: " + ", ".join(sorted(answer.letters, key=letters.index))]
    if question.type is QuestionType.MULTIPLE and len(answer.letters) == 1:
        lines.append("Type: multiple")
    return lines


def _truefalse(writing: Writing, number: int) -> Lines:
    answer = writing.question.answer
    assert isinstance(answer, TrueFalseAnswer)
    return _stem(writing, number) + ["", "Answer: " + ("True" if answer.value else "False")]


def _numerical(writing: Writing, number: int) -> Lines:
    answer = writing.question.answer
    assert isinstance(answer, NumericAnswer)
    numbers = [answer.value, answer.tolerance, *(answer.range or ())]
    if not all(math.isfinite(n) for n in numbers):
        raise writing.fail("a numerical answer must be a finite number")
    return _stem(writing, number) + ["", "Answer: " + number_in_words(answer)]


def _short(writing: Writing, number: int) -> Lines:
    answer = writing.question.answer
    assert isinstance(answer, ShortAnswer)
    if not answer.accepted or any(not alt.strip() or alt != alt.strip() or "\n" in alt
                                  for alt in answer.accepted):
        raise writing.fail("a short answer's accepted strings must be one line each, with no "
                           "space at their ends")
    value = " | ".join(alt.replace("|", "\\|") for alt in answer.accepted)
    if syntax.BOLD.fullmatch(value) or value.endswith(("**", "__")) or \
            len(value) > 2 and value[0] == value[-1] == "`" and "`" not in value[1:-1]:
        raise writing.fail(f"the short answer `{value}` would be read without its marks")
    lines = _stem(writing, number) + ["", "Answer: " + value]
    parsed = answerline.parse_open(value)
    if parsed.answer != ShortAnswer(answer.accepted) or parsed.warning or answerline.letters_in(value):
        lines.append("Type: short")
    return lines


def _essay(writing: Writing, number: int) -> Lines:
    answer = writing.question.answer
    assert isinstance(answer, EssayAnswer)
    lines = _stem(writing, number) + ["", "Type: essay"]
    if answer.model_answer.strip():
        lines += writing.text(answer.model_answer, "Answer: ", "model answer")
    return lines


def _matching(writing: Writing, number: int) -> Lines:
    answer = writing.question.answer
    assert isinstance(answer, MatchingAnswer)
    if not answer.pairs:
        raise writing.fail("a matching question needs pairs")
    lines = _stem(writing, number) + ["", "Type: matching"]
    for pair in answer.pairs:
        left, right = escape.escape_math(pair.left.strip()), pair.right.strip()
        if "\n" in left or "\n" in right or not left or not right:
            raise writing.fail("a matching pair's sides must be one line each, neither empty")
        line = f"- {left} -> {right}"

        def wrong(candidate: str, right: str = right) -> bool:
            found = syntax.PAIR.match(candidate)
            return escape.reading(candidate) != "pair" or found.group(2) != right or \
                not found.group(1).endswith(found.group(1).strip())
        escaped = escape.escape_line(line, wrong, 2, 2 + len(left))
        if escaped is None:
            raise writing.fail(f"the pair `{line[:40]}` cannot be written so that it reads back")
        lines.append(escaped)
    for right in answer.distractors:
        found = syntax.DISTRACTOR.match(f"- -> {right.strip()}")
        if "\n" in right or not found or found.group(1) != right.strip():
            raise writing.fail(f"the distractor `{right[:40]}` cannot be written so that it reads "
                               "back")
        lines.append(f"- -> {right.strip()}")
    return lines


def _cloze(writing: Writing, number: int) -> Lines:
    answer = writing.question.answer
    assert isinstance(answer, ClozeAnswer)
    pieces = []
    for piece in split_blanks(writing.question.stem):
        if isinstance(piece, str):
            pieces.append(escape.escape_blanks(piece))
            continue
        if piece >= len(answer.blanks):
            raise writing.fail(f"blank {piece + 1} of the stem has no answers")
        pieces.append(f"[[{_blank(writing, piece + 1, answer.blanks[piece])}]]")
    return _stem(writing, number, "".join(pieces))


def _blank(writing: Writing, number: int, blank: Blank) -> str:
    """What goes between `[[` and `]]`: `= 3.14 ± 0.01`, `Paris | ~London`, or `a | b`."""
    if blank.number is not None:
        values = (blank.number.value, blank.number.tolerance)
        if blank.number.range or not all(math.isfinite(n) for n in values):
            raise writing.fail(f"blank {number}'s number must be one finite number ± a tolerance "
                               "(our blanks take no ranges)")
        return "= " + number_in_words(blank.number)
    texts = blank.choices or blank.accepted
    if not texts or any(not text.strip() or text != text.strip() or "\n" in text
                        for text in texts):
        raise writing.fail(f"blank {number}'s answers must be one line each, with no space at "
                           "their ends")
    if blank.choices and (len(blank.accepted) != 1 or blank.accepted[0] not in blank.choices):
        raise writing.fail(f"blank {number}'s correct answer must be one of its choices")
    correct = blank.choices.index(blank.accepted[0]) if blank.choices else -1
    content = " | ".join(("~" if blank.choices and index != correct else "")
                         + escape.escape_alternative(text) for index, text in enumerate(texts))
    if "]]" in content or content.endswith("]"):
        raise writing.fail(f"blank {number}'s answers cannot hold `]]` or end in `]`")
    return content


_PARTS: dict[QuestionType, Callable[[Writing, int], Lines]] = {
    QuestionType.SINGLE: _choice, QuestionType.MULTIPLE: _choice,
    QuestionType.TRUEFALSE: _truefalse, QuestionType.NUMERICAL: _numerical,
    QuestionType.SHORT: _short, QuestionType.ESSAY: _essay,
    QuestionType.MATCHING: _matching, QuestionType.CLOZE: _cloze,
}


def _metadata(writing: Writing) -> Lines:
    quiz, question = writing.quiz, writing.question
    lines = []
    if not question.points > 0 or not math.isfinite(question.points):
        raise writing.fail(f"points {format_number(question.points)}: our Markdown takes a "
                           "positive number")
    if question.points != quiz.points:
        lines.append(f"Points: {format_number(question.points)}")
    if question.id:
        if syntax.QUESTION_ID.match(question.id):
            lines.append(f"ID: {question.id}")
        else:
            writing.report.warning(question.line, f"markdown: the id `{question.id}` is not "
                                   "letters, digits, `-`, `_`, `.` or `:`; written without it")
    if question.tags:
        if any("," in tag or "\n" in tag for tag in question.tags):
            raise writing.fail("a tag holds a comma, which separates tags in our Markdown")
        lines.append("Tags: " + ", ".join(tag.strip() for tag in question.tags))
    if question.shuffle is not None:
        lines.append(f"Shuffle: {'true' if question.shuffle else 'false'}")
    if question.language:
        lines.append(f"Language: {question.language}")
    if isinstance(question.answer, ShortAnswer) and question.answer.case_sensitive:
        lines.append("Case sensitive: yes")
    if question.penalty is not None:
        if not 0 <= question.penalty <= 1:
            raise writing.fail("a penalty must be from 0 to 1")
        lines.append(f"Penalty: {format_number(question.penalty)}")
    lines += [f"Grade ({option.letter}): {format_percent(option.grade)}"
              for option in question.options if option.grade is not None]
    return lines


def _feedback(writing: Writing) -> Lines:
    question = writing.question
    lines = []
    if question.feedback.strip():
        lines += writing.text(question.feedback, "Feedback: ", "feedback")
    for choice, text in question.choice_feedback():
        label = choice[0].upper()  # `Feedback (B):`, `Feedback (T):` for true
        lines += writing.text(text, f"Feedback ({label}): ", f"feedback of {choice}")
    return lines
