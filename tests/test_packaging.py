"""`pip install .` leaves build/, our output folder, alone, and installs the files
`lms-export init` needs (package data, not only modules)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
OFFLINE = ("No matching distribution", "Could not find a version", "Failed to establish",
           "Temporary failure in name resolution", "Network is unreachable")


def test_pip_install_writes_nothing_into_build(tmp_path):
    tree = tmp_path / "lms-export"
    shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".ci", "build", "*.egg-info", ".setuptools-build", "__pycache__",
        ".pytest_cache", ".hypothesis", "tests", "benchmarks", "docs"))
    # build isolation fetches setuptools and wheel from PyPI, as `pip install .` does
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                           "--target", str(tmp_path / "site"), str(tree)],
                          capture_output=True, text=True)
    if done.returncode != 0 and any(reason in done.stderr for reason in OFFLINE):
        pytest.skip(f"pip cannot fetch the build tools: {done.stderr.strip().splitlines()[-1]}")
    assert done.returncode == 0, done.stderr
    assert not (tree / "build").exists()
    installed = tmp_path / "site" / "exporter"
    for name in ("preview.css", "starter/example.md", "starter/images/right-triangle.svg"):
        assert (installed / name).is_file(), name
