"""The key in words, and the scoring facts every target shares.

Writers and the preview need the same few decisions about a key: how a
person reads it, in which order a matching question offers its right sides,
how points are shared out among the parts of a question. They are made
here once, so two targets can never disagree on them.
"""
from __future__ import annotations

from exporter.model import (Blank, ChoiceAnswer, ClozeAnswer, EssayAnswer, MatchingAnswer, NumericAnswer,
                            Question, ShortAnswer, TrueFalseAnswer)
from exporter.numbers import format_number, format_percent


def key_in_words(question: Question) -> str:
    """The correct answer as a person reads it."""
    answer = question.answer
    if isinstance(answer, ChoiceAnswer):
        key = ", ".join(answer.letters)
        if question.graded:
            key += "; grades: " + ", ".join(f"{letter} {format_percent(grade)}"
                                            for letter, grade in question.grades().items() if grade)
        return key
    if isinstance(answer, TrueFalseAnswer):
        return "True" if answer.value else "False"
    if isinstance(answer, NumericAnswer):
        return number_in_words(answer)
    if isinstance(answer, ShortAnswer):
        return " | ".join(answer.accepted)
    if isinstance(answer, EssayAnswer):
        return "graded by hand"  # the model answer is no key; answers.csv gives it in words
    if isinstance(answer, MatchingAnswer):
        return "; ".join([f"{pair.left} -> {pair.right}" for pair in answer.pairs] +
                         [f"(matches nothing) -> {right}" for right in answer.distractors])
    if isinstance(answer, ClozeAnswer):
        return "; ".join(f"[{n}] {blank_in_words(blank)}"
                         for n, blank in enumerate(answer.blanks, start=1))
    raise TypeError(f"no key for {type(answer).__name__}")


def number_in_words(answer: NumericAnswer) -> str:
    """`3.14 ± 0.01`, `42`, `[1.42, 1.73]`: a number as the source writes it."""
    if answer.range:
        return f"[{format_number(answer.range[0])}, {format_number(answer.range[1])}]"
    if answer.tolerance:
        return f"{format_number(answer.value)} ± {format_number(abs(answer.tolerance))}"
    return format_number(answer.value)


def blank_in_words(blank: Blank) -> str:
    """One blank's key: `a | b` typed, `Paris (of Paris / London / Rome)` chosen, or a number."""
    if blank.number is not None:
        return number_in_words(blank.number)
    if blank.choices:
        return f"{' | '.join(blank.accepted)} (of {' / '.join(blank.choices)})"
    return " | ".join(blank.accepted)


def right_sides(answer: MatchingAnswer) -> list[str]:
    """The distinct right sides in the order every target offers them: sorted, so
    that their order gives nothing away."""
    rights = {pair.right for pair in answer.pairs} | set(answer.distractors)
    return sorted(rights, key=lambda text: (text.casefold(), text))


def equal_shares(total: float, parts: int, places: int | None = None) -> list[float]:
    """``total`` shared equally among ``parts`` (matching pairs, cloze blanks).

    With ``places``, each share is rounded to that many decimals and the last
    takes the rounding, so the shares still add up to exactly ``total``.
    """
    if parts < 1:
        return []
    if places is None:
        return [total / parts] * parts
    share = round(total / parts, places)
    return [share] * (parts - 1) + [total - share * (parts - 1)]
