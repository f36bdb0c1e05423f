"""`lms-export watch`: rebuild quizzes as their files are saved.

Authors fix sources in a loop (edit, look, fix); this closes the loop
without a command to retype. A broken save prints its diagnostics and keeps
the last good outputs, because the build never writes a quiz with errors.
What an editor writes beside a file while saving it (swap and backup files,
vim's `4913` probe, `sed -i` temporaries) is not a change to the quiz. A
deleted quiz takes its packages and its preview page with it, so the output
folder never serves a quiz that no longer exists.
"""
from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType

import click
import watchfiles

from exporter import readers
from exporter.readers import Reading
from exporter.commands import options
from exporter.commands.console import EXIT_STATUS, Console, ExitStatus, console_options
from exporter.commands.preview import write_index, write_pages
from exporter.pipeline.bank import build_and_write
from exporter.pipeline.build import FileBuild
from exporter.pipeline.outputs import remove_leftovers
from exporter.pipeline.sources import DEFAULT_SOURCE, quiz_files
from exporter.pipeline.summary import Tally
from exporter.preview import PageEntry

TERMINATED = 143  # 128 + SIGTERM


@click.command(epilog=EXIT_STATUS)
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(file_okay=False), default="build",
              show_default=True, help="Folder the packages are written to.")
@options.formats
@click.option("--preview/--no-preview", default=True, show_default=True,
              help="Also keep the HTML preview (OUTPUT/preview/) up to date.")
@options.reading
@options.no_cache
@console_options
def watch(paths: tuple[str, ...], output: str, formats: str | None, preview: bool,
          reading: Reading, console: Console) -> None:
    """Build, then rebuild each quiz whose source changes, until Ctrl-C.

    A change to any other file under the watched folders (an image, say)
    rebuilds every quiz there; a deleted quiz's packages and preview page
    are removed. A folder with no quiz yet can be watched: a quiz saved
    there is built. Open OUTPUT/preview/index.html and reload it after a
    save to see the quiz as students will.

    Ctrl-C (SIGINT) or SIGTERM stops it between two writes: no half-written
    file or temporary is left, and the exit status is 130 (143 for SIGTERM).

    \b
    Example:
      lms-export watch source/ -f moodle
    """
    folder = Path(output)
    roots = [Path(p) for p in paths] or [DEFAULT_SOURCE]
    watcher = _Watcher(roots, folder, options.parse_formats(formats), reading, preview, console)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        watcher.rebuild(_sources(roots, folder), first=True)
        console.summary(f"watching {', '.join(map(str, roots))} (Ctrl-C to stop)")
        for changes in watchfiles.watch(*roots, watch_filter=_EditorFilter(roots, folder)):
            watcher.changed({Path(name).resolve() for _change, name in changes})
    except KeyboardInterrupt:
        remove_leftovers(folder)
        console.summary("stopped watching")
        sys.exit(TERMINATED if _TERMINATED else ExitStatus.INTERRUPTED)


_TERMINATED: list[int] = []  # set by SIGTERM's handler (the watcher re-raises a plain interrupt)


def _terminate(signal_number: int, _frame: FrameType | None) -> None:
    """SIGTERM stops the loop where it is, as cleanly as Ctrl-C."""
    _TERMINATED.append(signal_number)
    raise KeyboardInterrupt


class _EditorFilter(watchfiles.DefaultFilter):
    """Changes worth a rebuild: not the output folder, hidden files, or an editor's own."""

    ignore_entity_patterns = (
        *watchfiles.DefaultFilter.ignore_entity_patterns,  # vim's .swp, `file~`, Emacs' .#file
        r"^\d+$",  # vim's probe that it may write in the folder: `4913`
        r"^sed[A-Za-z0-9]{6}$",  # GNU `sed -i`'s temporary
        r"^#.*#$",  # Emacs' auto-save
        r"\.(?:tmp|bak|orig|swx|kate-swp)$",
    )

    def __init__(self, roots: list[Path], output: Path) -> None:
        super().__init__(ignore_paths=[str(output.resolve())])
        self.roots = [root.resolve() for root in roots]

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        changed = Path(path)
        root = next((r for r in self.roots if changed.is_relative_to(r)), None)
        inside = changed.relative_to(root).parts if root is not None else (changed.name,)
        return not any(part.startswith(".") for part in inside)


