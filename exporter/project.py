"""The project file: a course repository's settings, found the way black and ruff find theirs.

A course repository says once where its quizzes are and what to build, so
that a bare `lms-export check` or `build` (by hand, in a pre-commit hook, in
CI) does the right thing from any folder of it. The settings are either the
top-level keys of `lms-export.toml` or the `[tool.lms-export]` table of
`pyproject.toml`. From the working directory up, the first folder holding
either wins; in one folder `lms-export.toml` wins, as `ruff.toml` does over
`pyproject.toml`. The search stops after the folder that holds `.git` (a
repository's root, as black's), so a stray file above a repository never
steers its commands. Paths are relative to the file's folder.

The settings become click's ``default_map``: a command-line option still
overrides each of them, and the commands themselves never see a file.
"""
from __future__ import annotations

import codecs
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from exporter.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from tomllib import TOMLDecodeError

FILE_NAME = "lms-export.toml"
PYPROJECT = "pyproject.toml"
KEYS = ("sources", "output", "formats", "strict", "from", "encoding")


class ProjectError(Exception):
    """A project file that cannot be used; str() is the `path:line:col: error:` line."""

    def __init__(self, path: Path, line: int, message: str, column: int = 1) -> None:
        self.diagnostic = Diagnostic(os.path.relpath(path), line, column, Severity.ERROR, message)
        super().__init__(str(self.diagnostic))


@dataclass(frozen=True)
class Project:
    """The checked settings of a project file, its paths relative to the working
    directory (so messages name files as the user sees them); None: not set."""

    sources: tuple[str, ...] | None = None
    output: str | None = None
    formats: tuple[str, ...] | None = None
    strict: bool | None = None
    source_format: str | None = None
    encoding: str | None = None

    def default_map(self) -> dict[str, dict[str, object]]:
        """click's ``default_map``: each command's parameters this file sets."""
        common = {"paths": self.sources, "source_format": self.source_format,
                  "encoding": self.encoding}
        formats = ",".join(self.formats) if self.formats else None
        preview = str(Path(self.output) / "preview") if self.output else None
        commands = {
            "check": {**common, "strict": self.strict},
            "build": {**common, "output": self.output, "formats": formats, "strict": self.strict},
            "preview": {**common, "output": preview},
            "watch": {**common, "output": self.output, "formats": formats},
        }
        return {name: {key: value for key, value in params.items() if value is not None}
                for name, params in commands.items()}


def find(start: Path) -> Project | None:
    """The project governing ``start`` (a folder), or None: the defaults apply."""
    for folder in (start, *start.parents):
        project = load(folder / FILE_NAME) or load(folder / PYPROJECT)
        if project is not None:
            return project
        if (folder / ".git").exists():  # a folder for a repository, a file for a worktree
            return None
    return None


