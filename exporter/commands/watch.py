"""`lms-export watch`: rebuild quizzes as their files are saved.

Authors fix sources in a loop (edit, look, fix); this closes the loop
without a command to retype. A broken save prints its diagnostics and keeps
the last good outputs, because the build never writes a quiz with errors.
"""
from __future__ import annotations

from pathlib import Path

import click
import watchfiles

from exporter.commands.build import build_and_write, parse_formats
from exporter.commands.preview import write_index, write_page
from exporter.preview import PageEntry
from exporter.workflow import read_safely
from exporter.sources import DEFAULT_SOURCE, quiz_files


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(file_okay=False), default="build",
              show_default=True, help="Folder the packages are written to.")
@click.option("-f", "--formats", metavar="LIST", help="Comma-separated outputs (default: all).")
@click.option("--preview/--no-preview", default=True, show_default=True,
              help="Also keep the HTML preview (OUTPUT/preview/) up to date.")
def watch(paths: tuple[str, ...], output: str, formats: str | None, preview: bool) -> None:
    """Build, then rebuild each quiz whose source changes, until Ctrl-C.

    A change to any other file under the watched folders (an image, say)
    rebuilds every quiz there. Open OUTPUT/preview/index.html and reload it
    after a save to see the quiz as students will.

    \b
    Example:
      lms-export watch source/ -f moodle
    """
    chosen = parse_formats(formats)
    folder = Path(output)
    roots = [Path(p) for p in paths] or [DEFAULT_SOURCE]
    pages = _Previews(folder / "preview") if preview else None
    everything = quiz_files(paths)
    build_and_write(everything, folder, chosen)
    if pages:
        pages.update(everything)
    click.echo(f"watching {', '.join(map(str, roots))} (Ctrl-C to stop)", err=True)
    output_dir = folder.resolve()
    for changes in watchfiles.watch(*roots, raise_interrupt=False,
                                    watch_filter=lambda _change, name: not Path(name).resolve()
                                    .is_relative_to(output_dir) and not Path(name).name.startswith(".")):
        changed = {_relative(Path(name)) for _change, name in changes}
        quizzes = sorted(p for p in changed if p.suffix == ".md" and p.is_file())
        if any(p.suffix != ".md" for p in changed):
            quizzes = sorted(set(quizzes) | set(quiz_files(tuple(map(str, roots)))))
        if quizzes:
            tally = build_and_write(quizzes, folder, chosen)
            if pages:
                pages.update(quizzes)
            click.echo(f"rebuilt {tally.built} of {len(quizzes)} quiz"
                       f"{'zes' * (len(quizzes) != 1)}", err=True)


class _Previews:
    """The preview pages of the watched quizzes, and an index of all of them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries: dict[Path, PageEntry] = {}

    def update(self, quizzes: list[Path]) -> None:
        for path in quizzes:
            taken = {entry.page for other, entry in self.entries.items() if other != path}
            self.entries[path] = write_page(read_safely(path), self.folder, True, taken)
        write_index(self.folder, [self.entries[path] for path in sorted(self.entries)])


def _relative(path: Path) -> Path:
    """Paths as the user typed them, so diagnostics read `source/quiz.md:3:1`."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
