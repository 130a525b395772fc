"""`huandu list` and `huandu validate`: the plan's goals, and whether a registry file is sound."""

# No `from __future__ import annotations` here: Typer reads these commands' annotations on
# every run, and real objects cost less than strings it must evaluate each time.

from pathlib import Path
from typing import Annotated

import typer

from huandu.cli.app import app
from huandu.cli.common import (
    county_option,
    emit,
    force_option,
    format_option,
    output_option,
    refusals,
    session,
)
from huandu.i18n import t
from huandu.text import visible


@app.command("list", help="help.list", epilog="help.list.example")
@refusals
def list_command(
    ctx: typer.Context,
    county: Annotated[str | None, county_option()] = None,
    quote: Annotated[bool, typer.Option("--quote", "-q", help="help.opt.quote")] = False,
    fmt: Annotated[str | None, format_option("list")] = None,
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    from huandu.output import ListView

    current = session(ctx)
    registry = current.registry()
    chosen = [registry.county(county)] if county is not None else list(registry.counties)
    groups = [(c, registry.targets_of(c)) for c in chosen]
    emit("list", fmt, ListView(registry, groups, quote), output, current, overwrite=force)


@app.command("validate", help="help.validate", epilog="help.validate.example")
@refusals
def validate_command(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(metavar="[FILE]", help="help.arg.registry_file", show_default=False),
    ] = None,
) -> None:
    path, registry = session(ctx).validate(file)
    typer.echo(
        t(
            "validate.ok",
            path=visible(path),
            counties=len(registry.counties),
            targets=len(registry.targets),
        )
    )
