"""What a file's opening bytes say, read without an XML parser or a zip library.

Three questions are answered from the opening bytes alone: which root element
an XML file has and a zip's first member (the registry's cheap ``sniff``s,
which must load neither lxml nor zipfile: every command imports every
sniff), and whether an XML file declares a DTD. A DTD is where
external entities (XXE) and entity-expansion bombs live, and no format we
read (Moodle exports, Canvas and QTI packages) has one, so every XML reader
refuses it before parsing anything (:mod:`exporter.readers.safexml`).
"""
from __future__ import annotations

import re

_BOMS = (b"\xef\xbb\xbf",)
_DECLARATION = re.compile(rb"<\?xml\b.*?\?>", re.DOTALL)
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_PI = re.compile(rb"<\?.*?\?>", re.DOTALL)
_SPACE = re.compile(rb"\s+")
DOCTYPE = re.compile(rb"<!DOCTYPE\s+([\w:.-]+)", re.IGNORECASE)
_ROOT = re.compile(rb"<([\w.-]+:)?([\w.-]+)")


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


def root_name(head: bytes) -> bytes | None:
    """The local name of the root element in the opening bytes (``assessmentItem`` for
    ``<qti:assessmentItem``), or None when no element starts there."""
    match = _ROOT.match(head, skip_prolog(head))
    return match.group(2) if match else None


PROLOG_BYTES = 1 << 20  # how far a DOCTYPE is looked for: no real prolog is longer


def doctype_position(head: bytes) -> tuple[int, int] | None:
    """(line, column) of a ``<!DOCTYPE`` before the root element in a file's opening
    ``head`` (its first PROLOG_BYTES), or None."""
    pos = skip_prolog(head)
    if not DOCTYPE.match(head, pos):
        return None
    line = head.count(b"\n", 0, pos) + 1
    return line, pos - (head.rfind(b"\n", 0, pos) + 1) + 1


ZIP_MAGIC = b"PK\x03\x04"  # a zip's first local header


def first_name(head: bytes) -> str | None:
    """The name of a zip's first member, from its local header in the opening bytes
    (the registry's cheap sniff: no zip library, no central directory)."""
    if not head.startswith(ZIP_MAGIC) or len(head) < 30:
        return None
    length = int.from_bytes(head[26:28], "little")
    return head[30:30 + length].decode("utf-8", errors="replace")
