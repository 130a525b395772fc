"""`huandu draft`: a registry drafted from a planning article, for a person to review.

The rules that read the article are `domain.draft`'s; reading the file and writing the TOML are
`store.draft_file`'s (through `Session.draft` and `Session.draft_file`); this command chooses the
words of the review comments (the interface language) and says what was drafted.
"""

# No `from __future__ import annotations` here: Typer reads these commands' annotations on
# every run, and real objects cost less than strings it must evaluate each time.

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from huandu.cli.app import app
from huandu.cli.common import force_option, refusals, session, stderr_line, stdout_bytes, warn
from huandu.i18n import render, t
from huandu.text import visible

if TYPE_CHECKING:
    from huandu.domain.draft import Draft


def _summary(draft: "Draft", key: str, **where: str) -> str:
    from huandu.domain.draft import MILESTONE

    milestones = sum(g.proposal.kind == MILESTONE for g in draft.goals)
    return t(
        key,
        **where,
        counties=len(draft.counties),
        figures=len(draft.goals) - milestones,
        milestones=milestones,
        doubtful=sum(g.proposal.doubtful for g in draft.goals),
        left=len(draft.left_out),
    )


@app.command("draft", help="help.draft", epilog="help.draft.example")
@refusals
def draft_command(
    ctx: typer.Context,
    article: Annotated[
        Path, typer.Argument(metavar="metavar.article", help="help.arg.article", show_default=False)
    ],
    counties: Annotated[
        str | None,
        typer.Option(
            "--counties", metavar="metavar.counties", help="help.opt.counties", show_default=False
        ),
    ] = None,
    county: Annotated[
        str | None,
        typer.Option(
            "--county",
            "-c",
            metavar="metavar.county",
            help="help.opt.draft_county",
            show_default=False,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="metavar.year", help="help.opt.year", show_default=False),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="metavar.file",
            help="help.opt.draft_output",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    current = session(ctx)
    draft = current.draft(article, counties=counties, county=county, year=year)
    data, problems = current.draft_file(draft, render)
    for short in draft.missing:
        warn("draft.missing_county", county=visible(short))
    if output is None or str(output) == "-":  # the draft on standard output, the summary aside
        stdout_bytes(data)
        stderr_line(_summary(draft, "draft.written_stdout"))
    else:
        current.save(output, data, overwrite=force)
        typer.echo(_summary(draft, "draft.written", path=visible(output)))
    if problems:
        warn("draft.not_valid", count=problems)
