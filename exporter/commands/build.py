"""`lms-export build`: quiz sources in, one package per target and quiz out."""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Iterable

import click

from exporter import writers
from exporter.build import QuizBuild, build_quiz
from exporter.diagnostics import Reporter
from exporter.outputs import write_all
from exporter.sources import quiz_files


def parse_formats(value: str | None) -> list[str]:
    """The -f list, checked against the registry of writers."""
    if value is None:
        return list(writers.WRITERS)
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in writers.WRITERS]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from "
                                 f"{', '.join(writers.WRITERS)}", param_hint="-f")
    return list(dict.fromkeys(names))


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", "output", type=click.Path(file_okay=False), default="build",
              show_default=True, help="Folder the packages are written to.")
@click.option("-f", "--formats", "formats", metavar="LIST",
              help=f"Comma-separated outputs (default: all): {', '.join(writers.WRITERS)}.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors: such quizzes are not built.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="all cores",
              help="Processes: the quizzes of a bank, or the writers of one big quiz, in parallel.")
def build(paths: tuple[str, ...], output: str, formats: str | None, strict: bool, jobs: int) -> None:
    """Build LMS packages from quiz sources, one file per quiz and format.

    PATHS are quiz files or folders (a folder is a bank of *.md files);
    default: source/. A quiz with errors is not written (an earlier good
    build of it stays in place); the other quizzes still are, and the exit
    status is 1.

    \b
    Outputs per quiz, named by its id:
      ID.moodle.xml  ID.qti21.zip  ID.qti30.zip  ID.canvas.zip  ID.answers.csv

    \b
    Example:
      lms-export build
      lms-export build quizzes/ -o dist/ -f moodle,canvas -j 2
    """
    started = time.perf_counter()
    chosen = parse_formats(formats)
    files = quiz_files(paths)
    folder = Path(output)
    tally = build_and_write(files, folder, chosen, strict, jobs)
    seconds = time.perf_counter() - started
    click.echo(f"built {tally.built} of {len(files)} quiz{'zes' * (len(files) != 1)} "
               f"({tally.questions} questions): {tally.written} files in {folder}/ in {seconds:.2f} s",
               err=True)
    sys.exit(1 if tally.failed else 0)


@dataclass
class Tally:
    built: int = 0
    failed: int = 0
    written: int = 0
    questions: int = 0


def build_and_write(files: list[Path], folder: Path, formats: list[str], strict: bool = False,
                    jobs: int = 1) -> Tally:
    """Build quizzes, print their diagnostics, and write the outputs of those that built."""
    tally = Tally()
    # one quiz: its writers share the processes; a bank: its quizzes do
    work = partial(build_quiz, formats=formats, strict=strict, jobs=jobs if len(files) == 1 else 1)
    show_progress = sys.stderr.isatty()
    owners: dict[str, Path] = {}
    for result in _run(work, files, jobs):
        _claim_id(result, owners)
        for diagnostic in result.diagnostics:
            click.echo(str(diagnostic))
        if result.files:
            write_all(folder, result.files)
            tally.built += 1
            tally.written += len(result.files)
            tally.questions += result.questions
        else:
            tally.failed += 1
        if show_progress:
            state = f"{len(result.files)} files" if result.files else "failed"
            click.echo(f"  {result.path}: {state}", err=True)
    return tally


def _run(work, files: list[Path], jobs: int) -> Iterable[QuizBuild]:
    """Results in file order, whatever the number of processes."""
    if jobs == 1 or len(files) == 1:
        return map(work, files)
    return _pooled(work, files, min(jobs, len(files)))


def _pooled(work, files: list[Path], workers: int) -> Iterable[QuizBuild]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(work, files, chunksize=max(1, len(files) // (8 * workers)))


def _claim_id(result: QuizBuild, owners: dict[str, Path]) -> None:
    """Two files of a bank with one quiz id would overwrite each other's packages: the later fails."""
    if result.quiz_id is None:
        return
    first = owners.setdefault(result.quiz_id, result.path)
    if first != result.path:
        report = Reporter(result.path)
        report.error(1, f"quiz id `{result.quiz_id}` is already used by {first}: "
                        "give this quiz its own `id:` in the front matter")
        result.diagnostics.extend(report.items)
        result.files = {}
