"""The command line: Typer only. Parse, call the use cases (`huandu.service`), hand what they
return to the outputs (`huandu.output`). No business rules live here.

The language is chosen before the app runs, so help texts are in it too. Only the module of the
command being run is imported (`app.COMMAND_MODULES`), and heavy modules (Rich, SQLite, the report
engine) inside the commands that use them.
"""

from __future__ import annotations

import sys

import typer

from huandu.i18n import detect_language, set_language


def build_app(command: str | None = None) -> typer.Typer:
    """The app with every command (or only `command`'s module) loaded."""
    from huandu.cli.app import load_commands

    return load_commands(command)


def main(argv: list[str] | None = None) -> None:
    """Run one command (`argv`, else the process's arguments)."""
    args = sys.argv[1:] if argv is None else argv
    set_language(detect_language(args))
    from huandu.cli.app import command_in

    app = build_app(command_in(args))
    app(args=args, prog_name="huandu")
