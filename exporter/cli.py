"""The `lms-export` command group. Each command lives in exporter/commands/."""
from __future__ import annotations

import click

from exporter import __version__
from exporter.commands.build import build
from exporter.commands.check import check
from exporter.commands.preview import preview
from exporter.commands.watch import watch


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lms-export")
def main() -> None:
    """Turn Markdown quiz sources into packages Moodle and Canvas import.

    \b
    Example:
      lms-export check source/
      lms-export build source/ -o build/
      lms-export preview source/ --open
    """


main.add_command(build)
main.add_command(check)
main.add_command(preview)
main.add_command(watch)
