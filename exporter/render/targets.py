"""Every per-target rendering choice, in one table.

A writer names its target; everything that differs between targets about
how a text is rendered and where its files go is decided here and nowhere
else: math as MathJax delimiters or MathML, XHTML or HTML, which XHTML
elements the target's schema accepts, the folder a package keeps its
files in and how the HTML refers to them.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

# XHTML elements both QTI 2.1 and 3.0 accept in item content.
_QTI_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd",
    "li", "ol", "p", "pre", "q", "samp", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "var",
})


@dataclass(frozen=True)
class Target:
    """What one kind of package asks of rendered HTML: how math is written, where
    its files go and how HTML names them, which tags its schema allows."""

    math: str  # "mathjax": \( \) and \[ \]; "mathml": <math> elements
    media_folder: str | None  # where the package keeps files; None: not in a folder of their own
    file_reference: str | None  # how HTML refers to a file: format with the quoted name; None: data: URI
    xhtml: bool  # QTI items are XML: void elements closed, no named entities
    html_tags: frozenset[str] = frozenset()  # an XHTML subset the target's schema imposes

    def file_href(self, name: str) -> str:
        """A packaged file's path inside the package."""
        return f"{self.media_folder}/{name}"


# Canvas course exports keep uploaded files here, under web_resources/ ($IMS-CC-FILEBASE$)
_CANVAS_MEDIA = "Uploaded Media"
_QTI_MEDIA = "images"  # beside the items, so a relative reference resolves

TARGETS: dict[str, Target] = {
    # Moodle: base64 <file> beside each text area that uses it
    "moodle": Target("mathjax", None, "@@PLUGINFILE@@/{name}", xhtml=False),
    "canvas": Target("mathjax", f"web_resources/{_CANVAS_MEDIA}",
                     f"$IMS-CC-FILEBASE$/{quote(_CANVAS_MEDIA)}/{{name}}", xhtml=False),
    "qti21": Target("mathml", _QTI_MEDIA, f"{_QTI_MEDIA}/{{name}}", xhtml=True,
                    html_tags=_QTI_TAGS),
    "qti30": Target("mathml", _QTI_MEDIA, f"{_QTI_MEDIA}/{{name}}", xhtml=True,
                    html_tags=_QTI_TAGS | {"figure", "figcaption"}),
    # the preview is one self-contained page
    "preview": Target("mathml", None, None, xhtml=False),
    # GIFT: HTML text on one line each; Moodle's MathJax filter reads \( \); no files
    "gift": Target("mathjax", None, None, xhtml=False),
    # the answer key: plain text only, math as its TeX
    "answers": Target("mathjax", None, None, xhtml=False),
}
