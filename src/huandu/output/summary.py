"""The sentences a person would write at the top of a 通报, generated from the report's data only:
the period (截至2024年5月底), the count per status, the best and the last county's mean
completion, and the goals that need 督办 (a yellow or red light). Shared by the Word document and
the HTML page, so both say exactly what the JSON report says."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from huandu.domain.progress import STATUSES, expected_progress
from huandu.i18n import language, t
from huandu.output.words import county_label, plan_title, target_title

if TYPE_CHECKING:
    from huandu.domain.progress import Assessment
    from huandu.domain.report import Report

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def period_text(day: dt.date) -> str:
    """截至2024年5月底 / as of the end of May 2024 (inside a month: 截至2024年6月15日)."""
    if language() == "en":
        if is_month_end(day):
            return f"as of the end of {_month(day)} {day.year}"
        return f"as of {day.day} {_month(day)} {day.year}"
    if is_month_end(day):
        return f"截至{day.year}年{day.month}月底"
    return f"截至{day.year}年{day.month}月{day.day}日"


def date_text(day: dt.date) -> str:
    """2024年6月10日 / 10 June 2024."""
    if language() == "en":
        return f"{day.day} {_month(day)} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def month_day_text(day: dt.date) -> str:
    """6月5日 / 5 June."""
    if language() == "en":
        return f"{day.day} {_month(day)}"
    return f"{day.month}月{day.day}日"


def month_text(day: dt.date) -> str:
    """5月份 / May."""
    return _month(day) if language() == "en" else f"{day.month}月份"


def _month(day: dt.date) -> str:
    return _MONTHS_EN[day.month - 1]


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def overall_expected(report: Report) -> float:
    """时序进度 of the year (the plan's end), as of the report's date."""
    plan = report.registry.plan
    return expected_progress(plan, plan.end, dt.date.fromisoformat(report.data["as_of"]))


def totals(report: Report) -> dict[str, Any]:
    """The totals the summary counts: one county's when only one is listed, else the ring's."""
    counties = report.data["counties"]
    return counties[0] if len(counties) == 1 else report.data["ring"]


def _join(parts: list[str]) -> str:
    """A list as a sentence writes it: 甲、乙和丙 / a, b and c."""
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return t("summary.join_last", most=t("summary.join").join(parts[:-1]), last=parts[-1])


def status_counts(row: dict[str, Any]) -> str:
    """已完成6项，正常推进11项，… (statuses with no goal are left out)."""
    parts = [t(f"summary.count.{s}", count=row[s]) for s in STATUSES if row[s]]
    return _join(parts)


def lagging(report: Report) -> list[Assessment]:
    """The goals listed that need 督办: light yellow or red, red first, each in registry order."""
    from huandu.domain.notice import needs_notice
    from huandu.domain.progress import RED

    found = [a for a in report.assessments if needs_notice(a)]
    return [a for a in found if a.light == RED] + [a for a in found if a.light != RED]


def lagging_text(a: Assessment, report: Report) -> str:
    county = report.registry.county_by_id(a.target.county)
    return t(
        "summary.lagging_goal",
        county=county_label(county),
        title=target_title(a.target),
        status=t(f"status.{a.status}"),
    )


def summary_paragraphs(report: Report) -> list[str]:
    """The summary as paragraphs: the figures, then who needs 督办."""
    data, registry = report.data, report.registry
    as_of = dt.date.fromisoformat(data["as_of"])
    row = totals(report)
    first = t(
        "summary.opening",
        period=capitalized(period_text(as_of)),
        expected=f"{overall_expected(report):.1f}",
        total=row["targets"],
        counts=status_counts(row),
    )
    ranked = [r for r in data["counties"] if r["mean_percent"] is not None]
    if len(ranked) >= 2:
        best, last = ranked[0], ranked[-1]
        first += t(
            "summary.ranking",
            best=county_label(registry.county_by_id(best["county_id"])),
            best_mean=f"{best['mean_percent']:.1f}",
            last=county_label(registry.county_by_id(last["county_id"])),
            last_mean=f"{last['mean_percent']:.1f}",
        )
    elif len(ranked) == 1:
        only = ranked[0]
        first += t(
            "summary.one_county",
            county=county_label(registry.county_by_id(only["county_id"])),
            mean=f"{only['mean_percent']:.1f}",
        )
    else:
        first += t("summary.no_figures")
    behind = lagging(report)
    if behind:
        goals = t("summary.list_separator").join(lagging_text(a, report) for a in behind)
        second = t("summary.lagging", count=len(behind), goals=goals)
    else:
        second = t("summary.none_lagging")
    return [first, second]


def document_title(report: Report) -> str:
    return t("docx.title", title=plan_title(report.registry.plan))


def language_tag() -> str:
    return "zh-CN" if language() == "zh" else "en"
