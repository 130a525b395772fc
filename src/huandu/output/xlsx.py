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

from huandu.domain.progress import STATUSES, expected_progress
from huandu.errors import HuanduError
from huandu.i18n import language, t
from huandu.output.words import county_label, light_word, stage_label, target_title
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


def _fraction(percent: float | None) -> float | None:
    """45.2 (percent, as JSON rounds it to two decimals) → 0.452 for a cell formatted as %."""
    return None if percent is None else round(percent, 2) / 100


def _header(sheet: Any, row: int, headers: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for column, header in enumerate(headers, start=1):
        cell = _put(sheet, row, column, header.replace("\n", ""))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _light_fill(cell: Any, light: str | None) -> None:
    from openpyxl.styles import Font, PatternFill

    if light in FILLS:
        cell.fill = PatternFill("solid", fgColor=FILLS[light])
        cell.font = Font(color=FONTS[light])


def _widths(sheet: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _title(sheet: Any, text: str, columns: int) -> None:
    from openpyxl.styles import Font

    cell = _put(sheet, 1, 1, text)
    cell.font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)


def _summary_sheet(sheet: Any, report: Report, heading: str) -> None:
    data, registry = report.data, report.registry
    headers = [
        t("col.rank"),
        t("col.county"),
        t("col.goals"),
        *[t(f"status.{s}") for s in STATUSES],
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
        values = [row["rank"], label, row["targets"], *[row[s] for s in STATUSES]]
        for column, value in enumerate(values, start=1):
            _put(sheet, index, column, value)
        _put(sheet, index, len(values) + 1, _fraction(row["mean_percent"]), PERCENT)
        _put(sheet, index, len(values) + 2, row["vs_ring"], POINTS)
    sheet.freeze_panes = "A3"
    _widths(sheet, [6, 16, 8, *[9] * len(STATUSES), 10, 10])


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
        values: list[tuple[Any, str | None]] = [
            (goal.id, None),
            (target_title(goal), None),
            (goal.target, None),
            (goal.unit.symbol if goal.unit else None, None),
            (a.current, None),
            (stage_label(stage) if stage else None, None),
            (_fraction(a.percent), PERCENT),
            (_fraction(a.expected), PERCENT),
            (None if a.gap is None else round(a.gap, 2), POINTS),
            (light_word(a.light) or None, None),
            (t(f"status.{a.status}"), None),
            (a.updated, DATE),
            (a.days_since_update, None),
            (t("xlsx.stale_yes") if a.stale else None, None),
            (a.projected, None),
            (goal.deadline, DATE),
        ]
        for column, (value, number_format) in enumerate(values, start=1):
            cell = _put(sheet, index, column, value, number_format)
            if GOAL_HEADERS[column - 1] in ("col.light", "col.status"):
                _light_fill(cell, a.light)
    sheet.freeze_panes = "C3"
    _widths(sheet, [30, 30, 10, 8, 10, 10, 10, 10, 12, 6, 10, 12, 10, 8, 10, 12])


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
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_label(county: Any) -> str:
    from huandu.output.words import county_brief

    return county_brief(county)
