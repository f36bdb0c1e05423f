"""Options several commands share, parsed once."""
from __future__ import annotations

import codecs
import functools
import os
from typing import TYPE_CHECKING, Callable, TypeVar

import click

from exporter import cachedir, readers, writers

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem


Command = TypeVar("Command", bound=Callable[..., None])


def parse_formats(value: str | None) -> list[str]:
    """The -f list, checked against the registry of writers; none: the default set."""
    if value is None:
        return writers.default_formats()
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:  # `-f ""` or `-f ,`: a build that writes nothing is a mistake, not a success
        raise click.BadParameter(f"no format given; choose from {', '.join(writers.WRITERS)} "
                                 "(leave -f out for the default set)", param_hint="-f")
    unknown = [name for name in names if name not in writers.WRITERS]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from "
                                 f"{', '.join(writers.WRITERS)}", param_hint="-f")
    return list(dict.fromkeys(names))


def complete_formats(ctx: click.Context, param: click.Parameter,
                     incomplete: str) -> list[CompletionItem]:
    """Shell completion of the last item of a comma list (`moodle,q<TAB>` -> `moodle,qti21`),
    offering only formats not already in the list."""
    from click.shell_completion import CompletionItem  # only a shell's completion asks

    done, comma, last = incomplete.rpartition(",")
    given = set(done.split(","))
    return [CompletionItem(f"{done}{comma}{name}", help=f"writes ID{info.suffix}")
            for name, info in writers.WRITERS.items()
            if name.startswith(last) and name not in given]


formats = click.option(
    "-f", "--formats", "formats", metavar="LIST", shell_complete=complete_formats,
    help=f"Comma-separated outputs (default: {', '.join(writers.default_formats())}; "
         f"also: {', '.join(n for n in writers.WRITERS if n not in writers.default_formats())}).")

def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r} (e.g. utf-8, cp1252, "
                                     "latin-1)") from None
    return value


def reading(command: Command) -> Command:
    """--from and --encoding, given to the command as one ``reading`` (readers.Reading)."""

    @click.option("--from", "source_format", type=click.Choice(list(readers.READERS)),
                  default=None,
                  help="Read every file as this format (default: by content, then by file name).")
    @click.option("--encoding", metavar="NAME", callback=_encoding,
                  help="Read text files in this encoding (default: UTF-8; cp1252 for a bank "
                       "saved on Windows). XML files say their own, which this overrides.")
    @functools.wraps(command)
    def run(*args, source_format: str | None, encoding: str | None, **kwargs) -> None:
        command(*args, reading=readers.Reading(source_format, encoding), **kwargs)

    return run  # type: ignore[return-value]


def _no_cache(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        os.environ[cachedir.NO_CACHE] = "1"  # seen by the worker processes of a parallel build too
    return value


no_cache = click.option(
    "--no-cache", is_flag=True, expose_value=False, callback=_no_cache,
    help="Do all the work afresh, neither reading nor writing what earlier runs kept to "
         "save time (rendered texts, what check found; in ~/.cache/lms-export; also "
         f"{cachedir.NO_CACHE}=1).")
