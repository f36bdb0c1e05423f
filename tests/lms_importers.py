"""The real LMS importers of ../shared/importers, as test helpers.

They are the ground truth of "imports cleanly": each prints JSON of what the
LMS stored and exits 1 on what it would reject. Where the importer or the
Debian packages it needs cannot be had (the importer exits 3, "not set up",
see ../shared/importers/README.md), the calling test is skipped with the
importer's own reason, never passed; any other unexpected exit fails it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from exporter.model import Quiz
from exporter.readers import read
from writing import output

IMPORTERS = Path(__file__).resolve().parents[2] / "shared" / "importers"
NOT_SET_UP = 3  # the importers' exit status when their platform code or packages are missing
QTI_PLAY = IMPORTERS / "qti-player" / "lms_play.sh"


def run_importer(script: Path, *args: str) -> tuple[int, dict]:
    """(exit status, the JSON report) of one importer run."""
    if not script.exists():
        pytest.skip(f"the importer is not here: {script} (../shared is absent)")
    done = subprocess.run([str(script), *args], capture_output=True, text=True, timeout=600)
    if done.returncode == NOT_SET_UP:
        pytest.skip(f"{script.name} is not set up: {done.stderr.strip()[-300:]}")
    assert done.returncode in (0, 1), f"{script.name} exited {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.strip(), done.stderr
    return done.returncode, json.loads(done.stdout)


def moodle_import(path: Path) -> tuple[int, dict]:
    return run_importer(IMPORTERS / "moodle" / "moodle_import.sh", str(path))


def moodle_reimport(quizzes: list[Quiz], folder: Path) -> list[dict]:
    """What Moodle stores from our Moodle XML of each quiz, in order; each file accepted."""
    stored = []
    for quiz in quizzes:
        package = folder / f"{quiz.id}.again.moodle.xml"
        package.write_bytes(output("moodle", quiz))
        status, after = moodle_import(package)
        assert status == 0, after["errors"]
        stored += after["questions"]
    return stored


def import_each(folder: Path, sources: dict[str, Path], write: Callable[[Quiz], bytes],
                suffix: str, importer: Callable[[Path], tuple[int, dict]]) -> dict[str, dict]:
    """Each source written by ``write`` and imported once; every one must be accepted."""
    reports = {}
    for name, source in sources.items():
        package = folder / f"{name}{suffix}"
        package.write_bytes(write(read(source).quizzes[0]))
        status, report = importer(package)
        assert status == 0, report["errors"]
        reports[name] = report
    return reports


def venv_lms_export() -> Path:
    """The lms-export of the interpreter running the tests: the code under test, never an
    older one on PATH. Its absence is a broken install, so it fails rather than skips."""
    command = Path(sys.executable).with_name("lms-export")
    assert command.is_file(), f"no lms-export beside {sys.executable}: run pip install -e . first"
    return command


def play_qti(sources: list[Path], work: dict[str, Path], script: Path = QTI_PLAY) -> None:
    """Build ``sources`` with this venv's lms-export and play every QTI package in the QTI 3.0
    runtime (``lms_play.sh``), each version of ``work`` (qti21, qti30) in a process of its own.

    The harness keeps its JSON in ``work[version]/N/`` for the N-th source: ``check.json``,
    and per package ``ID.resp.json`` (the response sets, from the key in words) and
    ``ID.play.json`` (what the player rendered and scored). The tests judge those, so the
    harness's own verdict (exit 1) is not a failure here; "not set up" (3) skips, with its
    reason, and anything else fails.
    """
    if not script.exists():
        pytest.skip(f"the QTI player is not here: {script} (../shared is absent)")
    environment = {**os.environ, "LMS_EXPORT": str(venv_lms_export())}
    runs = {version: subprocess.Popen(
        [str(script), *(["--qti21"] if version == "qti21" else []), "-o", str(folder),
         *map(str, sources)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=environment) for version, folder in work.items()}
    ended = {version: (run.communicate(timeout=900)[1], run.returncode)
             for version, run in runs.items()}
    for version, (errors, status) in ended.items():
        if status == NOT_SET_UP:
            pytest.skip(f"the QTI player is not set up ({version}): {errors.strip()[-300:]}")
        assert status in (0, 1), f"lms_play.sh ({version}) exited {status}: {errors[-2000:]}"
