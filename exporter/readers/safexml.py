"""XML read safely, one way for every reader (Moodle exports, Canvas and QTI packages).

Each XML part is checked for a DTD in its opening bytes before lxml sees it,
and refused if it has one: a DTD is where external entities (XXE, reading
``/etc/passwd`` or a URL) and entity-expansion bombs (billion laughs) live,
and none of the formats we read uses one. The parser then never resolves
entities, loads a DTD or touches the network. ``huge_tree`` is on so that
one large embedded file (base64 over libxml2's 10 MB text limit) is read,
not refused; with no DTD there are no entities to amplify, so that limit
guards nothing here. Comments and processing instructions are dropped.
"""
from __future__ import annotations

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.readers.prolog import PROLOG_BYTES, doctype_position

# every parser of every reader: never entities, a DTD or the network (XXE)
OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
               huge_tree=True, remove_comments=True, remove_pis=True)


def no_dtd(which: str) -> str:
    """The refusal of a DTD, naming the files that never have one ("Moodle exports")."""
    return (f"a DTD is not allowed: {which} have none, and a DTD can read files or expand "
            "entities without end (remove the <!DOCTYPE ...> declaration)")


def parse(data: bytes, which: str, report: Reporter,
          encoding: str | None = None) -> etree._Element | None:
    """The root element of one whole XML part (a package member, a bare item file), or
    None, with an error in ``report`` at the line and column that say why it was refused:
    a DTD (``which`` names the files that have none), broken XML."""
    where = doctype_position(data[:PROLOG_BYTES])
    if where is not None:
        report.error(where[0], no_dtd(which), where[1])
        return None
    etree.clear_error_log()  # libxml2's log is per thread: start it afresh for this part
    parser = etree.XMLParser(encoding=encoding, **OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column, message = first_error(exc)
        report.error(max(line, 1), f"not well-formed XML: {message}", max(column, 1))
        return None
    if root is None:
        report.error(1, "not well-formed XML: the file is empty")
        return None
    if root.getroottree().docinfo.doctype:
        report.error(1, no_dtd(which))
        return None
    return root


def first_error(exc: etree.XMLSyntaxError) -> tuple[int, int, str]:
    """Where libxml2 first found the file broken: its log holds the cause (an undefined
    entity) where the exception may only say what followed ("no element found")."""
    errors = [entry for entry in exc.error_log if entry.level >= etree.ErrorLevels.ERROR]
    if errors:
        return errors[0].line, errors[0].column, errors[0].message.strip()
    line, column = exc.position if exc.position else (1, 1)
    return line, column, (exc.msg or str(exc)).split(", line ")[0]
