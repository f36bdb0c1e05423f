"""Split Markdown into prose, code and math before Markdown ever sees it.

Markdown would read `$a_1 * b_2$` as emphasis, so math has to be cut out
first; and `$` inside code is not math, so code has to be found first too.
The dollar rules follow pandoc's, which authors already know: an opening `$`
is followed by a non-space, a closing `$` follows a non-space and is not
followed by a digit (so "costs $5 and $10" needs `\\$`), `\\$` is a literal
dollar. An unclosed `$` before a digit is a price ("over $2000?"), not an error.
`check` and `build` both use this one tokenizer, so they agree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Union

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")
_SIGNIFICANT = re.compile(r"[\\`~$]")  # the only characters the scanner acts on


@dataclass(frozen=True)
class Segment:
    """A run of the text: ``kind`` is text, code, inline or display.

    For math, ``content`` is the TeX between the delimiters; for text and
    code it is the source as written. ``start`` and ``end`` are offsets of
    the whole run, delimiters included.
    """

    kind: str
    content: str
    start: int
    end: int


class UnbalancedMath(ValueError):
    """A math delimiter at ``offset`` that is never closed."""

    def __init__(self, offset: int, delimiter: str) -> None:
        super().__init__(f"`{delimiter}` at offset {offset} is never closed")
        self.offset = offset
        self.delimiter = delimiter


def _fence_end(text: str, start: int, fence: str) -> int:
    """End of a fenced block opened at ``start`` (the text's end if unclosed)."""
    closing = re.compile(r"^[ \t]{0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$",
                         re.MULTILINE)
    line_end = text.find("\n", start)
    if line_end < 0:
        return len(text)
    match = closing.search(text, line_end + 1)
    if not match:
        return len(text)
    return match.end()


def _closing_dollar(text: str, start: int) -> int:
    """Offset of the `$` closing inline math opened at ``start - 1``, or -1."""
    pos = start
    while True:
        pos = text.find("$", pos)
        if pos < 0:
            return -1
        if text[pos - 1] == "\\":
            pos += 1
            continue
        if "\n\n" in text[start:pos] or "\n \n" in text[start:pos]:
            return -1  # inline math never runs over a paragraph break
        if not text[pos - 1].isspace() and not text[pos + 1:pos + 2].isdigit():
            return pos
        pos += 1


# A code or math run found at a significant character: (kind, content, end); or,
# where the character opens nothing, the offset where scanning resumes.
_Token = Union[tuple[str, str, int], int]


@lru_cache(maxsize=4096)
def split_math(text: str) -> tuple[Segment, ...]:
    """Cut ``text`` into segments; raise UnbalancedMath for an unclosed delimiter.

    Cached: the reader's checks, image search and the renderer all split the same texts.
    """
    segments: list[Segment] = []
    prose_start = pos = 0
    while True:
        significant = _SIGNIFICANT.search(text, pos)
        if not significant:
            break
        pos = significant.start()
        token = _token_at(text, pos)
        if isinstance(token, int):
            pos = token
            continue
        kind, content, end = token
        if pos > prose_start:
            segments.append(Segment("text", text[prose_start:pos], prose_start, pos))
        segments.append(Segment(kind, content, pos, end))
        pos = prose_start = end
    if prose_start < len(text):
        segments.append(Segment("text", text[prose_start:], prose_start, len(text)))
    return tuple(segments)


def prose_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the text outside code and math (all of it if delimiters are unbalanced)."""
    try:
        segments = split_math(text)
    except UnbalancedMath:
        return [(0, len(text))]
    return [(s.start, s.end) for s in segments if s.kind == "text"]


def _token_at(text: str, pos: int) -> _Token:
    char = text[pos]
    if char == "\\":
        return _backslash(text, pos)
    if char in "`~":
        line_start = text.rfind("\n", 0, pos) + 1
        if pos - line_start <= 3 and not text[line_start:pos].strip(" \t"):
            fence = _FENCE.match(text, line_start)
            if fence and fence.start(1) == pos:
                end = _fence_end(text, pos, fence.group(1))
                return "code", text[pos:end], end
        if char == "`":
            return _code_span(text, pos)
        return pos + 1
    return _dollar(text, pos)


def _backslash(text: str, pos: int) -> _Token:
    """`\\(` and `\\[` open math; any other escaped character, `\\$` included, stays prose."""
    follower = text[pos + 1:pos + 2]
    if follower not in ("(", "["):
        return pos + 2
    closer = "\\)" if follower == "(" else "\\]"
    end = text.find(closer, pos + 2)
    if end < 0:
        raise UnbalancedMath(pos, "\\" + follower)
    return "inline" if follower == "(" else "display", text[pos + 2:end], end + 2


def _code_span(text: str, pos: int) -> _Token:
    run = _BACKTICKS.match(text, pos).group()
    closing = re.compile(r"(?<!`)" + run + r"(?!`)")
    match = closing.search(text, pos + len(run))
    if not match:
        return pos + len(run)  # a lone run of backticks is literal text
    return "code", text[pos:match.end()], match.end()


def _dollar(text: str, pos: int) -> _Token:
    if text.startswith("$$", pos):
        end = text.find("$$", pos + 2)
        if end < 0:
            raise UnbalancedMath(pos, "$$")
        return "display", text[pos + 2:end], end + 2
    if pos + 1 < len(text) and not text[pos + 1].isspace():
        end = _closing_dollar(text, pos + 1)
        if end < 0 and text[pos + 1].isdigit():
            return pos + 1  # "$2000": a price, with no math to close
        if end < 0:
            raise UnbalancedMath(pos, "$")
        return "inline", text[pos + 1:end], end + 1
    return pos + 1
