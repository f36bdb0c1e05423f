"""Readers as the tests call them: a file's diagnostics as the lines a user reads."""
from __future__ import annotations

from pathlib import Path

from exporter.readers import Reading, read


def diagnostics(path: Path, reading: Reading = Reading()) -> list[str]:
    """Each diagnostic of reading ``path`` as `line:col: severity: message` (its path left out)."""
    return [f"{d.line}:{d.column}: {d.severity.value}: {d.message}"
            for d in read(path, reading).diagnostics]
