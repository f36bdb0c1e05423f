"""text2qti's numerical answers (`=   1.4142 +- 0.0001`) as our numeric answer.

Its README gives three forms: a range `[min, max]`, `answer +- margin` where
the margin may be a percentage of the answer (`5 +- 10%`), and an exact
integer (`1_000` allowed: an underscore separates digits). A decimal with no
margin is refused by text2qti ("a range is typically more appropriate"), and
so it is here, with the fix in the message. The numbers themselves are read
by the Markdown reader's number grammar, so a text2qti quiz and a Markdown
one read `1.5e-3` alike.
"""
from __future__ import annotations

import re

from exporter.model import NumericAnswer, QuestionType
from exporter.readers.markdown.answerline import parse_open

_INTEGER = re.compile(r"(?:0|[+-]?[1-9](?:_?[0-9])*)\Z")
_DIGIT_SEPARATOR = re.compile(r"(?<=\d)_(?=\d)")
_FORMS = ("write `[min, max]`, `answer +- margin` (the margin may be a percentage, `5 +- 10%`) "
          "or an integer")


def numerical(text: str) -> tuple[NumericAnswer | None, str]:
    """The answer of an `=` line, or None and why it is none."""
    value = _DIGIT_SEPARATOR.sub("", text.strip())
    if value.startswith("["):
        if not value.endswith("]") or "," not in value:
            return None, f"`= {text}` is no numerical answer: {_FORMS}"
        low, high = (part.strip() for part in value[1:-1].split(",", 1))
        return _number(f"[{low}, {high}]", text)
    if "+-" in value:
        number, margin = (part.strip() for part in value.split("+-", 1))
        percent = margin.endswith("%")
        margin = margin[:-1].strip() if percent else margin
        if margin.startswith("-"):
            return None, f"`= {text}`: the margin must not be negative"
        if not percent:
            return _number(f"{number} +- {margin}", text)
        exact, error = _number(number, text)
        share, error = (None, error) if exact is None else _number(margin, text)
        if exact is None or share is None:
            return None, error
        return NumericAnswer(exact.value, abs(exact.value) * share.value / 100), ""
    if _INTEGER.match(value):
        return _number(value, text)
    if _number(value, text)[0] is not None:
        return None, (f"`= {text}`: text2qti takes an exact answer only for an integer; write "
                      f"`{text.strip()} +- 0` for this exact decimal, or a range")
    return None, f"`= {text}` is no numerical answer: {_FORMS}"


def _number(value: str, text: str) -> tuple[NumericAnswer | None, str]:
    parsed = parse_open(value, numerical=True)
    if parsed.type is QuestionType.NUMERICAL and isinstance(parsed.answer, NumericAnswer):
        return parsed.answer, ""
    if parsed.error:
        return None, f"`= {text}`: {parsed.error}"
    return None, f"`= {text}` is no numerical answer: {_FORMS}"

