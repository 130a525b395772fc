"""The Typer app: global options. Commands are defined at module level in the modules of
`COMMAND_MODULES`, each decorating this `app` when it is imported."""


# No `from __future__ import annotations` here: Typer reads these commands' annotations on
# every run, and real objects cost less than strings it must evaluate each time.

import importlib
import os
from typing import Annotated

import typer

from huandu import __version__
from huandu.cli.help import HuanduGroup
from huandu.errors import UsageError
from huandu.i18n import LANGUAGES, normalize_language
from huandu.service import Session

app = typer.Typer(
    cls=HuanduGroup,
    name="huandu",
    help="help.app",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"huandu {__version__}")
        raise typer.Exit()


def _language(value: str | None) -> str | None:
    """`--lang` was read before the app was built (`huandu.cli.main`); here it is only checked."""
    if value is not None and normalize_language(value) is None:
        from huandu.cli.common import fail
        from huandu.i18n import message

        error = UsageError("option.bad_lang", value=value, choices="|".join(LANGUAGES))
        raise fail(message(error), error.exit_code)
    return value


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        str | None,
        typer.Option("--home", metavar="metavar.dir", help="help.opt.home", show_default=False),
    ] = None,
    registry: Annotated[
        str | None,
        typer.Option(
            "--registry", metavar="metavar.file", help="help.opt.registry", show_default=False
        ),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option("--store", metavar="metavar.dsn", help="help.opt.store", show_default=False),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan",
            metavar="metavar.plan",
            help="help.opt.plan",
            show_default=False,
            autocompletion=lambda ctx, incomplete: complete_plan(ctx, incomplete),
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="zh|en",
            help="help.opt.lang",
            show_default=False,
            callback=_language,
            is_eager=True,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="help.opt.version"),
    ] = False,
) -> None:
    ctx.obj = Session(home, registry, plan, store)


# Which module defines which commands, in the order `huandu --help` lists them. A run imports
# only the module of the command it runs (README "Performance").
COMMAND_MODULES = {
    "huandu.cli.listing": ("list", "validate"),
    "huandu.cli.progress": ("update", "undo", "log", "show", "info"),
    "huandu.cli.report": ("report",),
    "huandu.cli.notice": ("notice",),
    "huandu.cli.importing": ("import",),
    "huandu.cli.data": ("export", "restore"),
    "huandu.cli.plans": ("plan",),
    "huandu.cli.draft": ("draft",),
    "huandu.cli.stores": ("store",),
}
_GLOBAL_WITH_VALUE = ("--home", "--registry", "--plan", "--lang", "--store")


def load_commands(command: str | None = None) -> typer.Typer:
    """The app with the module of `command` loaded, or every command (None)."""
    from huandu.cli.help import HuanduCommand

    for module, names in COMMAND_MODULES.items():
        if command is None or command in names:
            importlib.import_module(module)
    groups = [app, *(group.typer_instance for group in app.registered_groups)]
    for typer_app in groups:  # Click's own words in the user's language, too
        for info in typer_app.registered_commands:
            if info.cls is None or not issubclass(info.cls, HuanduCommand):
                info.cls = HuanduCommand
    return app


def complete_plan(ctx: typer.Context, incomplete: str) -> list[str]:
    """`--plan`: the ids of the home's plans (nothing when the home cannot be read)."""
    from huandu.errors import HuanduError

    params = ctx.find_root().params or {}
    try:
        plans = Session(
            params.get("home"), params.get("registry"), store=params.get("store")
        ).plans()
    except (HuanduError, OSError):
        return []
    return [p.id for p in plans if p.id.startswith(incomplete)]


def command_in(args: list[str]) -> str | None:
    """The subcommand `args` will run, when that is certain; None means load every command
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
        known = {name for names in COMMAND_MODULES.values() for name in names}
        if arg in known and not any(a in ("-h", "--help") for a in args[index + 1 :]):
            return arg
        return None
    return None
