"""The author's loop outside the build: the pre-commit hook and shell completion."""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"


def console_script() -> Path:
    script = Path(sys.executable).with_name("lms-export")
    if not script.exists():
        pytest.skip("the lms-export console script is not installed beside this Python")
    return script


def test_pre_commit_hook_runs_check_on_the_staged_files_like_pre_commit_does():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "lms-export-check" and hook["language"] == "python"
    command = shlex.split(hook["entry"])
    command[0] = str(console_script())
    good = subprocess.run([*command, str(ROOT / "source" / "week-6-questions.md"),
                           str(FIXTURES / "all-types.md")], capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run([*command, str(FIXTURES / "all-types.md"),
                          str(FIXTURES / "week-6-questions.md")], capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"{FIXTURES / 'week-6-questions.md'}:46:1: error:" in bad.stderr  # every message goes to stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_script_is_generated(shell):
    completed = subprocess.run([str(console_script())], capture_output=True, text=True,
                               env={**os.environ, "_LMS_EXPORT_COMPLETE": f"{shell}_source"})
    assert completed.returncode == 0
    assert "_LMS_EXPORT_COMPLETE" in completed.stdout


def test_completion_offers_the_commands():
    completed = subprocess.run([str(console_script())], capture_output=True, text=True,
                               env={**os.environ, "_LMS_EXPORT_COMPLETE": "bash_complete",
                                    "COMP_WORDS": "lms-export b", "COMP_CWORD": "1"})
    assert "plain,build" in completed.stdout.splitlines()


@pytest.mark.parametrize("command", ["check", "build", "watch"])
def test_every_command_has_help_with_an_example(command):
    completed = subprocess.run([sys.executable, "-m", "exporter", command, "--help"],
                               capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 0
    assert "Example:" in completed.stdout and f"lms-export {command}" in completed.stdout
