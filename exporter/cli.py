"""The `lms-export` command group. Each command lives in exporter/commands/."""
from __future__ import annotations

import difflib
from importlib import import_module

import click

from exporter import __version__
from exporter.commands.console import EXIT_STATUS

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

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        """click's usage error for an unknown command, with the nearest name (`biuld`)."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            near = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            ctx.fail(f"No such command '{name}'." + (f" Did you mean '{near[0]}'?" if near else ""))
        return super().resolve_command(ctx, args)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXIT_STATUS)
@click.version_option(__version__, prog_name="lms-export")
def main() -> None:
    """Turn Markdown quiz sources into packages Moodle and Canvas import.

    \b
    Example:
      lms-export check source/
      lms-export build source/ -o build/
      lms-export preview source/ --open
    """
