"""The `lms-export` command group. Each command lives in exporter/commands/."""
from __future__ import annotations

from importlib import import_module

import click

from exporter import __version__

# name -> module of exporter.commands holding a click command of that name
COMMANDS = {"build": "build", "check": "check", "preview": "preview", "watch": "watch"}


class _LazyGroup(click.Group):
    """Imports a command's module only when that command runs (or help lists it),
    so `build` in a pipeline does not pay for the preview's or the watcher's imports."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        return getattr(import_module(f"exporter.commands.{COMMANDS[cmd_name]}"), cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lms-export")
def main() -> None:
    """Turn Markdown quiz sources into packages Moodle and Canvas import.

    \b
    Example:
      lms-export check source/
      lms-export build source/ -o build/
      lms-export preview source/ --open
    """
