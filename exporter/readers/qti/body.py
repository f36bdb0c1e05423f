"""An item's XHTML as our Markdown: the Moodle reader's converter, math back to TeX.

The item body (a choice's content, a feedback, a rubric) is XHTML, so it goes
through the converter the Moodle and Canvas readers use
(:func:`exporter.readers.moodle.html.html_to_markdown`). Two things are QTI's:

- MathML. Our QTI writers put the author's TeX in every ``<math>`` as an
  ``<annotation encoding="application/x-tex">``, and so do most tools that
  write MathML from TeX: that TeX comes back as written, ``\\(...\\)`` (or
  ``\\[...\\]`` for ``display="block"``). MathML without it stays as MathML,
  inline HTML the renderer keeps, with a warning: no maintained MathML-to-TeX
  converter exists on PyPI.
- Images are files of the package, named relative to the item: each becomes
  one of the quiz's assets.
"""
from __future__ import annotations

import copy
import re
from typing import Callable, Iterable

from lxml import etree

from exporter.readers.moodle.files import QuizFiles
from exporter.readers.moodle.html import html_to_markdown
from exporter.readers.package import Package
from exporter.readers.qti.names import MATHML
from exporter.render.images import is_remote

TEX = ("application/x-tex", "latex", "tex", "text/x-tex")
_HELD = "\ue040{}\ue041"
_HELD_RE = re.compile("\ue040(\\d+)\ue041")

Warn = Callable[[str], None]


class Body:
    """The texts of one item, its images landing in one quiz's assets."""

    def __init__(self, package: Package | None, member: str, files: QuizFiles) -> None:
        self.package = package
        self.member = member  # the item's own member: image paths are relative to it
        self.files = files

    def markdown(self, nodes: Iterable[etree._Element | str], what: str, warn: Warn) -> str:
        """Elements and strings (an element's inside, in order) as our Markdown."""
        held: list[str] = []
        parts = []
        for node in nodes:
            if isinstance(node, str):
                parts.append(_escape(node))
                continue
            node = copy.deepcopy(node)
            for math in list(node.iter(f"{{{MATHML}}}math")) if node.tag != f"{{{MATHML}}}math" \
                    else [node]:
                replacement = self._math(math, held, what, warn)
                if math is node:
                    parts.append(_escape(replacement + (node.tail or "")))
                    break
                replace_with(math, replacement)
            else:
                parts.append(etree.tostring(node, method="html", encoding="unicode"))
        markdown = html_to_markdown("".join(parts), lambda src, kind: self._link(src, kind,
                                                                                 what, warn))
        return _HELD_RE.sub(lambda m: held[int(m.group(1))], markdown)

    def inside(self, element: etree._Element) -> list[etree._Element | str]:
        """An element's content as :meth:`markdown` takes it."""
        return ([element.text] if element.text else []) + list(element)

    def _math(self, math: etree._Element, held: list[str], what: str, warn: Warn) -> str:
        for annotation in math.iter(f"{{{MATHML}}}annotation"):
            if (annotation.get("encoding") or "").strip().lower() in TEX and \
                    (annotation.text or "").strip():
                tex = annotation.text.strip()
                return f"\\[{tex}\\]" if math.get("display") == "block" else f"\\({tex}\\)"
        warn(f"MathML in the {what} has no TeX annotation: kept as MathML (inline HTML), "
             "which our Markdown cannot edit as math")
        math.tail = None
        held.append(etree.tostring(math, encoding="unicode"))
        return _HELD.format(len(held) - 1)

    def _link(self, src: str, kind: str, what: str, warn: Warn) -> str | None:
        if is_remote(src) or kind == "a" or src.startswith("#"):
            return src
        member = self.package.resolve(self.member, src) if self.package else None
        if member is None or member not in self.package.members:
            warn(f"the {what} refers to `{src}`, which the package does not hold: left out")
            return None
        return self.files.add_image(member.rsplit("/", 1)[-1], self.package.read(member),
                                    f"`{src}` of the {what}", warn)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def replace_with(element: etree._Element, text: str) -> None:
    """Put ``text`` where ``element`` stands (its tail kept): math as TeX, an interaction as
    a blank marker, or nothing."""
    parent, previous = element.getparent(), element.getprevious()
    text += element.tail or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)
