"""Commands that record and read progress: update, log, show, undo, info."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from huandu.cli.common import (
    Settings,
    by_option,
    choice,
    complete_period,
    complete_target,
    county_option,
    default_by,
    now,
    read_journal,
    refusals,
    settings,
    today,
)
from huandu.errors import HuanduError
from huandu.i18n import t
from huandu.text import visible

if TYPE_CHECKING:
    import datetime as dt

    from huandu.domain.model import Journal, ProgressRecord, Registry, Target


def _store(state: Settings):
    from huandu.store.journal_store import JournalStore

    return JournalStore(state.locations().journal)


def _describe_value(record: ProgressRecord, target: Target | None) -> str:
    from huandu.output.formatting import figure_text

    # Stage names come from the registry, a shared file: shown through visible() like any text.
    return visible(figure_text(record.value, record.unit, record.stage))


def _percent_text(record: ProgressRecord, target: Target) -> str:
    if target.is_milestone:
        return f"{record.value:g}%"
    assert target.target is not None
    return f"{record.value / target.target * 100:.1f}%"


def record_update(
    state: Settings,
    target: Target,
    raw_value: str,
    day: dt.date,
    note: str,
    source: str,
    by: str,
) -> ProgressRecord:
    """Validate and append one update under the journal lock."""
    from huandu.domain.recording import make_record

    current_today = today()

    def build(journal: Journal, seq: int) -> ProgressRecord:
        return make_record(
            target,
            raw_value,
            journal=journal,
            seq=seq,
            day=day,
            today=current_today,
            now=now(),
            note=note,
            source=source,
            by=by,
        )

    store = _store(state)
    entry, current = store.append(build, target=target.id)
    after_write(store, current)
    return entry  # type: ignore[return-value]


def after_write(store, current) -> None:
    """Warnings found while writing; a torn tail was repaired by the write, so say where it went."""
    from huandu.cli.common import show_warnings, warn

    show_warnings([w for w in current.warnings if w[0] != "journal.torn"])
    if store.set_aside is not None:
        warn("journal.repaired", path=str(store.set_aside), size=len(current.torn))
    if store.created:  # said once: the first figure creates the journal
        print(t("first_run", home=visible(store.path.parent)), file=sys.stderr)


def _confirm_line(target: Target, record: ProgressRecord, registry: Registry) -> str:
    from huandu.output.formatting import county_label, target_title

    county = registry.county_by_id(target.county)
    return t(
        "update.recorded",
        seq=record.seq,
        county=county_label(county),
        title=visible(target_title(target)),
        value=_describe_value(record, target),
        date=record.date.isoformat(),
        percent=_percent_text(record, target),
    )


def register(app: typer.Typer) -> None:
    # A negative value (`-500`) is not an option: let it through so the refusal names the reason.
    @app.command(
        "update",
        help=t("help.update"),
        epilog=t("help.update.example"),
        context_settings={"ignore_unknown_options": True},
    )
    @refusals
    def update_command(
        ctx: typer.Context,
        target: Annotated[
            str | None,
            typer.Argument(
                metavar="[TARGET]",
                help=t("help.arg.target"),
                show_default=False,
                autocompletion=complete_target,
            ),
        ] = None,
        value: Annotated[
            str | None,
            typer.Argument(metavar="[VALUE]", help=t("help.arg.value"), show_default=False),
        ] = None,
        date: Annotated[
            str | None,
            typer.Option(
                "--date",
                "-d",
                metavar="DATE|PERIOD",
                help=t("help.opt.date"),
                show_default=False,
                autocompletion=complete_period,
            ),
        ] = None,
        note: Annotated[
            str, typer.Option("--note", "-n", metavar="TEXT", help=t("help.opt.note"))
        ] = "",
        source: Annotated[
            str, typer.Option("--source", "-s", metavar="TEXT", help=t("help.opt.source"))
        ] = "",
        by: Annotated[
            str | None,
            by_option(),
        ] = None,
    ) -> None:
        from huandu.domain.periods import parse_when

        state = settings(ctx)
        registry = state.registry()
        author = by if by is not None else default_by()
        if target is None and value is None:
            from huandu.cli.prompts import ask_update

            ask_update(state, registry, author)
            return
        if target is None or value is None:
            raise HuanduError("update.need_value")
        goal = registry.resolve(target)
        day = parse_when(date, registry.plan.year) if date else today()
        record = record_update(state, goal, value, day, note, source, author)
        typer.echo(_confirm_line(goal, record, registry))

    @app.command("undo", help=t("help.undo"), epilog=t("help.undo.example"))
    @refusals
    def undo_command(
        ctx: typer.Context,
        seq: Annotated[
            int | None, typer.Argument(metavar="[SEQ]", help=t("help.arg.seq"), show_default=False)
        ] = None,
        note: Annotated[
            str, typer.Option("--note", "-n", metavar="TEXT", help=t("help.opt.undo_note"))
        ] = "",
        by: Annotated[
            str | None,
            by_option(),
        ] = None,
    ) -> None:
        from huandu.domain.recording import make_retraction

        state = settings(ctx)
        registry = state.registry()
        author = by if by is not None else default_by()

        def build(journal: Journal, next_seq: int):
            return make_retraction(journal, next_seq, which=seq, now=now(), note=note, by=author)

        store = _store(state)
        entry, before = store.append(build)
        after_write(store, before)
        undone = next(r for r in before.journal.records if r.seq == entry.retracts)
        goal = registry.get(undone.target)
        from huandu.output.formatting import target_title

        title = visible(target_title(goal) if goal else undone.target)
        typer.echo(t("undo.done", seq=undone.seq, title=title, value=_describe_value(undone, goal)))
        journal_after = before.journal
        remaining = [r for r in journal_after.active(undone.target) if r.seq != undone.seq]
        from huandu.domain.model import latest

        fallback = latest(remaining)
        if fallback is None:
            typer.echo(t("undo.now_empty"))
        else:
            typer.echo(
                t(
                    "undo.now_latest",
                    value=_describe_value(fallback, goal),
                    date=fallback.date.isoformat(),
                    seq=fallback.seq,
                )
            )

    @app.command("log", help=t("help.log"), epilog=t("help.log.example"))
    @refusals
    def log_command(
        ctx: typer.Context,
        county: Annotated[
            str | None,
            county_option(),
        ] = None,
        target: Annotated[
            str | None,
            typer.Option(
                "--target",
                "-t",
                metavar="GOAL",
                help=t("help.opt.target"),
                show_default=False,
                autocompletion=complete_target,
            ),
        ] = None,
        fmt: Annotated[
            str, typer.Option("--format", "-f", metavar="table|json|csv", help=t("help.opt.format"))
        ] = "table",
    ) -> None:
        from huandu.domain.history import LOG_KEYS, history_rows
        from huandu.output import exports

        fmt = choice(fmt, ("table", "json", "csv"), "--format")
        state = settings(ctx)
        registry = state.registry()
        chosen_county = registry.county(county) if county is not None else None
        goal = registry.resolve(target, chosen_county) if target else None
        journal = read_journal(state).journal
        rows = history_rows(registry, journal, county=chosen_county, target=goal)
        if fmt == "json":
            typer.echo(exports.to_json(rows))
        elif fmt == "csv":
            sys.stdout.write(exports.to_csv(rows, LOG_KEYS))
        else:
            from huandu.output.console import log_table, make_console

            console = make_console()
            if not rows:
                console.print(t("log.empty"))
                console.print(t("hint.first_update"))
                return
            console.print(log_table(rows))

    @app.command("show", help=t("help.show"), epilog=t("help.show.example"))
    @refusals
    def show_command(
        ctx: typer.Context,
        target: Annotated[
            str,
            typer.Argument(
                metavar="TARGET", help=t("help.arg.target"), autocompletion=complete_target
            ),
        ],
        fmt: Annotated[
            str, typer.Option("--format", "-f", metavar="table|json", help=t("help.opt.format"))
        ] = "table",
    ) -> None:
        from huandu.domain.history import goal_detail
        from huandu.output import exports

        fmt = choice(fmt, ("table", "json"), "--format")
        state = settings(ctx)
        registry = state.registry()
        goal = registry.resolve(target)
        journal = read_journal(state, goal.id).journal
        detail = goal_detail(registry, journal, goal, today())
        if fmt == "json":
            typer.echo(exports.to_json(detail))
            return
        from huandu.output.console import make_console, show_goal

        show_goal(make_console(), registry, goal, detail)

    @app.command("info", help=t("help.info"), epilog=t("help.info.example"))
    @refusals
    def info_command(ctx: typer.Context) -> None:
        from huandu.store.locations import JOURNAL_NAME

        state = settings(ctx)
        where = state.locations()
        registry = state.registry()
        result = read_journal(state)
        journal = result.journal
        typer.echo(t("info.home", path=visible(where.home)))
        typer.echo(t(f"info.registry.{where.registry_origin}", path=visible(where.registry)))
        typer.echo(
            t(
                "info.registry_counts",
                counties=len(registry.counties),
                targets=len(registry.targets),
            )
        )
        exists = (where.home / JOURNAL_NAME).exists()
        typer.echo(t("info.journal", path=visible(where.journal)))
        if exists:
            typer.echo(
                t(
                    "info.journal_counts",
                    records=len(journal.records),
                    retractions=len(journal.retractions),
                )
            )
        else:
            typer.echo(t("info.journal_missing"))
