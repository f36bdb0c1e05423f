"""What every command prints and how it ends: one stream, one format, one exit-status table.

The conventions of black, ruff and pytest, so that a CI log and a terminal
read the same: stdout carries data only (`check --json`), every line meant
for a person goes to stderr (diagnostics, summaries, progress, "cannot
write"), colour only on a terminal (or with `--color always`; `NO_COLOR`
turns it off), and the exit status says which kind of failure it was.
"""
from __future__ import annotations

import functools
import os
import sys
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import click

from exporter.diagnostics import Diagnostic
from exporter.pipeline.outputs import OutputError


class ExitStatus(IntEnum):
    OK = 0  # warnings allowed, unless --strict
    QUIZ_ERRORS = 1
    USAGE = 2  # click's own status for a usage error
    CANNOT_WRITE = 3
    INTERRUPTED = 130  # 128 + SIGINT, as shells report a process Ctrl-C ended


# Every command's --help ends with it (click keeps `\b` paragraphs as written)
EXIT_STATUS = """\b
Exit status:
  0    all good (warnings allowed, unless --strict)
  1    a quiz had errors (or warnings, with --strict)
  2    bad usage
  3    could not write an output
  130  interrupted (Ctrl-C)"""

# Sources larger than this take about a second or more to build: show a progress bar
PROGRESS_BYTES = 256 * 1024

_SEVERITY_COLORS = {"error": "red", "warning": "yellow", "note": "cyan"}


class Console:
    """Where a command's lines for people go: stderr, coloured or not, all or errors only."""

    def __init__(self, quiet: bool = False, color: str = "auto") -> None:
        self.quiet = quiet
        self.color = use_color(color)
        self._bar_shown = False

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        """`path:line:col: severity: message`; with --quiet, errors only (no warnings, no notes)."""
        if diagnostic.is_error or not self.quiet:
            self._echo(f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: "
                       f"{self.severity(diagnostic.severity.value)}: {diagnostic.message}")

    def error(self, path: Path | str, message: str) -> None:
        """A problem with a whole file or folder, in the diagnostics' format without a line."""
        self._echo(f"{path}: {self.severity('error')}: {message}")

    def summary(self, *lines: str) -> None:
        """Closing lines, left out with --quiet."""
        if not self.quiet:
            for line in lines:
                self._echo(line)

    def severity(self, word: str) -> str:
        """``word`` (`error`, `warning`, `failed`) in its colour when colour is on."""
        return click.style(word, fg=_SEVERITY_COLORS.get(word, "red"), bold=True) \
            if self.color else word

    @contextmanager
    def progress(self, files: list[Path], label: str) -> Iterator[Callable[[Path], None]]:
        """A bar over ``files`` weighted by their size, on a terminal only and only for a
        build long enough to look stuck without one; yields the function that marks a file done."""
        sizes = {path: _size(path) for path in files}
        total = sum(sizes.values())
        if self.quiet or total < PROGRESS_BYTES or not sys.stderr.isatty():
            yield lambda path: None
            return
        with click.progressbar(length=total, label=label, file=sys.stderr, color=self.color,
                               show_pos=False, show_eta=True) as bar:
            self._bar_shown = True
            try:
                yield lambda path: bar.update(sizes.get(path, 0))
            finally:
                self._bar_shown = False

    def _echo(self, line: str) -> None:
        if self._bar_shown:  # clear the bar's line (not colour: always kept); it is redrawn below
            sys.stderr.write("\r\x1b[K")
        click.echo(line, err=True, color=self.color)


def use_color(choice: str) -> bool:
    """``--color``: always, never, or auto (stderr is a terminal and `NO_COLOR` is unset or
    empty, as no-color.org asks; an explicit --color wins over it)."""
    if choice != "auto":
        return choice == "always"
    return sys.stderr.isatty() and not os.environ.get("NO_COLOR")


Command = TypeVar("Command", bound=Callable[..., None])


def console_options(command: Command) -> Command:
    """--quiet and --color for a command, which receives a ``console`` built from them; and the
    exit statuses of what can go wrong in any command: 3 when an output cannot be written,
    130 on Ctrl-C, each with one line instead of a traceback or click's `Aborted!`."""

    @click.option("-q", "--quiet", is_flag=True,
                  help="Print errors only: no warnings, summary or progress (nothing on success).")
    @click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
                  show_default=True, help="Colour the severities (auto: on a terminal, "
                                          "unless NO_COLOR is set).")
    @functools.wraps(command)
    def run(*args, quiet: bool, color: str, **kwargs) -> None:
        console = Console(quiet, color)
        try:
            command(*args, console=console, **kwargs)
        except OutputError as error:
            console.error(error.path, str(error))
            sys.exit(ExitStatus.CANNOT_WRITE)
        except KeyboardInterrupt:
            # on a terminal the line goes after the `^C` the terminal echoed
            click.echo(f"{chr(10) if sys.stderr.isatty() else ''}interrupted: every file "
                       "written is complete", err=True)
            sys.exit(ExitStatus.INTERRUPTED)

    return run  # type: ignore[return-value]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
