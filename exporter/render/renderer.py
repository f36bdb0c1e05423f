"""Markdown to safe HTML, shared by every writer.

A fragment is rendered once per quiz, whatever the number of targets: math
and image references are left as placeholders in the cached HTML, and only
they are substituted per target. The per-target choices (MathJax delimiters
or MathML, how a packaged file is referenced, XHTML or HTML) live in the
``TARGETS`` table of targets.py and nowhere else. Files come from the
quiz's attachments (the reader read them), never from the disk.
"""
from __future__ import annotations

import base64
import html
import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote

from exporter.render import cache
from exporter.render.images import is_remote, media_type
from exporter.render.mathml import mathml
from exporter.render.mathspans import UnbalancedMath, split_math
from exporter.render.targets import TARGETS
from exporter.model import Attachment, Question, Quiz, split_blanks

if TYPE_CHECKING:
    import markdown
    from pygments.lexer import Lexer


TITLE_LENGTH = 80  # Moodle's bank list and most QTI players cut names about here


@dataclass(frozen=True)
class Asset:
    """A file a rendered text references; ``name`` is unique within the quiz."""

    name: str
    data: bytes
    media_type: str


# Placeholders: private-use characters survive Markdown and the sanitiser
# untouched, and no author types them.
_MATH = "\ue010{}\ue011"
_MATH_RE = re.compile("\ue010(\\d+)\ue011")
_CODE = "\ue012{}\ue013"
_CODE_RE = re.compile("\ue012(\\d+)\ue013")
_IMG_SRC_RE = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')
_CODE_BLOCK_RE = re.compile(r'<pre><code(?: class="language-([\w+#.-]+)")?>(.*?)</code></pre>', re.DOTALL)
_VOID_RE = re.compile(r"<(br|hr|img|col|wbr)\b([^>]*?)\s*/?>")
_BREAK_TAG_RE = re.compile(r"<(?:br|/p|/li|/t[dh]|/h\d|/pre|/div|/blockquote)\b[^>]*>")
_TAG_RE = re.compile(r"<[^>]+>")
_FIRST_BLOCK_RE = re.compile(r"\s*(<(p|h[1-6]|pre|ul|ol|table|blockquote|div)\b.*?</\2>)", re.DOTALL)
_CODE_SPAN_RE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_OTHER_SPACE_RE = re.compile(r"[^\S ]")  # tabs, no-break spaces...: the engine rewrites them
_BLOCK_START_RE = re.compile(r"[ \t]|\d+[.)]\s|[-+>#=]|\|")  # a list, quote, heading, table...
_MATH_OR_CODE_RE = re.compile(r"[$\\`~]")  # all split_math acts on: without one, a text is prose
_PLAIN_TEXT_RE = re.compile(r"[^\n*_`\[\]!<>&\\~|]*\Z")  # no Markdown syntax at all

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
    "ul", "var",
}
_ATTRIBUTES = {
    "*": {"title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style"},
    "span": {"style"},
}
_STYLE_PROPERTIES = {"text-align", "color", "background-color", "font-weight", "font-style"}

def _markdown() -> markdown.Markdown:
    """Extensions given as objects: named by string, Python-Markdown first scans every
    installed package's entry points for them, which costs a small build a fifth of its time.
    Imported here, on the first text that needs the engine: a quiz of plain sentences, or
    one whose fragments the cache holds, never loads Markdown."""
    import markdown
    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    return markdown.Markdown(extensions=[FencedCodeExtension(), TableExtension(),
                                         SaneListExtension()])


_MARKDOWN: markdown.Markdown | None = None  # made on first use, reset after a failure


@dataclass(frozen=True)
class _Fragment:
    """A text rendered up to its target-specific parts."""

    html: str
    math: tuple[tuple[str, str], ...]  # (kind, TeX) for each math placeholder
    has_images: bool


@lru_cache(maxsize=4096)
def _lexer(language: str | None) -> Lexer:
    from pygments.lexers import TextLexer, get_lexer_by_name
    from pygments.util import ClassNotFound

    if not language:
        return TextLexer()
    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return TextLexer()


@lru_cache(maxsize=None)
def _formatter() -> tuple[object, str]:
    """Pygments' formatter and the <pre> style from its colours, made on the first code block."""
    from pygments.formatters import HtmlFormatter

    formatter = HtmlFormatter(noclasses=True, nowrap=True, style="default")
    return formatter, (f"background-color: {formatter.style.background_color}; padding: 0.5em; "
                       "line-height: 1.25; overflow-x: auto; white-space: pre")


def highlight_code(code: str, language: str | None) -> str:
    """A code block as <pre> with inline styles (LMS editors strip classes and <style>)."""
    from pygments import highlight

    formatter, pre_style = _formatter()
    spans = highlight(code, _lexer(language), formatter)
    return f'<pre style="{pre_style}">{spans.rstrip(chr(10))}</pre>'


