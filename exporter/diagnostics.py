"""Diagnostics: every problem a reader or writer finds, pointed at its line.

One type, printed one way (`path:line:col: severity: message`), whatever
found the problem: a reader, a writer that cannot hold a question, or the
pipeline. A note, as compilers print them, is no problem: it tells the
user a step the build cannot take for them (add a Moodle quiz's random
questions), so it fails nothing, not even under --strict, and counts as
neither errors nor warnings. :class:`ReadResult` is what any reader gives
for one file.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from exporter.model import Quiz


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. Ordered by path, line and column, so that a sorted
    report reads each file from top to bottom."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    def as_data(self) -> dict:
        return {"line": self.line, "column": self.column,
                "severity": self.severity.value, "message": self.message}


def fails(diagnostics: Iterable[Diagnostic], strict: bool) -> bool:
    """Whether these problems fail a file: an error, or under --strict a warning (a note
    never does). `check` and `build` fail the same files."""
    return any(d.is_error or strict and d.is_warning for d in diagnostics)


class Reporter:
    """Collects the diagnostics of one source file."""

    def __init__(self, path: Path | str):
        self.path = str(path)
        self.items: list[Diagnostic] = []

    def error(self, line: int, message: str, column: int = 1) -> None:
        self.items.append(Diagnostic(self.path, line, column, Severity.ERROR, message))

    def warning(self, line: int, message: str, column: int = 1) -> None:
        self.items.append(Diagnostic(self.path, line, column, Severity.WARNING, message))

    def note(self, line: int, message: str, column: int = 1) -> None:
        self.items.append(Diagnostic(self.path, line, column, Severity.NOTE, message))

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.line, d.column))


@dataclass
class ReadResult:
    """What reading one file gave: its quizzes (none if it could not be read; a
    Moodle export or a Canvas course holds several) and every diagnostic."""

    path: Path
    quizzes: list[Quiz]
    diagnostics: list[Diagnostic]

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)
