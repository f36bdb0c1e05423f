"""`lms-export init` as a new user runs it: then `check` and `build` with no argument,
the real pre-commit hook (from PyPI) on quizzes and on the images they use, and the
CI recipe's install line."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from exporter.cli import main
from exporter.commands import init

BIN = Path(sys.executable).parent
PRE_COMMIT = BIN / "pre-commit"
WRITTEN = ["quizzes/example.md", "quizzes/images/right-triangle.svg", "lms-export.toml",
           ".pre-commit-config.yaml", ".github/workflows/quizzes.yml", ".gitignore"]


def env(tmp_path: Path) -> dict[str, str]:
    """The venv's commands first on PATH (the hook's `language: system` runs `lms-export`
    from there), pre-commit's cache and git's identity inside the test's folder."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "HOME": str(tmp_path),
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Staff",
            "GIT_AUTHOR_EMAIL": "staff@example.org", "GIT_COMMITTER_NAME": "Staff",
            "GIT_COMMITTER_EMAIL": "staff@example.org"}


def run(tmp_path: Path, cwd: Path, *command: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env(tmp_path),
                          capture_output=True, text=True)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    done = run(tmp_path, tmp_path, "lms-export", "init", "course", "--repository",
               "https://example.org/lms-export.git", "--commit", "0123abc")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # every line for people goes to stderr
    assert done.stderr.splitlines() == [f"wrote {Path('course', name)}" for name in WRITTEN]
    return tmp_path / "course"


def test_check_and_build_with_no_argument(tmp_path, course):
    done = run(tmp_path, course, "lms-export", "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.startswith('quizzes/example.md: "Example quiz - one question of each type": '
                                  "10 questions (2 cloze, 1 essay, 1 matching, 1 multiple, "
                                  "2 numerical, 1 short, 1 single, 1 truefalse)")
    assert "warning" not in done.stderr
    done = run(tmp_path, course / "quizzes" / "images", "lms-export", "build")
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in (course / "build").iterdir()) == [
        "example.answers.csv", "example.canvas.zip", "example.moodle.xml", "example.qti21.zip",
        "example.qti30.zip"]


def test_the_ci_recipe_installs_the_pinned_commit_and_builds(course):
    workflow = yaml.safe_load((course / ".github/workflows/quizzes.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    assert [step["run"] for step in steps if "run" in step] == [
        'pip install "git+https://example.org/lms-export.git@0123abc"', "lms-export build"]
    assert steps[-1]["with"]["path"] == "build/"
    cached = next(step for step in steps if step.get("uses") == "actions/cache@v4")["with"]
    assert cached == {"path": "~/.cache/lms-export", "key": "lms-export-${{ github.sha }}",
                      "restore-keys": "lms-export-"}
    assert (course / ".gitignore").read_text().splitlines()[-1] == "/build/"


def test_unknown_origin_writes_a_placeholder_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(init, "installed_from", lambda: (None, None))
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert "quizzes.yml:1:1: warning: put the git repository and commit" in result.output
    assert f"git+{init.PLACEHOLDER_URL}@{init.PLACEHOLDER_COMMIT}" in (
        tmp_path / ".github/workflows/quizzes.yml").read_text()


def test_existing_files_are_kept_and_named_unless_force(tmp_path):
    (tmp_path / ".gitignore").write_text("*.pyc\n")
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "example.md").write_text("1. Mine?\n\nAnswer: True\n")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert f"kept {tmp_path / '.gitignore'} (it exists; --force overwrites it)" in result.output
    assert f"kept {tmp_path / 'quizzes/example.md'} (it exists; --force overwrites it)" \
        in result.output
    assert f"wrote {tmp_path / 'lms-export.toml'}" in result.output
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\n"
    assert (tmp_path / "quizzes" / "example.md").read_text() == "1. Mine?\n\nAnswer: True\n"
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--force"])
    assert result.exit_code == 0
    assert not any(line.startswith("kept ") for line in result.output.splitlines())
    assert (tmp_path / ".gitignore").read_text() == init.GITIGNORE


def test_a_folder_it_cannot_write_is_exit_3_without_traceback(tmp_path):
    (tmp_path / "file").write_text("")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "file" / "course")])
    assert result.exit_code == 3
    assert "error: cannot write" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed in this venv "
                                                    "(pip install -e '.[test]' installs it)")
def test_the_pre_commit_hook_fails_on_a_broken_quiz_and_on_a_deleted_image(tmp_path, course):
    def hook(*args: str) -> subprocess.CompletedProcess:
        return run(tmp_path, course, PRE_COMMIT, "run", *args)

    assert run(tmp_path, course, "git", "init", "-q").returncode == 0
    run(tmp_path, course, "git", "add", "-A")
    done = hook("--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "check quizzes (lms-export)" in done.stdout and "Passed" in done.stdout
    run(tmp_path, course, "git", "commit", "-q", "-m", "init")

    quiz = course / "quizzes" / "example.md"
    good = quiz.read_text()
    quiz.write_text(good.replace("Answer: (B)", "Answer: (F)"))
    run(tmp_path, course, "git", "add", "-A")
    done = hook()
    assert done.returncode == 1
    assert "quizzes/example.md:" in done.stdout and ": error: " in done.stdout
    quiz.write_text(good)
    run(tmp_path, course, "git", "add", "-A")
    assert hook().returncode == 0

    # a commit that only deletes an image a quiz uses
    image = course / "quizzes" / "images" / "right-triangle.svg"
    drawing = image.read_bytes()
    image.unlink()
    run(tmp_path, course, "git", "add", "-A")
    done = hook()
    assert done.returncode == 1
    assert "image images/right-triangle.svg not found" in done.stdout

    # the same through `git commit` and the installed hook
    assert run(tmp_path, course, PRE_COMMIT, "install").returncode == 0
    done = run(tmp_path, course, "git", "commit", "-q", "-m", "remove the drawing")
    assert done.returncode != 0 and "not found" in done.stdout + done.stderr
    image.write_bytes(drawing)
    run(tmp_path, course, "git", "add", "-A")
    done = run(tmp_path, course, "git", "commit", "-q", "-m", "a new quiz", "--allow-empty")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_pin_is_where_pip_installed_lms_export_from(monkeypatch):
    """pip's record of `pip install "git+URL@COMMIT"` (PEP 610's direct_url.json)."""
    record = ('{"url": "https://example.org/lms-export.git", "vcs_info": {"vcs": "git", '
              '"commit_id": "0907fd344052b5223f5aafa5bbc92fa3b03cf6e9"}}')

    class Installed:
        def read_text(self, name: str) -> str | None:
            return record if name == "direct_url.json" else None

    monkeypatch.setattr(init.metadata, "distribution", lambda name: Installed())
    assert init.installed_from() == ("https://example.org/lms-export.git",
                                     "0907fd344052b5223f5aafa5bbc92fa3b03cf6e9")
