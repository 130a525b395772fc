"""Commands that record and read progress: update, undo, log, show, info."""

# No `from __future__ import annotations` here: Typer reads these commands' annotations on
# every run, and real objects cost less than strings it must evaluate each time.

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from huandu.cli.app import app
from huandu.cli.common import (
    after_commit,
    by_option,
    complete_period,
    complete_target,
    county_option,
    emit,
    force_option,
    format_option,
    output_option,
    refusals,
    session,
)
from huandu.errors import HuanduError
from huandu.i18n import t
from huandu.output.words import plan_title
from huandu.text import visible

if TYPE_CHECKING:
    from huandu.domain.entries import Record
    from huandu.domain.model import Target
    from huandu.service import Recorded


def value_text(record: "Record") -> str:
    from huandu.output.words import figure_text

    # Stage names come from the registry, a shared file: shown through visible() like any text.
    return visible(figure_text(record.value, record.unit, record.stage))


def recorded_line(done: "Recorded") -> str:
    from huandu.domain.progress import completion
    from huandu.domain.units import format_amount
    from huandu.output.words import county_label, target_title

    record, goal = done.record, done.target
    percent = completion(goal, record.value)
    return t(
        "update.recorded",
        seq=record.seq,
        county=county_label(done.county),
        title=visible(target_title(goal)),
        value=value_text(record),
        date=record.date.isoformat(),
        percent=f"{format_amount(percent, digits=1)}%" if goal.is_milestone else f"{percent:.1f}%",
    )


# A negative value (`-500`) is not an option: let it through so the refusal names the reason.
@app.command(
    "update",
    help="help.update",
    epilog="help.update.example",
    context_settings={"ignore_unknown_options": True},
)
@refusals
def update_command(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="metavar.arg.target_opt",
            help="help.arg.target",
            show_default=False,
            autocompletion=complete_target,
        ),
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(metavar="metavar.arg.value_opt", help="help.arg.value", show_default=False),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            metavar="metavar.date",
            help="help.opt.date",
            show_default=False,
            autocompletion=complete_period,
        ),
    ] = None,
    note: Annotated[
        str, typer.Option("--note", "-n", metavar="metavar.text", help="help.opt.note")
    ] = "",
    source: Annotated[
        str, typer.Option("--source", "-s", metavar="metavar.text", help="help.opt.source")
    ] = "",
    by: Annotated[str | None, by_option()] = None,
    force: Annotated[bool, typer.Option("--force", help="help.opt.force_record")] = False,
) -> None:
    from huandu.service import default_by

    current = session(ctx)
    current.will_write()
    author = by if by is not None else default_by()
    if target is None and value is None:
        from huandu.cli.prompts import ask_update

        ask_update(current, author)
        return
    if target is None or value is None:
        raise HuanduError("update.need_value")
    goal = current.goal(target)
    day = current.day(date)
    done = current.record(goal, value, day, note=note, source=source, by=author, force=force)
    after_commit([recorded_line(done)])


@app.command("undo", help="help.undo", epilog="help.undo.example")
@refusals
def undo_command(
    ctx: typer.Context,
    seq: Annotated[
        int | None,
        typer.Argument(metavar="metavar.arg.seq", help="help.arg.seq", show_default=False),
    ] = None,
    note: Annotated[
        str, typer.Option("--note", "-n", metavar="metavar.text", help="help.opt.undo_note")
    ] = "",
    by: Annotated[str | None, by_option()] = None,
) -> None:
    from huandu.output.words import target_title
    from huandu.service import default_by

    current = session(ctx)
    current.will_write()
    author = by if by is not None else default_by()
    undone = current.undo(seq, note=note, by=author)
    goal: Target | None = undone.target
    title = visible(target_title(goal) if goal else undone.record.target)
    lines = [t("undo.done", seq=undone.record.seq, title=title, value=value_text(undone.record))]
    if undone.fallback is None:
        lines.append(t("undo.now_empty"))
    else:
        lines.append(
            t(
                "undo.now_latest",
                value=value_text(undone.fallback),
                date=undone.fallback.date.isoformat(),
                seq=undone.fallback.seq,
            )
        )
    after_commit(lines)


@app.command("log", help="help.log", epilog="help.log.example")
@refusals
def log_command(
    ctx: typer.Context,
    county: Annotated[str | None, county_option()] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            "-t",
            metavar="metavar.goal",
            help="help.opt.target",
            show_default=False,
            autocompletion=complete_target,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="metavar.date", help="help.opt.log_since", show_default=False
        ),
    ] = None,
    by_role: Annotated[
        str | None,
        typer.Option(
            "--by-role", metavar="metavar.role", help="help.opt.by_role", show_default=False
        ),
    ] = None,
    fmt: Annotated[str | None, format_option("log")] = None,
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    current = session(ctx)
    chosen = current.county(county)
    goal = current.goal(target, chosen) if target else None
    day = current.since(since) if since is not None else None
    rows = current.history(chosen, goal, since=day, by_role=by_role)
    emit("log", fmt, rows, output, current, overwrite=force)


@app.command("show", help="help.show", epilog="help.show.example")
@refusals
def show_command(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            metavar="metavar.arg.target", help="help.arg.target", autocompletion=complete_target
        ),
    ],
    fmt: Annotated[str | None, format_option("show")] = None,
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    from huandu.output import ShowView

    current = session(ctx)
    goal = current.goal(target)
    detail = current.detail(goal)
    earlier = detail["earlier"]
    earlier_goal = None
    if earlier is not None:
        earlier_goal = current.plan_registry(earlier["plan"]).get(earlier["id"])
    view = ShowView(current.registry(), goal, detail, earlier_goal)
    emit("show", fmt, view, output, current, overwrite=force)


@app.command("info", help="help.info", epilog="help.info.example")
@refusals
def info_command(ctx: typer.Context) -> None:
    info = session(ctx).info()
    where = info.locations
    typer.echo(t("info.home", path=visible(where.home)))
    if info.plan is None:
        typer.echo(t("info.registry.option", path=visible(where.registry_option)))
    else:
        plan = info.plan
        origin = t(f"plan.origin.{plan.origin}")
        if plan.version:
            origin = t("plan.origin.version", origin=origin, version=plan.version)
        elif plan.origin in ("bundled", "home"):
            path = where.bundled_registry if plan.origin == "bundled" else where.home_registry
            origin = t("plan.origin.file", origin=origin, path=visible(path))
        typer.echo(t("info.plan", plan=visible(plan.id), title=visible(plan_title(plan)),
                     start=plan.start.isoformat(), end=plan.end.isoformat(), origin=origin))  # fmt: skip
    typer.echo(
        t(
            "info.registry_counts",
            counties=len(info.registry.counties),
            targets=len(info.registry.targets),
        )
    )
    if info.plans > 1:
        typer.echo(t("info.plan_count", count=info.plans))
    typer.echo(t("info.store", path=visible(where.store_label)))
    if info.store_exists:
        typer.echo(t("info.store_counts", records=info.records, retractions=info.retractions))
    elif where.store_dsn is not None:
        typer.echo(t("info.store_missing_server"))
    else:
        typer.echo(t("info.store_missing"))
