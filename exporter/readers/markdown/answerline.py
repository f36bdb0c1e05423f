"""The `Answer:` line's value, read into a typed answer.

FORMAT.md lets the answer decide the question type: letters for choice
questions, `True`/`False`, a number with tolerance or a range, or accepted
strings. This module holds only that decision, so the reader's line loop
stays about structure.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from exporter.model import (Answer, Blank, ChoiceAnswer, NumericAnswer, QuestionType, ShortAnswer,
                            TrueFalseAnswer)
from exporter.readers.markdown import syntax

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_EXACT = re.compile(rf"({_NUMBER})\Z")
_TOLERANCE = re.compile(rf"({_NUMBER})\s*(?:±|\+-|\+/-)\s*({_NUMBER})\Z")
_RANGE = re.compile(rf"\[\s*({_NUMBER})\s*[,;]\s*({_NUMBER})\s*\]\Z")
# One token of a letter list: `(B)`, `B`, `B)`, or a separator (`,` `;` `&` `and`).
_LETTER_TOKEN = re.compile(r"\s*(?:\(\s*([A-Za-z])\s*\)|([A-Za-z])\)?(?![A-Za-z])|(,|;|&|and\b))\s*",
                           re.IGNORECASE)
_TRUTH = {"true": True, "false": False}
# The Unicode minus and full-width signs, as PDFs and word processors write them.
_SIGNS = str.maketrans({"\u2212": "-", "\uff0d": "-", "\uff0b": "+"})
# `3,14`: a decimal comma between digits.
_DECIMAL_COMMA = re.compile(r"(\d),(\d)")
# `b. 0.68`, `(b) 0.68`, `B) text`: a letter and the option's text.
_LETTER_AND_TEXT = re.compile(r"\(?([A-Za-z])[.)][ \t]+(.+)\Z")
# A blank's alternative that starts `\~` or `\=` (any number of backslashes): text, not a mark.
_ESCAPED_MARK = re.compile(r"\\+[~=]")


@dataclass(frozen=True)
class ParsedAnswer:
    """What an `Answer:` value says: the type and key it implies, or why it says
    neither, with the column to point at."""

    type: QuestionType | None  # None with an error
    answer: Answer | None
    error: str = ""
    column: int = 0  # 0-based offset in the answer value where the error is
    warning: str = ""  # read, but the author should know how


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


def names_text(value: str, texts: list[str]) -> list[int] | None:
    """The one option an answer names by its text (`Answer: numpy array`), compared
    case- and space-insensitively; None when no option, or more than one, has that text."""
    wanted = _plain(value)
    found = [index for index, text in enumerate(texts) if _plain(text) == wanted]
    return found if len(found) == 1 and wanted else None


def parse_choice(value: str, option_letters: list[str], texts: list[str] | None = None
                 ) -> ParsedAnswer:
    """Letters naming options: one is single answer, several are multiple answer.

    With the options' ``texts``, an answer may also name one option by its text, or
    by letter and text (`b. 0.68`), where the text must then agree with the letter.
    """
    named = letters_in(value)
    if named is None and texts is not None:
        return _by_text(value, option_letters, texts)
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


def parse_open(value: str, numerical: bool = False) -> ParsedAnswer:
    """An answer with no options: true/false, a number, a range, or accepted strings.

    Numbers may use the Unicode minus and `±`, `+/-`, `+-`. A decimal comma (`3,14`)
    makes a number only when the question is declared ``numerical``: elsewhere `3,14`
    may as well be a list or a thousands separator, so it stays text, with a warning.
    """
    value = value.translate(_SIGNS)
    if _DECIMAL_COMMA.search(value) and not _RANGE.match(value):
        with_points = _DECIMAL_COMMA.sub(r"\1.\2", value)
        if numerical:
            value = with_points
        elif parse_open(with_points).type is QuestionType.NUMERICAL:
            accepted = tuple(syntax.alternatives(value))
            return ParsedAnswer(QuestionType.SHORT, ShortAnswer(accepted), warning=(
                f"answer `{value}` is read as text: write `{with_points}`, or add "
                "`Type: numerical`"))
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
    if len(value) > 2 and value[0] == value[-1] == "`" and "`" not in value[1:-1]:
        value = value[1:-1].strip()  # `(a - 1) * (b + c)`: the answer written as code
    accepted = syntax.alternatives(value)
    if not all(accepted):
        return ParsedAnswer(None, None, f"answer `{value}` has an empty alternative between `|`")
    return ParsedAnswer(QuestionType.SHORT, ShortAnswer(tuple(accepted)))


def parse_blank(content: str, line: int, column: int) -> tuple[Blank, str]:
    r"""A cloze blank from what stands between `[[` and `]]`, and an error ("" if none).

    `= 3.14 ± 0.01` is a numeric blank, read by :func:`parse_open` as a numerical
    `Answer:` line is (one number grammar); `Paris | ~London | ~Rome` a choice blank
    whose unmarked alternative is the correct choice; anything else a text blank.
    `\~` and `\=` at the start of an alternative are the marks as text.
    """
    if content.strip().startswith("="):
        value = content.strip()[1:].strip()
        parsed = parse_open(value, numerical=True)
        number = parsed.answer if parsed.type is QuestionType.NUMERICAL else None
        if number is not None and not number.range and \
                math.isfinite(number.value) and math.isfinite(number.tolerance):
            return Blank((), line, column, number=number), ""
        if number is not None and number.range:
            return Blank((), line, column), (
                f"the numerical blank `[[{content.strip()}]]` holds a range, which blanks do not "
                "offer: write its midpoint ± half its width (`[[= 3.15 ± 0.05]]`)")
        return Blank((), line, column), (
            f"the numerical blank `[[{content.strip()}]]` needs a number, with an optional "
            f"tolerance (`[[= 3.14 ± 0.01]]`): `{value}` is not one")
    alternatives = syntax.alternatives(content)
    wrong = [alt.startswith("~") for alt in alternatives]
    texts = tuple(_unescaped(alt[1:].strip() if marked else alt)
                  for alt, marked in zip(alternatives, wrong))
    if not all(texts):
        return Blank(texts, line, column), ("a cloze blank [[...]] is empty or has an empty "
                                            "alternative")
    if not any(wrong):
        return Blank(texts, line, column), ""
    correct = [text for text, marked in zip(texts, wrong) if not marked]
    if len(correct) != 1:
        found = (f"{len(correct)} unmarked choices ({', '.join(f'`{c}`' for c in correct)})"
                 if correct else "no unmarked choice")
        return Blank(tuple(correct), line, column, choices=texts), (
            f"the choice blank `[[{content.strip()}]]` has {found}: leave exactly one choice, "
            "the correct one, unmarked and mark each wrong one with `~`")
    return Blank(tuple(correct), line, column, choices=texts), ""


def _unescaped(alternative: str) -> str:
    r"""`\~x` is the text `~x`: one backslash before a leading mark is dropped."""
    return alternative[1:] if _ESCAPED_MARK.match(alternative) else alternative


def _by_text(value: str, option_letters: list[str], texts: list[str]) -> ParsedAnswer:
    if (by_text := names_text(value, texts)) is not None:
        return ParsedAnswer(QuestionType.SINGLE, ChoiceAnswer((option_letters[by_text[0]],)))
    parts = [part.strip() for part in value.split(";") if part.strip()]
    if len(parts) > 1:
        named = [_by_text(part, option_letters, texts) for part in parts]
        if all(not part.error for part in named):
            chosen = {letter for part in named for letter in part.answer.letters}
            return ParsedAnswer(QuestionType.MULTIPLE, ChoiceAnswer(
                tuple(letter for letter in option_letters if letter in chosen)))
        return next(part for part in named if part.error)
    if (pair := _LETTER_AND_TEXT.match(value)) and pair.group(1).upper() in option_letters:
        letter = pair.group(1).upper()
        if _plain(pair.group(2)) == _plain(texts[option_letters.index(letter)]):
            return ParsedAnswer(QuestionType.SINGLE, ChoiceAnswer((letter,)))
        return ParsedAnswer(None, None, f"answer `{value}` names option {letter}, whose text is "
                                        f"`{texts[option_letters.index(letter)]}`: the letter and "
                                        "the text disagree")
    return ParsedAnswer(None, None, f"answer `{value}` names no option letter and no option's "
                                    f"text (options are {_span(option_letters)})")


def _plain(text: str) -> str:
    """Text compared as a reader sees it: no emphasis or code marks, any case and spacing."""
    return " ".join(text.replace("`", "").replace("**", "").casefold().split()).rstrip(".")


def _span(letters: list[str]) -> str:
    if not letters:
        return "none"
    return letters[0] if len(letters) == 1 else f"{letters[0]}–{letters[-1]}"
