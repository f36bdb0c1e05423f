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

An entry is only ever used by the code that made it: the file begins with
a stamp of the Python version and of the installed files of the renderer
and of each library it calls (path, size, modification time), and a file
with another stamp is ignored whole. The cache only saves time, never
changes a byte of output; a cache that cannot be read or written is
passed over in silence. ``LMS_EXPORT_NO_CACHE`` (any value) turns it off,
``LMS_EXPORT_CACHE_DIR`` moves it (default: ``$XDG_CACHE_HOME/lms-export``
or ``~/.cache/lms-export``).
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager, suppress
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Hashable, Iterator

from exporter import __version__

NO_CACHE = "LMS_EXPORT_NO_CACHE"
CACHE_DIR = "LMS_EXPORT_CACHE_DIR"
# what a fragment's HTML or MathML depends on, beside the text itself
_LIBRARIES = ("markdown", "nh3", "pygments", "latex2mathml", "lxml")
_OURS = ("renderer.py", "mathml.py", "mathspans.py")
_FORMAT = 1  # of the file; a change of layout changes the stamp

Key = tuple[Hashable, ...]


class FragmentCache:
    """One source file's rendered fragments: those its last build kept, and those this
    build used or made, which are what it keeps for the next (so it never grows)."""

    def __init__(self, file: Path | None, kept: dict[Key, Any]) -> None:
        self.file = file
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
        """Write what this build used, if it differs from what was kept."""
        if self.file is None or self.used == self.kept:
            return
        import json

        entries = [[*key, value] for key, value in self.used.items()]
        text = json.dumps({"stamp": _stamp(), "entries": entries}, ensure_ascii=False,
                          separators=(",", ":"))
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self.file)  # a reader sees the old file or the new, whole
        except OSError:  # a full disk, a read-only home: the next build renders again
            with suppress(OSError):
                temporary.unlink(missing_ok=True)


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
    folder = _folder()
    if folder is None:
        return FragmentCache(None, {})
    # here: `check` imports this module for its settings' names only
    import hashlib
    import json

    name = hashlib.sha256(f"{purpose}\0{source.resolve()}".encode("utf-8", "surrogateescape")
                          ).hexdigest()
    file = folder / f"{name[:32]}.json"
    try:
        data = json.loads(file.read_bytes())
        if data["stamp"] != _stamp():
            return FragmentCache(file, {})
        kept = {tuple(entry[:-1]): entry[-1] for entry in data["entries"]}
    except (OSError, ValueError, KeyError, TypeError):  # none yet, or not ours to trust
        return FragmentCache(file, {})
    return FragmentCache(file, kept)


def _folder() -> Path | None:
    if os.environ.get(NO_CACHE):
        return None
    if os.environ.get(CACHE_DIR):
        return Path(os.environ[CACHE_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lms-export"


@lru_cache(maxsize=None)
def _stamp() -> str:
    """What the cached fragments were made with, without importing any of it."""
    here = Path(__file__).parent
    files = [str(here / name) for name in _OURS]
    for library in _LIBRARIES:
        spec = find_spec(library)
        files.append(spec.origin if spec and spec.origin else f"{library}: not installed")
    parts = [f"format {_FORMAT}", f"lms-export {__version__}", f"Python {sys.version}"]
    for file in files:
        try:
            status = os.stat(file)
            parts.append(f"{file} {status.st_size} {status.st_mtime_ns}")
        except OSError:
            parts.append(file)
    return "\n".join(parts)
