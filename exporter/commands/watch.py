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
from exporter.sources import DEFAULT_SOURCE, quiz_files


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(file_okay=False), default="build",
              show_default=True, help="Folder the packages are written to.")
@click.option("-f", "--formats", metavar="LIST", help="Comma-separated outputs (default: all).")
def watch(paths: tuple[str, ...], output: str, formats: str | None) -> None:
    """Build, then rebuild each quiz whose source changes, until Ctrl-C.

    A change to any other file under the watched folders (an image, say)
    rebuilds every quiz there.

    \b
    Example:
      lms-export watch source/ -f moodle
    """
    chosen = parse_formats(formats)
    folder = Path(output)
    roots = [Path(p) for p in paths] or [DEFAULT_SOURCE]
    build_and_write(quiz_files(paths), folder, chosen)
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
            click.echo(f"rebuilt {tally.built} of {len(quizzes)} quiz"
                       f"{'zes' * (len(quizzes) != 1)}", err=True)


def _relative(path: Path) -> Path:
    """Paths as the user typed them, so diagnostics read `source/quiz.md:3:1`."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
