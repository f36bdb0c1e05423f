"""Numbers as people write them: `3.14`, `42`, `-0.0015`, never `42.0` or `3.1400000000000001`."""
from __future__ import annotations


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
