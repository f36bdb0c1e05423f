"""`lms-export init`: a course repository that checks and builds its quizzes from the start.

A new user should not have to assemble a project file, a pre-commit hook
and a CI recipe from the README before the first commit: `init` writes them
all, with an example quiz, so that `lms-export check`, `lms-export build`,
the hook and CI work with no argument. It never replaces a file that is
there unless told to (`--force`): the folder may be a repository already.
"""
from __future__ import annotations

import json
import subprocess
from importlib import metadata, resources
from pathlib import Path

import click

from exporter import project
from exporter.commands.console import EXIT_STATUS, Console, console_options
from exporter.diagnostics import Diagnostic, Severity
from exporter.pipeline.outputs import make_folder, write_atomically

SOURCES = "quizzes"
OUTPUT = "build"
# the example quiz and its image, package data under exporter/starter/
STARTER = ("example.md", "images/right-triangle.svg")
PLACEHOLDER_URL = "https://github.com/YOUR-ORGANISATION/lms-export"
PLACEHOLDER_COMMIT = "COMMIT"

PROJECT_FILE = f"""\
# lms-export settings for this course repository; paths are relative to this folder.
# Every command reads them from here or any folder below; command-line options override them.
sources = ["{SOURCES}"]   # the quiz files and folders that check, build, preview and watch read
output = "{OUTPUT}"       # where build writes the packages (preview: its preview/ folder)
strict = false          # true: a warning fails the check and the build, as an error does
# formats = ["moodle", "canvas"]   # default: every format build writes (see lms-export build -h)
# from = "moodle"                   # read every source as this format (default: by content)
"""

PRE_COMMIT = f"""\
# Checks the quizzes before every commit (once: `pip install pre-commit && pre-commit install`).
# `repo: local` runs the lms-export installed on this machine, so no published package or
# tag is needed; `lms-export check` reads the sources {project.FILE_NAME} names.
repos:
  - repo: local
    hooks:
      - id: lms-export-check
        name: check quizzes (lms-export)
        entry: lms-export check
        language: system
        pass_filenames: false   # check reads every quiz: an image is checked with its quizzes
        always_run: true        # also when a commit only deletes an image a quiz uses
"""

WORKFLOW = """\
# Builds the quizzes on every push and pull request; the packages are the run's artifact.
# lms-export is installed from its git repository at a pinned commit: move the pin to
# take a newer version. The cache step keeps the rendered texts from run to run, so a
# build renders only what changed (the files are the same bytes either way).
name: quizzes
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "git+{url}@{commit}"
      - uses: actions/cache@v4
        with:
          path: ~/.cache/lms-export
          key: lms-export-${{{{ github.sha }}}}
          restore-keys: lms-export-
      - run: lms-export build
      - uses: actions/upload-artifact@v4
        with:
          name: quiz-packages
          path: {output}/
"""

GITIGNORE = f"""\
# lms-export's output: built from the quizzes, never committed
/{OUTPUT}/
"""


@click.command(epilog=EXIT_STATUS)
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--repository", metavar="URL",
              help="Git repository CI installs lms-export from (default: the one this "
                   "lms-export was installed from, if known).")
@click.option("--commit", metavar="SHA",
              help="Commit of it CI installs (default: the one this lms-export was installed "
                   "from, if known).")
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@console_options
def init(directory: str, repository: str | None, commit: str | None, force: bool,
         console: Console) -> None:
    """Make DIRECTORY (default: here) a course repository: an example quiz in
    quizzes/, lms-export.toml, a pre-commit hook, a GitHub Actions workflow,
    .gitignore. Files that exist are kept (and named) unless --force.

    \b
    Example:
      lms-export init my-course
      cd my-course && lms-export check && lms-export build
    """
    known_url, known_commit = installed_from()
    url, pin = repository or known_url, commit or known_commit
    root = Path(directory)
    for name, content in files(url or PLACEHOLDER_URL, pin or PLACEHOLDER_COMMIT).items():
        path = root / name
        if path.exists() and not force:
            console.summary(f"kept {path} (it exists; --force overwrites it)")
            continue
        make_folder(path.parent)
        write_atomically(path, content)  # a failure: exit 3 with one line (console_options)
        console.summary(f"wrote {path}")
    if url is None or pin is None:
        console.diagnostic(Diagnostic(str(root / ".github/workflows/quizzes.yml"), 1, 1,
                                      Severity.WARNING,
                                      "put the git repository and commit to install lms-export "
                                      "from in the pip install line (or run init with "
                                      "--repository and --commit)"))


def files(url: str, commit: str) -> dict[str, bytes]:
    """Every file init writes, by its path in the repository."""
    starter = resources.files("exporter") / "starter"
    return {
        **{f"{SOURCES}/{name}": (starter / name).read_bytes() for name in STARTER},
        project.FILE_NAME: PROJECT_FILE.encode(),
        ".pre-commit-config.yaml": PRE_COMMIT.encode(),
        ".github/workflows/quizzes.yml": WORKFLOW.format(url=url, commit=commit,
                                                         output=OUTPUT).encode(),
        ".gitignore": GITIGNORE.encode(),
    }


def installed_from() -> tuple[str | None, str | None]:
    """The git repository and commit this lms-export came from, so CI installs the
    same code: pip's record of a `pip install git+URL@REV` (PEP 610), else the git
    checkout an editable install runs from (its `origin`, its HEAD); None: unknown."""
    try:
        record = metadata.distribution("lms-export").read_text("direct_url.json")
    except metadata.PackageNotFoundError:  # run from a source tree, not installed
        record = None
    if record:
        data = json.loads(record)
        if "vcs_info" in data:
            return data["url"], data["vcs_info"].get("commit_id")
    checkout = Path(__file__).resolve().parents[2]
    if not (checkout / ".git").exists():
        return None, None
    return _git(checkout, "remote", "get-url", "origin"), _git(checkout, "rev-parse", "HEAD")


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)
    except OSError:  # no git on this machine
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None
