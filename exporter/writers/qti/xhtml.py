"""The renderer's XHTML fragments moved into a QTI item's body.

QTI embeds a subset of XHTML in its own namespace, and its schemas accept
fewer elements and attributes than the renderer emits: no ``style`` (QTI 2.1
and the official 3.0 profile),
no ``title``, no ``<s>`` or ``<u>``, and (QTI 2.1) no ``<figure>``. Rather
than lose the inline-styled code highlighting, every ``style`` becomes a
class defined in one package stylesheet; what has no QTI equivalent is
renamed or unwrapped so its text survives. MathML is copied as it is.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from exporter.model import split_blanks
from exporter.render.mathml import MATHML

_MATHML_PREFIX = f"{{{MATHML}}}"  # of a MathML element's tag: cheaper to test than a QName

# Elements outside the subset that still carry meaning a neighbour can hold.
_RENAMES = {"del": "span", "s": "span", "ins": "span", "u": "span",
            "figure": "div", "figcaption": "div"}
_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
_LENGTH = re.compile(r"[0-9]+%?\Z")  # QTI's img width and height: no units
_BLOCK_TAGS = {"blockquote", "div", "dl", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
               "ol", "p", "pre", "table", "ul"}
# Raw HTML can nest what QTI forbids (a list in a paragraph, a <sub> in a <pre>); the
# forbidden element is unwrapped so its text stays where the author put it.
_INLINE_ONLY = {"a", "abbr", "b", "caption", "cite", "code", "dfn", "dt", "em", "h1", "h2", "h3",
                "h4", "h5", "h6", "i", "kbd", "p", "pre", "q", "samp", "small", "span", "strong",
                "sub", "sup", "var"}
_NOT_INLINE = _BLOCK_TAGS | {"caption", "col", "colgroup", "dd", "dt", "figcaption", "li",
                             "tbody", "td", "tfoot", "th", "thead", "tr"}
_NOT_IN_PRE = {"img", "small", "sub", "sup"}
# Containers with a fixed content model: what else is in them goes into the wrapper.
_CHILDREN = {
    "blockquote": (frozenset(_BLOCK_TAGS), "div"),
    "ol": (frozenset({"li"}), "li"),
    "ul": (frozenset({"li"}), "li"),
    "dl": (frozenset({"dt", "dd"}), "dd"),
}
# A declaration that could close the rule it is put in is not copied into the stylesheet.
_UNSAFE_CSS = re.compile(r"[{}<>\\@]|/\*")
_PLAIN_PARAGRAPH = re.compile(r"<p>([^<&]*)</p>\Z")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                          remove_pis=True, huge_tree=True)
# Should a fragment ever break the renderer's well-formed XHTML promise, keep what parses
# rather than fail the whole package (hostile input must never become a traceback).
_LENIENT_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                                  remove_pis=True, huge_tree=True, recover=True)


@dataclass
class StyleSheet:
    """The inline styles of a package turned into classes, which QTI does allow.

    A class name is a hash of its declarations, so it does not depend on the
    order items are built in and the stylesheet is the same on every build.
    """

    rules: dict[str, str] = field(default_factory=dict)
    # each style attribute as written -> its class: highlighted code repeats a few styles
    # over thousands of spans
    _classes: dict[str, str | None] = field(default_factory=dict)

    def class_for(self, style: str) -> str | None:
        if style not in self._classes:
            self._classes[style] = self._class_for(style)
        return self._classes[style]

    def _class_for(self, style: str) -> str | None:
        declarations = " ".join(style.split()).strip().rstrip(";")
        if not declarations or _UNSAFE_CSS.search(declarations):
            return None
        name = "lms-" + hashlib.sha1(declarations.encode("utf-8")).hexdigest()[:8]
        self.rules[name] = declarations
        return name

    def css(self) -> bytes:
        return "".join(f".{name} {{ {self.rules[name]}; }}\n" for name in sorted(self.rules)).encode()


@dataclass
class HtmlConverter:
    """Moves renderer fragments into one dialect's namespace and XHTML subset."""

    namespace: str
    tags: frozenset[str]
    styles: StyleSheet
    used_styles: bool = False  # set once a fragment needed the stylesheet

    def append(self, parent: etree._Element, fragment: str, block: bool = False) -> None:
        """Append a fragment's content to ``parent``; ``block``: wrap loose inline content.

        Containers such as itemBody accept only block elements, while a
        choice or a feedback accepts text too.
        """
        if not fragment:
            return
        if "<" not in fragment and "&" not in fragment:  # plain text: most options
            if block:
                etree.SubElement(parent, f"{{{self.namespace}}}p").text = fragment
            else:
                _append_text(parent, fragment)
            return
        paragraph = _PLAIN_PARAGRAPH.match(fragment)
        if paragraph:  # one paragraph of plain text: most stems
            etree.SubElement(parent, f"{{{self.namespace}}}p").text = paragraph.group(1)
            return
        source = _parse(fragment)
        holder = etree.Element("holder")
        self._copy_content(source, holder)
        if block:
            _wrap_runs(holder, self.namespace, *_CHILDREN["blockquote"])
        _append_text(parent, holder.text)
        for child in list(holder):
            parent.append(child)

    def _copy_content(self, source: etree._Element, target: etree._Element,
                      context: frozenset[str] = frozenset()) -> None:
        """Copy ``source``'s content into ``target``; ``context``: the tags it sits in."""
        _append_text(target, source.text)
        for child in list(source):  # a list: MathML is moved out of the throwaway source
            if not isinstance(child.tag, str):  # comments or PIs the parser kept
                _append_text(target, child.tail)
                continue
            tail = child.tail
            if child.tag.startswith(_MATHML_PREFIX):
                child.tail = None
                target.append(child)  # moved, with its own namespace declaration
            else:
                tag = self._allowed_tag(child, context)
                if tag is None:  # unwrap: keep the text, lose the element
                    self._copy_content(child, target, context)
                else:
                    element = etree.SubElement(target, f"{{{self.namespace}}}{tag}")
                    self._copy_attributes(child, element, tag)
                    self._copy_content(child, element, context | {tag})
                    if tag in _CHILDREN:
                        _wrap_runs(element, self.namespace, *_CHILDREN[tag])
            _append_text(target, tail)

    def _allowed_tag(self, element: etree._Element, context: frozenset[str]) -> str | None:
        """The QTI tag for an element where it stands, or None to unwrap it."""
        tag = element.tag if element.tag in self.tags else _RENAMES.get(element.tag)
        if tag == "a" and (not element.get("href") or "a" in context):
            return None  # the sanitiser dropped an unsafe link, or links would nest
        if tag in _NOT_INLINE and context & _INLINE_ONLY:
            return None
        if tag in _NOT_IN_PRE and "pre" in context:
            return None
        return tag

    def _copy_attributes(self, source: etree._Element, target: etree._Element, tag: str) -> None:
        for name in sorted(_ATTRIBUTES.get(tag, ())):
            value = source.get(name)
            if value is not None and (name not in ("width", "height") or _LENGTH.match(value)):
                target.set(name, value)
        if tag == "img" and target.get("alt") is None:
            target.set("alt", "")  # required by QTI
        style = source.get("style")
        if style:
            name = self.styles.class_for(style)
            if name:
                target.set("class", name)
                self.used_styles = True


