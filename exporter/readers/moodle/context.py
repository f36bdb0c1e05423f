"""What reading one ``<question>`` needs: its element, the report and its quiz's files.

Text areas (question text, feedback, options) are read here once, the same
way for every type: the area's format, its ``<text>``, and the files beside
it, which become the quiz's assets. Every diagnostic of a question points at
an element of it, so ``check`` shows the XML line to look at.
"""
from __future__ import annotations

from lxml import etree

from exporter.diagnostics import Reporter
from exporter.readers.moodle.files import QuizFiles, embedded_files, plugin_path
from exporter.readers.moodle.html import to_markdown
from exporter.readers.moodle.parse import line_of, text
from exporter.render.images import is_remote

FORMATS = ("html", "moodle_auto_format", "plain_text", "markdown", "wiki_like")


class Context:
    """One question being read."""

    def __init__(self, element: etree._Element, report: Reporter, files: QuizFiles) -> None:
        self.element = element
        self.report = report
        self.files = files
        self.line = element.sourceline or 1
        self.kind = (element.get("type") or "").strip()
        area = element.find("questiontext")
        self.text_format = self.format_of(area, "html")

    def warn(self, message: str, where: etree._Element | int | None = None) -> None:
        self.report.warning(self._line(where), message)

    def error(self, message: str, where: etree._Element | int | None = None) -> None:
        self.report.error(self._line(where), message)

    def _line(self, where: etree._Element | int | None) -> int:
        if isinstance(where, int):
            return where
        return line_of(where, self.line)

    def format_of(self, area: etree._Element | None, default: str) -> str:
        if area is None:
            return default
        name = (area.get("format") or default).strip()
        if name not in FORMATS:
            self.warn(f"unknown text format `{name}`: read as HTML, as Moodle does", area)
            return "html"
        return name

    def area(self, area: etree._Element | None, what: str, default: str | None = None) -> str:
        """A text area as Markdown, its embedded images registered as assets."""
        if area is None:
            return ""
        return self.markdown(text(area), area, what, self.format_of(area, default or self.text_format))

    def markdown(self, raw: str, area: etree._Element, what: str, text_format: str) -> str:
        """``raw`` (the area's text, perhaps changed) in ``text_format`` as Markdown."""
        files = embedded_files(area)
        used: set[str] = set()

        def link(src: str, kind: str) -> str | None:
            path = plugin_path(src)
            if path is None:
                if is_remote(src) or kind == "a":
                    return src
                self.warn(f"the {what} refers to `{src}`, which is neither an embedded file "
                          "nor a web address: left out", area)
                return None
            found = files.get(path)
            if found is None:
                self.warn(f"the {what} refers to `{path}`, which the export does not hold: "
                          "left out", area)
                return None
            used.add(path)
            return self.attach(found.name, found.data, found.line, what)

        markdown = to_markdown(raw, text_format, link)
        for path, found in files.items():
            if path not in used:
                self.warn(f"file `{found.name}` of the {what} is not referenced by its text: "
                          "left out", found.line)
        return markdown

    def attach(self, name: str, data: bytes | None, line: int, what: str) -> str | None:
        """The asset reference of an embedded file, or None (with a warning) if dropped."""
        if data is None:
            self.warn(f"file `{name}` of the {what} is not valid base64: left out", line)
            return None
        return self.files.add_image(name, data, f"file `{name}` of the {what}",
                                    lambda message: self.warn(message, line))
