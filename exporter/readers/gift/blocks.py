"""GIFT text into question blocks, and GIFT's escapes, as Moodle's qformat_gift reads them.

A question is a run of non-blank lines (each trimmed as PHP's ``trim`` does);
lines starting ``//`` are comments, kept apart for the ``[id:...]`` and
``[tag:...]`` they may hold. Escaped characters (``\\~ \\= \\# \\{ \\} \\:
\\n``, and ``\\\\``) are hidden behind private-use characters while the block
is parsed, so that no structural search sees them, and shown again in each
finished text. Each hidden character stands for two characters of the file,
which is how a position in the parsed text maps back to the file's column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

WHITESPACE = " \t\n\r\0\x0b"  # what PHP's trim() removes
_BACKSLASH = "\ue100"
_HIDDEN = {":": "\ue101", "#": "\ue102", "=": "\ue103", "{": "\ue104", "}": "\ue105",
           "~": "\ue106", "n": "\ue107"}
_SHOWN = {_BACKSLASH: "\\", **{mark: ("\n" if char == "n" else char)
                                for char, mark in _HIDDEN.items()}}
_MARKS = frozenset(_SHOWN)


def hide_escapes(text: str) -> str:
    """Every escape as one private-use character (``\\\\`` first, as Moodle does)."""
    text = text.replace("\\\\", _BACKSLASH)
    for char, mark in _HIDDEN.items():
        text = text.replace("\\" + char, mark)
    return text


def show_escapes(text: str) -> str:
    """The characters the escapes stand for."""
    return "".join(_SHOWN.get(char, char) for char in text) if _MARKS & set(text) else text


@dataclass
class Block:
    """One question's lines: trimmed, comments blanked, escapes hidden."""

    line: int  # the file line of the block's first line
    lines: list[str] = field(default_factory=list)
    leads: list[int] = field(default_factory=list)  # the white space trimmed off each line
    comments: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the file of ``offset`` in ``text``."""
        index, start = 0, 0
        for index, line in enumerate(self.lines):
            if offset <= start + len(line):
                break
            start += len(line) + 1
        line = self.lines[index]
        within = min(max(offset - start, 0), len(line))
        hidden = sum(1 for char in line[:within] if char in _MARKS)
        return self.line + index, self.leads[index] + within + hidden + 1


def blocks(text: str) -> Iterator[Block]:
    """The question blocks of a GIFT file's text (LF line ends), in file order."""
    block: Block | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        trimmed = raw.strip(WHITESPACE)
        if not trimmed:
            if block is not None:
                yield block
                block = None
            continue
        if block is None:
            block = Block(number)
        if trimmed.startswith("//"):
            block.comments.append(trimmed)
            trimmed = " "
        block.lines.append(hide_escapes(trimmed))
        block.leads.append(len(raw) - len(raw.lstrip(WHITESPACE)))
    if block is not None:
        yield block
