"""What comes before a Moodle export's root element, read without an XML parser.

Two questions are answered from the opening bytes alone, before lxml ever
sees the file: whether it is a Moodle export at all (the registry's cheap
``sniff``, which must not load lxml), and whether it declares a DTD. A DTD
is where external entities (XXE) and entity-expansion bombs live, and no
Moodle export has one, so the reader refuses it before parsing anything.
"""
from __future__ import annotations

import re

_BOMS = (b"\xef\xbb\xbf",)
_DECLARATION = re.compile(rb"<\?xml\b.*?\?>", re.DOTALL)
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_PI = re.compile(rb"<\?.*?\?>", re.DOTALL)
_SPACE = re.compile(rb"\s+")
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+(\w+)", re.IGNORECASE)
_QUIZ = re.compile(rb"<quiz[\s>/]")


def skip_prolog(head: bytes) -> int:
    """The offset of the first thing after the BOM, XML declaration, comments,
    processing instructions and white space (a DOCTYPE or the root element)."""
    pos = len(_BOMS[0]) if head.startswith(_BOMS[0]) else 0
    match = _DECLARATION.match(head, pos)
    if match:
        pos = match.end()
    while True:
        for pattern in (_SPACE, _COMMENT, _PI):
            match = pattern.match(head, pos)
            if match:
                pos = match.end()
                break
        else:
            return pos


def sniff(head: bytes) -> bool:
    """Whether the opening bytes are a Moodle XML export: a ``<quiz`` root (a DTD
    naming ``quiz`` counts too, so that the reader can refuse it with a reason)."""
    pos = skip_prolog(head)
    if _QUIZ.match(head, pos):
        return True
    doctype = _DOCTYPE.match(head, pos)
    return bool(doctype and doctype.group(1) == b"quiz")


PROLOG_BYTES = 1 << 20  # how far a DOCTYPE is looked for: no real prolog is longer


def doctype_position(head: bytes) -> tuple[int, int] | None:
    """(line, column) of a ``<!DOCTYPE`` before the root element in a file's opening
    ``head`` (its first PROLOG_BYTES), or None."""
    pos = skip_prolog(head)
    if not _DOCTYPE.match(head, pos):
        return None
    line = head.count(b"\n", 0, pos) + 1
    return line, pos - (head.rfind(b"\n", 0, pos) + 1) + 1
