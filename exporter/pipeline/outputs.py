"""Writing packages so that a failed or interrupted build never leaves a broken file.

Each output goes to a hidden temporary file in the output folder and is
renamed over its target only when complete: `os.replace` is atomic within a
folder, so readers see the old file or the new one, never half of one.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

# write_atomically's temporaries: `.quiz.moodle.xml.k3j9_x2a.tmp` (mkstemp's 8 random characters)
_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")


class OutputError(Exception):
    """An output that could not be written: the file system, not the quiz, is at fault.

    Raised instead of the OSError so that commands report it as one line and exit 3
    (a CI job must tell "the quiz is wrong" from "the runner's disk is").
    """

    def __init__(self, path: Path, error: OSError, folder: bool) -> None:
        # `-o notes.txt/out`: "Not a directory" does not say which part is the file
        file = next((part for part in (path, *path.parents) if part.is_file()), None) \
            if folder else None
        reason = f"{file} is a file, not a folder" if file else error.strerror or str(error)
        super().__init__(f"cannot write {'into this folder' if folder else 'this file'}: {reason}")
        self.path = path


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` all at once; on any failure (Ctrl-C too) leave no temp file."""
    import tempfile  # here: `check` shares this module's errors, never its writing

    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                             suffix=".tmp")
    except OSError as error:
        raise OutputError(target.parent, error, folder=True) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(target, error, folder=False) from error
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


def make_folder(folder: Path) -> None:
    """Create an output folder (and its parents), or say which one cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(folder, error, folder=True) from error


def write_all(folder: Path, files: dict[str, bytes]) -> None:
    """Write a quiz's files; they were all produced before the first is written."""
    make_folder(folder)
    for name, data in files.items():
        target = folder / name
        if target.parent != folder:  # a file beside the quiz's own: `ID.files/3f2a9c01.png`
            make_folder(target.parent)
        write_atomically(target, data)
