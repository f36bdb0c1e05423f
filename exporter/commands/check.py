"""`lms-export check`: read quizzes and report every problem, writing nothing."""
from __future__ import annotations

import json
import sys

import click

from exporter import readers
from exporter.commands.options import source_format
from exporter.pipeline.sources import quiz_files
from exporter.pipeline.summary import file_data, summary_lines


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--strict/--no-strict", help="Treat warnings as errors (exit 1).")
@source_format
def check(paths: tuple[str, ...], as_json: bool, strict: bool, source_format: str | None) -> None:
    """Check quiz sources: print each problem as path:line:col and a summary per file.

    PATHS are quiz files or folders (a folder is a bank of *.md files);
    default: source/. Exit status 0: all good, 1: a quiz has errors (or
    warnings with --strict), 2: bad usage.

    \b
    Example:
      lms-export check source/
      lms-export check --json week-6.md
    """
    results = [readers.read(path, source_format) for path in quiz_files(paths)]
    if as_json:
        click.echo(json.dumps({"files": [entry for r in results for entry in file_data(r)]},
                              indent=2, ensure_ascii=False))
    else:
        for result in results:
            for diagnostic in result.diagnostics:
                click.echo(str(diagnostic), err=False)
        for result in results:
            for line in summary_lines(result):
                click.echo(line)
    failed = any(r.has_errors or strict and r.has_warnings for r in results)
    sys.exit(1 if failed else 0)
