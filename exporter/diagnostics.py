"""Diagnostics: every problem a reader or writer finds, pointed at its line."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
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

    def as_data(self) -> dict:
        return {"line": self.line, "column": self.column,
                "severity": self.severity.value, "message": self.message}


class Reporter:
    """Collects the diagnostics of one source file."""

    def __init__(self, path: Path | str):
        self.path = str(path)
        self.items: list[Diagnostic] = []

    def error(self, line: int, message: str, column: int = 1) -> None:
        self.items.append(Diagnostic(self.path, line, column, Severity.ERROR, message))

    def warning(self, line: int, message: str, column: int = 1) -> None:
        self.items.append(Diagnostic(self.path, line, column, Severity.WARNING, message))

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.line, d.column))
