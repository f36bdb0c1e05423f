"""IMS QTI 2.1 and 3.0, written once: what differs between them, and their names.

The two versions share their information model; they differ in names
(``assessmentItem`` against ``qti-assessment-item``, ``baseType`` against
``base-type``), namespaces and a few wrappers. Everything is written with
QTI 2.1 names and a :class:`Dialect` translates them, so an item's logic
exists once; the two dialects themselves are data (``qti21.py``,
``qti30.py``).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Hashable

from lxml import etree

from exporter.writers.xml import SCHEMA_LOCATION, Names, clone, root, sub

TOOL_NAME = "lms-export"  # every item, test and item's metadata names the tool that wrote it
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*\Z")
_CAMEL_HUMP = re.compile(r"(?<!^)(?=[A-Z])")
# Templates kept per dialect: their keys (a points value, a feedback shape) are few in any
# real quiz; past this many, a subtree is built each time rather than kept
_TEMPLATES = 256
# Elements kept per dialect: the first kinds a package builds, which hold its items' usual
# ones (32 kinds make 91% of a 5,000-question bank's elements); past this many, an element
# is built each time. Each kept element is a document of its own (2 KB): 2,048 cost 4 MB
_ELEMENTS = 256


@dataclass(frozen=True)
class Dialect:
    """What differs between QTI versions; the item logic does not."""

    target: str  # the renderer's target name
    namespace: str
    schema_location: str
    kebab_names: bool  # QTI 3: `qti-` + kebab-case elements, kebab-case attributes
    content_body: bool  # QTI 3: feedback and rubric content sits in qti-content-body
    rubric_attributes: tuple[tuple[str, str], ...]
    item_type: str
    test_type: str
    manifest_namespace: str
    manifest_schema_location: str
    package_schema: str
    package_schema_version: str
    metadata_namespace: str  # of qtiMetadata
    lom_namespace: str
    lom_string: str  # the element holding a LOM text: `langstring` (IMS MD 1.2) or `string`

    def name(self, qti21_name: str) -> str:
        if not self.kebab_names:
            return qti21_name
        return "qti-" + _CAMEL_HUMP.sub("-", qti21_name).lower()

    def attribute(self, qti21_name: str) -> str:
        return _CAMEL_HUMP.sub("-", qti21_name).lower() if self.kebab_names else qti21_name

    @cached_property
    def tags(self) -> Names:
        """QTI 2.1 element name -> this dialect's element, namespace included."""
        return Names(lambda name: f"{{{self.namespace}}}{self.name(name)}")

    @cached_property
    def attribute_names(self) -> Names | None:
        """QTI 2.1 attribute name -> this dialect's; None where they are the same."""
        return Names(self.attribute) if self.kebab_names else None

    @cached_property
    def templates(self) -> dict[Hashable, etree._Element]:
        """The subtrees every item repeats, by key (see :meth:`Tree.copy`)."""
        return {}

    @cached_property
    def elements(self) -> dict[tuple, etree._Element]:
        """Elements with no content, by name and attributes (see :meth:`Tree.sub`)."""
        return {}


class Tree:
    """Elements in one dialect: callers use QTI 2.1 names, and :func:`~exporter.writers.xml.sub`
    builds them under the dialect's."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._tags = dialect.tags
        self._attributes = dialect.attribute_names

    def root(self, name: str, **attributes: str) -> etree._Element:
        """A document root: its schemaLocation first, then ``attributes``.

        Every item is a document declaring the same namespaces and schema location, which
        lxml copies in a third of the time it builds them: the root is built once per
        dialect and set of attribute names, and each copy given its values (setting an
        attribute keeps its place).
        """
        names = self._attributes
        attributes = attributes if names is None else _translated(names, attributes)
        element = self.copy(("root", name, *attributes), lambda: root(
            self._tags[name], {SCHEMA_LOCATION: self.dialect.schema_location,
                               **dict.fromkeys(attributes, "")}, self.dialect.namespace))
        for key, value in attributes.items():
            element.set(key, value)
        return element

    def sub(self, parent: etree._Element | None, name: str, text: str | None = None,
            **attributes: str) -> etree._Element:
        """A child of ``parent`` (a lone element when it is None).

        Items repeat the same few elements thousands of times (RESPONSE's declaration,
        choice `A`, a `variable`), and lxml copies an element in a third of the time it
        builds one with its attributes: each is built once per dialect, then copied.
        """
        # copy()'s keep-or-build, written out: a package makes 120,000 elements here, and
        # calling a shared helper with the builder's arguments cost it 2% (measured)
        key = (name, *attributes.items())
        elements = self.dialect.elements
        element = elements.get(key)
        if element is None:
            names = self._attributes
            element = sub(None, self._tags[name], None, attributes if names is None
                          else _translated(names, attributes))
            if len(elements) < _ELEMENTS:
                elements[key] = element
                element = clone(element)
        else:
            element = clone(element)
        if parent is not None:
            parent.append(element)
        if text is not None:
            element.text = text
        return element

    def copy(self, key: Hashable, make: Callable[[], etree._Element]) -> etree._Element:
        """A copy of the subtree ``make`` builds, built once per dialect and ``key``.

        Every item of a bank repeats a few subtrees (SCORE's declaration, the rule that
        scores a right answer): copying one costs lxml about what creating a single one of
        its elements does, and none of the Python that builds it.
        """
        templates = self.dialect.templates
        template = templates.get(key)
        if template is None:
            template = make()
            if len(templates) >= _TEMPLATES:
                return template
            templates[key] = template
        return clone(template)

    def html_tag(self, name: str) -> str:
        """An XHTML element: in the QTI namespace, under its own name in every dialect."""
        return f"{{{self.dialect.namespace}}}{name}"


def _translated(names: Names, attributes: dict[str, str]) -> dict[str, str]:
    return {names[key]: value for key, value in attributes.items()}


def qti_identifier(question_id: str) -> str:
    """A valid QTI identifier (an NCName) for a question id, the same on every build.

    Ids that already are one are kept; others are slugged and given a short
    hash of the original, so two ids that slug alike still differ.
    """
    if _IDENTIFIER.match(question_id):
        return question_id
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", question_id).strip("-.")
    if not slug or not _IDENTIFIER.match(slug):
        slug = "q" + (f"-{slug}" if slug else "")
    return f"{slug}-{hashlib.sha1(question_id.encode('utf-8')).hexdigest()[:8]}"
