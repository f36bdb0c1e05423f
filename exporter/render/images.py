"""Find the images a Markdown text uses and resolve them safely.

A quiz may come from someone else's repository, and its images end up inside
a package shown to students: a path must stay inside the quiz's folder tree
(no `../`, no absolute paths, no symlink pointing out) and the file must
really be an image. `check` and `build` share these rules.
"""
from __future__ import annotations

import html
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Iterator
from urllib.parse import unquote

from exporter.render.mathspans import prose_spans

_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")
# A raw HTML image's source, quoted either way or bare.
_HTML_IMG_SRC = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
                           re.IGNORECASE)
_REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)

# Leading bytes of the formats every LMS shows inline.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


class ImageError(ValueError):
    """An image reference that cannot go into a package; the message says why."""


@dataclass(frozen=True)
class ImageRef:
    """An image a text names, and where it names it, so a problem with it points
    at its column."""

    src: str
    offset: int  # of the `!` (or the `<img`) in the text


def find_images(text: str) -> list[ImageRef]:
    """The images of a Markdown text, outside code and math."""
    return [ImageRef(match.group(2), match.start())
            for start, end in prose_spans(text) for match in _IMAGE.finditer(text, start, end)]


def all_images(text: str) -> list[ImageRef]:
    """Every image of a Markdown text, `![]()` and raw `<img src>` alike: what must be checked,
    packaged, or (where a target carries no files) left out."""
    return (find_images(text) if "![" in text else []) + find_html_images(text)


def find_html_images(text: str) -> list[ImageRef]:
    """The raw HTML `<img src>` of a Markdown text, outside code and math: authors paste
    them to size an image, and they must be checked and packaged like `![]()`."""
    if "<img" not in text.lower():
        return []
    return [ImageRef(html.unescape(next(g for g in match.groups() if g is not None)),
                     match.start())
            for start, end in prose_spans(text)
            for match in _HTML_IMG_SRC.finditer(text, start, end)]


def is_remote(src: str) -> bool:
    """A web address is left for the LMS to fetch, not embedded."""
    return bool(_REMOTE.match(src)) or src.lower().startswith("data:")


def media_type(data: bytes) -> str | None:
    """The media type of an image file by its content, or None if not an image."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in head:
        return "image/svg+xml"
    return None


def resolve_image(base_dir: Path, src: str) -> Path | None:
    """The file behind ``src``, relative to the quiz's folder; None for a web address."""
    try:
        found = _resolve(base_dir, src)
    except (ImageError, OSError) as error:
        _record(base_dir, src, error)
        raise
    _record(base_dir, src, found)
    return found


# While `lookups_recorded` runs: each look-up of the disk and what it found
_lookups: list[tuple[str, str, str]] | None = None


@contextmanager
def lookups_recorded() -> Iterator[list[tuple[str, str, str]]]:
    """Every :func:`resolve_image` of the block as (folder, src, what it found): the only
    files a reader consults besides its source, so what `check` kept of a file holds as
    long as each of them finds the same again (:func:`finds_again`)."""
    global _lookups
    _lookups = []
    try:
        yield _lookups
    finally:
        _lookups = None


def finds_again(folder: str, src: str, found: str) -> bool:
    """Whether ``src`` resolves as it did when :func:`lookups_recorded` recorded ``found``."""
    try:
        again: Path | Exception | None = _resolve(Path(folder), src)
    except (ImageError, OSError) as error:
        again = error
    return _found(again) == found


def _record(base_dir: Path, src: str, found: Path | Exception | None) -> None:
    if _lookups is not None:
        _lookups.append((str(base_dir), src, _found(found)))


def _found(found: Path | Exception | None) -> str:
    """A look-up's outcome as text: the file, or the exception and its message."""
    return f"{type(found).__name__}: {found}" if isinstance(found, Exception) else str(found)


def _resolve(base_dir: Path, src: str) -> Path | None:
    if is_remote(src):
        return None
    relative = unquote(src)
    if relative.startswith(("/", "\\")) or PureWindowsPath(relative).is_absolute():
        raise ImageError(f"image {src} has an absolute path: give it relative to the quiz file")
    root = base_dir.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise ImageError(f"image {src} is outside the quiz's folder: "
                         "keep images beside the quiz or below it")
    if not path.is_file():
        raise ImageError(f"image {src} not found (looked for {path})")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if media_type(head) is None:
        raise ImageError(f"image {src} is not a PNG, JPEG, GIF, WebP or SVG file")
    return path
