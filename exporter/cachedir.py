"""Where lms-export keeps, between runs, what only saves time, and when it trusts it.

Two things are kept, one file per source file and purpose: the fragments a
build rendered (render/cache.py) and what `check` found (pipeline/findings.py).
An entry is only ever used by the code that made it: each file holds a stamp
of the Python version and of every installed file of lms-export and of the
libraries it calls (path, size, modification time), and a file with another
stamp, or one that does not parse, is ignored whole and replaced. A cache
that cannot be read or written is passed over in silence: it never changes
a byte of output or a word of a report.

``LMS_EXPORT_NO_CACHE`` (any value) turns it off, ``LMS_EXPORT_CACHE_DIR``
moves it (default: ``$XDG_CACHE_HOME/lms-export`` or ``~/.cache/lms-export``).
"""
from __future__ import annotations

import os
import sys
import zlib
from contextlib import suppress
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from exporter import __version__

NO_CACHE = "LMS_EXPORT_NO_CACHE"
CACHE_DIR = "LMS_EXPORT_CACHE_DIR"
# what readers and the renderer call: a new version of one may read or render otherwise
_LIBRARIES = ("lxml", "markdown", "pygments", "yaml", "nh3", "latex2mathml", "markdownify",
              "bs4")
_FORMAT = 2  # of the files; a change of layout changes the stamp


class Entry:
    """The file kept for one source file and purpose; ``key`` says which, and is stored
    in the file, so that two keys whose file names clash each read as absent."""

    def __init__(self, file: Path, key: str) -> None:
        self.file = file
        self.key = key

    def load(self) -> Any:
        """What the last :meth:`save` kept, or None: none yet, made by other code, damaged."""
        import json

        try:
            data = json.loads(self.file.read_bytes())
            if data["stamp"] == stamp() and data["key"] == self.key:
                return data["kept"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def save(self, kept: Any) -> None:
        """Keep ``kept`` (JSON data), atomically: a reader sees the old file or the new,
        whole; a full disk or a read-only home costs the next run its time, nothing else."""
        import json

        # ASCII, with escapes: a lone surrogate (a file name that is not UTF-8) goes too
        text = json.dumps({"stamp": stamp(), "key": self.key, "kept": kept},
                          separators=(",", ":"))
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(text, encoding="ascii")
            os.replace(temporary, self.file)
        except OSError:
            with suppress(OSError):
                temporary.unlink(missing_ok=True)


def entry(purpose: str, source: Path) -> Entry | None:
    """The kept file of ``source`` (resolved: the same file from any folder) for
    ``purpose``; None when the cache is off."""
    folder = _folder()
    if folder is None:
        return None
    key = f"{purpose}\0{source.resolve()}"
    data = key.encode("utf-8", "surrogateescape")
    # a name, not a secret: two checksums, so `check` need not load hashlib to find its file
    return Entry(folder / f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}.json", key)


def _folder() -> Path | None:
    if os.environ.get(NO_CACHE):
        return None
    if os.environ.get(CACHE_DIR):
        return Path(os.environ[CACHE_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lms-export"


@lru_cache(maxsize=None)
def stamp() -> str:
    """What a kept file was made with, found without importing any of it."""
    files = sorted(_package_files(os.path.dirname(os.path.abspath(__file__))))
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


def _package_files(folder: str) -> list[str]:
    """Every file of the package (its code, templates, stylesheet), bytecode aside."""
    files = []
    try:
        with os.scandir(folder) as entries:
            for item in entries:
                if item.is_dir():
                    if item.name != "__pycache__":
                        files += _package_files(item.path)
                else:
                    files.append(item.path)
    except NotADirectoryError:  # run from a zip: the zip's own size and time stand for all
        return [folder.rsplit(os.sep, 1)[0]]
    return files
