"""`huandu report --format xlsx`: the report as an Excel workbook people can sort, filter and forward.

One summary sheet (汇总) with every county's totals and the ring's, then one sheet per county with
its goals. Numbers are numbers and dates are dates (never text), completion and 时序进度 are
fractions shown in percent format (0.452 → 45.2%), and the status cell of each goal is filled with
its light's colour. Headers follow the language (Chinese, or English with --lang en).

openpyxl is an optional extra (`pip install 'huandu[xlsx]'`), imported only here and only when a
workbook is written. Text from the registry is written as text, never as a formula, with control
characters shown as escapes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import TYPE_CHECKING, Any

from huandu.domain.progress import expected_progress, statuses_of
from huandu.errors import HuanduError
from huandu.i18n import language, t
from huandu.output.words import county_label, light_word, stage_label, target_text, target_title
from huandu.text import visible

if TYPE_CHECKING:
    from huandu.domain.report import Report

#: Excel's own "good / neutral / bad" fills, one per light.
FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}
FONTS = {"green": "006100", "yellow": "9C5700", "red": "9C0006"}
PERCENT = "0.0%"
POINTS = '+0.0;"\u2212"0.0;0.0'
DATE = "yyyy-mm-dd"
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def require_openpyxl() -> None:
    """Refuse early, in one line, when openpyxl is not installed."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise HuanduError("report.need_openpyxl") from None


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters, not quoted."""
    base = _SHEET_UNSAFE.sub("_", visible(name)).strip("'") or "_"
    base = base[:31]
    candidate, number = base, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _text(value: Any) -> Any:
    return visible(value) if isinstance(value, str) else value


def _put(sheet: Any, row: int, column: int, value: Any, number_format: str | None = None) -> Any:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _text(value)
        cell.data_type = "s"  # "=SUM(...)" in a title is text, not a formula
    else:
        cell.value = value
    if number_format is not None and value is not None:
        cell.number_format = number_format
    return cell


def decimals(value: float | int | None) -> int:
    """Decimal places a figure is written with (8.2 → 1, 6000 → 0, 0.35 → 2), at most 2."""
    if value is None or isinstance(value, int) or float(value).is_integer():
        return 0
    text = f"{value:.2f}".rstrip("0")
    return min(2, len(text.split(".")[1]))


def precision(a: Any) -> int:
    """A goal's precision: the decimals of its target and of its current figure (a milestone's
    percent is whole)."""
    goal = a.target
    if goal.is_milestone:
        return 0
    return max(decimals(goal.target), decimals(a.current))


def figure_format(places: int) -> str:
    return "#,##0" if places == 0 else "#,##0." + "0" * places


def _fraction(percent: float | None) -> float | None:
    """45.2 (percent, as JSON rounds it to two decimals) → 0.452 for a cell formatted as %."""
    return None if percent is None else round(percent, 2) / 100


def _header(sheet: Any, row: int, headers: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for column, header in enumerate(headers, start=1):
        cell = _put(sheet, row, column, header.replace("\n", "" if language() == "zh" else " "))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[row].height = 30  # room for a header wrapped onto two lines


def display_width(text: str) -> int:
    """How many columns of Excel's width unit a text takes: a Chinese character (or any wide
    one) two, anything else one; the widest line of a multi-line text."""
    from unicodedata import east_asian_width

    return max(
        (sum(2 if east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.split("\n")),
        default=0,
    )


def _shown(cell: Any) -> str:
    """Roughly what a cell shows, to size its column: dates as dates, numbers as formatted."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return "2024-12-31"
    if isinstance(value, float):
        if cell.number_format == PERCENT:
            return f"{value * 100:.1f}%"
        return f"{value:,.2f}"
    return str(value)


