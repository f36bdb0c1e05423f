"""Numbers as people write them: `3.14`, `42`, `-0.0015`, never `42.0` or `3.1400000000000001`."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exporter.model import NumericAnswer


def parse_number(text: str | None) -> float | None:
    """A finite number written as ``text`` (white space around it allowed), or None: `inf`
    and `nan` are no one's points, grade or answer."""
    try:
        number = float((text or "").strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def format_number(value: float) -> str:
    """The shortest text that reads back as ``value``; integers without a decimal point."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def format_percent(fraction: float) -> str:
    """A fraction as a percentage people read and our `Grade (X):` line takes back: `50%`,
    `-33.33333%` (Moodle's grades have five decimals, so five are kept)."""
    return f"{format_number(round(fraction * 100, 5))}%"


def fraction_of(percent: float) -> float:
    """A percentage as a fraction to Moodle's seven decimals, so `33.33333` is 0.3333333
    whichever file it came from, not 0.33333329999999994."""
    return round(percent / 100, 7)


def decimal_bounds(answer: NumericAnswer) -> tuple[str, str]:
    """The closed interval an answer accepts, its ends written as the author would.

    A range keeps its ends as written; value ± tolerance is worked out in decimal
    arithmetic, so the ends of `3.14 ± 0.01` read "3.13" and "3.15", not the binary
    float's "3.1300000000000003": every writer that states the interval (Canvas's
    margin, QTI's ``gte``/``lte``) shows the numbers the author typed, and a candidate
    who types exactly an end is inside it.
    """
    if answer.range:
        return format_number(answer.range[0]), format_number(answer.range[1])
    from decimal import Decimal, InvalidOperation  # here: `check` counts with this module

    try:
        value, tolerance = Decimal(repr(answer.value)), Decimal(repr(answer.tolerance))
        return format_number(float(value - tolerance)), format_number(float(value + tolerance))
    except (InvalidOperation, ValueError, OverflowError):  # inf or nan: `check` reports those
        return format_number(answer.low), format_number(answer.high)
