"""`huandu export` and `huandu restore`: the whole store as plain TOML, and back."""

# No `from __future__ import annotations` here: Typer reads these commands' annotations on
# every run, and real objects cost less than strings it must evaluate each time.

import sys
from pathlib import Path
from typing import Annotated

import typer

from huandu.cli.app import app
from huandu.cli.common import (
    after_commit,
    choice,
    force_option,
    output_option,
    refusals,
    session,
)
from huandu.i18n import t
from huandu.text import visible


@app.command("export", help="help.export", epilog="help.export.example")
@refusals
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", metavar="toml", help="help.opt.export_format"),
    ] = "toml",
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    choice(fmt, ("toml",), "--format")
    current = session(ctx)
    if output is None or str(output) == "-":
        current.export(sys.stdout.write)
        sys.stdout.flush()
        return
    pieces: list[str] = []
    records, retractions = current.export(pieces.append)
    current.save(output, "".join(pieces).encode("utf-8"), overwrite=force)
    print(
        t("export.saved", path=visible(output), records=records, retractions=retractions),
        file=sys.stderr,
    )


@app.command("restore", help="help.restore", epilog="help.restore.example")
@refusals
def restore_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="metavar.arg.file_required", help="help.arg.restore_file"),
    ],
) -> None:
    current = session(ctx)
    current.will_write()
    records, retractions = current.restore(file)
    after_commit(
        [
            t(
                "restore.done",
                path=visible(file),
                records=records,
                retractions=retractions,
                store=visible(current.locations.store_label),
            )
        ]
    )
