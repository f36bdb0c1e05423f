"""Options several commands share, parsed once."""
from __future__ import annotations

import click

from exporter import readers, writers


def parse_formats(value: str | None) -> list[str]:
    """The -f list, checked against the registry of writers; none: the default set."""
    if value is None:
        return writers.default_formats()
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in writers.WRITERS]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from "
                                 f"{', '.join(writers.WRITERS)}", param_hint="-f")
    return list(dict.fromkeys(names))


source_format = click.option(
    "--from", "source_format", type=click.Choice(list(readers.READERS)), default=None,
    help="Read every file as this format (default: by content, then by file name).")
