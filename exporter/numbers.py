"""Numbers as people write them: `3.14`, `42`, `-0.0015`, never `42.0` or `3.1400000000000001`."""
from __future__ import annotations


def format_number(value: float) -> str:
    """The shortest text that reads back as ``value``; integers without a decimal point."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))
