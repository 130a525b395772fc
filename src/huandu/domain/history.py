"""The journal read as a history: rows for `huandu log` and everything about one goal for `show`.

Plain dictionaries whose keys are the documented JSON contract (README, "JSON output").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from huandu.domain.model import (
    County,
    Journal,
    ProgressRecord,
    Registry,
    Retraction,
    Target,
    latest,
)

LOG_KEYS = (
    "seq",
    "action",
    "target",
    "county",
    "title",
    "value",
    "unit",
    "stage",
    "input",
    "date",
    "note",
    "source",
    "by",
    "recorded_at",
    "status",
    "retracted_by",
    "retracts",
)


def _record_row(record: ProgressRecord, registry: Registry, undone_by: dict[int, int]) -> dict:
    goal = registry.get(record.target)
    county = registry.county_by_id(goal.county).short if goal else None
    return {
        "seq": record.seq,
        "action": "record",
        "target": record.target,
        "county": county,
        "title": goal.title if goal else None,
        "value": record.value,
        "unit": record.unit,
        "stage": record.stage,
        "input": record.input,
        "date": record.date.isoformat(),
        "note": record.note,
        "source": record.source,
        "by": record.by,
        "recorded_at": record.recorded_at.isoformat(),
        "status": "retracted" if record.seq in undone_by else "active",
        "retracted_by": undone_by.get(record.seq),
        "retracts": None,
    }


def _retraction_row(undo: Retraction, registry: Registry, undone: ProgressRecord | None) -> dict:
    goal = registry.get(undone.target) if undone else None
    return {
        "seq": undo.seq,
        "action": "undo",
        "target": undone.target if undone else None,
        "county": registry.county_by_id(goal.county).short if goal else None,
        "title": goal.title if goal else None,
        "value": None,
        "unit": None,
        "stage": None,
        "input": "",
        "date": None,
        "note": undo.note,
        "source": "",
        "by": undo.by,
        "recorded_at": undo.recorded_at.isoformat(),
        "status": "retraction",
        "retracted_by": None,
        "retracts": undo.retracts,
    }


def history_rows(
    registry: Registry,
    journal: Journal,
    *,
    county: County | None = None,
    target: Target | None = None,
) -> list[dict[str, Any]]:
    """Every entry, oldest first, with how each record stands (active or retracted by which undo)."""
    by_seq = {r.seq: r for r in journal.records}
    undone_by = {u.retracts: u.seq for u in journal.retractions}
    wanted: set[str] | None = None
    if target is not None:
        wanted = {target.id}
    elif county is not None:
        wanted = {g.id for g in registry.targets_of(county)}
    rows: list[tuple[int, dict]] = []
    for record in journal.records:
        if wanted is None or record.target in wanted:
            rows.append((record.seq, _record_row(record, registry, undone_by)))
    for undo in journal.retractions:
        undone = by_seq.get(undo.retracts)
        if wanted is None or (undone is not None and undone.target in wanted):
            rows.append((undo.seq, _retraction_row(undo, registry, undone)))
    return [row for _, row in sorted(rows, key=lambda pair: pair[0])]


def completion(target: Target, value: float) -> float:
    """Percent of the goal reached by `value` (milestone values already are percents)."""
    if target.is_milestone or not target.target:
        return float(value)
    return value / target.target * 100


def goal_detail(registry: Registry, journal: Journal, goal: Target, today: dt.date) -> dict:
    """Everything about one goal: the source, the target, the latest figure and its history."""
    county = registry.county_by_id(goal.county)
    current = latest(journal.active(goal.id), today)
    return {
        "id": goal.id,
        "county": county.short,
        "county_name": county.name,
        "title": goal.title,
        "title_en": goal.title_en,
        "kind": goal.kind,
        "category": goal.category,
        "target": goal.target,
        "unit": goal.unit.symbol if goal.unit else None,
        "comparison": None if goal.is_milestone else goal.comparison,
        "deadline": goal.deadline.isoformat(),
        "quote": goal.quote,
        "source": registry.plan.source,
        "current": current.value if current else None,
        "stage": current.stage if current else None,
        "updated": current.date.isoformat() if current else None,
        "percent": round(completion(goal, current.value), 2) if current else None,
        "history": history_rows(registry, journal, target=goal),
    }
