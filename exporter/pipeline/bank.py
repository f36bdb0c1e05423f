"""Building a bank: many files, in parallel when asked, written as they finish.

The loop of `lms-export build` and `watch`: results come back in file order
whatever the number of processes, each file's diagnostics are printed as it
is done, and every output that built is written atomically (outputs.py).
"""
from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

import click

from exporter import writers
from exporter.diagnostics import Reporter
from exporter.pipeline.build import FileBuild, QuizBuild, build_file
from exporter.pipeline.outputs import write_all


@dataclass
class Tally:
    built: int = 0  # quizzes with at least one output written
    quizzes: int = 0  # quizzes read (a file that could not be read counts as one)
    failed: int = 0  # files with an error
    written: int = 0
    questions: int = 0
    # each source -> the outputs written for it (relative to the folder), and the sources
    # that built whole: what `watch` removes when a source goes or stops making a file
    outputs: dict[Path, set[str]] = field(default_factory=dict)
    whole: set[Path] = field(default_factory=set)

    def summary(self, files: int) -> str:
        """`built 3 of 4 quizzes`, and how many files they came from where that differs."""
        text = f"built {self.built} of {self.quizzes} quiz{'zes' * (self.quizzes != 1)}"
        if files != self.quizzes:
            text += f" from {files} file{'s' * (files != 1)}"
        return text


def build_and_write(files: list[Path], folder: Path, formats: list[str], strict: bool = False,
                    jobs: int = 1, source_format: str | None = None, force: bool = False) -> Tally:
    """Build files, print their diagnostics, and write the outputs of what built.

    A file this run reads is never written over (a usage error); a Markdown file that
    lms-export did not write is replaced only with ``force``.
    """
    tally = Tally()
    sources = {path.resolve() for path in files}
    # one file: its writers share the processes; a bank: its files do
    work = partial(build_file, formats=formats, strict=strict,
                   jobs=jobs if len(files) == 1 else 1, source_format=source_format)
    show_progress = sys.stderr.isatty()
    owners: dict[str, Path] = {}
    for result in _run(work, files, jobs):
        _claim_ids(result, owners)
        for quiz in result.quizzes:
            _keep_sources(result, quiz, folder, sources, force)
        for diagnostic in result.diagnostics:
            click.echo(str(diagnostic))
        written = 0
        for quiz in result.quizzes:
            if quiz.files:
                write_all(folder, quiz.files)
                tally.built += 1
                written += len(quiz.files)
                tally.questions += quiz.questions
                tally.outputs.setdefault(result.path, set()).update(quiz.files)
        tally.written += written
        tally.quizzes += max(1, len(result.quizzes))
        tally.failed += result.failed
        if not result.failed:
            tally.whole.add(result.path)
        if show_progress:
            click.echo(f"  {result.path}: {f'{written} files' if written else 'failed'}", err=True)
    return tally


def _keep_sources(result: FileBuild, quiz: QuizBuild, folder: Path, sources: set[Path],
                  force: bool) -> None:
    """Never write over a source of this run; never over a hand-written file without --force
    (then that writer's whole output is left out)."""
    for writer, files in list(quiz.outputs.items()):
        for name in files:
            target = folder / name
            if target.resolve() in sources:
                raise click.UsageError(f"{target}: is a quiz source read in this run, and "
                                       "writing it would destroy it: write to another folder (-o)")
            if not force and target.is_file() and writers.foreign(writer, name, target.read_bytes()):
                report = Reporter(result.path)
                report.error(1, f"{target} exists and was not written by lms-export: not "
                                "overwritten (build with --force to replace it)")
                result.diagnostics.extend(report.items)
                result.failed = True
                del quiz.outputs[writer]
                break


def _run(work: Callable[[Path], FileBuild], files: list[Path], jobs: int) -> Iterable[FileBuild]:
    """Results in file order, whatever the number of processes."""
    if jobs == 1 or len(files) == 1:
        return map(work, files)
    return _pooled(work, files, min(jobs, len(files)))


def _pooled(work: Callable[[Path], FileBuild], files: list[Path], workers: int
            ) -> Iterable[FileBuild]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(work, files, chunksize=max(1, len(files) // (8 * workers)))


def _claim_ids(result: FileBuild, owners: dict[str, Path]) -> None:
    """Two quizzes of a bank with one id would overwrite each other's packages: the later fails."""
    for quiz in result.quizzes:
        first = owners.setdefault(quiz.quiz_id, result.path)
        if first != result.path:
            report = Reporter(result.path)
            report.error(1, f"quiz id `{quiz.quiz_id}` is already used by {first}: "
                            "give this quiz its own `id:` in the front matter")
            result.diagnostics.extend(report.items)
            result.failed = True
            quiz.outputs = {}
