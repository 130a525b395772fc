"""The report as Markdown, for pasting into a document or a chat (no Rich)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from huandu.domain.progress import expected_progress, statuses_of
from huandu.domain.report import Report
from huandu.i18n import language, t
from huandu.output.exports import Markup, md_text, to_markdown
from huandu.output.words import (
    amount_with_unit,
    county_brief,
    county_label,
    expected_words,
    gap_words,
    legend_lines,
    light_letter,
    light_word,
    month_label,
    signed_points,
    stage_label,
    stale_text,
    target_text,
    target_title,
    year_cells,
    year_headers,
)
from huandu.text import visible

if TYPE_CHECKING:
    from huandu.domain.compare import Comparison
    from huandu.domain.model import Registry
    from huandu.domain.monthly import Monthly
    from huandu.domain.progress import Assessment


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _current(a: Assessment) -> str:
    goal = a.target
    if a.current is None:
        return "—"
    if a.latest is not None and a.latest.stage:
        return stage_label(a.latest.stage)
    return amount_with_unit(a.current, goal.unit.symbol if goal.unit else None)


def _plan_title(registry: Registry) -> str:
    plan = registry.plan
    return plan.title_en if language() == "en" and plan.title_en else plan.title


def report_markdown(report: Report, *, width: int = 0) -> str:
    data, registry = report.data, report.registry
    shown = statuses_of(registry.targets)  # over the ceiling only where there is a ceiling
    plan = registry.plan
    overall = expected_progress(plan, plan.end, dt.date.fromisoformat(data["as_of"]))
    title = _plan_title(registry)
    # The plan title comes from the registry file: shown, never passed through raw (ESC, bidi).
    heading = t("report.heading", title=title, as_of=data["as_of"], expected=f"{overall:.1f}")
    parts = [f"## {md_text(heading)}\n"]

    headers = [t("col.rank"), t("col.county"), t("col.goals")]
    headers += [t(f"status.{s}") for s in shown] + [t("col.mean"), t("col.vs_ring")]
    rows = []
    for row in data["counties"]:
        county = registry.county_by_id(row["county_id"])
        vs_ring = "" if row["vs_ring"] is None else signed_points(row["vs_ring"])
        rows.append(
            [row["rank"] or "", county_label(county), row["targets"]]
            + [row[s] for s in shown]
            + [_pct(row["mean_percent"]), vs_ring]
        )
    ring = data["ring"]
    rows.append(
        ["", Markup(f"**{md_text(t('report.ring'))}**"), ring["targets"]]
        + [ring[s] for s in shown]
        + [_pct(ring["mean_percent"]), ""]
    )
    parts.append(to_markdown(headers, rows, t("report.summary")))
    if not report.assessments:
        parts.append(f"{t('report.nothing_listed', as_of=data['as_of'])}\n")

    goal_headers = [
        t("col.title"),
        t("col.target"),
        t("col.current"),
        t("col.completion"),
        t("col.expected"),
        t("col.status"),
        t("col.updated"),
        # Added after the original columns, so a document built on them keeps its layout.
        t("col.gap"),
        t("col.light"),
        t("col.stale"),
        t("col.note_progress"),
        t("col.lead"),
    ]
    for county in registry.counties:
        items = [a for a in report.assessments if a.target.county == county.id]
        if not items:
            continue
        rows = []
        for a in items:
            goal = a.target
            rows.append(
                [
                    target_title(goal),
                    target_text(goal),
                    _current(a),
                    _pct(a.percent),
                    expected_words(a),
                    t(f"status.{a.status}"),
                    a.updated.isoformat() if a.updated else "—",
                    gap_words(a),
                    light_word(a.light) or "—",
                    stale_text(a.days_since_update)
                    if a.stale and a.days_since_update is not None
                    else "",
                    a.latest.note if a.latest is not None else "",
                    registry.responsible(goal)[0],
                ]
            )
        heading = t(
            "report.county_heading", county=county_label(county), positioning=county.positioning
        )
        parts.append(to_markdown(goal_headers, rows, heading))
    for line in legend_lines(registry, (a.target for a in report.assessments)):
        parts.append(f"_{md_text(line)}_\n")
    if not report.has_data:
        parts.append(f"{t('report.no_data_yet')} {t('hint.first_update')}\n")
    return "\n".join(parts)


def monthly_markdown(monthly: Monthly, *, width: int = 0) -> str:
    """Every month side by side (Markdown has room): 需督办 first, then the other goals."""
    from huandu.domain.monthly import ESCALATE_AFTER

    registry = monthly.registry
    as_of = monthly.as_of.isoformat()
    heading = t("monthly.heading", title=_plan_title(registry), as_of=as_of)
    parts = [f"## {md_text(heading)}\n"]
    if not monthly.points:
        start = registry.plan.start.isoformat()
        return "\n".join([*parts, t("monthly.no_months", as_of=as_of, start=start) + "\n"])
    if not monthly.rows:
        return "\n".join([*parts, t("monthly.nothing_listed") + "\n"])
    year = registry.plan.year
    last = len(monthly.points) - 1
    headers = [t("col.county"), t("col.title")]
    headers += [
        month_label(day, year, partial=monthly.partial_last and i == last)
        for i, day in enumerate(monthly.points)
    ]
    headers.append(t("col.streak").replace("\n", " " if language() == "en" else ""))

    def rows_of(rows: list) -> list[list[object]]:
        out = []
        for row in rows:
            county = registry.county_by_id(row.target.county)
            cells = [
                "—" if c.percent is None else f"{c.percent:.1f}% {light_letter(c.light)}"
                for c in row.cells
            ]
            out.append([county_brief(county), target_title(row.target), *cells, row.streak or ""])
        return out

    escalated = [row for row in monthly.rows if row.escalate]
    others = [row for row in monthly.rows if not row.escalate]
    if escalated:
        title = t("monthly.escalate", months=ESCALATE_AFTER, count=len(escalated))
        parts.append(to_markdown(headers, rows_of(escalated), title))
    if others:
        title = t("monthly.others" if escalated else "monthly.all")
        parts.append(to_markdown(headers, rows_of(others), title))
    parts.append(f"_{t('monthly.legend')}_\n")
    return "\n".join(parts)


def compare_markdown(comparison: Comparison, *, width: int = 0) -> str:
    """One table per compare tag, best completion first."""
    registry = comparison.registry
    as_of = comparison.data["as_of"]
    heading = t("compare.heading", title=_plan_title(registry), as_of=as_of)
    parts = [f"## {md_text(heading)}\n"]
    tagged = any(goal.compare for goal in registry.targets)
    if not tagged and not comparison.years:
        return "\n".join([*parts, t("compare.none") + "\n"])
    if tagged and not comparison.groups and not comparison.years:
        return "\n".join([*parts, t("compare.nothing_listed") + "\n"])
    headers = [
        t("col.rank"),
        t("col.county"),
        t("col.title"),
        t("col.target"),
        t("col.current"),
        t("col.completion"),
        t("col.gap"),
        t("col.light"),
        t("col.status"),
    ]
    for group in comparison.groups:
        rows = []
        for rank, a in group.items:
            goal = a.target
            rows.append(
                [
                    rank or "",
                    county_label(registry.county_by_id(goal.county)),
                    target_title(goal),
                    target_text(goal),
                    _current(a),
                    _pct(a.percent),
                    gap_words(a),
                    light_word(a.light) or "—",
                    t(f"status.{a.status}"),
                ]
            )
        parts.append(to_markdown(headers, rows, t("compare.group", tag=group.tag)))
    if comparison.years:
        parts.append(to_markdown(year_headers(), year_cells(comparison), t("compare.years")))
    parts.append(f"_{md_text(t('compare.legend'))}_\n")
    if comparison.years:
        parts.append(f"_{md_text(t('compare.years_legend'))}_\n")
    return "\n".join(parts)


def list_markdown(view: Any, *, width: int = 0) -> str:
    """`huandu list --format markdown`: a table per county, headed by its positioning."""
    from huandu.output.words import category_label, iso

    headers = [t("col.id"), t("col.title"), t("col.target"), t("col.deadline"), t("col.category")]
    if view.quote:
        headers.append(t("col.quote"))
    parts = []
    for county, goals in view.groups:
        rows = []
        for goal in goals:
            row = [
                goal.id,
                target_title(goal),
                target_text(goal),
                iso(goal.deadline),
                category_label(goal.category),
            ]
            if view.quote:
                row.append(goal.quote)
            rows.append(row)
        title = t("list.heading", county=county_label(county), positioning=county.positioning)
        parts.append(to_markdown(headers, rows, title))
    return "\n".join(parts)


def notice_markdown(notices: Any, *, width: int = 0) -> str:
    """The 督办单 one after another, each a heading, its number and a table of what it says."""
    from huandu.output.docx import notice_fields, notice_number
    from huandu.output.summary import date_text

    if not notices.items:
        return (
            f"## {t('notice.none_title')}\n\n{t('notice.none', as_of=date_text(notices.as_of))}\n"
        )
    parts = []
    for item in notices.items:
        rows = [[label, text] for label, text in notice_fields(notices, item)]
        parts.append(f"## {t(f'notice.title.{item.colour}')}\n\n{notice_number(notices, item)}\n")
        parts.append(to_markdown([t("notice.col.item"), t("notice.col.content")], rows))
        parts.append(f"{t('notice.issuer')}　{date_text(notices.issued)}\n\n---\n")
    return "\n".join(parts)


def _missing_period(missing: Any) -> str:
    from huandu.output.summary import date_text, month_text

    if missing.since == missing.as_of.replace(day=1):
        return month_text(missing.as_of)
    return t("missing.range", since=date_text(missing.since), until=date_text(missing.as_of))


def missing_message(missing: Any, *, width: int = 0) -> str:
    """催报 as a message to paste into a work chat: per county, what to send and by when."""
    from huandu.output.summary import month_day_text

    if not missing.groups:
        return t("missing.none", period=_missing_period(missing)) + "\n"
    blocks = []
    for county, goals in missing.groups:
        lines = [
            t(
                "missing.message",
                county=county_label(county),
                date=month_day_text(missing.reply_by),
                count=len(goals),
                period=_missing_period(missing),
            )
        ]
        for number, a in enumerate(goals, start=1):
            last = (
                t("missing.last", date=a.updated.isoformat()) if a.updated else t("missing.never")
            )
            end = t("missing.item_end") if number < len(goals) else t("missing.last_end")
            lines.append(f"{number}. {target_title(a.target)}{last}{end}")
        blocks.append("\n".join(visible(line) for line in lines))
    return "\n\n".join(blocks) + "\n"


def missing_markdown(missing: Any, *, width: int = 0) -> str:
    title = t("missing.heading", period=_missing_period(missing), as_of=missing.as_of.isoformat())
    parts = [f"## {visible(title)}\n"]
    if not missing.groups:
        return "\n".join([*parts, t("missing.none", period=_missing_period(missing)) + "\n"])
    headers = [t("col.title"), t("col.target"), t("col.updated"), t("col.status")]
    for county, goals in missing.groups:
        rows = [
            [
                target_title(a.target),
                target_text(a.target),
                a.updated.isoformat() if a.updated else "—",
                t(f"status.{a.status}"),
            ]
            for a in goals
        ]
        parts.append(to_markdown(headers, rows, county_label(county)))
    return "\n".join(parts)