def _protect_math(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Replace math by placeholders and unescape `\\$`, leaving code alone."""
    if not _MATH_OR_CODE_RE.search(text):  # most options and many stems: nothing to cut
        return text, ()
    try:
        segments = split_math(text)
    except UnbalancedMath:  # `check` reports it; render what is there as text
        return text, ()
    pieces: list[str] = []
    math: list[tuple[str, str]] = []
    for segment in segments:
        if segment.kind == "text":
            pieces.append(segment.content.replace("\\$", "$"))
        elif segment.kind == "code":
            pieces.append(segment.content)
        else:
            pieces.append(_MATH.format(len(math)))
            math.append((segment.kind, segment.content))
    return "".join(pieces), tuple(math)


def sanitise(fragment: str) -> str:
    import nh3

    return nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, link_rel=None,
                     url_schemes={"http", "https", "mailto"},
                     filter_style_properties=_STYLE_PROPERTIES)


def simple_paragraph(text: str) -> str | None:
    """The HTML of a one-line paragraph of plain words and `code` spans, as the
    Markdown engine would write it, without running the engine (most options and
    many stems are just that); None for anything else."""
    if _BLOCK_START_RE.match(text) or _OTHER_SPACE_RE.search(text) \
            or not _PLAIN_TEXT_RE.match(_CODE_SPAN_RE.sub("", text)):
        return None
    if not text:
        return ""
    pieces = _CODE_SPAN_RE.split(text)  # prose, code, prose, code, ..., prose
    return "<p>" + "".join(
        f"<code>{html.escape(piece.strip(), quote=False)}</code>" if odd
        else html.escape(piece, quote=False)
        for odd, piece in ((n % 2 == 1, piece) for n, piece in enumerate(pieces))) + "</p>"


@lru_cache(maxsize=None)
def _render(text: str, language: str | None) -> _Fragment:
    """Markdown to sanitised HTML with placeholders for math and code."""
    protected, math = _protect_math(text)
    stripped = protected.rstrip()
    simple = simple_paragraph(stripped)
    if simple is not None:
        return _Fragment(simple, math, has_images=False)
    key = ("html", text, language)
    clean = cache.recall(key)
    if clean is None:
        clean = _engine_render(protected, language)
        cache.keep(key, clean)
    return _Fragment(clean, math, has_images="<img" in clean)


def _engine_render(protected: str, language: str | None) -> str:
    """The Markdown engine's HTML of a text whose math is already protected, sanitised,
    with its code blocks highlighted."""
    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = _markdown()
    _MARKDOWN.reset()
    try:
        converted = _MARKDOWN.convert(protected)
    except BaseException:
        # reset() does not unwind the block parser's state stack, so an engine that
        # failed halfway (a RecursionError on absurd nesting) would mangle every later text
        _MARKDOWN = None
        raise
    blocks: list[str] = []

    def stash_code(match: re.Match) -> str:
        blocks.append(highlight_code(html.unescape(match.group(2)), match.group(1) or language))
        return _CODE.format(len(blocks) - 1)

    converted = _CODE_BLOCK_RE.sub(stash_code, converted)
    clean = sanitise(converted)
    if blocks:
        # Pygments escaped the code itself; its output never meets the sanitiser.
        clean = _CODE_RE.sub(lambda m: blocks[int(m.group(1))], clean)
    return clean


def render_ahead(quiz: Quiz) -> None:
    """Render every text of ``quiz`` up to what each target adds (math, file references),
    as every target's :meth:`Renderer.html` will find it: processes forked afterwards
    share these fragments instead of each rendering them, and filling them costs a tenth
    less than rendering each text for one target would."""
    _forget_other_quizzes(quiz)
    if quiz.description.strip():
        _render(quiz.description, quiz.language)
    for question in quiz.questions:
        language = quiz.effective_language(question)
        for text in question.texts():
            if text.strip():
                _render(text, language)


def _plain(fragment: str, math: tuple[tuple[str, str], ...]) -> str:
    out = _MATH_RE.sub(lambda m: math[int(m.group(1))][1], fragment)
    out = _TAG_RE.sub("", _BREAK_TAG_RE.sub(" ", out))
    return " ".join(html.unescape(out).split())


@lru_cache(maxsize=None)
def _title_text(stem: str, language: str | None) -> str:
    """Cut from the stem as the writers render it (same cache entry): no second Markdown run."""
    fragment = _render(stem, language)
    first = _FIRST_BLOCK_RE.match(fragment.html)
    text = _plain(first.group(1) if first else fragment.html, fragment.math)
    text = "".join(part if isinstance(part, str) else "___" for part in split_blanks(text))
    return text[:TITLE_LENGTH - 1].rstrip() + "…" if len(text) > TITLE_LENGTH else text


def _xhtml(fragment: str) -> str:
    fragment = _VOID_RE.sub(lambda m: f"<{m.group(1)}{m.group(2)} />", fragment)
    return fragment.replace("&nbsp;", "&#160;")


@dataclass
class _Files:
    """The assets of one quiz for one target, by the attachment they package."""

    by_attachment: dict[int, Asset] = field(default_factory=dict)  # id() of the Attachment
    references: dict[str, Asset] = field(default_factory=dict)


class Renderer:
    """Renders one quiz's Markdown texts for one target and collects its files."""

    def __init__(self, quiz: Quiz, target: str) -> None:
        self.quiz = quiz
        self.target = TARGETS[target]
        self._files = _Files()
        _forget_other_quizzes(quiz)

    @property
    def assets(self) -> list[Asset]:
        return list(self._files.by_attachment.values())

    def assets_in(self, fragment: str) -> list[Asset]:
        """The assets a rendered fragment references, once each, in order."""
        if "<img" not in fragment:  # the only way a fragment shows a file: most have none
            return []
        found: dict[str, Asset] = {}
        for match in _IMG_SRC_RE.finditer(fragment):
            asset = self._files.references.get(html.unescape(match.group(2)))
            if asset:
                found.setdefault(asset.name, asset)
        return list(found.values())

    def html(self, text: str, question: Question | None = None) -> str:
        """A block-level HTML fragment ("" for an empty text)."""
        if not text.strip():
            return ""
        language = self.quiz.effective_language(question) if question else self.quiz.language
        fragment = _render(text, language)
        out = fragment.html
        if fragment.math:
            out = _MATH_RE.sub(lambda m: self._math(*fragment.math[int(m.group(1))]), out)
        if fragment.has_images:
            out = _IMG_SRC_RE.sub(lambda m: m.group(1) + self._reference(m.group(2)) + m.group(3), out)
        return _xhtml(out) if self.target.xhtml else out

    def inline(self, text: str, question: Question | None = None) -> str:
        """Like html(), but a lone paragraph is unwrapped (options, labels)."""
        out = self.html(text, question)
        # one paragraph, if no other opens inside it (found with `in`: a regex's lookahead at
        # every character cost a QTI package 0.05 s on long MathML options)
        if out.startswith("<p>") and out.endswith("</p>"):
            inner = out[3:-4]
            if "<p>" not in inner and "<p " not in inner:
                return inner
        return out

    def plain(self, text: str) -> str:
        """Plain text with math as TeX and whitespace collapsed (names, titles)."""
        fragment = _render(text, None)
        return _plain(fragment.html, fragment.math)

    def stem_text(self, question: Question) -> str:
        """The stem's first block as plain text, cut to what item lists show (blanks as ___)."""
        return _title_text(question.stem, self.quiz.effective_language(question))

    def title(self, question: Question, number: int) -> str:
        """A question's name in item lists and banks: its label and the stem's first
        block as plain text, cut to what those lists show."""
        text = self.stem_text(question)
        label = question.label or str(number)
        return f"{label}. {text}" if text else f"Question {label}"

    def _math(self, kind: str, tex: str) -> str:
        display = kind == "display"
        if self.target.math == "mathml":
            return mathml(tex, display)
        escaped = html.escape(tex, quote=False)
        return f"\\[{escaped}\\]" if display else f"\\({escaped}\\)"

    def _reference(self, src: str) -> str:
        """The target's reference to an image, registering its file once."""
        source = html.unescape(src)
        if is_remote(source):
            return src
        attachment: Attachment | None = self.quiz.assets.get(source)
        if attachment is None:
            return ""  # a file the reader could not vouch for: nothing leaves its folder
        asset = self._files.by_attachment.get(id(attachment))
        if asset is None:
            asset = Asset(self._unique_name(attachment.name), attachment.data,
                          media_type(attachment.data) or "application/octet-stream")
            self._files.by_attachment[id(attachment)] = asset
        if self.target.file_reference is None:
            reference = f"data:{asset.media_type};base64,{base64.b64encode(asset.data).decode('ascii')}"
        else:
            reference = self.target.file_reference.format(name=quote(asset.name))
        self._files.references[reference] = asset
        return html.escape(reference)

    def _unique_name(self, name: str) -> str:
        taken = {asset.name for asset in self._files.by_attachment.values()}
        stem, dot, suffix = name.rpartition(".")
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{stem}-{number}{dot}{suffix}" if dot else f"{name}-{number}"
        return candidate


_current_quiz: weakref.ref | None = None


def _forget_other_quizzes(quiz: Quiz) -> None:
    """Keep the fragment cache to one quiz, so a bank's memory stays flat."""
    global _current_quiz
    if _current_quiz is None or _current_quiz() is not quiz:
        _render.cache_clear()
        _title_text.cache_clear()
        _current_quiz = weakref.ref(quiz)
