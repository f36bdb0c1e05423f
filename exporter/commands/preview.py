"""`lms-export preview`: quizzes as HTML pages, to look at rather than read XML."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from exporter import readers
from exporter.commands.options import source_format
from exporter.diagnostics import ReadResult
from exporter.pipeline.outputs import write_atomically
from exporter.pipeline.sources import quiz_files
from exporter.preview import PageEntry, index_page, quiz_page


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", type=click.Path(file_okay=False), default="build/preview",
              show_default=True, help="Folder the pages are written to.")
@click.option("--key/--no-key", default=True, show_default=True,
              help="Mark the correct answers and show feedback (--no-key: a copy for students).")
@click.option("--open", "open_page", is_flag=True, help="Open the index in the browser.")
@source_format
def preview(paths: tuple[str, ...], output: str, key: bool, open_page: bool,
            source_format: str | None) -> None:
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
    entries = write_previews(quiz_files(paths, folder), folder, key, source_format)
    click.echo(f"previewed {len(entries)} quiz{'zes' * (len(entries) != 1)} in {folder}/", err=True)
    if open_page:
        click.launch(str(folder / "index.html"))
    sys.exit(1 if any(entry.errors for entry in entries) else 0)


def write_previews(files: list[Path], folder: Path, key: bool = True,
                   source_format: str | None = None) -> list[PageEntry]:
    """Write the pages of ``files`` and the index; print each file's diagnostics."""
    entries: list[PageEntry] = []
    for path in files:
        result = readers.read(path, source_format)
        for diagnostic in result.diagnostics:
            click.echo(str(diagnostic))
        entries += write_pages(result, folder, key, {entry.page for entry in entries})
    write_index(folder, entries)
    return entries


def write_pages(result: ReadResult, folder: Path, key: bool, taken: set[str]) -> list[PageEntry]:
    """One page per quiz of a read file (the file's diagnostics on the first);
    ``taken``: the page names other quizzes already have."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for index, quiz in enumerate(result.quizzes or [None]):
        page, entry = quiz_page(result.path, quiz, result.diagnostics if index == 0 else [], key,
                                taken | {e.page for e in entries})
        write_atomically(folder / entry.page, page)
        entries.append(entry)
    return entries


def write_index(folder: Path, entries: list[PageEntry]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / "index.html", index_page(entries))