class _Watcher:
    """The watched quizzes, the outputs each one wrote, and their preview pages."""

    def __init__(self, roots: list[Path], folder: Path, formats: list[str],
                 reading: Reading, preview: bool, console: Console) -> None:
        self.roots = roots
        self.console = console
        self.folder = folder
        self.formats = formats
        self.reading = reading
        self.outputs: dict[Path, set[str]] = {}
        self.pages = _Previews(folder / "preview", reading) if preview else None

    def changed(self, paths: set[Path]) -> None:
        sources = _sources(self.roots, self.folder)
        known = set(self.outputs) | set(self.pages.entries if self.pages else ())
        for gone in sorted(known - set(sources)):
            self._forget(gone)
        quizzes = [path for path in sources if path.resolve() in paths]
        if len(quizzes) < len(paths):  # an image, or a deleted quiz: every quiz may use it
            quizzes = sources
        self.rebuild(quizzes)

    def rebuild(self, quizzes: list[Path], first: bool = False) -> None:
        if not quizzes:
            return
        self.console.summary(f"building {', '.join(map(str, quizzes[:3]))}"
                             + (f" and {len(quizzes) - 3} more" if len(quizzes) > 3 else ""))
        tally = build_and_write(quizzes, self.folder, self.formats,
                                reading=self.reading, done=self._print)
        for path in quizzes:
            self._keep(path, tally)
        if self.pages:
            self.pages.update(quizzes)
        self.console.summary(f"{'' if first else 're'}built {tally.built} of {tally.totals()}: "
                             f"{tally.problems()}")

    def _print(self, result: FileBuild) -> None:
        for diagnostic in result.diagnostics:
            self.console.diagnostic(diagnostic)

    def _keep(self, path: Path, tally: Tally) -> None:
        """Record what ``path`` wrote; what a whole build of it no longer makes is stale."""
        new, old = tally.outputs.get(path, set()), self.outputs.get(path, set())
        if path in tally.whole:
            _unlink(self.folder, old - new)
            self.outputs[path] = new
        else:  # a broken save keeps the last good outputs
            self.outputs[path] = old | new

    def _forget(self, path: Path) -> None:
        _unlink(self.folder, self.outputs.pop(path, set()))
        if self.pages:
            self.pages.remove(path)
        self.console.summary(f"{path}: deleted; its outputs are removed")



class _Previews:
    """The preview pages of the watched quizzes, and an index of all of them."""

    def __init__(self, folder: Path, reading: Reading) -> None:
        self.folder = folder
        self.reading = reading
        self.entries: dict[Path, list[PageEntry]] = {}

    def update(self, quizzes: list[Path]) -> None:
        for path in quizzes:
            taken = {entry.page for other, entries in self.entries.items() if other != path
                     for entry in entries}
            pages = write_pages(readers.read(path, self.reading), self.folder, True, taken)
            _unlink(self.folder, {entry.page for entry in self.entries.get(path, [])}
                    - {entry.page for entry in pages})  # a quiz's new id: a new page
            self.entries[path] = pages
        self._index()

    def remove(self, path: Path) -> None:
        _unlink(self.folder, {entry.page for entry in self.entries.pop(path, [])})
        self._index()


    def _index(self) -> None:
        write_index(self.folder, [entry for path in sorted(self.entries)
                                  for entry in self.entries[path]])


def _unlink(folder: Path, names: set[str]) -> None:
    for name in names:
        (folder / name).unlink(missing_ok=True)


def _sources(roots: list[Path], folder: Path) -> list[Path]:
    """The quiz files under the watched paths now (none in an empty or emptied folder)."""
    try:
        return quiz_files(tuple(map(str, roots)), folder)
    except click.UsageError:
        return []
