"""What `check` found in a file, kept so that checking it again costs almost nothing.

A pre-commit hook checks every quiz of a repository on each commit, most of
them unchanged since the last; ruff and mypy keep each file's result for the
same reason. What `check` reports of a file depends on the file's bytes, on
how it is read (``--from``, ``--encoding``, the path as given, which every
line names), on the images it names (each look-up and what it found:
exporter/render/images.py, the only other files a reader consults) and on
the code (the stamp of exporter/cachedir.py), and on nothing else. A kept
result is used only when every one of them is as it was, so a check from the
cache prints what a fresh one would, byte for byte. A hit loads no reader
and no model (the whole saving), and reads the file only when its status on
disk cannot vouch for its bytes.
"""
from __future__ import annotations

import os
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from exporter import cachedir
from exporter.diagnostics import Diagnostic, ReadResult, Severity
from exporter.readers import Reading

_CHUNK = 1 << 20
_SETTLED_NS = 2_000_000_000


@dataclass
class Findings:
    """What `check` reports of one file, without the quizzes themselves."""

    path: Path
    quiz_lines: list[str]  # the summary line of each quiz read (none: the file was not read)
    ids: list[tuple[str, int]]  # each quiz's id and the line that sets it (0: none does)
    questions: int
    entries: list[dict]  # the file's `check --json` entries, diagnostics aside
    diagnostics: list[Diagnostic]

    @classmethod
    def of(cls, result: ReadResult) -> Findings:
        from exporter.pipeline.summary import quiz_entries, quiz_line

        return cls(result.path, [quiz_line(result, quiz) for quiz in result.quizzes],
                   [(quiz.id, quiz.id_line) for quiz in result.quizzes],
                   sum(len(quiz.questions) for quiz in result.quizzes), quiz_entries(result),
                   result.diagnostics)

    def as_data(self) -> dict:
        return {"quiz_lines": self.quiz_lines, "ids": self.ids, "questions": self.questions,
                "entries": self.entries,
                "diagnostics": [[d.path, d.line, d.column, d.severity.value, d.message]
                                for d in self.diagnostics]}

    @classmethod
    def from_data(cls, path: Path, data: dict) -> Findings:
        return cls(path, data["quiz_lines"], [(quiz_id, line) for quiz_id, line in data["ids"]],
                   data["questions"], data["entries"],
                   [Diagnostic(where, line, column, Severity(severity), message)
                    for where, line, column, severity, message in data["diagnostics"]])


def check_file(path: Path, reading: Reading) -> Findings:
    """What checking ``path`` finds: what the last check of the same bytes, read the same
    way, found, if everything it depended on is unchanged; else read afresh, and kept."""
    entry = cachedir.entry(f"check\0{path}\0{reading.format}\0{reading.encoding}", path)
    status = kept = None
    try:
        if entry is not None:
            status, kept = _status(path), entry.load()
    except OSError:  # the reader says why, at the file
        entry = None
    with suppress(KeyError, TypeError, ValueError, OSError):  # not ours to trust: read afresh
        if kept is not None and _found_again(kept["lookups"]):
            if status is not None and kept["status"] == status:
                return Findings.from_data(path, kept["findings"])
            if kept["digest"] == _digest(path):  # touched, not changed (a checkout, a clone)
                if status is not None:
                    entry.save({**kept, "status": status})
                return Findings.from_data(path, kept["findings"])
    return _read(path, reading, entry, status)


def _read(path: Path, reading: Reading, entry: cachedir.Entry | None,
          status: list[int] | None) -> Findings:
    from exporter import readers
    from exporter.render.images import lookups_recorded

    try:
        digest = _digest(path) if entry is not None else None
    except OSError:
        digest = None
    with lookups_recorded() as lookups:
        findings = Findings.of(readers.read(path, reading))
    if entry is not None and digest is not None and _unchanged(path, digest, lookups):
        entry.save({"status": status, "digest": digest,  # each image once, though looked up
                    "lookups": list(dict.fromkeys(lookups)),  # by the checks and for the files
                    "findings": findings.as_data()})
    return findings


def _status(path: Path) -> list[int] | None:
    """What vouches for the file's bytes without reading them, as make and git trust it:
    its size, times and inode, none of which a change of content leaves alone. None while
    the file changed less than two seconds ago: a second change within the clock's
    resolution (or FAT's two seconds) could leave all of them as they are."""
    status = os.stat(path)
    if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) < _SETTLED_NS:
        return None
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino,
            status.st_dev]


def _unchanged(path: Path, digest: str, lookups: list) -> bool:
    """Whether the file and its images are still what was read: one saved or replaced
    meanwhile (an editor's autosave) must not be kept under its old bytes."""
    try:
        return _digest(path) == digest and _found_again(lookups)
    except OSError:
        return False


def _digest(path: Path) -> str:
    import hashlib  # here: a file whose status vouches for it is not read at all

    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _found_again(lookups: list) -> bool:
    if not lookups:
        return True
    from exporter.render.images import finds_again  # only a file with images pays for it

    return all(finds_again(folder, src, found) for folder, src, found in lookups)
