"""Writing packages so that a failed or interrupted build never leaves a broken file.

Each output goes to a hidden temporary file in the output folder and is
renamed over its target only when complete: `os.replace` is atomic within a
folder, so readers see the old file or the new one, never half of one.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

# write_atomically's temporaries: `.quiz.moodle.xml.k3j9_x2a.tmp` (mkstemp's 8 random characters)
_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` all at once; on any failure (Ctrl-C too) leave no temp file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_leftovers(folder: Path) -> None:
    """Remove temporaries an interrupt left (one that lands inside ``mkstemp`` itself,
    before the write's own clean-up is in force), so Ctrl-C leaves the folder clean."""
    if folder.is_dir():
        for path in folder.rglob(".*.tmp"):
            if _TEMPORARY.fullmatch(path.name) and path.is_file():
                path.unlink(missing_ok=True)


def write_all(folder: Path, files: dict[str, bytes]) -> None:
    """Write a quiz's files; they were all produced before the first is written."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        target = folder / name
        if target.parent != folder:  # a file beside the quiz's own: `ID.files/3f2a9c01.png`
            target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
