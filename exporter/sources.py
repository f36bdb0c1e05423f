"""Which files a command works on: PATH arguments expanded into quiz files.

A folder is a bank: every `*.md` below it, in a stable (sorted) order so
outputs and reports never depend on the file system's listing order.
"""
from __future__ import annotations

from pathlib import Path

import click

DEFAULT_SOURCE = Path("source")


def quiz_files(paths: tuple[str, ...]) -> list[Path]:
    """The quiz files named by ``paths`` (default: ``source/``); a usage error if none exist."""
    roots = [Path(p) for p in paths] or [DEFAULT_SOURCE]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            found = sorted(p for p in root.rglob("*.md")
                           if p.is_file() and not any(part.startswith(".") for part in
                                                      p.relative_to(root).parts))
            if not found:
                raise click.UsageError(f"{root}: no *.md quiz files in this folder")
            files.extend(found)
        elif root.is_file():
            files.append(root)
        else:
            raise click.UsageError(f"{root}: no such file or folder")
    unique = list(dict.fromkeys(files))
    return unique
