"""The report as Markdown, for pasting into a document or a chat (no Rich)."""

from __future__ import annotations

import datetime as dt

from huandu.exports import to_markdown
from huandu.formatting import (
    amount_with_unit,
    county_label,
    stage_label,
    target_text,
    target_title,
)
from huandu.i18n import language, t
from huandu.progress import STATUSES, time_progress
from huandu.report import Report
from huandu.text import visible


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def report_markdown(report: Report) -> str:
    data, registry = report.data, report.registry
    plan = registry.plan
    overall = time_progress(plan.start, plan.end, dt.date.fromisoformat(data["as_of"]))
    title = plan.title_en if language() == "en" and plan.title_en else plan.title
    # The plan title comes from the registry file: shown, never passed through raw (ESC, bidi).
    heading = t("report.heading", title=title, as_of=data["as_of"], expected=f"{overall:.1f}")
    parts = [f"## {visible(heading)}\n"]

    headers = [t("col.rank"), t("col.county"), t("col.goals")]
    headers += [t(f"status.{s}") for s in STATUSES] + [t("col.mean")]
    rows = []
    for row in data["counties"]:
        county = registry.county_by_id(row["county_id"])
        rows.append(
            [row["rank"], county_label(county), row["targets"]]
            + [row[s] for s in STATUSES]
            + [_pct(row["mean_percent"])]
        )
    ring = data["ring"]
    rows.append(
        ["", f"**{t('report.ring')}**", ring["targets"]]
        + [ring[s] for s in STATUSES]
        + [_pct(ring["mean_percent"])]
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
    ]
    for county in registry.counties:
        items = [a for a in report.assessments if a.target.county == county.id]
        if not items:
            continue
        rows = []
        for a in items:
            goal = a.target
            if a.current is None:
                current = "—"
            elif a.latest is not None and a.latest.stage:
                current = stage_label(a.latest.stage)
            else:
                current = amount_with_unit(a.current, goal.unit.symbol if goal.unit else None)
            rows.append(
                [
                    target_title(goal),
                    target_text(goal),
                    current,
                    _pct(a.percent),
                    _pct(a.expected),
                    t(f"status.{a.status}"),
                    a.updated.isoformat() if a.updated else "—",
                ]
            )
        heading = t(
            "report.county_heading", county=county_label(county), positioning=county.positioning
        )
        parts.append(to_markdown(goal_headers, rows, heading))
    legend = t("report.legend", behind=f"{plan.behind_points:g}", far=f"{plan.far_behind_points:g}")
    parts.append(f"_{legend}_\n")
    if not report.has_data:
        parts.append(f"{t('report.no_data_yet')} {t('hint.first_update')}\n")
    return "\n".join(parts)
