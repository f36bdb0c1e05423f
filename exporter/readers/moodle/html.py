"""Moodle's text formats to our Markdown, with markdownify for HTML.

Moodle texts are HTML (the editor's), "Moodle auto-format" (text whose line
breaks count, HTML allowed), plain text or Markdown. Our model keeps
Markdown, so HTML goes through markdownify (MIT; html2text is GPL) with
three changes for our dialect:

- Math (``\\( \\)``, ``\\[ \\]``, ``$$ $$``) is cut out before conversion and
  put back as written, so no `_` or `*` of TeX is escaped; our renderer
  reads those delimiters.
- Escaping follows our renderer (Python-Markdown plus our math scanner):
  ``\\[`` and ``\\(`` open math there, so ``[`` becomes ``&#91;``; ``$`` is
  ``\\$``; ``<`` and ``&`` become entities; line starts that would open a
  list, heading or quote get a backslash.
- File references go through a callback that maps ``@@PLUGINFILE@@/name``
  to the quiz's asset reference, or drops the reference (keeping the words).

HTML Markdown cannot express (styled spans, underline, sub- and superscript)
stays inline as HTML, which the renderer sanitises; tables, lists, code and
images come across as Markdown.
"""
from __future__ import annotations

import html as htmllib
import re
from typing import Callable

from markdownify import MarkdownConverter

# (src, kind) -> the reference to write, or None to drop the file and keep the words
FileLink = Callable[[str, str], "str | None"]

_MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]|\$\$(.*?)\$\$", re.DOTALL)
_MATH_HOLD = "\ue020{}\ue021"
_MATH_HELD = re.compile("\ue020(\\d+)\ue021")
_INLINE_SPECIAL = re.compile(r"([\\`*_$])")
_LINE_START = re.compile(r"(^|\n)([ \t]*)([#>+-])")
# a line of `=` would underline the line above as a heading; Markdown has no `\=` escape
_SETEXT = re.compile(r"(^|\n)([ \t]*)=(?==*[ \t]*(?:\n|$))")
_LIST_NUMBER = re.compile(r"(^|\n)([ \t]*\d+)([.)])(?=\s|$)")
_LANGUAGE = re.compile(r"\blang(?:uage)?-([\w+#.-]+)")
_TAGS_INSIDE = ["td", "th", "a", "span", "strong", "b", "em", "i", "u", "li", "h1", "h2", "h3",
                "h4", "h5", "h6", "p", "div", "sub", "sup", "center", "font"]
_SHORTCUT_TEXT = re.compile(r"[<&]")


def escape_markdown(text: str, in_table: bool = False) -> str:
    """Plain text as Markdown our renderer shows exactly as written."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace("[", "&#91;")
    if in_table:
        text = text.replace("|", "\\|")
    text = _LINE_START.sub(r"\1\2\\\3", text)
    text = _SETEXT.sub(r"\1\2&#61;", text)
    return _LIST_NUMBER.sub(r"\1\2\\\3", text)


class _Converter(MarkdownConverter):
    def __init__(self, link: FileLink) -> None:
        super().__init__(heading_style="ATX", bullets="-", escape_asterisks=False,
                         escape_underscores=False, escape_misc=False,
                         keep_inline_images_in=_TAGS_INSIDE, sub_symbol="<sub>",
                         sup_symbol="<sup>",
                         code_language_callback=_code_language)
        self.link = link

    def escape(self, text: str, parent_tags: set[str]) -> str:
        return escape_markdown(text, in_table=bool({"td", "th"} & parent_tags)) if text else ""

    def convert_img(self, el, text, parent_tags):  # noqa: ANN001 - markdownify's signature
        src = self.link((el.attrs.get("src") or "").strip(), "img")
        alt = escape_markdown(el.attrs.get("alt") or "")
        if src is None:
            return alt
        return f"![{alt}]({src})"

    def convert_a(self, el, text, parent_tags):  # noqa: ANN001
        href = (el.attrs.get("href") or "").strip()
        if href:
            target = self.link(href, "a")
            if target is None:
                return text
            el.attrs["href"] = target
        return super().convert_a(el, text, parent_tags)

    def convert_span(self, el, text, parent_tags):  # noqa: ANN001
        """A styled span (italic, colour) stays as inline HTML: the renderer keeps its style."""
        style = (el.attrs.get("style") or "").strip()
        if not style or not text.strip() or "_noformat" in parent_tags:
            return text
        return f'<span style="{htmllib.escape(style)}">{text}</span>'

    def convert_u(self, el, text, parent_tags):  # noqa: ANN001
        return f"<u>{text}</u>" if text.strip() and "_noformat" not in parent_tags else text

    def convert_pre(self, el, text, parent_tags):  # noqa: ANN001
        if not text.strip():
            return ""
        longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
        fence = "`" * max(3, longest + 1)
        language = _code_language(el) or ""
        return f"\n\n{fence}{language}\n{text.strip(chr(10))}\n{fence}\n\n"


def _code_language(el) -> str | None:  # noqa: ANN001
    for node in (el, el.find("code")):
        if node is not None:
            match = _LANGUAGE.search(" ".join(node.attrs.get("class") or []))
            if match:
                return match.group(1)
    return None


def html_to_markdown(fragment: str, link: FileLink) -> str:
    """An HTML fragment as our Markdown."""
    if not fragment.strip():
        return ""
    held: list[str] = []

    def hold(match: re.Match) -> str:
        held.append(match.group(0))
        return _MATH_HOLD.format(len(held) - 1)

    protected = _MATH.sub(hold, fragment)
    if not _SHORTCUT_TEXT.search(protected):
        markdown = escape_markdown(" ".join(protected.split()))
    else:
        markdown = _Converter(link).convert(protected)
    markdown = _MATH_HELD.sub(lambda m: htmllib.unescape(held[int(m.group(1))]), markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def auto_format_to_html(text: str) -> str:
    """Moodle auto-format: blank lines end paragraphs, line breaks count, HTML stays."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join(f"<p>{p.replace(chr(10), '<br />')}</p>" for p in paragraphs if p.strip())


def plain_to_markdown(text: str) -> str:
    """Plain text: every character as written, line breaks kept."""
    lines = text.replace("\r\n", "\n").strip().split("\n")
    return "  \n".join(escape_markdown(line) for line in lines)


def to_markdown(text: str, text_format: str, link: FileLink) -> str:
    """A Moodle text in its format (html, moodle_auto_format, plain_text, markdown)."""
    if text_format == "markdown":
        return text.strip()
    if text_format == "plain_text":
        return plain_to_markdown(text)
    if text_format in ("moodle_auto_format", "wiki_like"):
        return html_to_markdown(auto_format_to_html(text), link)
    return html_to_markdown(text, link)
