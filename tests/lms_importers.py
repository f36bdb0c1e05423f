"""The real LMS importers of ../shared/importers, as test helpers.

They are the ground truth of "imports cleanly": each prints JSON of what the
LMS stored and exits 1 on what it would reject. Where the importer or the
Debian packages it needs cannot be had (the importer exits 3, "not set up",
see ../shared/importers/README.md), the calling test is skipped with the
importer's own reason, never passed; any other unexpected exit fails it.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from exporter.model import Quiz
from exporter.readers import read

IMPORTERS = Path(__file__).resolve().parents[2] / "shared" / "importers"
NOT_SET_UP = 3  # the importers' exit status when their platform code or packages are missing


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
