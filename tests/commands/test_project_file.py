"""The project file (lms-export.toml, pyproject.toml's [tool.lms-export]) as a course
repository uses it: found from any folder below, overridden by options, refused with
a `path:line:col: error:` line and exit 2 when wrong."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import main

QUIZ = "1. Is this a question?\n\nAnswer: True\n"
WARNED = "1. One?\n\nAnswer: 1\n\n3. Three?\n\nAnswer: 3\n"  # a numbering warning


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def course(tmp_path: Path, monkeypatch) -> Path:
    """A repository with quizzes in quizzes/ and units/, and a project file for both."""
    (tmp_path / ".git").mkdir()
    for folder in ("quizzes", "units", "notes"):
        (tmp_path / folder).mkdir()
    (tmp_path / "quizzes" / "one.md").write_text(QUIZ)
    (tmp_path / "units" / "two.md").write_text(QUIZ.replace("this", "that"))
    (tmp_path / "notes" / "three.md").write_text(QUIZ)
    (tmp_path / "lms-export.toml").write_text(
        'sources = ["quizzes", "units"]\noutput = "dist"\nformats = ["moodle", "answers"]\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def checked_paths(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [entry["path"] for entry in json.loads(result.output)["files"]]


def test_the_project_file_sets_sources_output_and_formats(course):
    assert checked_paths(invoke("check", "--json")) == ["quizzes/one.md", "units/two.md"]
    result = invoke("build")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (course / "dist").iterdir()) == ["one.answers.csv",
                                                                   "one.moodle.xml",
                                                                   "two.answers.csv",
                                                                   "two.moodle.xml"]
    assert not (course / "build").exists()


def test_it_is_found_from_a_folder_below_with_paths_relative_to_its_folder(course, monkeypatch):
    (course / "quizzes" / "deeper").mkdir()
    monkeypatch.chdir(course / "quizzes" / "deeper")
    assert checked_paths(invoke("check", "--json")) == ["../one.md", "../../units/two.md"]
    assert invoke("build").exit_code == 0
    assert (course / "dist" / "two.moodle.xml").is_file()


def test_options_override_it(course):
    assert checked_paths(invoke("check", "--json", "notes")) == ["notes/three.md"]
    result = invoke("build", "notes", "-o", "out", "-f", "canvas")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (course / "out").iterdir()] == ["three.canvas.zip"]
    assert not (course / "dist").exists()


def test_strict_from_the_file_and_no_strict_on_the_command_line(course):
    (course / "quizzes" / "one.md").write_text(WARNED)
    assert invoke("check").exit_code == 0
    with (course / "lms-export.toml").open("a") as file:
        file.write("strict = true\n")
    assert invoke("check").exit_code == 1
    assert invoke("build").exit_code == 1
    assert invoke("check", "--no-strict").exit_code == 0


def test_preview_goes_under_the_output_folder(course):
    assert invoke("preview").exit_code == 0
    assert (course / "dist" / "preview" / "index.html").is_file()


def test_pyproject_table_and_precedence_of_lms_export_toml(course):
    (course / "lms-export.toml").unlink()
    (course / "pyproject.toml").write_text('[project]\nname = "course"\n\n'
                                           '[tool.lms-export]\nsources = ["notes"]\n')
    assert checked_paths(invoke("check", "--json")) == ["notes/three.md"]
    (course / "lms-export.toml").write_text('sources = ["units"]\n')
    assert checked_paths(invoke("check", "--json")) == ["units/two.md"]


def test_a_pyproject_without_the_table_is_passed_over(course, monkeypatch):
    (course / "quizzes" / "pyproject.toml").write_text('[tool.black]\nline-length = 99\n')
    monkeypatch.chdir(course / "quizzes")
    assert checked_paths(invoke("check", "--json")) == ["one.md", "../units/two.md"]


def test_the_search_stops_at_the_repository_root(course, monkeypatch):
    inner = course / "other-repo"
    (inner / ".git").mkdir(parents=True)
    (inner / "source").mkdir()
    (inner / "source" / "q.md").write_text(QUIZ)
    monkeypatch.chdir(inner)
    assert checked_paths(invoke("check", "--json")) == ["source/q.md"]  # today's default


@pytest.mark.parametrize("text, line, message", [
    ('sources = ["quizzes"]\noutput = 3\n', "2:1", "output: must be a folder name"),
    ('sources = "quizzes"\n', "1:1", 'sources: must be a list of names in quotes'),
    ('\n  formats = ["moodle", "moodel"]\n', "2:3", "formats: unknown format moodel; choose from"),
    ('strict = "yes"\n', "1:1", "strict: must be true or false"),
    ('from = "word"\n', "1:1", "from: unknown reader 'word'"),
    ('source = ["quizzes"]\n', "1:1", "source: unknown key; the keys are sources, output,"),
    ('sources = ["quizzes"\n', "2:1", "invalid TOML: Unclosed array"),
    ('output = "build\nstrict = true\n', "1:16", "invalid TOML: Illegal character"),
])
def test_a_bad_value_is_an_error_at_its_line_and_exit_2(course, text, line, message):
    (course / "lms-export.toml").write_text(text)
    for command in ("check", "build", "preview"):
        result = invoke(command)
        assert result.exit_code == 2
        assert result.output.startswith(f"lms-export.toml:{line}: error: {message}"), result.output
        assert "Traceback" not in result.output


def test_a_bad_table_in_pyproject_names_its_line(course):
    (course / "lms-export.toml").unlink()
    (course / "pyproject.toml").write_text('[project]\nname = "c"\n\n[tool.lms-export]\n'
                                           'sources = ["quizzes"]\njobs = 2\n\n'
                                           '[tool.other]\njobs = 1\n')
    result = invoke("check")
    assert result.exit_code == 2
    assert result.output.startswith("pyproject.toml:6:1: error: jobs: unknown key")


def test_the_installed_command_reports_a_bad_file_without_a_traceback(course):
    (course / "lms-export.toml").write_text("output = [\n")
    done = subprocess.run([Path(sys.executable).with_name("lms-export"), "build"], cwd=course,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ""})
    assert done.returncode == 2
    assert done.stderr.startswith("lms-export.toml:2:1: error: invalid TOML: ")
    assert "Traceback" not in done.stderr + done.stdout


def test_init_reads_no_project_file(course):
    (course / "lms-export.toml").write_text("broken = [\n")
    result = invoke("init", "new")
    assert result.exit_code == 0, result.output
