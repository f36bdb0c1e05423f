"""The README's examples, run as written (the quick start, "Use it in a course
repository"): each block follows an HTML comment `<!-- tested: NAME -->`, so the
README cannot drift from what the commands do, init writes and the project file
accepts."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from exporter import project
from exporter.commands import init
from test_init import PRE_COMMIT, env

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def block(name: str) -> str:
    match = re.search(rf"<!-- tested: {name} -->\n```\w*\n(.*?)```", README, re.DOTALL)
    assert match, f"no block marked `<!-- tested: {name} -->` in README.md"
    return match[1]


def test_the_quick_start_runs_as_written(tmp_path):
    """Each line from a copy of the repository's source/, with the venv's lms-export on PATH."""
    shutil.copytree(Path(__file__).parents[2] / "source", tmp_path / "source")
    for line in block("quick start").splitlines():
        command = line.split("  #")[0].strip()
        done = subprocess.run(["bash", "-e", "-c", command], cwd=tmp_path, env=env(tmp_path),
                              capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout + done.stderr)
        if "--json" in command:
            assert json.loads(done.stdout)["files"][0]["questions"]
    assert {p.suffix for p in (tmp_path / "build").iterdir()} >= {".xml", ".zip", ".csv"}
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [
        "week-6-questions.canvas.zip", "week-6-questions.moodle.xml", "week6-practice.canvas.zip",
        "week6-practice.moodle.xml"]
    assert (tmp_path / "build" / "preview" / "index.html").is_file()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed in this venv "
                                                    "(pip install -e '.[test]' installs it)")
def test_the_init_walkthrough_runs_and_commits_through_the_hook(tmp_path):
    done = subprocess.run(["bash", "-e", "-c", block("init walkthrough")], cwd=tmp_path,
                          env=env(tmp_path), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    course = tmp_path / "my-course"
    assert (course / "build" / "example.moodle.xml").is_file()
    assert "check quizzes (lms-export)" in done.stdout + done.stderr  # the hook ran
    log = subprocess.run(["git", "log", "--format=%s"], cwd=course, env=env(tmp_path),
                         capture_output=True, text=True)
    assert log.stdout == "Quizzes\n"


def test_the_project_file_example_has_every_key_and_builds(tmp_path, monkeypatch):
    example = block("project file")
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "q.md").write_text("1. Is this a quiz?\n\nAnswer: True\n")
    (tmp_path / "lms-export.toml").write_text(example)
    monkeypatch.chdir(tmp_path)
    settings = project.load(tmp_path / "lms-export.toml")
    assert settings == project.Project(sources=("quizzes",), output="build",
                                       formats=("moodle", "canvas"), strict=False,
                                       source_format="markdown", encoding="utf-8")
    assert [line.split()[0] for line in example.splitlines()] == list(project.KEYS)
    (tmp_path / "pyproject.toml").write_text(f"[tool.lms-export]\n{example}")
    assert project.load(tmp_path / "pyproject.toml") == settings
    (tmp_path / "pyproject.toml").unlink()
    done = subprocess.run(["lms-export", "build"], cwd=tmp_path, env=env(tmp_path),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["q.canvas.zip",
                                                                      "q.moodle.xml"]


def test_the_pre_commit_example_is_the_hook_init_writes():
    assert yaml.safe_load(block("pre-commit")) == yaml.safe_load(init.PRE_COMMIT)


def test_the_ci_example_is_what_init_writes():
    workflow = init.WORKFLOW.format(url=init.PLACEHOLDER_URL, commit=init.PLACEHOLDER_COMMIT,
                                    output=init.OUTPUT)
    for line in block("ci").splitlines():
        assert line in workflow.splitlines()
