"""`huandu import`: a county's spreadsheet recorded in one go, or not at all; and its template.

The reading and checking is `importer`'s; this command reads the file, shows the result and writes
every record through `JournalStore.append_many` (one locked write, one fsync).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from huandu.cli.common import (
    Settings,
    by_option,
    county_option,
    default_by,
    fail,
    now,
    refusals,
    settings,
    today,
)
from huandu.errors import EXIT_USAGE, HuanduError
from huandu.i18n import t
from huandu.text import visible

if TYPE_CHECKING:
    from huandu.domain.model import County, Journal, ProgressRecord, Registry
    from huandu.store.sheets import Plan, Problem, Sheet


class _Usage(HuanduError):
    exit_code = EXIT_USAGE


def _problem_lines(problems: list[Problem]) -> list[str]:
    # visible() per message: a cell with a line break must not split a row's line in two.
    return [t("import.row", row=p.row, message=visible(p.error.message)) for p in problems]


def _refuse(problems: list[Problem]) -> typer.Exit:
    from huandu.store.sheets import RowProblems

    lines = [*_problem_lines(problems), RowProblems(problems).message]
    return fail("\n".join(lines))


def _value_text(record: ProgressRecord) -> str:
    from huandu.domain.units import format_amount
    from huandu.output.formatting import stage_label

    if record.stage:
        return f"{stage_label(record.stage)} ({format_amount(record.value, digits=6)}%)"
    return f"{format_amount(record.value, digits=6)}{record.unit or ''}"


def _differs(typed: str, shown: str, unit: str | None) -> bool:
    """Whether what was typed reads differently from the value shown (3500万元 vs 0.35亿元)."""

    def bare(text: str) -> str:
        return text.replace(",", "").replace(" ", "")

    return bool(typed) and bare(shown) not in (bare(typed), bare(typed) + (unit or ""))


def _show_plan(path: Path, sheet: Sheet, plan: Plan) -> None:
    from huandu.store.sheets import CSV

    table = sheet.table
    rows = len(sheet.rows)
    if table.kind == CSV:
        encoding = t(f"import.encoding.{table.encoding}")
        typer.echo(t("import.dry_run.csv", path=visible(path), encoding=encoding, rows=rows))
    else:
        typer.echo(
            t("import.dry_run.xlsx", path=visible(path), sheet=visible(table.sheet), rows=rows)
        )
    if sheet.ignored:
        typer.echo(t("import.dry_run.ignored", columns=visible(", ".join(sheet.ignored))))
    if sheet.skipped:
        typer.echo(t("import.dry_run.skipped", count=sheet.skipped))
    for planned in plan.records:
        record = planned.record
        value = _value_text(record)
        line = t(
            "import.dry_run.row",
            row=planned.row,
            goal=visible(record.target),
            value=visible(value),
            date=record.date.isoformat(),
        )
        if _differs(record.input, value, record.unit):
            line += t("import.dry_run.typed", input=visible(record.input))
        typer.echo(line)


def _plan(
    registry: Registry,
    sheet: Sheet,
    journal: Journal,
    first_seq: int,
    by: str,
    county: County | None,
) -> Plan:
    from huandu.store.sheets import plan_records

    return plan_records(
        registry,
        sheet.rows,
        journal,
        first_seq=first_seq,
        today=today(),
        now=now(),
        by=by,
        county=county,
    )


def _import(state: Settings, path: Path, *, dry_run: bool, by: str, county: County | None) -> None:
    from huandu.store.files import read_bytes
    from huandu.store.sheets import RowProblems, read_sheet

    registry = state.registry()
    sheet = read_sheet(read_bytes(path, "import.missing_file"), str(path))
    if not sheet.rows:
        raise HuanduError("import.nothing", path=str(path))
    if dry_run:
        from huandu.cli.common import read_journal

        journal = read_journal(state).journal
        plan = _plan(registry, sheet, journal, journal.last_seq + 1, by, county)
        _show_plan(path, sheet, plan)
        if plan.problems:
            raise _refuse(plan.problems)
        typer.echo(t("import.dry_run.would", records=len(plan.records), goals=plan.goals))
        return

    from huandu.cli.progress import after_write
    from huandu.store.journal_store import JournalStore

    written: list[Plan] = []

    def build(journal: Journal, next_seq: int) -> list:
        # Under the journal's lock: `+500` adds to the figures as they are now, seqs follow on.
        plan = _plan(registry, sheet, journal, next_seq, by, county)
        if plan.problems:
            raise RowProblems(plan.problems)
        written.append(plan)
        return [p.record for p in plan.records]

    store = JournalStore(state.locations().journal)
    try:
        _, current = store.append_many(build)
    except RowProblems as exc:
        raise _refuse(exc.problems) from None
    after_write(store, current)
    plan = written[-1]
    typer.echo(t("import.done", records=len(plan.records), goals=plan.goals))


def _write_template(state: Settings, path: Path, county: County | None) -> None:
    from huandu.store import sheets as importer

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise HuanduError("import.template_suffix", path=str(path))
    if path.is_dir():
        raise HuanduError("file.is_directory", path=str(path))
    if path.exists():
        raise HuanduError("import.template_exists", path=str(path))
    rows = importer.template_rows(state.registry(), county)
    data = importer.template_xlsx(rows) if suffix == ".xlsx" else importer.template_csv(rows)
    _save_new(path, data)
    typer.echo(t("import.template_saved", path=visible(path), goals=len(rows) - 1))


def _save_new(path: Path, data: bytes) -> None:
    """Write next to the final name, then link it in place: never half a file, and never over a
    file that appeared meanwhile (a filled-in sheet is worth more than a template)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise HuanduError("import.template_exists", path=str(path)) from None
        except OSError:  # a file system without hard links: rename (the check above stands)
            os.replace(tmp, path)
    except OSError as exc:
        raise HuanduError(
            "import.write_failed", path=str(path), reason=exc.strerror or exc
        ) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def register(app: typer.Typer) -> None:
    @app.command("import", help=t("help.import"), epilog=t("help.import.example"))
    @refusals
    def import_command(
        ctx: typer.Context,
        file: Annotated[
            Path | None,
            typer.Argument(metavar="[FILE]", help=t("help.arg.import_file"), show_default=False),
        ] = None,
        dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help.opt.dry_run"))] = False,
        template: Annotated[
            Path | None,
            typer.Option(
                "--template", metavar="FILE", help=t("help.opt.template"), show_default=False
            ),
        ] = None,
        county: Annotated[
            str | None,
            county_option("help.opt.import_county"),
        ] = None,
        by: Annotated[
            str | None,
            by_option(),
        ] = None,
    ) -> None:
        state = settings(ctx)
        if template is not None and file is not None:
            raise _Usage("import.file_and_template")
        chosen = state.registry().county(county) if county is not None else None
        if template is not None:
            _write_template(state, template, chosen)
            return
        if file is None:
            raise _Usage("import.need_file")
        author = by if by is not None else default_by()
        _import(state, file, dry_run=dry_run, by=author, county=chosen)
