"""`lms-export check`: read quizzes and report every problem, writing nothing."""
from __future__ import annotations

import sys

import click

from exporter.commands.console import EXIT_STATUS, Console, ExitStatus, console_options
from exporter.commands import options
from exporter.diagnostics import fails
from exporter.readers import Reading
from exporter.pipeline.findings import Findings, check_file
from exporter.pipeline.quizids import QuizIds
from exporter.pipeline.sources import quiz_files
from exporter.pipeline.summary import Tally, file_data, summary_lines


@click.command(epilog=EXIT_STATUS)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object on stdout instead of text (nothing else goes there).")
@click.option("--strict/--no-strict", help="Treat warnings as errors (exit 1).")
@options.reading
@options.no_cache
@console_options
def check(paths: tuple[str, ...], as_json: bool, strict: bool, reading: Reading,
          console: Console) -> None:
    """Check quiz sources: print each problem as path:line:col and a summary per file.

    PATHS are quiz files or folders (a folder is a bank of *.md files);
    default: source/. Problems and summaries go to stderr, like build's;
    with --json, stdout holds the JSON and nothing else.

    \b
    Example:
      lms-export check source/
      lms-export check --json week-6.md
    """
    results = [check_file(path, reading) for path in quiz_files(paths)]
    _claim_ids(results)
    tally = Tally()
    for result in results:
        tally.add(result.path, len(result.ids), result.questions, result.diagnostics,
                  fails(result.diagnostics, strict))
    if as_json:
        import json  # only --json writes it

        click.echo(json.dumps({"files": [entry for r in results for entry in file_data(r)]},
                              indent=2, ensure_ascii=False))
    else:
        for result in results:
            for diagnostic in result.diagnostics:
                console.diagnostic(diagnostic)
        console.summary(*(line for result in results for line in summary_lines(result)))
        if len(results) > 1:
            console.summary(f"checked {tally.totals()}: {tally.problems()}")
            failures = tally.failures(strict)
            if failures:
                console.summary(f"{console.severity('failed')}: {failures}")
    sys.exit(ExitStatus.QUIZ_ERRORS if tally.failed else ExitStatus.OK)


def _claim_ids(results: list[Findings]) -> None:
    """The error `build` gives when two quizzes share an id, found without building."""
    ids = QuizIds()
    for result in results:
        clashes = [ids.claim(result.path, quiz_id, id_line) for quiz_id, id_line in result.ids]
        if any(clashes):
            result.diagnostics = sorted([*result.diagnostics, *filter(None, clashes)])
