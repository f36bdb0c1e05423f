"""The safe XML walk over a Moodle export: one ``<question>`` element at a time.

Exports with many embedded files run to hundreds of MB, so the file is read
with ``iterparse`` and each question is cleared once it has been read: the
tree never holds more than one question. The parser is every reader's safe
one (:mod:`exporter.readers.safexml`: no entities, DTD or network; a DTD is
refused before parsing starts). Broken XML ends the walk with an error at
the position libxml2 gives; the questions read before it are kept.
"""
from __future__ import annotations

from typing import BinaryIO, Iterator

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.readers.prolog import PROLOG_BYTES, doctype_position
from exporter.readers.safexml import OPTIONS, first_error, no_dtd

NO_DTD = no_dtd("Moodle exports")


def questions(source: BinaryIO, report: Reporter,
              encoding: str | None = None) -> Iterator[etree._Element]:
    """Each ``<question>`` element of the ``<quiz>`` root, in file order, read from
    ``source`` as the parser goes (the file is never held whole).

    The element is valid until the next one is asked for; then it is cleared.
    """
    where = doctype_position(source.read(PROLOG_BYTES))
    if where is not None:
        report.error(where[0], NO_DTD, where[1])
        return
    source.seek(0)
    etree.clear_error_log()  # libxml2's log is per thread: start it afresh for this file
    events = etree.iterparse(source, events=("start", "end"), encoding=encoding, **OPTIONS)
    root: etree._Element | None = None
    try:
        for event, element in events:
            if root is None:
                root = element
                if not _usable_root(element, report):
                    return
                continue
            if event != "end" or element.tag != "question" or element.getparent() is not root:
                continue
            yield element
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del root[0]
    except etree.XMLSyntaxError as exc:
        line, column, message = first_error(exc)
        report.error(max(line, 1), f"not well-formed XML: {message}", max(column, 1))
    else:
        if root is None:
            report.error(1, "not well-formed XML: the file is empty")


def _usable_root(root: etree._Element, report: Reporter) -> bool:
    if root.getroottree().docinfo.doctype:
        report.error(1, NO_DTD)
        return False
    if root.tag != "quiz":
        report.error(root.sourceline or 1, f"not a Moodle XML export: the root element is "
                                           f"<{root.tag}>, not <quiz>")
        return False
    return True


def text(element: etree._Element | None, tag: str = "text", default: str = "") -> str:
    """The trimmed text of ``element``'s first ``tag`` child (Moodle trims every value)."""
    if element is None:
        return default
    found = element.find(tag)
    if found is None:
        return default
    return (found.text or "").strip()


def line_of(element: etree._Element | None, fallback: int) -> int:
    return element.sourceline if element is not None and element.sourceline else fallback
