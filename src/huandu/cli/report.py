"""`huandu report`: completion against the plan and the calendar, for the screen and for colleagues."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from huandu.cli.common import (
    choice,
    complete_period,
    complete_status,
    county_option,
    read_figures,
    refusals,
    settings,
    today,
)
from huandu.errors import HuanduError
from huandu.i18n import language, t
from huandu.text import visible

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import RenderableType

    from huandu.domain.compare import Comparison
    from huandu.domain.monthly import Monthly
    from huandu.domain.report import Report

FORMATS = ("table", "json", "csv", "markdown", "html", "svg", "xlsx")
NEEDS_FILE = ("html", "svg", "xlsx")


def _statuses(raw: str | None) -> set[str] | None:
    """The statuses asked for, as codes: `behind,far_behind`, `far behind`, or the words of the
    report itself, `滞后,严重滞后` (commas may be Chinese ones)."""
    from huandu.domain.progress import STATUSES
    from huandu.i18n.catalog import MESSAGES

    if not raw:
        return None

    def key(word: str) -> str:  # "Far-behind", "far behind" and "far_behind" are one status
        return word.strip().lower().replace("-", "_").replace(" ", "_")

    by_word = {key(word): code for code in STATUSES for word in (code, *MESSAGES[f"status.{code}"])}
    wanted = set()
    for part in raw.replace("，", ",").replace("、", ",").split(","):
        word = key(part)
        if not word:
            continue
        if word not in by_word:
            choices = ",".join(STATUSES)
            if language() == "zh":
                words = "、".join(MESSAGES[f"status.{code}"][0] for code in STATUSES)
                choices = f"{words}（或 {choices}）"
            raise HuanduError("report.bad_status", value=part.strip(), choices=choices)
        wanted.add(by_word[word])
    return wanted or None  # "--status ," names no status: every goal, as without it


def _write_file(path: Path, content: str | bytes) -> None:
    """Write an export next to its final name and rename it in place (never half a file)."""
    if path.is_dir():
        raise HuanduError("file.is_directory", path=visible(path))
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        else:
            # newline="": the text is written as rendered (CSV rows already end in CRLF;
            # translating "\n" on Windows would turn them into CR CR LF).
            tmp.write_text(content, encoding="utf-8", newline="")
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
            str | None,
            typer.Option(
                "--as-of",
                "-a",
                help=t("help.opt.as_of"),
                show_default=False,
                autocompletion=complete_period,
            ),
        ] = None,
        county: Annotated[
            str | None,
            county_option(),
        ] = None,
        status: Annotated[
            str | None,
            typer.Option(
                "--status",
                help=t("help.opt.status"),
                show_default=False,
                autocompletion=complete_status,
            ),
        ] = None,
        monthly: Annotated[bool, typer.Option("--monthly", help=t("help.opt.monthly"))] = False,
        compare: Annotated[bool, typer.Option("--compare", help=t("help.opt.compare"))] = False,
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
        from huandu.domain.periods import parse_when

        fmt = choice(fmt, FORMATS, "--format")
        if monthly and compare:
            raise HuanduError("report.monthly_and_compare")
        if fmt in NEEDS_FILE and output is None:
            raise HuanduError("report.need_output", format=fmt)
        if fmt == "xlsx":
            if monthly or compare:
                raise HuanduError("report.xlsx_plain_only")
            from huandu.output.xlsx import require_openpyxl

            require_openpyxl()
        wanted = _statuses(status)
        state = settings(ctx)
        registry = state.registry()
        chosen = {registry.county(county).id} if county is not None else None
        day = parse_when(as_of, registry.plan.year) if as_of else today()
        journal = read_figures(state)
        content: str | bytes | None
        if monthly:
            from huandu.domain.monthly import build_monthly

            view = build_monthly(registry, journal, day, county_ids=chosen, statuses=wanted)
            content = _render_monthly(view, fmt, to_file=output is not None)
        elif compare:
            from huandu.domain.compare import build_compare

            comparison = build_compare(registry, journal, day, county_ids=chosen, statuses=wanted)
            content = _render_compare(comparison, fmt, to_file=output is not None)
        else:
            from huandu.domain.report import build_report

            report = build_report(registry, journal, day, county_ids=chosen, statuses=wanted)
            content = _render(report, fmt, to_file=output is not None)
        if content is None:
            return
        if output is not None:
            _write_file(output, content)
            print(t("report.saved", path=visible(output)), file=sys.stderr)
        elif fmt == "csv":
            assert isinstance(content, str)
            _write_bytes(content.encode("utf-8"))
        else:
            assert isinstance(content, str)
            sys.stdout.write(content)


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


def _rich(
    build: Callable[[int], list[RenderableType]],
    fmt: str,
    *,
    to_file: bool,
    width: int = 120,
    title: str = "",
) -> str | None:
    """Rich renderables (built for a console width) printed to the terminal, or saved as plain
    text, HTML or SVG; None when printed."""
    from huandu.output.console import make_console, print_parts, record_console

    if fmt == "table" and not to_file:
        console = make_console()
        print_parts(console, build(console.width))
        return None
    console = record_console(width)
    print_parts(console, build(console.width))
    if fmt == "table":
        return console.export_text(styles=False)
    if fmt == "html":
        return console.export_html(inline_styles=True)
    return console.export_svg(title=title or t("report.summary"))


def _render(report: Report, fmt: str, *, to_file: bool) -> str | bytes | None:
    """The report in `fmt`; None when it was printed straight to the terminal."""
    from huandu.output import exports

    if fmt == "json":
        return exports.to_json(report.data) + "\n"
    if fmt == "csv":
        from huandu.domain.report import TARGET_KEYS

        return exports.to_csv(report.data["targets"], TARGET_KEYS)
    if fmt == "markdown":
        from huandu.output.markdown import report_markdown

        return report_markdown(report)
    if fmt == "xlsx":
        from huandu.output.xlsx import report_xlsx

        return report_xlsx(report)
    from huandu.output.console import report_renderables

    return _rich(lambda width: report_renderables(report, width), fmt, to_file=to_file)


def _render_monthly(view: Monthly, fmt: str, *, to_file: bool) -> str | None:
    from huandu.output import exports

    if fmt == "json":
        return exports.to_json(view.data) + "\n"
    if fmt == "csv":
        from huandu.domain.monthly import csv_rows

        keys, rows = csv_rows(view)
        return exports.to_csv(rows, keys)
    if fmt == "markdown":
        from huandu.output.markdown import monthly_markdown

        return monthly_markdown(view)
    from huandu.output.console import monthly_renderables

    # Saved as HTML or SVG, a whole year of months fits side by side.
    build = lambda width: monthly_renderables(view, width)  # noqa: E731
    return _rich(build, fmt, to_file=to_file, width=160, title=t("monthly.all"))


def _render_compare(comparison: Comparison, fmt: str, *, to_file: bool) -> str | None:
    from huandu.output import exports

    if fmt == "json":
        return exports.to_json(comparison.data) + "\n"
    if fmt == "csv":
        from huandu.domain.compare import csv_rows

        keys, rows = csv_rows(comparison)
        return exports.to_csv(rows, keys)
    if fmt == "markdown":
        from huandu.output.markdown import compare_markdown

        return compare_markdown(comparison)
    from huandu.output.console import compare_renderables

    build = lambda _width: compare_renderables(comparison)  # noqa: E731
    return _rich(build, fmt, to_file=to_file, title=t("col.compare_title"))
