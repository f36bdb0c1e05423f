"""`lms-export preview`: quizzes as HTML pages, to look at rather than read XML."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from exporter import readers
from exporter.commands.console import EXIT_STATUS, Console, ExitStatus, console_options
from exporter.commands import options
from exporter.readers import Reading
from exporter.diagnostics import ReadResult
from exporter.pipeline.outputs import make_folder, write_atomically
from exporter.pipeline.sources import quiz_files
from exporter.pipeline.summary import Tally, plural
from exporter.render import cache
from exporter.preview import PageEntry, index_entries, index_page, quiz_page


@click.command(epilog=EXIT_STATUS)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", type=click.Path(file_okay=False), default="build/preview",
              show_default=True, help="Folder the pages are written to.")
@click.option("--key/--no-key", default=True, show_default=True,
              help="Mark the correct answers and show feedback (--no-key: a copy for students).")
@click.option("--open", "open_page", is_flag=True, help="Open the index in the browser.")
@options.reading
@options.no_cache
@console_options
def preview(paths: tuple[str, ...], output: str, key: bool, open_page: bool,
            reading: Reading, console: Console) -> None:
    """Write one self-contained HTML page per quiz, and an index.html.

    Each question as a student sees it (code highlighted, math as MathML,
    images inline), with the key and feedback unless --no-key, and every
    problem beside the question it concerns. A quiz with errors is still
    previewed, as far as it could be read; the exit status is then 1.

    A folder's preview (default: source/) writes an index of its quizzes.
    Previewing files adds their rows to the index already there, so it never
    shrinks to the one quiz being looked at.

    \b
    Example:
      lms-export preview source/ --open
      lms-export preview week-6.md --no-key -o handout/
    """
    folder = Path(output)
    tally = Tally()
    entries: list[PageEntry] = []
    for path in quiz_files(paths, folder):
        result = readers.read(path, reading)
        for diagnostic in result.diagnostics:
            console.diagnostic(diagnostic)
        tally.add(path, len(result.quizzes), sum(len(q.questions) for q in result.quizzes),
                  result.diagnostics, result.has_errors)
        entries += write_pages(result, folder, key, {entry.page for entry in entries})
    whole_folders = not paths or any(Path(p).is_dir() for p in paths)
    write_index(folder, entries if whole_folders else _with_earlier_rows(folder, entries))
    console.summary(f"previewed {tally.totals()}: {plural(len(entries), 'page')} and "
                    f"index.html in {folder}/; {tally.problems()}")
    failures = tally.failures(strict=False)
    if failures:
        console.summary(f"{console.severity('failed')}: {failures}")
    if open_page:
        click.launch(str(folder / "index.html"))
    sys.exit(ExitStatus.QUIZ_ERRORS if tally.failed else ExitStatus.OK)


def write_pages(result: ReadResult, folder: Path, key: bool, taken: set[str]) -> list[PageEntry]:
    """One page per quiz of a read file (the file's diagnostics on the first);
    ``taken``: the page names other quizzes already have."""
    make_folder(folder)
    entries = []
    with cache.kept_for(result.path, "preview"):
        for index, quiz in enumerate(result.quizzes or [None]):
            page, entry = quiz_page(result.path, quiz, result.diagnostics if index == 0 else [],
                                    key, taken | {e.page for e in entries})
            write_atomically(folder / entry.page, page)
            entries.append(entry)
    return entries


def _with_earlier_rows(folder: Path, entries: list[PageEntry]) -> list[PageEntry]:
    """This run's rows and the index's earlier rows of other sources whose pages are still
    there, in source order."""
    index = folder / "index.html"
    earlier = index_entries(index.read_bytes()) if index.is_file() else []
    replaced = {e.page for e in entries} | {e.source for e in entries}
    kept = [e for e in earlier if e.page not in replaced and e.source not in replaced
            and (folder / e.page).is_file()]
    return sorted(kept + entries, key=lambda e: (e.source, e.page))


def write_index(folder: Path, entries: list[PageEntry]) -> None:
    make_folder(folder)
    write_atomically(folder / "index.html", index_page(entries))
