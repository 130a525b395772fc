"""The command line: parse, call the domain, render. No business rules live here.

The app is built by `build_app()` after the language is chosen, so every help text is translated.
Heavy modules (Rich, the journal, the report engine) are imported inside the commands that use them.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from huandu import __version__
from huandu.cli.common import (
    Settings,
    choice,
    county_option,
    refusals,
    settings,
)
from huandu.i18n import detect_language, set_language, t
from huandu.text import visible


def _version(value: bool) -> None:
    if value:
        print(f"huandu {__version__}")
        raise typer.Exit()


def build_app(command: str | None = None) -> typer.Typer:
    """The command-line app; with `command`, only that command is built (the rest of the
    app is the same)."""
    from huandu.cli.help import HuanduCommand, HuanduGroup

    app = typer.Typer(
        cls=HuanduGroup,
        name="huandu",
        help=t("help.app"),
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        ctx: typer.Context,
        home: Annotated[
            str | None,
            typer.Option("--home", metavar="DIR", help=t("help.opt.home"), show_default=False),
        ] = None,
        registry: Annotated[
            str | None,
            typer.Option(
                "--registry", metavar="FILE", help=t("help.opt.registry"), show_default=False
            ),
        ] = None,
        lang: Annotated[
            str | None,
            typer.Option("--lang", metavar="zh|en", help=t("help.opt.lang"), show_default=False),
        ] = None,
        version: Annotated[
            bool,
            typer.Option("--version", callback=_version, is_eager=True, help=t("help.opt.version")),
        ] = False,
    ) -> None:
        ctx.obj = Settings(home, registry)

    @app.command("list", help=t("help.list"), epilog=t("help.list.example"))
    @refusals
    def list_command(
        ctx: typer.Context,
        county: Annotated[
            str | None,
            county_option(),
        ] = None,
        quote: Annotated[bool, typer.Option("--quote", "-q", help=t("help.opt.quote"))] = False,
        fmt: Annotated[
            str,
            typer.Option(
                "--format", "-f", metavar="table|json|csv|markdown", help=t("help.opt.format")
            ),
        ] = "table",
    ) -> None:
        fmt = choice(fmt, ("table", "json", "csv", "markdown"), "--format")
        registry = settings(ctx).registry()
        chosen = [registry.county(county)] if county is not None else list(registry.counties)
        groups = [(c, registry.targets_of(c)) for c in chosen]
        if fmt == "table":
            from huandu.output.console import list_tables, make_console, print_tables

            console = make_console()
            print_tables(console, list_tables(registry, groups, quote, console.width))
            return
        from huandu.output import exports

        records = [exports.target_record(registry, target) for _, ts in groups for target in ts]
        if fmt == "json":
            typer.echo(exports.to_json(records))
        elif fmt == "csv":
            sys.stdout.write(exports.to_csv(records, exports.LIST_KEYS))
        else:
            from huandu.output.formatting import (
                category_label,
                county_label,
                iso,
                target_text,
                target_title,
            )

            headers = [
                t("col.id"),
                t("col.title"),
                t("col.target"),
                t("col.deadline"),
                t("col.category"),
            ]
            if quote:
                headers.append(t("col.quote"))
            for index, (c, ts) in enumerate(groups):
                rows = []
                for target in ts:
                    row = [
                        target.id,
                        target_title(target),
                        target_text(target),
                        iso(target.deadline),
                        category_label(target.category),
                    ]
                    if quote:
                        row.append(target.quote)
                    rows.append(row)
                title = t("list.heading", county=county_label(c), positioning=c.positioning)
                typer.echo(
                    ("\n" if index else "") + exports.to_markdown(headers, rows, title), nl=False
                )

    @app.command("validate", help=t("help.validate"), epilog=t("help.validate.example"))
    @refusals
    def validate_command(
        ctx: typer.Context,
        file: Annotated[
            Path | None,
            typer.Argument(metavar="[FILE]", help=t("help.arg.registry_file"), show_default=False),
        ] = None,
    ) -> None:
        from huandu.store.files import load_registry

        path = file if file is not None else settings(ctx).locations().registry
        registry = load_registry(path)
        typer.echo(
            t(
                "validate.ok",
                path=visible(path),
                counties=len(registry.counties),
                targets=len(registry.targets),
            )
        )

    import importlib

    for module_name, names in COMMAND_MODULES.items():
        if command is None or command in names:
            importlib.import_module(module_name).register(app)
    for info in app.registered_commands:  # Click's own words in the user's language, too
        if info.cls is None or not issubclass(info.cls, HuanduCommand):
            info.cls = HuanduCommand
    return app


# Which module registers which commands. `huandu report` needs only cli_report: building the
# other commands' options is start-up time spent on every run (README "Performance").
COMMAND_MODULES = {
    "huandu.cli.progress": ("update", "undo", "log", "show", "info"),
    "huandu.cli.report": ("report",),
    "huandu.cli.importing": ("import",),
}
_GLOBAL_WITH_VALUE = ("--home", "--registry", "--lang")


def command_in(args: list[str]) -> str | None:
    """The subcommand `args` will run, when that is certain; None means build every command
    (help, completion, no command, or a name that is not a command)."""
    if os.environ.get("_HUANDU_COMPLETE"):
        return None
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in _GLOBAL_WITH_VALUE:
            index += 2
            continue
        if arg.startswith("-"):
            if arg.startswith(tuple(f"{o}=" for o in _GLOBAL_WITH_VALUE)):
                index += 1
                continue
            return None  # --help, --version, or an unknown option: let Typer see every command
        known = {"list", "validate"}.union(*COMMAND_MODULES.values())
        if arg in known and not any(a in ("-h", "--help") for a in args[index + 1 :]):
            return arg
        return None
    return None


def main(argv: list[str] | None = None) -> None:
    # One command, then the process ends: the cyclic garbage collector would only re-scan the
    # hundreds of thousands of records a province report loads, again and again as they are built
    # (about 100 ms of a 550 ms report), to find cycles that don't exist. Reference counting
    # still frees everything as usual; peak memory is the same (bench/RESULTS.md).
    gc.disable()
    args = sys.argv[1:] if argv is None else argv
    set_language(detect_language(args))
    app = build_app(command_in(args))
    app(args=args, prog_name="huandu")