def fit_columns(sheet: Any, first_row: int, *, cap: int = 40, floor: int = 6) -> None:
    """Each column as wide as its widest cell from `first_row` on (headers included), a
    Chinese character counted twice, within [floor, cap]; wider text wraps in its cell."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            width = display_width(_shown(cell))
            if cell.row == first_row:  # a header may wrap onto two lines
                # Half, and two characters spare: a closing bracket never starts a line (）),
                # so the line before it must hold one character more than half.
                width = min(width, max(8, (width + 1) // 2 + 4))
            widths[cell.column] = max(widths.get(cell.column, 0), width)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(floor, min(cap, width + 2))


def _borders(sheet: Any, first_row: int, last_row: int, columns: int) -> None:
    """Thin borders round every cell of the table, text aligned to the top, wrapping."""
    from openpyxl.styles import Alignment, Border, Side

    side = Side(style="thin", color="808080")
    border = Border(left=side, right=side, top=side, bottom=side)
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, min_col=1, max_col=columns):
        for cell in row:
            cell.border = border
            if cell.row > first_row:
                horizontal = "left" if isinstance(cell.value, str) else None
                cell.alignment = Alignment(vertical="top", wrap_text=True, horizontal=horizontal)


def print_setup(sheet: Any, *, title_rows: str = "1:2") -> None:
    """A4 landscape, one page wide (as many tall as it takes), the title and header rows on
    every page, page numbers in the footer, the grid printed as the borders draw it."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = t("xlsx.footer")
    sheet.oddFooter.center.size = 9


def _light_fill(cell: Any, light: str | None) -> None:
    from openpyxl.styles import Font, PatternFill

    if light in FILLS:
        cell.fill = PatternFill("solid", fgColor=FILLS[light])
        cell.font = Font(color=FONTS[light])


def _title(sheet: Any, text: str, columns: int) -> None:
    from openpyxl.styles import Font

    cell = _put(sheet, 1, 1, text)
    cell.font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)


def _summary_sheet(sheet: Any, report: Report, heading: str) -> None:
    data, registry = report.data, report.registry
    shown = statuses_of(registry.targets)  # over the ceiling only where there is a ceiling
    headers = [
        t("col.rank"),
        t("col.county"),
        t("col.goals"),
        *[t(f"status.{s}") for s in shown],
        t("col.mean"),
        t("col.vs_ring"),
    ]
    _title(sheet, heading, len(headers))
    _header(sheet, 2, headers)
    rows = [
        (row, county_label(registry.county_by_id(row["county_id"]))) for row in data["counties"]
    ]
    rows.append((data["ring"], t("xlsx.ring_row")))
    for index, (row, label) in enumerate(rows, start=3):
        values = [row["rank"], label, row["targets"], *[row[s] for s in shown]]
        for column, value in enumerate(values, start=1):
            _put(sheet, index, column, value)
        _put(sheet, index, len(values) + 1, _fraction(row["mean_percent"]), PERCENT)
        _put(sheet, index, len(values) + 2, row["vs_ring"], POINTS)
    sheet.freeze_panes = "A3"
    _borders(sheet, 2, len(rows) + 2, len(headers))
    fit_columns(sheet, 2, floor=7)
    print_setup(sheet)


GOAL_HEADERS = (
    "col.id_full",
    "col.title",
    "col.target",
    "col.unit",
    "col.current",
    "col.stage",
    "col.completion",
    "col.expected",
    "col.gap_points",
    "col.light",
    "col.status",
    "col.updated",
    "col.days_since",
    "col.stale",
    "col.projected",
    "col.deadline",
    # Added after the original columns, so a sheet built on them keeps its layout.
    "col.note_progress",
    "col.lead",
    "col.target_phrase",  # ≥9万头, 增长8%左右, ≤5.5%: what 目标值 and 单位 mean for each kind
)


