"""`Grade (B): 50%`: per-option grades of a choice question (partial credit, penalties).

A question with grade lines is graded exactly as written (``Question.grades``),
so every rule that keeps that meaning whole is checked here, at the grade
line that breaks it: the key of a single-answer question gives 100% and
nothing else does; the correct options of a multiple-answer question give
more than 0% and together 100%; an option outside the key gives no more
than 0% there (a positive grade would make it correct without the key
saying so).
"""
from __future__ import annotations

import re

from exporter.diagnostics import Reporter
from exporter.model import ChoiceAnswer, Location, Question, QuestionType
from exporter.numbers import format_percent as percent, fraction_of

# `50%`, `-25 %`, `33.3333%`, `50` (a percentage, the sign kept)
_PERCENT = re.compile(r"([-−+]?(?:\d+(?:[.,]\d*)?|[.,]\d+))[ \t]*%?\Z")
_FUZZ = 1e-6


def read_grades(grades: dict[str, tuple[Location, str]], question: Question,
                report: Reporter) -> None:
    """Give each option its stated grade, or report why the grade lines cannot stand."""
    if not grades:
        return
    first = min(location.line for location, _ in grades.values())
    if question.type not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        report.error(first, "Grade (X): gives one option of a choice question its grade; this "
                            f"question reads as {question.type.value}")
        return
    for letter, (location, value) in grades.items():
        option = question.option(letter)
        fraction = _fraction(value)
        if option is None:
            report.error(location.line, f"`Grade ({letter}):` names no option of this question",
                         location.column)
        elif fraction is None:
            report.error(location.line, f"Grade ({letter}): must be a percentage from -100% to "
                                        f"100%, such as `50%`, not `{value}`", location.column)
        else:
            option.grade = fraction
    _check_meaning(grades, question, report)


def _fraction(value: str) -> float | None:
    match = _PERCENT.match(value.strip())
    if not match:
        return None
    fraction = fraction_of(float(match.group(1).replace("−", "-").replace(",", ".")))
    return fraction if -1 - _FUZZ <= fraction <= 1 + _FUZZ else None


def _check_meaning(grades: dict[str, tuple[Location, str]], question: Question,
                   report: Reporter) -> None:
    letters = question.answer.letters if isinstance(question.answer, ChoiceAnswer) else ()
    single = question.type is QuestionType.SINGLE

    def error(letter: str, message: str) -> None:
        location = grades[letter][0]
        report.error(location.line, message, location.column)

    correct = []
    for option in question.options:
        if option.grade is None:
            continue
        said = f"Grade ({option.letter}): {percent(option.grade)}"
        if option.letter in letters:
            correct.append(option)
            if single and abs(option.grade - 1) > _FUZZ:
                error(option.letter, f"{said}: ({option.letter}) is the key of a single-answer "
                                     "question, which gives 100%")
            elif not single and option.grade <= 0:
                error(option.letter, f"{said}: ({option.letter}) is correct, so it must give "
                                     "more than 0%")
        elif single and option.grade >= 1 - _FUZZ:
            error(option.letter, f"{said}: only the key gives 100%; to make ({option.letter}) "
                                 "the key, name it on the Answer: line")
        elif not single and option.grade > 0:
            error(option.letter, f"{said}: ({option.letter}) is not in the answer; a correct "
                                 "option is named on the Answer: line, a wrong one gives 0% or "
                                 "less")
    if single or not correct:
        return
    total = sum(option.grade for option in correct)
    every = len(correct) == len(letters)
    if total > 1 + _FUZZ or (every and abs(total - 1) > _FUZZ):
        error(correct[-1].letter, f"the correct options' grades add up to {percent(total)}, "
                                  "not 100%")
    elif not every and total > 1 - _FUZZ:
        ungraded = ", ".join(f"({letter})" for letter in letters
                             if question.option(letter) and question.option(letter).grade is None)
        error(correct[-1].letter, f"the correct options' grades add up to 100%, which leaves "
                                  f"nothing for {ungraded}")
