"""`lms-export check` as a user runs it: output lines, JSON shape and exit status."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from exporter.cli import main

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
SEED = FIXTURES / "week-6-questions.md"


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_check_json_on_the_seed_as_delivered():
    result = run("--json", str(SEED))
    assert result.exit_code == 1
    [data] = json.loads(result.output)["files"]
    assert data["title"] == "Week-6 Questions"
    assert [q["type"] for q in data["questions"]] == ["single"] * 11
    assert [q["answer"] for q in data["questions"]] == [[k] for k in "BCBDABBAABD"]
    assert [(d["line"], d["severity"]) for d in data["diagnostics"]] == [(46, "error")]


def test_check_text_output_has_the_diagnostic_then_a_summary():
    result = run(str(SEED))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{SEED}:46:1: error: options follow the answer")
    assert lines[1] == f'{SEED}: "Week-6 Questions": 11 questions (11 single); 1 error'


def test_check_source_folder_is_clean(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run()
    assert result.exit_code == 0, result.output
    *quizzes, total = result.output.splitlines()  # a line per quiz, then the bank's total
    assert len(quizzes) == len(list((ROOT / "source").glob("*.md")))
    assert total.startswith(f"checked {len(quizzes)} quizzes (") and total.endswith("): no problems")


def test_a_bank_reports_every_file_even_when_one_is_bad(tmp_path):
    (tmp_path / "good.md").write_text("1. Q?\n\nAnswer: 1\n")
    (tmp_path / "bad.md").write_bytes(b"1. Q?\n\nAnswer: \xff\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "more.md").write_text("1. R?\n\nAnswer: True\n")
    result = run("--json", str(tmp_path))
    assert result.exit_code == 1
    files = json.loads(result.output)["files"]
    assert [Path(f["path"]).name for f in files] == ["bad.md", "good.md", "more.md"]
    assert [len(f["questions"]) for f in files] == [0, 1, 1]


def test_strict_turns_warnings_into_failure():
    numbering = FIXTURES / "bad" / "numbering.md"
    assert run(str(numbering)).exit_code == 0
    assert run("--strict", str(numbering)).exit_code == 1


def test_a_missing_path_is_a_usage_error(tmp_path):
    result = run(str(tmp_path / "nope.md"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_python_dash_m_runs_the_same_command():
    completed = subprocess.run([sys.executable, "-m", "exporter", "check", "--json", str(SEED)],
                               capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 1
    assert len(json.loads(completed.stdout)["files"][0]["questions"]) == 11
