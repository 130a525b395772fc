"""The report as data: what `huandu report` shows, in the shape of its JSON contract.

`build_report` runs the computation (`progress`) on the goals' standings (read by the store) and flattens it into plain dictionaries; the
renderers (Rich tables, CSV, Markdown, HTML, SVG) and `--format json` all read this one structure,
so every format says the same thing. Keys are documented in README ("JSON output") and tested.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from huandu.domain.model import Registry, Target
from huandu.domain.progress import (
    STATUSES,
    Assessment,
    CountySummary,
    Standing,
    assess_all,
    summarize,
)

#: What only some kinds of goal have (`kind_fields`), in the JSON of `list` and `report`.
KIND_KEYS = ("approx", "tolerance", "of", "nodes", "base", "base_unit", "continues")
TARGET_KEYS = (
    "id",
    "county",
    "county_id",
    "title",
    "kind",
    "target",
    "unit",
    "comparison",
    "deadline",
    "current",
    "stage",
    "percent",
    "expected",
    "gap",
    "status",
    "projected",
    "projected_percent",
    "updated",
    "records",
    "light",
    "stale",
    "days_since_update",
    "note",
    "lead",
    "contact",
    *KIND_KEYS,
    "gap_basis",
)
COUNTY_KEYS = (
    "county",
    "county_id",
    "county_name",
    "rank",
    "targets",
    *STATUSES,
    "mean_percent",
    "vs_ring",
)


def kind_fields(goal: Target) -> dict[str, Any]:
    """What only some kinds of goal have (KIND_KEYS): whether it is approximate (左右) and its own
    tolerance, how many items it is out of, its dated nodes, a growth rate's base, and the goal
    of an earlier plan it continues (None, or False and [], when it has none)."""
    return {
        "approx": goal.approx,
        "tolerance": goal.tolerance,
        "of": goal.of,
        "nodes": [
            {"name": n.name, "due": n.due.isoformat(), "percent": round(n.percent, 2)}
            for n in goal.nodes
        ],
        "base": goal.base,
        "base_unit": goal.base_unit.symbol if goal.base_unit else None,
        "continues": goal.continues,
    }


def gap_basis(goal: Target) -> str:
    """What a goal's gap is measured against: "schedule" (时序进度), "nodes" (its dated nodes) or
    "target" (a ceiling's room under it, a growth rate's points from its target)."""
    if goal.is_rate:
        return "target"
    return "nodes" if goal.nodes else "schedule"


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def target_row(registry: Registry, a: Assessment) -> dict[str, Any]:
    """One goal as the JSON contract writes it (keys: TARGET_KEYS)."""
    goal = a.target
    county = registry.county_by_id(goal.county)
    lead, contact = registry.responsible(goal)
    return {
        "id": goal.id,
        "county": county.short,
        "county_id": county.id,
        "title": goal.title,
        "kind": goal.kind,
        "target": goal.target,
        "unit": goal.unit.symbol if goal.unit else None,
        "comparison": None if goal.is_milestone else goal.comparison,
        "deadline": goal.deadline.isoformat(),
        "current": a.current,
        "stage": a.latest.stage if a.latest is not None else None,
        "percent": _round(a.percent),
        "expected": _round(a.expected),
        "gap": _round(a.gap),
        "status": a.status,
        "projected": _round(a.projected, 4),
        "projected_percent": _round(a.projected_percent),
        "updated": a.updated.isoformat() if a.updated else None,
        "records": a.records,
        "light": a.light,
        "stale": a.stale,
        "days_since_update": a.days_since_update,
        "note": a.latest.note if a.latest is not None else "",
        "lead": lead,
        "contact": contact,
        **kind_fields(goal),
        "gap_basis": gap_basis(goal),
    }


def _county_row(summary: CountySummary, ring_mean: float | None = None) -> dict[str, Any]:
    """A county's totals; `vs_ring` is its mean completion minus the ring's, in points (None for
    the ring itself and for a county or ring without figures)."""
    county = summary.county
    row: dict[str, Any] = {
        "county": county.short if county else None,
        "county_id": county.id if county else None,
        "county_name": county.name if county else None,
        "rank": summary.rank,
        "targets": summary.targets,
    }
    row.update(summary.counts)
    row["mean_percent"] = _round(summary.mean_percent)
    vs_ring = None
    if county is not None and summary.mean_percent is not None and ring_mean is not None:
        vs_ring = summary.mean_percent - ring_mean
    row["vs_ring"] = _round(vs_ring)
    return row


class Report(NamedTuple):
    """One report: the JSON-ready data plus the objects the renderers need to label it.
    `show_all`: the reader asked for every goal on the screen, however many there are."""

    data: dict[str, Any]
    registry: Registry
    assessments: list[Assessment]
    show_all: bool = False

    @property
    def has_data(self) -> bool:
        """Whether any goal of the plan has a figure as of the date, whatever the filters show.

        (The listed `assessments` may be narrowed to goals without data, or to none at all; that
        must not read as "nothing has been recorded yet".)
        """
        ring = self.data["ring"]
        return ring["no_data"] < ring["targets"]


def build_report(
    registry: Registry,
    standings: dict[str, Standing],
    as_of: dt.date,
    *,
    county_ids: set[str] | None = None,
    statuses: set[str] | None = None,
    show_all: bool = False,
) -> Report:
    """Assess every goal as of `as_of`; `county_ids`/`statuses` narrow what is listed.

    County summaries always cover every goal of the counties shown (the filter on status narrows
    the goal rows, not the totals), and the ring total always covers the whole plan.
    """
    assessments = assess_all(registry, standings, as_of)
    ranked, ring = summarize(registry, assessments)
    shown = [
        a
        for a in assessments
        if (county_ids is None or a.target.county in county_ids)
        and (statuses is None or a.status in statuses)
    ]
    counties = [s for s in ranked if county_ids is None or (s.county and s.county.id in county_ids)]
    plan = registry.plan
    data = {
        "as_of": as_of.isoformat(),
        "plan": {
            "id": plan.id,
            "title": plan.title,
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
            "behind_points": plan.behind_points,
            "far_behind_points": plan.far_behind_points,
            "time_progress": plan.time_progress,
            "update_interval_days": plan.update_interval_days,
        },
        "counties": [_county_row(s, ring.mean_percent) for s in counties],
        "ring": _county_row(ring),
        "targets": [target_row(registry, a) for a in shown],
    }
    return Report(data=data, registry=registry, assessments=shown, show_all=show_all)
