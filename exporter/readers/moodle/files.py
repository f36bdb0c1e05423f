"""Embedded files: Moodle's base64 ``<file>`` elements, carried as the quiz's assets.

Moodle keeps files per text area and its texts refer to them as
``@@PLUGINFILE@@/name`` (``<file name= path= encoding="base64">`` beside the
``<text>``). Our texts refer to an image by a name, and ``Quiz.assets`` maps
that name to its bytes (the renderer never reads the disk). Two areas often
hold the same file (every question of an export may carry its own copy of
a logo): one asset serves both. Two different files with one name get
distinct references (``logo.jpg``, ``logo-2.jpg``).

The renderer can package only images, so other media (an mp3, a PDF) is
dropped with a warning at its ``<file>`` line, and its link keeps its words.
"""
from __future__ import annotations

import binascii
import base64
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote, unquote

from lxml import etree

from exporter.model import Attachment
from exporter.render.images import media_type

PLUGINFILE = "@@PLUGINFILE@@/"


@dataclass(frozen=True)
class EmbeddedFile:
    name: str
    data: bytes | None  # None: not valid base64
    line: int


class QuizFiles:
    """The assets of one quiz: references as our Markdown writes them -> files."""

    def __init__(self, assets: dict[str, Attachment]) -> None:
        self.assets = assets

    def add_image(self, name: str, data: bytes, shown: str,
                  warn: Callable[[str], None]) -> str | None:
        """The reference of an image file; any other file is dropped with a warning
        (``shown`` names it as the text does), since the packages carry only images."""
        if not is_image(data):
            warn(f"{shown} is not an image (PNG, JPEG, GIF, WebP, SVG): the packages carry only "
                 "images, so it is dropped and its link keeps only its words")
            return None
        return self.add(name, data)

    def add(self, name: str, data: bytes) -> str:
        """The reference our Markdown uses for this file, registering it once."""
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, ""
        number = 1
        while True:
            candidate = name if number == 1 else f"{stem}-{number}{dot}{suffix}"
            reference = quote(candidate, safe="-._~")
            known = self.assets.get(reference)
            if known is None:
                self.assets[reference] = Attachment(candidate, data)
                return reference
            if known.data == data:
                return reference
            number += 1


def embedded_files(area: etree._Element) -> dict[str, EmbeddedFile]:
    """The ``<file>`` children of a text area, by the path Moodle's texts use after
    ``@@PLUGINFILE@@/`` (``name``, or ``sub/name`` for a file in a sub-folder)."""
    files: dict[str, EmbeddedFile] = {}
    for element in area.iterfind("file"):
        name = (element.get("name") or "").strip()
        if not name:
            continue
        folder = (element.get("path") or "/").strip().strip("/")
        key = f"{folder}/{name}" if folder else name
        files.setdefault(key, EmbeddedFile(name, _decode(element), element.sourceline or 1))
    return files


def _decode(element: etree._Element) -> bytes | None:
    if (element.get("encoding") or "base64").strip() != "base64":
        return None
    return _base64(element.text or "")


def _base64(text: str) -> bytes | None:
    """The bytes of base64 text, its line breaks ignored; None if it is not base64."""
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def old_image(question: etree._Element) -> tuple[str, bytes | None, int] | None:
    """Moodle 1.9's ``<image>`` + ``<image_base64>``: (file name, bytes, line), as
    Moodle's import_headers() reads them (a ``/`` in the name becomes ``_``)."""
    name_element = question.find("image")
    data_element = question.find("image_base64")
    name = (name_element.text or "").strip() if name_element is not None else ""
    if not name:
        return None
    line = (name_element.sourceline if name_element is not None else None) or 1
    if data_element is None or not (data_element.text or "").strip():
        return name, None, line
    return name.replace("/", "_"), _base64(data_element.text), line


def plugin_path(src: str) -> str | None:
    """The file path of an ``@@PLUGINFILE@@/`` reference, else None."""
    if not src.startswith(PLUGINFILE):
        return None
    return unquote(src[len(PLUGINFILE):].split("?")[0])


def is_image(data: bytes) -> bool:
    return media_type(data) is not None
