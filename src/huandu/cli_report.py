"""`huandu report`: completion against the plan and the calendar, for the screen and for colleagues."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from huandu.cli_common import choice, read_figures, refusals, settings, today
from huandu.errors import HuanduError
from huandu.i18n import t
from huandu.text import visible

if TYPE_CHECKING:
    from huandu.report import Report

FORMATS = ("table", "json", "csv", "markdown", "html", "svg")


def _statuses(raw: str | None) -> set[str] | None:
    from huandu.progress import STATUSES

    if not raw:
        return None
    wanted = {part.strip().lower().replace("-", "_").replace(" ", "_") for part in raw.split(",")}
    wanted.discard("")
    for status in wanted:
        if status not in STATUSES:
            raise HuanduError("report.bad_status", value=status, choices=",".join(STATUSES))
    return wanted


def _write_file(path: Path, text: str) -> None:
    """Write an export next to its final name and rename it in place (never half a file)."""
    if path.is_dir():
        raise HuanduError("file.is_directory", path=visible(path))
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        # newline="": the text is written as rendered (CSV rows already end in CRLF; translating
        # "\n" on Windows would turn them into CR CR LF).
        tmp.write_text(text, encoding="utf-8", newline="")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise HuanduError(
            "report.write_failed", path=visible(path), reason=exc.strerror or exc
        ) from None


def register(app: typer.Typer) -> None:
    @app.command("report", help=t("help.report"), epilog=t("help.report.example"))
    @refusals
    def report_command(
        ctx: typer.Context,
        as_of: Annotated[
            str | None, typer.Option("--as-of", "-a", help=t("help.opt.as_of"), show_default=False)
        ] = None,
        county: Annotated[
            str | None,
            typer.Option("--county", "-c", help=t("help.opt.county"), show_default=False),
        ] = None,
        status: Annotated[
            str | None, typer.Option("--status", help=t("help.opt.status"), show_default=False)
        ] = None,
        fmt: Annotated[
            str,
            typer.Option("--format", "-f", metavar="|".join(FORMATS), help=t("help.opt.format")),
        ] = "table",
        output: Annotated[
            Path | None,
            typer.Option(
                "--output", "-o", metavar="FILE", help=t("help.opt.output"), show_default=False
            ),
        ] = None,
    ) -> None:
        from huandu.periods import parse_day
        from huandu.report import build_report

        fmt = choice(fmt, FORMATS, "--format")
        if fmt in ("html", "svg") and output is None:
            raise HuanduError("report.need_output", format=fmt)
        wanted = _statuses(status)
        state = settings(ctx)
        registry = state.registry()
        chosen = {registry.county(county).id} if county else None
        day = parse_day(as_of) if as_of else today()
        journal = read_figures(state)
        report = build_report(registry, journal, day, county_ids=chosen, statuses=wanted)
        text = _render(report, fmt, to_file=output is not None)
        if text is None:
            return
        if output is not None:
            _write_file(output, text)
            print(t("report.saved", path=visible(output)), file=sys.stderr)
        elif fmt == "csv":
            _write_bytes(text.encode("utf-8"))
        else:
            sys.stdout.write(text)


def _write_bytes(data: bytes) -> None:
    """CSV is bytes: UTF-8 (its BOM says so) with CRLF rows, whatever the console's encoding and
    newline translation (on Windows a text stdout would write GBK and turn CRLF into CR CR LF)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def _render(report: Report, fmt: str, *, to_file: bool) -> str | None:
    """The report as text in `fmt`; None when it was printed straight to the terminal."""
    from huandu import exports

    if fmt == "json":
        return exports.to_json(report.data) + "\n"
    if fmt == "csv":
        from huandu.report import TARGET_KEYS

        return exports.to_csv(report.data["targets"], TARGET_KEYS)
    if fmt == "markdown":
        from huandu.report_markdown import report_markdown

        return report_markdown(report)
    from huandu.render import make_console, record_console, report_renderables

    parts = report_renderables(report)
    if fmt == "table" and not to_file:
        console = make_console()
        for part in parts:
            console.print(part)
        return None
    console = record_console()
    for part in parts:
        console.print(part)
    if fmt == "table":
        return console.export_text(styles=False)
    if fmt == "html":
        return console.export_html(inline_styles=True)
    title = t("report.summary")
    return console.export_svg(title=title)