def _county_sheet(sheet: Any, report: Report, county_id: str) -> None:
    registry = report.registry
    county = registry.county_by_id(county_id)
    headers = [t(key) for key in GOAL_HEADERS]
    title = t("report.county_heading", county=county_label(county), positioning=county.positioning)
    _title(sheet, title, len(headers))
    _header(sheet, 2, headers)
    rows = [a for a in report.assessments if a.target.county == county_id]
    for index, a in enumerate(rows, start=3):
        goal = a.target
        stage = a.latest.stage if a.latest is not None else None
        places = precision(a)
        figure = figure_format(places)
        projected = None if a.projected is None else round(a.projected, places)
        values: list[tuple[Any, str | None]] = [
            (goal.id, None),
            (target_title(goal), None),
            (goal.target, figure_format(decimals(goal.target))),
            (goal.unit.symbol if goal.unit else None, None),
            (a.current, figure),
            (stage_label(stage) if stage else None, None),
            (_fraction(a.percent), PERCENT),
            (None if a.target.is_rate else _fraction(a.expected), PERCENT),
            (None if a.gap is None else round(a.gap, 2), POINTS),
            (light_word(a.light) or None, None),
            (t(f"status.{a.status}"), None),
            (a.updated, DATE),
            (a.days_since_update, None),
            (t("xlsx.stale_yes") if a.stale else None, None),
            (projected, figure),
            (goal.deadline, DATE),
            (a.latest.note if a.latest is not None and a.latest.note else None, None),
            (registry.responsible(goal)[0] or None, None),
            (target_text(goal), None),
        ]
        for column, (value, number_format) in enumerate(values, start=1):
            cell = _put(sheet, index, column, value, number_format)
            if GOAL_HEADERS[column - 1] in ("col.light", "col.status"):
                _light_fill(cell, a.light)
    sheet.freeze_panes = "C3"
    _borders(sheet, 2, len(rows) + 2, len(headers))
    fit_columns(sheet, 2)
    print_setup(sheet)


def report_xlsx(report: Report, *, width: int = 0) -> bytes:
    """The workbook's bytes: 汇总 first, then one sheet per county with goals listed."""
    require_openpyxl()
    from openpyxl import Workbook

    registry = report.registry
    plan = registry.plan
    title = plan.title_en if language() == "en" and plan.title_en else plan.title
    as_of = report.data["as_of"]
    overall = expected_progress(plan, plan.end, dt.date.fromisoformat(as_of))
    heading = t("report.heading", title=title, as_of=as_of, expected=f"{overall:.1f}")
    workbook = Workbook()
    summary = workbook.active
    taken: set[str] = set()
    summary.title = sheet_name(t("xlsx.summary"), taken)
    _summary_sheet(summary, report, heading)
    listed = {a.target.county for a in report.assessments}
    for county in registry.counties:
        if county.id not in listed:
            continue
        sheet = workbook.create_sheet(sheet_name(_sheet_label(county), taken))
        _county_sheet(sheet, report, county.id)
    _notes_sheet(workbook.create_sheet(sheet_name(t("xlsx.notes"), taken)), report)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _notes_sheet(sheet: Any, report: Report) -> None:
    """说明: where the plan comes from, how every figure is computed, and what the colours say."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from huandu.output.words import legend_lines, plan_source

    registry = report.registry
    _title(sheet, t("xlsx.notes_title"), 2)
    row = 2
    lines = [
        t("xlsx.notes_source", source=plan_source(registry.plan)),
        *legend_lines(registry, (a.target for a in report.assessments)),
        t("xlsx.notes_data"),
    ]
    for line in lines:
        cell = _put(sheet, row, 1, line)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 15 * max(1, -(-display_width(line) // 90))
        row += 1
    row += 1
    _put(sheet, row, 1, t("col.light")).font = Font(bold=True)
    _put(sheet, row, 2, t("xlsx.notes_meaning")).font = Font(bold=True)
    for light in ("green", "yellow", "red"):
        row += 1
        cell = _put(sheet, row, 1, light_word(light))
        cell.fill = PatternFill("solid", fgColor=FILLS[light])
        cell.font = Font(color=FONTS[light], bold=True)
        cell.alignment = Alignment(horizontal="center")
        _put(sheet, row, 2, t(f"xlsx.light_means.{light}"))
    _borders(sheet, row - 3, row, 2)
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 90
    print_setup(sheet, title_rows="1:1")


def _sheet_label(county: Any) -> str:
    from huandu.output.words import county_brief

    return county_brief(county)
