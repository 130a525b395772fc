"""`huandu store …`: the progress store on a PostgreSQL server: creating its schema (or printing
the SQL for an administrator), copying a home's SQLite store into it, and granting a desk its
lane (one county's goals, or every county's for the office)."""

# No `from __future__ import annotations` here: Typer reads these commands' annotations on
# every run, and real objects cost less than strings it must evaluate each time.

import sys
import time
from typing import Annotated

import typer

from huandu.cli.app import app
from huandu.cli.common import after_commit, county_option, refusals, session
from huandu.cli.help import HuanduGroup
from huandu.errors import UsageError
from huandu.i18n import t
from huandu.text import visible

store_app = typer.Typer(
    cls=HuanduGroup,
    help="help.store",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(store_app, name="store", help="help.store")


@store_app.command("init", help="help.store.init", epilog="help.store.init.example")
@refusals
def store_init_command(
    ctx: typer.Context,
    print_sql: Annotated[
        bool, typer.Option("--print-sql", help="help.opt.print_sql", show_default=False)
    ] = False,
) -> None:
    current = session(ctx)
    if print_sql:
        sys.stdout.write(current.store_sql())
        sys.stdout.flush()
        return
    before, after = current.init_store()
    where = visible(current.locations.store_label)
    if before == after:
        after_commit([t("store.init_current", store=where, version=after)])
    else:
        after_commit([t("store.init_done", store=where, before=before, version=after)])


@store_app.command("copy", help="help.store.copy", epilog="help.store.copy.example")
@refusals
def store_copy_command(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option("--to", metavar="metavar.dsn", help="help.opt.copy_to", show_default=False),
    ],
) -> None:
    current = session(ctx)
    started = time.monotonic()
    copied = current.copy_store(to)
    after_commit(
        [
            t(
                "store.copied",
                path=visible(current.locations.store),
                store=visible(to),
                records=copied.records,
                retractions=copied.retractions,
                plans=copied.plans,
                digest=copied.digest[:16],
                seconds=f"{time.monotonic() - started:.1f}",
            )
        ]
    )


@store_app.command("grant", help="help.store.grant", epilog="help.store.grant.example")
@refusals
def store_grant_command(
    ctx: typer.Context,
    role: Annotated[
        str, typer.Argument(metavar="metavar.arg.role", help="help.arg.role", show_default=False)
    ],
    county: Annotated[str | None, county_option("help.opt.grant_county")] = None,
    office: Annotated[bool, typer.Option("--office", help="help.opt.grant_office")] = False,
) -> None:
    from huandu.output.words import county_label

    if (county is None) == (not office):  # one of the two, never both
        raise UsageError("store.grant_needs_lane")
    current = session(ctx)
    chosen = current.county(county)
    goals = current.grant(role, chosen)
    if chosen is None:
        line = t("store.granted_office", role=visible(role), goals=goals)
    else:
        line = t("store.granted", role=visible(role), county=county_label(chosen), goals=goals)
    after_commit([line])
