"""Rendered fragments kept on disk between builds, one file per source file.

Most of a small build's time is spent loading the rendering libraries, not
using them: Python-Markdown, Pygments (which compiles every regular
expression of a lexer before it colours one line) and latex2mathml (which
reads its symbol table) cost a 20-question quiz about 80 ms before its
first text is rendered. An author builds the same texts again and again
(each save under `watch`, each commit's hook, each rebuild in CI on the
same runner), so a build keeps what it rendered of a source file, and the
next build of that file takes from there every text that did not change,
loading none of those libraries when nothing changed.

Where and when the kept files are trusted: exporter/cachedir.py.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Hashable, Iterator

from exporter import cachedir

Key = tuple[Hashable, ...]


class FragmentCache:
    """One source file's rendered fragments: those its last build kept, and those this
    build used or made, which are what it keeps for the next (so it never grows)."""

    def __init__(self, entry: cachedir.Entry | None, kept: dict[Key, Any]) -> None:
        self.entry = entry
        self.kept = kept
        self.used: dict[Key, Any] = {}

    def recall(self, key: Key) -> Any:
        """The value kept under ``key``, or None."""
        value = self.kept.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def keep(self, key: Key, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Keep what this build used, if it differs from what was kept."""
        if self.entry is not None and self.used != self.kept:
            self.entry.save([[*key, value] for key, value in self.used.items()])


_current: FragmentCache | None = None


def recall(key: Key) -> Any:
    """The current source file's fragment under ``key``, or None (also with no cache)."""
    return _current.recall(key) if _current is not None else None


def keep(key: Key, value: Any) -> None:
    """Remember a freshly rendered fragment (JSON data: strings, numbers, lists) for the
    next build of the current source file."""
    if _current is not None:
        _current.keep(key, value)


def used() -> dict[Key, Any]:
    """What this process used or made for the current source file (a forked writer sends
    it back, so that the parent keeps it)."""
    return dict(_current.used) if _current is not None else {}


def absorb(entries: dict[Key, Any]) -> None:
    """Count a forked writer's fragments as used by this build."""
    if _current is not None:
        _current.used.update(entries)


@contextmanager
def kept_for(source: Path, purpose: str) -> Iterator[None]:
    """Render ``source``'s texts with the fragments its last build for the same
    ``purpose`` kept, and keep this build's for the next. Nothing is saved if the build
    is interrupted. Each purpose (a build of some formats, the preview) has a file of its
    own: one keeps what it uses, so a `-f canvas` build, which makes no MathML, would
    otherwise drop what the next full build needs, and a preview after each build
    (`watch`) would replace what the build keeps."""
    global _current
    _current = _load(source, purpose)
    try:
        yield
        _current.save()
    finally:
        _current = None


def _load(source: Path, purpose: str) -> FragmentCache:
    entry = cachedir.entry(purpose, source)
    entries = entry.load() if entry is not None else None
    try:
        kept = {tuple(item[:-1]): item[-1] for item in entries or ()}
    except TypeError:  # not a list of lists: not ours to trust
        kept = {}
    return FragmentCache(entry, kept)
