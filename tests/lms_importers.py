"""The real LMS importers of ../shared/importers, as test helpers.

They are the ground truth of "imports cleanly": each prints JSON of what the
LMS stored and exits 1 on what it would reject. Where the importer or the
Debian packages it needs cannot be had, the calling test is skipped with the
reason, never passed.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from exporter.model import Quiz
from exporter.readers import read

IMPORTERS = Path(__file__).resolve().parents[2] / "shared" / "importers"


def run_importer(script: Path, runtime: str, *args: str) -> tuple[int, dict]:
    """(exit status, the JSON report) of one importer run."""
    if not script.exists():
        pytest.skip(f"the importer is not here: {script} (../shared is absent)")
    done = subprocess.run([str(script), *args], capture_output=True, text=True, timeout=600)
    if done.returncode not in (0, 1) and shutil.which(runtime) is None:
        pytest.skip(f"{script.name} could not install {runtime}: {done.stderr.strip()[-300:]}")
    assert done.stdout.strip(), done.stderr
    return done.returncode, json.loads(done.stdout)


def moodle_import(path: Path) -> tuple[int, dict]:
    return run_importer(IMPORTERS / "moodle" / "moodle_import.sh", "php", str(path))


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
