"""The `Answer:` line's value, read into a typed answer.

FORMAT.md lets the answer decide the question type: letters for choice
questions, `True`/`False`, a number with tolerance or a range, or accepted
strings. This module holds only that decision, so the reader's line loop
stays about structure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from exporter.model import (Answer, ChoiceAnswer, NumericAnswer, QuestionType, ShortAnswer,
                            TrueFalseAnswer)

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_EXACT = re.compile(rf"({_NUMBER})\Z")
_TOLERANCE = re.compile(rf"({_NUMBER})\s*(?:±|\+-|\+/-)\s*({_NUMBER})\Z")
_RANGE = re.compile(rf"\[\s*({_NUMBER})\s*[,;]\s*({_NUMBER})\s*\]\Z")
# One token of a letter list: `(B)`, `B`, `B)`, or a separator (`,` `;` `&` `and`).
_LETTER_TOKEN = re.compile(r"\s*(?:\(\s*([A-Za-z])\s*\)|([A-Za-z])\)?(?![A-Za-z])|(,|;|&|and\b))\s*",
                           re.IGNORECASE)
_TRUTH = {"true": True, "false": False}


@dataclass(frozen=True)
class ParsedAnswer:
    type: QuestionType | None  # None with an error
    answer: Answer | None
    error: str = ""
    column: int = 0  # 0-based offset in the answer value where the error is


def letters_in(value: str) -> list[tuple[str, int]] | None:
    """The option letters an answer names, with their offsets; None if it is not a letter list."""
    found: list[tuple[str, int]] = []
    pos = 0
    while pos < len(value):
        match = _LETTER_TOKEN.match(value, pos)
        if not match or match.end() == pos:
            return None
        group = 1 if match.group(1) else 2 if match.group(2) else 0
        if group:
            found.append((match.group(group), match.start(group)))
        pos = match.end()
    return found or None


def parse_choice(value: str, option_letters: list[str]) -> ParsedAnswer:
    """Letters naming options: one is single answer, several are multiple answer."""
    named = letters_in(value)
    if named is None:
        return ParsedAnswer(None, None, f"answer `{value}` names no option letter "
                                        f"(options are {_span(option_letters)})")
    letters: list[str] = []
    for letter, offset in named:
        upper = letter.upper()
        if upper not in option_letters:
            return ParsedAnswer(None, None, f"answer ({upper}) names no option: "
                                            f"options are {_span(option_letters)}", offset)
        if upper not in letters:
            letters.append(upper)
    letters.sort(key=option_letters.index)
    kind = QuestionType.SINGLE if len(letters) == 1 else QuestionType.MULTIPLE
    return ParsedAnswer(kind, ChoiceAnswer(tuple(letters)))


def parse_open(value: str) -> ParsedAnswer:
    """An answer with no options: true/false, a number, a range, or accepted strings."""
    truth = _TRUTH.get(value.lower())
    if truth is not None:
        return ParsedAnswer(QuestionType.TRUEFALSE, TrueFalseAnswer(truth))
    if match := _EXACT.match(value):
        return ParsedAnswer(QuestionType.NUMERICAL, NumericAnswer(float(match.group(1))))
    if match := _TOLERANCE.match(value):
        tolerance = abs(float(match.group(2)))
        return ParsedAnswer(QuestionType.NUMERICAL, NumericAnswer(float(match.group(1)), tolerance))
    if match := _RANGE.match(value):
        low, high = float(match.group(1)), float(match.group(2))
        if low > high:
            return ParsedAnswer(None, None, f"range [{match.group(1)}, {match.group(2)}] is empty: "
                                            "write the lower bound first")
        return ParsedAnswer(QuestionType.NUMERICAL,
                            NumericAnswer((low + high) / 2, (high - low) / 2, (low, high)))
    accepted = [alt.strip() for alt in value.split("|")]
    if not all(accepted):
        return ParsedAnswer(None, None, f"answer `{value}` has an empty alternative between `|`")
    return ParsedAnswer(QuestionType.SHORT, ShortAnswer(tuple(accepted)))


def _span(letters: list[str]) -> str:
    if not letters:
        return "none"
    return letters[0] if len(letters) == 1 else f"{letters[0]}–{letters[-1]}"
