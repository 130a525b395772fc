"""`huandu report`: completion against the plan and the calendar, for the screen and for colleagues."""

# No `from __future__ import annotations` here: Typer reads these commands' annotations on
# every run, and real objects cost less than strings it must evaluate each time.

from pathlib import Path
from typing import Annotated

import typer

from huandu.cli.app import app
from huandu.cli.common import (
    as_of_option,
    complete_status,
    county_option,
    emit,
    force_option,
    format_option,
    output_option,
    refusals,
    reply_by_option,
    session,
)
from huandu.errors import HuanduError, Localized


def statuses(raw: str | None) -> set[str] | None:
    """The statuses asked for, as codes: `behind,far_behind`, `far behind`, or the words of the
    report itself, `滞后,严重滞后` (commas may be Chinese ones)."""
    from huandu.domain.progress import STATUSES
    from huandu.i18n import variants

    if not raw:
        return None

    def key(word: str) -> str:  # "Far-behind", "far behind" and "far_behind" are one status
        return word.strip().lower().replace("-", "_").replace(" ", "_")

    by_word = {key(word): code for code in STATUSES for word in (code, *variants(f"status.{code}"))}
    wanted = set()
    for part in raw.replace("，", ",").replace("、", ",").split(","):
        word = key(part)
        if not word:
            continue
        if word not in by_word:
            codes = ",".join(STATUSES)
            words = "、".join(variants(f"status.{code}")[0] for code in STATUSES)
            choices = Localized(f"{words}（或 {codes}）", codes)
            raise HuanduError("report.bad_status", value=part.strip(), choices=choices)
        wanted.add(by_word[word])
    return wanted or None  # "--status ," names no status: every goal, as without it


@app.command("report", help="help.report", epilog="help.report.example")
@refusals
def report_command(
    ctx: typer.Context,
    as_of: Annotated[str | None, as_of_option()] = None,
    county: Annotated[str | None, county_option()] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="metavar.statuses",
            help="help.opt.status",
            show_default=False,
            autocompletion=complete_status,
        ),
    ] = None,
    monthly: Annotated[bool, typer.Option("--monthly", help="help.opt.monthly")] = False,
    compare: Annotated[bool, typer.Option("--compare", help="help.opt.compare")] = False,
    missing: Annotated[bool, typer.Option("--missing", help="help.opt.missing")] = False,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="metavar.date", help="help.opt.since", show_default=False),
    ] = None,
    reply_by: Annotated[str | None, reply_by_option()] = None,
    show_all: Annotated[bool, typer.Option("--all", help="help.opt.all")] = False,
    fmt: Annotated[str | None, format_option("report")] = None,
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    from huandu import output as outputs

    if sum((monthly, compare, missing)) > 1:
        raise HuanduError("report.monthly_and_compare")
    view = "monthly" if monthly else "compare" if compare else "missing" if missing else "report"
    if fmt is not None and fmt.lower() in ("xlsx", "docx") and view != "report":
        raise HuanduError("report.xlsx_plain_only", format=fmt.lower())
    chosen_format = outputs.choose(view, fmt, output)
    if outputs.needs_file(chosen_format) and (output is None or str(output) == "-"):
        raise HuanduError("report.need_output", format=chosen_format)
    if chosen_format == "xlsx":
        from huandu.output.xlsx import require_openpyxl

        require_openpyxl()
    if chosen_format == "docx":
        from huandu.output.docx import require_docx

        require_docx()
    wanted = statuses(status)
    current = session(ctx)
    registry = current.registry()
    chosen = {registry.county(county).id} if county is not None else None
    day = current.as_of(as_of)
    if view == "missing":
        from huandu.cli.common import reply_by_date

        start = current.day(since) if since is not None else None
        deadline = reply_by_date(current, reply_by, day)
        data = current.missing(day, county_ids=chosen, since=start, reply_by=deadline)
        emit(view, chosen_format, data, output, current, overwrite=force)
        return
    build = {"report": current.report, "monthly": current.monthly, "compare": current.compare}
    data = build[view](day, county_ids=chosen, statuses=wanted, show_all=show_all)
    emit(view, chosen_format, data, output, current, overwrite=force)
