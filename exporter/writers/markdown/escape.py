"""Escaping for the Markdown writer: every line put where our reader would misread it.

The reader decides what a line is with the patterns of
:mod:`exporter.readers.markdown.syntax` (a question label, an option, an
`Answer:` or metadata line, a rule, a matching pair...). This module asks
those same patterns about each line the writer puts into a text, and where
one would be read as structure, escapes it as Markdown itself does, so that
it renders the same: a backslash before a punctuation mark (`B\\)`,
`Answer\\:`), or a character reference (`&#91;[` for a `[[` that is no
blank, since `\\[` opens display math here). Asking the grammar rather than
keeping a list of our own means a convention the reader learns is escaped
the day it is read.
"""
from __future__ import annotations

import string
from typing import Callable

from exporter.readers.markdown import lists, syntax
from exporter.render.mathspans import prose_spans
from exporter.readers.markdown.scan import mistyped_key
from exporter.render.mathspans import UnbalancedMath, split_math

# Continuation lines are indented: the reader dedents them, and patterns that need column 0
# (labels, headings, metadata, rules) then never see them.
INDENT = "    "
# Marks a backslash may escape: not `\`, `(` or `[` (`\(` and `\[` open math), `$` (math) or
# a backtick (code spans keep backslashes).
_ESCAPABLE = frozenset(string.punctuation) - set("\\([$`")

Wrong = Callable[[str], bool]


def reading(line: str) -> str:
    """What the reader's line loop takes a line inside a text for, in its own order:
    "text" when the line stays in the text, else the structure it would start."""
    if syntax.opening_fence(line) is not None:
        return "fence"
    if syntax.question_label(line):
        return "label"
    if line[:1] == "#" and syntax.HEADING.match(line) or syntax.RULE.match(line) or \
            syntax.BREAKS.match(line):
        return "structure"
    if line[:3] == ":::" and (syntax.DIV_OPEN.match(line) or syntax.DIV_CLOSE.match(line)):
        return "div"  # a pool's line or end; any other div's would pair with a pool's
    if line.lstrip(" \t")[:1] in ("<", "?", "!") and syntax.COLLAPSED.match(line):
        return "collapsed"
    if (":" in line or " is" in line) and syntax.ANSWER.match(line):
        return "answer"
    if ":" in line and (syntax.META.match(line) or mistyped_key(line)):
        return "metadata"
    if line and syntax.option(line, first=False):
        return "option"
    if "->" in line and syntax.PAIR.match(line):
        return "pair"
    return "text"


def marks_key(line: str) -> bool:
    """A list item that marks a key (`- [x] a`, `* **a**`, `- a *`): in a question with no
    lettered options, the reader takes such a list for its options."""
    item = syntax.LIST_ITEM.match(line)
    if not item:
        return False
    tick = item.group("box") or item.group("tick") or item.group("alone")
    return bool(lists.mark(item.group("text").strip(), tick).mark)


def misread(line: str) -> bool:
    return reading(line) != "text"


def misread_in_stem(line: str) -> bool:
    """A line of the stem of a question with no lettered options."""
    return misread(line) or marks_key(line)


def escape_line(line: str, wrong: Wrong, start: int = 0, end: int | None = None) -> str | None:
    """``line`` as the reader reads it as text (``wrong`` says it does not), escaping one mark
    between ``start`` and ``end``; None when no single escape will do."""
    if not wrong(line):
        return line
    end = len(line) if end is None else end
    positions = [i for i in range(start, end) if line[i] in _ESCAPABLE and line[i - 1:i] != "\\"]
    first = len(line) - len(line.lstrip(" \t"))
    if first in positions and line[first] in "-*+":  # a list's bullet: escape it only last
        positions = positions[1:] + positions[:1]
    for index in positions:
        candidate = line[:index] + "\\" + line[index:]
        if not wrong(candidate):
            return candidate
    if start <= first < end and first < len(line):
        candidate = line[:first] + f"&#{ord(line[first])};" + line[first + 1:]
        if not wrong(candidate):
            return candidate
    return None


def escape_math(text: str) -> str:
    """A lone `$` (or `\\(`) that opens no math written `\\$` (`\\\\(`): the reader would stop
    at it with "unbalanced math"."""
    for _ in range(text.count("$") + text.count("\\") + 1):
        try:
            split_math(text)
            return text
        except UnbalancedMath as exc:
            text = text[:exc.offset] + "\\" + text[exc.offset:]
    return text


def escape_blanks(text: str) -> str:
    """`[[...]]` in prose that is no blank, written `&#91;[`, which the reader leaves alone."""
    starts = [match.start() for start, end in prose_spans(text)
              for match in syntax.BLANK.finditer(text, start, end)]
    for index in reversed(starts):
        text = text[:index] + "&#91;" + text[index + 1:]
    return text


def escape_alternative(text: str) -> str:
    """An accepted string or choice of a blank as the reader splits and reads it back: `\\|`
    for a `|`, and a backslash before a leading `~` or `=` (which would mark a wrong choice
    or a number) or before backslashes that already stand before one."""
    text = text.replace("|", "\\|")
    return "\\" + text if text.lstrip("\\")[:1] in ("~", "=") else text


def text_lines(text: str, prefix: str, wrong: Wrong = misread,
               first_wrong: Callable[[str], bool] = lambda line: False) -> tuple[list[str], list[str]]:
    """The lines that write ``text`` after ``prefix`` (`1. `, `(A) `, `Feedback: `), and the
    lines that could not be escaped. The first line goes after the prefix unless it opens a
    fence or ``first_wrong`` says the reader would take it for more than text; the others are
    indented, and escaped where ``wrong``."""
    lines = text.split("\n")
    out: list[str] = []
    if lines[0].strip() and syntax.opening_fence(lines[0]) is None and not first_wrong(lines[0]):
        out.append(prefix + lines[0].strip())
        lines = lines[1:]
    else:
        out.append(prefix.rstrip())
    failed: list[str] = []
    fence = ""
    for line in lines:
        if not line.strip():
            out.append("")
            continue
        indented = INDENT + line
        if fence:
            fence = "" if syntax.closes_fence(line, fence) else fence
        elif (opening := syntax.opening_fence(line)) is not None:
            fence = opening
        else:
            escaped = escape_line(indented, wrong)
            if escaped is None:
                failed.append(line)
            else:
                indented = escaped
        out.append(indented)
    return out, failed
