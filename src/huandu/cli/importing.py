"""`huandu import`: a county's spreadsheet recorded in one go, or not at all; and its template.

Reading the sheet is `store.sheets`'s, checking each row `domain.importing`'s (the same check as
`huandu update`), writing them `Session.import_sheet`'s (one transaction); this command shows what
happened.
"""

# No `from __future__ import annotations` here: Typer reads these commands' annotations on
# every run, and real objects cost less than strings it must evaluate each time.

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from huandu.cli.app import app
from huandu.cli.common import after_commit, by_option, county_option, fail, refusals, session
from huandu.errors import UsageError
from huandu.i18n import message, t
from huandu.text import visible

if TYPE_CHECKING:
    from huandu.domain.entries import Record
    from huandu.domain.importing import ImportPlan, Problem
    from huandu.store.sheets import Sheet


def _refuse(problems: list["Problem"]) -> typer.Exit:
    from huandu.domain.importing import RowProblems

    # visible() per message: a cell with a line break must not split a row's line in two.
    lines = [t("import.row", row=p.row, message=visible(message(p.error))) for p in problems]
    lines.append(message(RowProblems(problems)))
    return fail("\n".join(lines), 1)


def _value_text(record: "Record") -> str:
    from huandu.domain.units import format_amount
    from huandu.output.words import stage_label

    if record.stage:
        return f"{stage_label(record.stage)} ({format_amount(record.value, digits=6)}%)"
    return f"{format_amount(record.value, digits=6)}{record.unit or ''}"


def _differs(typed: str, shown: str, unit: str | None) -> bool:
    """Whether what was typed reads differently from the value shown (3500万元 vs 0.35亿元)."""

    def bare(text: str) -> str:
        return text.replace(",", "").replace(" ", "")

    return bool(typed) and bare(shown) not in (bare(typed), bare(typed) + (unit or ""))


def _show_plan(path: Path, sheet: "Sheet", plan: "ImportPlan") -> None:
    table = sheet.table
    rows = len(sheet.rows)
    if table.encoding is not None:  # a CSV (a workbook has sheets, not encodings)
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


@app.command("import", help="help.import", epilog="help.import.example")
@refusals
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(metavar="metavar.arg.file", help="help.arg.import_file", show_default=False),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="help.opt.dry_run")] = False,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", metavar="metavar.file", help="help.opt.template", show_default=False
        ),
    ] = None,
    county: Annotated[str | None, county_option("help.opt.import_county")] = None,
    by: Annotated[str | None, by_option()] = None,
    force: Annotated[bool, typer.Option("--force", help="help.opt.force_import")] = False,
) -> None:
    from huandu.domain.importing import RowProblems
    from huandu.service import default_by

    current = session(ctx)
    current.will_write()
    if template is not None and file is not None:
        raise UsageError("import.file_and_template")
    chosen = current.county(county)
    if template is not None:
        goals = current.write_template(template, chosen)
        typer.echo(t("import.template_saved", path=visible(template), goals=goals))
        return
    if file is None:
        raise UsageError("import.need_file")
    author = by if by is not None else default_by()
    sheet = current.read_sheet(file)
    if dry_run:
        plan = current.plan_import(sheet, by=author, county=chosen, force=force)
        _show_plan(file, sheet, plan)
        if plan.problems:
            raise _refuse(plan.problems)
        typer.echo(t("import.dry_run.would", records=len(plan.records), goals=plan.goals))
        return
    try:
        plan = current.import_sheet(sheet, by=author, county=chosen, force=force)
    except RowProblems as exc:
        raise _refuse(exc.problems) from None
    after_commit([t("import.done", records=len(plan.records), goals=plan.goals)])
