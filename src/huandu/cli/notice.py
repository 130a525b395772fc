"""`huandu notice`: the 督办单 of the goals that need one, as a Word document or Markdown."""

# No `from __future__ import annotations` here: Typer reads these commands' annotations on
# every run, and real objects cost less than strings it must evaluate each time.

from pathlib import Path
from typing import Annotated

import typer

from huandu.cli.app import app
from huandu.cli.common import (
    as_of_option,
    county_option,
    emit,
    force_option,
    format_option,
    output_option,
    refusals,
    reply_by_date,
    reply_by_option,
    session,
)


@app.command("notice", help="help.notice", epilog="help.notice.example")
@refusals
def notice_command(
    ctx: typer.Context,
    as_of: Annotated[str | None, as_of_option()] = None,
    county: Annotated[str | None, county_option()] = None,
    reply_by: Annotated[str | None, reply_by_option()] = None,
    first: Annotated[
        int,
        typer.Option("--first", metavar="N", help="help.opt.first_number", min=1),
    ] = 1,
    fmt: Annotated[str | None, format_option("notice")] = None,
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    from huandu import output as outputs
    from huandu.service import today

    chosen_format = outputs.choose("notice", fmt, output)
    if chosen_format == "docx":
        from huandu.output.docx import require_docx

        require_docx()
    current = session(ctx)
    registry = current.registry()
    chosen = {registry.county(county).id} if county is not None else None
    day = current.as_of(as_of)
    deadline = reply_by_date(current, reply_by, today())
    notices = current.supervision_notices(
        day, county_ids=chosen, reply_by=deadline, first_number=first
    )
    emit("notice", chosen_format, notices, output, current, overwrite=force)
