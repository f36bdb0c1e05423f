"""`lms-export build`: quiz sources in, one package per target and quiz out."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from exporter.commands import options
from exporter.commands.console import EXIT_STATUS, Console, ExitStatus, console_options
from exporter.readers import Reading
from exporter.pipeline.bank import build_and_write
from exporter.pipeline.build import FileBuild
from exporter.pipeline.sources import quiz_files
from exporter.pipeline.summary import plural


@click.command(epilog=EXIT_STATUS)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", "output", type=click.Path(file_okay=False), default="build",
              show_default=True, help="Folder the packages are written to.")
@options.formats
@click.option("--strict/--no-strict", help="Treat warnings as errors: such quizzes are not built.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="all cores",
              help="Processes: the quizzes of a bank, or the writers of one big quiz, in parallel.")
@click.option("--force", is_flag=True,
              help="Replace Markdown files in the output folder that lms-export did not write.")
@options.reading
@options.no_cache
@console_options
def build(paths: tuple[str, ...], output: str, formats: str | None, strict: bool, jobs: int,
          force: bool, reading: Reading, console: Console) -> None:
    """Build LMS packages from quiz sources, one file per quiz and format.

    PATHS are quiz files or folders (a folder is a bank of *.md files);
    default: source/. A quiz with errors is not written (an earlier good
    build of it stays in place); the other quizzes still are, and the exit
    status is 1. A question one format cannot hold costs that format's
    file only. Problems and the summary go to stderr.

    \b
    Outputs per quiz, named by its id:
      ID.moodle.xml  ID.qti21.zip  ID.qti30.zip  ID.canvas.zip  ID.answers.csv
      and with -f markdown: ID.md and its images in ID.files/

    \b
    Example:
      lms-export build
      lms-export build quizzes/ -o dist/ -f moodle,canvas -j 2
    """
    started = time.perf_counter()
    chosen = options.parse_formats(formats)
    folder = Path(output)
    files = quiz_files(paths, folder)
    with console.progress(files, "building") as advance:
        def done(result: FileBuild) -> None:
            for diagnostic in result.diagnostics:
                console.diagnostic(diagnostic)
            advance(result.path)

        tally = build_and_write(files, folder, chosen, strict, jobs, reading, force, done)
    seconds = time.perf_counter() - started
    console.summary(f"built {tally.built} of {tally.totals()}: {plural(tally.written, 'file')} "
                    f"in {folder}/ in {seconds:.2f} s; {tally.problems()}")
    failures = tally.failures(strict)
    if failures:
        console.summary(f"{console.severity('failed')}: {failures}")
    sys.exit(ExitStatus.QUIZ_ERRORS if tally.failed else ExitStatus.OK)
