"""The one way every writer builds, declares and serialises XML.

All targets write lxml trees, and each used to carry its own small element
factory; one helper here keeps them alike: an element's attributes keep the
order they are given in (the reference exports' order, which the output
must match byte for byte), text is set only when there is some, and a
``None`` parent makes a lone element to attach or stream later. QTI builds
through it too, after translating its QTI 2.1 names into the dialect's, and
a 5,000-question bank makes some 200,000 elements for each QTI version,
so the helper is kept to one lxml call (benchmarks/RESULTS.md's profile).

Big files (a Moodle bank, Canvas's item file, a QTI manifest) are streamed
element by element with :func:`streamed`, so a bank of thousands never
sits in memory as one tree; small ones are one tree and :func:`document`.
A streamed file in several namespaces is written through :class:`Indented`,
so every element takes the prefixes its root declared once.
"""
from __future__ import annotations

import io
from typing import BinaryIO, Callable, Mapping

from lxml import etree

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{{{XSI}}}schemaLocation"

StreamedContent = Callable[["etree._IncrementalFileWriter"], None]  # fills a streamed file


def sub(parent: etree._Element | None, tag: str, text: str | etree.CDATA | None = None,
        attributes: Mapping[str, str] | None = None, /, **named: str) -> etree._Element:
    """A child of ``parent`` (a lone element when it is None) with ``text``, and
    ``attributes`` as a mapping or as keywords, in the order given."""
    # None rather than an empty dict when there are none: lxml then skips its attribute code
    element = etree.Element(tag, attributes or named or None) if parent is None \
        else etree.SubElement(parent, tag, attributes or named or None)
    if text is not None:
        element.text = text
    return element


def clone(element: etree._Element) -> etree._Element:
    """A copy of ``element`` and its whole subtree, for the parts every item repeats.

    lxml's own copy, called directly: `copy.copy` finds it only after a dispatch that
    costs more than the copy (a third of a second over a 5,000-question build).
    """
    return element.__copy__()


class Names(dict[str, str]):
    """Names made once each by ``make`` from a short name, as a big build asks for the
    same few dozen thousands of times: ``names["file"]``."""

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, name: str) -> str:
        made = self[name] = self.make(name)
        return made


def qualified(namespace: str) -> Names:
    """The qualified (``{namespace}name``) name of each name in ``namespace``."""
    return Names(lambda name: f"{{{namespace}}}{name}")


def namespaces(default: str, **prefixed: str) -> dict[str | None, str]:
    """A root's namespace declarations: the default one, the prefixed ones, then
    ``xsi`` for ``schemaLocation``, in the order every reference file declares them."""
    return {None: default, **prefixed, "xsi": XSI}


def root(tag: str, attributes: Mapping[str, str], default: str, **prefixed: str
         ) -> etree._Element:
    """A document's root element, declaring its namespaces (see :func:`namespaces`)."""
    return etree.Element(tag, attributes, nsmap=namespaces(default, **prefixed))


def boolean(value: bool) -> str:
    """An XML Schema boolean, as every target writes it."""
    return "true" if value else "false"


def document(tree: etree._Element, pretty: bool = True) -> bytes:
    """A whole tree as a UTF-8 file with its XML declaration."""
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=pretty)


def streamed(write: StreamedContent) -> bytes:
    """A UTF-8 file whose content ``write`` streams with lxml's incremental writer,
    after the XML declaration; the file ends with a line break."""
    buffer = io.BytesIO()
    written(write)(buffer)
    return buffer.getvalue()


def written(write: StreamedContent) -> Callable[[BinaryIO], None]:
    """The file of :func:`streamed`, as a function that writes it to a stream: given to
    :func:`~exporter.writers.package.zip_bytes`, a big file (a QTI manifest, Canvas's
    items) is compressed as it is written and never held whole."""
    def write_to(stream: BinaryIO) -> None:
        with etree.xmlfile(stream, encoding="UTF-8") as out:
            out.write_declaration()
            write(out)
        stream.write(b"\n")
    return write_to


class Indented:
    """An incremental writer's own elements, each on a line of its own, indented as
    ``pretty_print`` indents a tree.

    ``out.write(element)`` serialises an element as a document of its own, so an element
    written so declares its namespaces again (``ns0:``, ``ns1:``) whatever the root
    declared; the writer's own elements take the prefixes in scope, and cost less than a
    tree built and then serialised. An empty element is written as a start and an end tag,
    the only form the incremental writer makes.

    A QTI manifest of 5,000 items opens some 85,000 elements here, so ``element`` is its
    own context manager (a generator-based one cost a third of the manifest's time) and a
    ``leaf`` opens none at all.
    """

    def __init__(self, out: etree._IncrementalFileWriter) -> None:
        self.out = out
        self.depth = 0
        self.nested = False  # whether the element being written has had a child
        self._open: list = []  # the incremental writer's contexts of the open elements

    def element(self, tag: str, attributes: Mapping[str, str] | None = None,
                nsmap: Mapping[str | None, str] | None = None) -> Indented:
        """Open an element, to be closed by leaving the ``with`` block this is used in."""
        if self.depth:
            self.out.write("\n" + "  " * self.depth)
        self.depth += 1
        self.nested = False
        opened = self.out.element(tag, attributes, nsmap=nsmap)
        opened.__enter__()
        self._open.append(opened)
        return self

    def __enter__(self) -> Indented:
        return self

    def __exit__(self, *exception: object) -> None:
        self.depth -= 1
        if self.nested and exception[0] is None:
            self.out.write("\n" + "  " * self.depth)
        self._open.pop().__exit__(*exception)
        self.nested = True

    def leaf(self, tag: str, text: str | None = None, **attributes: str) -> None:
        """An element with no children: its text, or nothing but ``attributes``."""
        if self.depth:
            self.out.write("\n" + "  " * self.depth)
        with self.out.element(tag, attributes):
            if text:
                self.out.write(text)
        self.nested = True
