"""`huandu plan …`: the plans a home knows (every year's, and mid-year ones), adding one, writing
one out to edit, and starting next year's."""

# No `from __future__ import annotations` here: Typer reads these commands' annotations on
# every run, and real objects cost less than strings it must evaluate each time.

from pathlib import Path
from typing import Annotated

import typer

from huandu.cli.app import app
from huandu.cli.common import (
    after_commit,
    by_option,
    emit,
    force_option,
    format_option,
    output_option,
    refusals,
    session,
    stdout_bytes,
)
from huandu.cli.help import HuanduGroup
from huandu.i18n import t
from huandu.output.words import plan_title
from huandu.text import visible

plan_app = typer.Typer(
    cls=HuanduGroup,
    help="help.plan",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(plan_app, name="plan", help="help.plan")


def _plan_argument(required: bool = False):
    return typer.Argument(
        metavar="metavar.arg.plan" if required else "metavar.arg.plan_optional",
        help="help.arg.plan",
        show_default=False,
    )


@plan_app.command("list", help="help.plan.list", epilog="help.plan.list.example")
@refusals
def plan_list_command(
    ctx: typer.Context,
    fmt: Annotated[str | None, format_option("plans")] = None,
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    current = session(ctx)
    emit("plans", fmt, current.plan_rows(), output, current, overwrite=force)


@plan_app.command("add", help="help.plan.add", epilog="help.plan.add.example")
@refusals
def plan_add_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="metavar.arg.file_required", help="help.arg.plan_file"),
    ],
    replace: Annotated[bool, typer.Option("--replace", help="help.opt.plan_replace")] = False,
    force: Annotated[bool, typer.Option("--force", help="help.opt.plan_force")] = False,
    by: Annotated[str | None, by_option()] = None,
) -> None:
    from huandu.service import default_by

    current = session(ctx)
    current.will_write()
    added = current.add_plan(file, replace=replace, force=force, by=by or default_by())
    entry = added.entry
    if added.unchanged:
        typer.echo(t("plan.unchanged", plan=visible(entry.id), version=entry.version or 0))
        return
    key = "plan.replaced" if added.replaced is not None else "plan.added"
    lines = [
        t(
            key,
            plan=visible(entry.id),
            title=visible(plan_title(entry)),
            version=entry.version,
            start=entry.start.isoformat(),
            end=entry.end.isoformat(),
            goals=entry.goals,
        ),
        t("plan.now_current" if added.current else "plan.not_current", plan=visible(entry.id)),
    ]
    after_commit(lines)


@plan_app.command("export", help="help.plan.export", epilog="help.plan.export.example")
@refusals
def plan_export_command(
    ctx: typer.Context,
    plan: Annotated[str | None, _plan_argument()] = None,
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    current = session(ctx)
    entry, data = current.plan_file(plan)
    if output is None or str(output) == "-":
        stdout_bytes(data)
        return
    current.save(output, data, overwrite=force)
    typer.echo(t("plan.exported", plan=visible(entry.id), path=visible(output)), err=True)


@plan_app.command("new", help="help.plan.new", epilog="help.plan.new.example")
@refusals
def plan_new_command(
    ctx: typer.Context,
    year: Annotated[int, typer.Option("--year", metavar="metavar.year", help="help.opt.plan_year")],
    from_plan: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="metavar.plan", help="help.opt.plan_from", show_default=False
        ),
    ] = None,
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    from huandu.i18n import render

    current = session(ctx)
    data = current.new_plan(year, from_plan, render)
    if output is None or str(output) == "-":
        stdout_bytes(data)
        return
    current.save(output, data, overwrite=force)
    typer.echo(t("plan_new.written", path=visible(output), year=year), err=True)