def load(path: Path) -> Project | None:
    """The settings in ``path``; None if it does not exist or (a pyproject.toml) has
    no `[tool.lms-export]` table. Raises ProjectError on anything it cannot use."""
    if not path.is_file():
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise ProjectError(path, 1, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ProjectError(path, 1, "not UTF-8 text") from None
    if path.name == PYPROJECT and "lms-export" not in text:  # another tool's file: not ours
        return None  # to parse (nor to fault), and the TOML parser stays unloaded
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(path, text, error) from None
    table_line = 0
    if path.name == PYPROJECT:
        tool = data.get("tool")
        settings = tool.get("lms-export") if isinstance(tool, dict) else None
        if settings is None:
            return None
        table_line = _header_line(text)
        if not isinstance(settings, dict):
            raise ProjectError(path, table_line or 1, "[tool.lms-export] must be a table")
    else:
        settings = data
    return _checked(path, settings, _KeyLines(text, table_line))


def _checked(path: Path, settings: dict, lines: _KeyLines) -> Project:
    from exporter import readers, writers  # the registries, loaded only to check a file's names

    def fail(key: str, message: str) -> ProjectError:
        line, column = lines.find(key)
        return ProjectError(path, line, f"{key}: {message}", column)

    for key in settings:
        if key not in KEYS:
            raise fail(key, f"unknown key; the keys are {', '.join(KEYS)}")
    folder = path.parent
    values: dict[str, object] = {}
    if "sources" in settings:
        values["sources"] = tuple(_relative(folder, p) for p in
                                  _names(settings["sources"], lambda m: fail("sources", m)))
    if "output" in settings:
        if not isinstance(settings["output"], str) or not settings["output"].strip():
            raise fail("output", 'must be a folder name in quotes, e.g. "build"')
        values["output"] = _relative(folder, settings["output"])
    if "formats" in settings:
        formats = _names(settings["formats"], lambda m: fail("formats", m))
        unknown = [name for name in formats if name not in writers.WRITERS]
        if unknown:
            raise fail("formats", f"unknown format {', '.join(unknown)}; choose from "
                                  f"{', '.join(writers.WRITERS)}")
        values["formats"] = formats
    if "strict" in settings:
        if not isinstance(settings["strict"], bool):
            raise fail("strict", "must be true or false")
        values["strict"] = settings["strict"]
    if "from" in settings:
        if settings["from"] not in readers.READERS:
            raise fail("from", f"unknown reader {settings['from']!r}; choose from "
                               f"{', '.join(readers.READERS)}")
        values["source_format"] = settings["from"]
    if "encoding" in settings:
        try:
            codecs.lookup(str(settings["encoding"]))
        except LookupError:
            raise fail("encoding", f"unknown encoding {settings['encoding']!r} (e.g. utf-8, "
                                   "cp1252)") from None
        values["encoding"] = str(settings["encoding"])
    return Project(**values)


def _names(value: object, fail: Callable[[str], ProjectError]) -> tuple[str, ...]:
    """A non-empty list of non-empty strings, as TOML writes it: ["a", "b"]."""
    if (not isinstance(value, list) or not value
            or not all(isinstance(item, str) and item.strip() for item in value)):
        raise fail('must be a list of names in quotes, e.g. ["quizzes"]')
    return tuple(value)


def _relative(folder: Path, name: str) -> str:
    """A path of the file, as seen from the working directory."""
    return os.path.relpath(folder / name)


def _syntax_error(path: Path, text: str, error: TOMLDecodeError) -> ProjectError:
    """tomllib's message ends "(at line L, column C)" or "(at end of document)"."""
    match = re.search(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$", str(error))
    if match is None:
        return ProjectError(path, 1, f"invalid TOML: {error}")
    if match[1]:
        line, column = int(match[1]), int(match[2])
    else:
        line, column = text.count("\n") + 1, len(text.rpartition("\n")[2]) + 1
    return ProjectError(path, line, f"invalid TOML: {str(error)[:match.start()]}", column)


_HEADER = re.compile(r"""^\s*\[\s*tool\s*\.\s*(?:lms-export|"lms-export"|'lms-export')\s*\]""")


def _header_line(text: str) -> int:
    """The line of `[tool.lms-export]`, 0 if the table is written another way."""
    for number, line in enumerate(text.splitlines(), 1):
        if _HEADER.match(line):
            return number
    return 0


class _KeyLines:
    """Where a key of the settings is written, for messages: tomllib keeps no
    positions, so the key is looked up in its table's lines of the text."""

    def __init__(self, text: str, table_line: int) -> None:
        self.lines = text.splitlines()
        self.table_line = table_line

    def find(self, key: str) -> tuple[int, int]:
        name = re.escape(key)
        pattern = re.compile(rf"""^(\s*)(?:{name}|"{name}"|'{name}')\s*=""")
        for number in range(self.table_line + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if line.lstrip().startswith("["):
                break  # the next table
            match = pattern.match(line)
            if match:
                return number, len(match[1]) + 1
        return max(self.table_line, 1), 1
