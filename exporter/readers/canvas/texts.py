"""Canvas HTML to our Markdown: the Moodle reader's converter, with Canvas's own references.

Canvas stores every text (stem, option, feedback, quiz description) as HTML
escaped in a ``mattext``. It goes through the Moodle reader's converter
(:func:`exporter.readers.moodle.html.html_to_markdown`: math kept, code
fenced, styling Markdown cannot say kept as inline HTML); only the three
kinds of reference Canvas writes are Canvas's own:

- ``$IMS-CC-FILEBASE$/Uploaded%20Media/plot.png``: a file of the package,
  under ``web_resources/``; an image becomes one of the quiz's assets.
- ``/courses/12/files/345/preview`` (or the same on a Canvas host): a file of
  the course that the export does not hold, so nothing can fetch it: the
  reference is dropped with a warning, its words kept.
- Canvas's equation images (``<img class="equation_image"
  data-equation-content="\\sqrt{x}">``, the TeX also in the alt text and, URL-
  encoded twice, in the ``src``): the TeX itself, as inline math ``\\(...\\)``,
  which our renderer typesets (the converter keeps that delimiter as written).
"""
from __future__ import annotations

import re
from typing import Callable
from urllib.parse import unquote

from lxml import etree, html as lxml_html

from exporter.readers.moodle.files import QuizFiles
from exporter.readers.moodle.html import html_to_markdown
from exporter.readers.package import Package
from exporter.render.fragments import append_html
from exporter.render.images import is_remote

FILEBASE = "$IMS-CC-FILEBASE$/"
WEB_RESOURCES = "web_resources/"
_COURSE_FILE = re.compile(r"^(?:https?://[^/]+)?/courses/\d+/files/\d+")
_EQUATION_SRC = re.compile(r"/equation_images/([^?#]+)")
_ALT_PREFIX = re.compile(r"^\s*LaTeX:\s*")

Warn = Callable[[str], None]


class Texts:
    """The texts of one Canvas file, their images landing in one quiz's assets."""

    def __init__(self, package: Package | None, files: QuizFiles) -> None:
        self.package = package
        self.files = files

    def markdown(self, fragment: str, what: str, warn: Warn) -> str:
        """An HTML text of Canvas as our Markdown; ``what`` names it in the warnings ``warn``
        gives (at the line of the element that holds the text)."""
        if "equation_image" in fragment:
            fragment = _equations_as_tex(fragment)

        def link(src: str, kind: str) -> str | None:
            return self._link(src, kind, what, warn)

        return html_to_markdown(fragment, link)

    def _link(self, src: str, kind: str, what: str, warn: Warn) -> str | None:
        if src.startswith(FILEBASE):
            return self._package_file(unquote(src[len(FILEBASE):].split("?")[0]), what, warn)
        if _COURSE_FILE.match(src):
            warn(f"the {what} refers to `{src}`, a file of the Canvas course that the "
                      "export does not hold: left out (upload it again where you import)")
            return None
        if is_remote(src) or kind == "a":
            return src
        warn(f"the {what} refers to `{src}`, which is neither a file of the package nor "
                  "a web address: left out")
        return None

    def _package_file(self, path: str, what: str, warn: Warn) -> str | None:
        member = WEB_RESOURCES + path
        if self.package is None or member not in self.package.members:
            warn(f"the {what} refers to `{path}`, which the package does not hold: left out")
            return None
        return self.files.add_image(path.rsplit("/", 1)[-1], self.package.read(member),
                                    f"`{path}` of the {what}", warn)


def equation_tex(image: etree._Element) -> str | None:
    """The TeX of a Canvas equation image: its ``data-equation-content``, else its alt text
    (``LaTeX: ...`` in older exports), else its ``src``, URL-encoded twice."""
    tex = image.get("data-equation-content") or _ALT_PREFIX.sub("", image.get("alt") or "")
    if not tex.strip():
        found = _EQUATION_SRC.search(image.get("src") or "")
        tex = unquote(unquote(found.group(1))) if found else ""
    return tex.strip() or None


def _equations_as_tex(fragment: str) -> str:
    """The fragment with each equation image replaced by ``\\(TeX\\)``."""
    holder = lxml_html.Element("div")
    append_html(holder, fragment)
    for image in list(holder.iter("img")):
        if "equation_image" not in (image.get("class") or "").split():
            continue
        tex = equation_tex(image)
        if tex is None:
            continue
        parent = image.getparent()
        math = f"\\({tex}\\)" + (image.tail or "")
        previous = image.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + math
        else:
            parent.text = (parent.text or "") + math
        parent.remove(image)
    return (holder.text or "") + "".join(
        etree.tostring(child, method="html", encoding="unicode") for child in holder)
