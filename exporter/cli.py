"""The `lms-export` command group. Each command lives in exporter/commands/."""
from __future__ import annotations

from importlib import import_module
from pathlib import Path

import click

from exporter import __version__, project
from exporter.commands.console import EXIT_STATUS

# name -> module of exporter.commands holding a click command of that name
COMMANDS = {"build": "build", "check": "check", "init": "init", "preview": "preview",
            "watch": "watch"}


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
            import difflib

            near = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            ctx.fail(f"No such command '{name}'." + (f" Did you mean '{near[0]}'?" if near else ""))
        return super().resolve_command(ctx, args)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXIT_STATUS)
@click.version_option(__version__, prog_name="lms-export")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn Markdown quiz sources into packages Moodle and Canvas import.

    Settings come from the nearest lms-export.toml, or pyproject.toml's
    [tool.lms-export], in this folder or above; options override them.

    \b
    Example:
      lms-export check source/
      lms-export build source/ -o build/
      lms-export preview source/ --open
    """
    if ctx.invoked_subcommand == "init":  # it writes a project file and reads none
        return
    try:
        found = project.find(Path.cwd())
    except project.ProjectError as error:
        click.echo(str(error), err=True)
        ctx.exit(2)
    if found is not None:
        ctx.default_map = found.default_map()