def _parse(fragment: str) -> etree._Element:
    try:
        return etree.fromstring(f"<div>{fragment}</div>", _PARSER)
    except etree.XMLSyntaxError:
        return etree.fromstring(f"<div>{fragment}</div>", _LENIENT_PARSER)


def _append_text(element: etree._Element, text: str | None) -> None:
    """Add text after the last child of ``element`` (or as its text if it has none)."""
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def _wrap_runs(element: etree._Element, namespace: str, keep: frozenset[str], wrapper: str) -> None:
    """Put each run of loose text and of children not in ``keep`` into a ``wrapper`` element."""
    nodes: list[etree._Element | str] = []
    if element.text and element.text.strip():
        nodes.append(element.text)
    for child in element:
        nodes.append(child)
        if child.tail and child.tail.strip():
            nodes.append(child.tail)
        child.tail = None
    element.text = None
    for child in list(element):
        element.remove(child)
    run: etree._Element | None = None
    for node in nodes:
        if not isinstance(node, str) and etree.QName(node).namespace == namespace \
                and etree.QName(node).localname in keep:
            element.append(node)
            run = None
            continue
        if run is None:
            run = etree.SubElement(element, f"{{{namespace}}}{wrapper}")
        if isinstance(node, str):
            _append_text(run, node)
        else:
            run.append(node)


def place_blanks(body: etree._Element, make_field: Callable[[int], etree._Element]) -> None:
    """Replace every blank marker in the text of ``body`` by the field for that blank."""
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or element.tag.startswith(_MATHML_PREFIX):
            continue
        if element.text:
            pieces, element.text = split_blanks(element.text), None
            _insert_pieces(element, 0, pieces, make_field, (element, "text"))
        if element.tail and element is not body:
            pieces, element.tail = split_blanks(element.tail), None
            parent = element.getparent()
            _insert_pieces(parent, parent.index(element) + 1, pieces, make_field, (element, "tail"))


def _insert_pieces(parent: etree._Element, index: int, pieces: list, make_field: Callable,
                   leading: tuple[etree._Element, str]) -> None:
    """Insert fields at ``index``, each followed by its text; text before the first stays put."""
    previous: etree._Element | None = None
    for piece in pieces:
        if isinstance(piece, int):
            previous = make_field(piece)
            parent.insert(index, previous)
            index += 1
        elif previous is None:
            setattr(*leading, piece)
        else:
            previous.tail = piece
