"""The files a quiz's Markdown references, read into the model once.

Writers never touch the disk: every image a text uses (Markdown `![]()` or a
raw `<img src>`) is read here, under the reference as written, so that the
renderer finds it whatever target it writes for. References that resolve to
one file share one :class:`~exporter.model.Attachment`. A reference that
cannot be resolved is left out; `check` has already said why (see checks.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from exporter.model import Attachment, Quiz
from exporter.render.images import ImageError, all_images, is_remote, resolve_image


def attach_files(quiz: Quiz, base_dir: Path) -> None:
    """Fill ``quiz.assets`` with every local image its texts reference."""
    by_path: dict[Path, Attachment] = {}
    for src in _references(quiz):
        if src in quiz.assets or is_remote(src):
            continue
        try:
            path = resolve_image(base_dir, src)
            attachment = by_path.get(path) or Attachment(path.name, path.read_bytes())
        except (ImageError, OSError):
            continue
        by_path[path] = quiz.assets[src] = attachment


def _references(quiz: Quiz) -> Iterator[str]:
    texts = [quiz.description, *(text for q in quiz.questions for text in q.texts())]
    for text in texts:
        if "!" in text or "<" in text:
            yield from (image.src for image in all_images(text))
