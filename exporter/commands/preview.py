"""`lms-export preview`: quizzes as HTML pages, to look at rather than read XML."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from exporter.outputs import write_atomically
from exporter.preview import PageEntry, index_page, quiz_page
from exporter.reader import SourceResult
from exporter.sources import quiz_files
from exporter.workflow import read_safely


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", type=click.Path(file_okay=False), default="build/preview",
              show_default=True, help="Folder the pages are written to.")
@click.option("--key/--no-key", default=True, show_default=True,
              help="Mark the correct answers and show feedback (--no-key: a copy for students).")
@click.option("--open", "open_page", is_flag=True, help="Open the index in the browser.")
def preview(paths: tuple[str, ...], output: str, key: bool, open_page: bool) -> None:
    """Write one self-contained HTML page per quiz, and an index.html.

    Each question as a student sees it (code highlighted, math as MathML,
    images inline), with the key and feedback unless --no-key, and every
    problem beside the question it concerns. A quiz with errors is still
    previewed, as far as it could be read; the exit status is then 1.

    \b
    Example:
      lms-export preview source/ --open
      lms-export preview week-6.md --no-key -o handout/
    """
    folder = Path(output)
    entries = write_previews(quiz_files(paths), folder, key)
    click.echo(f"previewed {len(entries)} quiz{'zes' * (len(entries) != 1)} in {folder}/", err=True)
    if open_page:
        click.launch(str(folder / "index.html"))
    sys.exit(1 if any(entry.errors for entry in entries) else 0)


def write_previews(files: list[Path], folder: Path, key: bool = True) -> list[PageEntry]:
    """Write the pages of ``files`` and the index; print each file's diagnostics."""
    entries: list[PageEntry] = []
    for path in files:
        result = read_safely(path)
        for diagnostic in result.diagnostics:
            click.echo(str(diagnostic))
        entries.append(write_page(result, folder, key, {entry.page for entry in entries}))
    write_index(folder, entries)
    return entries


def write_page(result: SourceResult, folder: Path, key: bool, taken: set[str]) -> PageEntry:
    """One quiz's page; ``taken``: the page names other quizzes already have."""
    folder.mkdir(parents=True, exist_ok=True)
    page, entry = quiz_page(result, key, taken)
    write_atomically(folder / entry.page, page)
    return entry


def write_index(folder: Path, entries: list[PageEntry]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / "index.html", index_page(entries))
