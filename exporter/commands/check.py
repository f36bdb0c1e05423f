"""`lms-export check`: read quizzes and report every problem, writing nothing."""
from __future__ import annotations

import json
import sys

import click

from exporter.sources import quiz_files
from exporter.summary import file_data, summary_line
from exporter.workflow import read_safely


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
def check(paths: tuple[str, ...], as_json: bool, strict: bool) -> None:
    """Check quiz sources: print each problem as path:line:col and a summary per file.

    PATHS are quiz files or folders (a folder is a bank of *.md files);
    default: source/. Exit status 0: all good, 1: a quiz has errors (or
    warnings with --strict), 2: bad usage.

    \b
    Example:
      lms-export check source/
      lms-export check --json week-6.md
    """
    results = [read_safely(path) for path in quiz_files(paths)]
    if as_json:
        click.echo(json.dumps({"files": [file_data(r) for r in results]}, indent=2,
                              ensure_ascii=False))
    else:
        for result in results:
            for diagnostic in result.diagnostics:
                click.echo(str(diagnostic), err=False)
        for result in results:
            click.echo(summary_line(result))
    failed = any(r.has_errors or strict and r.has_warnings for r in results)
    sys.exit(1 if failed else 0)
