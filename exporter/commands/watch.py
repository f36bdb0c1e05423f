"""`lms-export watch`: rebuild quizzes as their files are saved.

Authors fix sources in a loop (edit, look, fix); this closes the loop
without a command to retype. A broken save prints its diagnostics and keeps
the last good outputs, because the build never writes a quiz with errors.
"""
from __future__ import annotations

from pathlib import Path

import click
import watchfiles

from exporter import readers
from exporter.commands import options
from exporter.commands.console import EXIT_STATUS, Console, console_options
from exporter.commands.preview import write_index, write_pages
from exporter.pipeline.bank import build_and_write
from exporter.pipeline.build import FileBuild
from exporter.pipeline.sources import DEFAULT_SOURCE, quiz_files
from exporter.preview import PageEntry


@click.command(epilog=EXIT_STATUS)
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(file_okay=False), default="build",
              show_default=True, help="Folder the packages are written to.")
@options.formats
@click.option("--preview/--no-preview", default=True, show_default=True,
              help="Also keep the HTML preview (OUTPUT/preview/) up to date.")
@options.source_format
@console_options
def watch(paths: tuple[str, ...], output: str, formats: str | None, preview: bool,
          source_format: str | None, console: Console) -> None:
    """Build, then rebuild each quiz whose source changes, until Ctrl-C.

    A change to any other file under the watched folders (an image, say)
    rebuilds every quiz there. Open OUTPUT/preview/index.html and reload it
    after a save to see the quiz as students will.

    \b
    Example:
      lms-export watch source/ -f moodle
    """
    chosen = options.parse_formats(formats)

    def done(result: FileBuild) -> None:
        for diagnostic in result.diagnostics:
            console.diagnostic(diagnostic)

    folder = Path(output)
    roots = [Path(p) for p in paths] or [DEFAULT_SOURCE]
    pages = _Previews(folder / "preview", source_format) if preview else None
    everything = quiz_files(paths, folder)
    build_and_write(everything, folder, chosen, source_format=source_format, done=done)
    if pages:
        pages.update(everything)
    console.summary(f"watching {', '.join(map(str, roots))} (Ctrl-C to stop)")
    output_dir = folder.resolve()
    for changes in watchfiles.watch(*roots, raise_interrupt=False,
                                    watch_filter=lambda _change, name: not Path(name).resolve()
                                    .is_relative_to(output_dir) and not Path(name).name.startswith(".")):
        changed = {Path(name).resolve() for _change, name in changes}
        sources = _sources(roots, folder)
        quizzes = sorted(path for path in sources if path.resolve() in changed)
        if len(quizzes) < len(changed):  # an image, or a deleted quiz: every quiz may use it
            quizzes = sources
        if quizzes:
            tally = build_and_write(quizzes, folder, chosen, source_format=source_format,
                                    done=done)
            if pages:
                pages.update(quizzes)
            console.summary(f"rebuilt {tally.built} of {tally.totals()}: {tally.problems()}")


class _Previews:
    """The preview pages of the watched quizzes, and an index of all of them."""

    def __init__(self, folder: Path, source_format: str | None) -> None:
        self.folder = folder
        self.source_format = source_format
        self.entries: dict[Path, list[PageEntry]] = {}

    def update(self, quizzes: list[Path]) -> None:
        for path in quizzes:
            taken = {entry.page for other, entries in self.entries.items() if other != path
                     for entry in entries}
            self.entries[path] = write_pages(readers.read(path, self.source_format), self.folder,
                                             True, taken)
        write_index(self.folder, [entry for path in sorted(self.entries)
                                  for entry in self.entries[path]])


def _sources(roots: list[Path], folder: Path) -> list[Path]:
    """The quiz files under the watched paths now (none if they were all deleted)."""
    try:
        return quiz_files(tuple(map(str, roots)), folder)
    except click.UsageError:
        return []
