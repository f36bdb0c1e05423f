"""Which files a command works on: PATH arguments expanded into quiz files.

A file named on the command line is read whatever its name (its reader is
chosen by `--from`, its content or its suffix: see exporter/readers). A
folder is a bank: every `*.md` below it, and every other file a registered
reader claims, in a stable (sorted) order so outputs and reports never
depend on the file system's listing order. Hidden files, the output folder
and our own outputs (`*.moodle.xml`, `*.qti21.zip`, ...) are never read as
sources, so a bank next to its build never reads its own packages.
"""
from __future__ import annotations

from pathlib import Path

import click

from exporter import readers, writers

DEFAULT_SOURCE = Path("source")


def quiz_files(paths: tuple[str, ...], output: Path | None = None) -> list[Path]:
    """The quiz files named by ``paths`` (default: ``source/``); a usage error if none exist.

    ``output``: the folder this run writes to, skipped inside a bank.
    """
    roots = [Path(p) for p in paths] or [DEFAULT_SOURCE]
    skipped = output.resolve() if output is not None else None
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            found = sorted(p for p in root.rglob("*") if _is_source(p, root, skipped))
            if not found:
                raise click.UsageError(f"{root}: no quiz files in this folder (*.md, or a "
                                       "format lms-export reads)")
            files.extend(found)
        elif root.is_file():
            files.append(root)
        else:
            raise click.UsageError(f"{root}: no such file or folder")
    return list(dict.fromkeys(files))


def is_output(path: Path) -> bool:
    """One of the packages a build writes, by its name (our Markdown is a source, and read)."""
    name = path.name.lower()
    return any(name.endswith(info.suffix) for info in writers.WRITERS.values() if not info.source)


def _is_source(path: Path, root: Path, skipped: Path | None) -> bool:
    relative = path.relative_to(root)
    if any(part.startswith(".") for part in relative.parts) or not path.is_file():
        return False
    if skipped is not None and path.resolve().is_relative_to(skipped):
        return False
    return not is_output(path) and readers.claims(path)
