"""The store read as a history: rows for `huandu log` and everything about one goal for `show`.

Plain dictionaries whose keys are the documented JSON contract (README, "JSON output"). Rows are
made one by one from the entries as the store streams them, so a log of any length is written
without holding it all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from huandu.domain.entries import Entry, Record, Retraction, latest
from huandu.domain.model import Registry, Target
from huandu.domain.progress import completion
from huandu.domain.report import kind_fields

if TYPE_CHECKING:
    from huandu.domain.compare import Earlier

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
    "recorded_by",
    "status",
    "retracted_by",
    "retracts",
)


def _goal_names(registry: Registry, target_id: str) -> tuple[str | None, str | None]:
    goal = registry.get(target_id)
    if goal is None:
        return None, None
    return registry.county_by_id(goal.county).short, goal.title


def _record_row(record: Record, registry: Registry, undone_by: dict[int, int]) -> dict:
    county, title = _goal_names(registry, record.target)
    return {
        "seq": record.seq,
        "action": "record",
        "target": record.target,
        "county": county,
        "title": title,
        "value": record.value,
        "unit": record.unit,
        "stage": record.stage,
        "input": record.input,
        "date": record.date.isoformat(),
        "note": record.note,
        "source": record.source,
        "by": record.by,
        "recorded_at": record.recorded_at.isoformat(),
        "recorded_by": record.recorded_by,
        "status": "retracted" if record.seq in undone_by else "active",
        "retracted_by": undone_by.get(record.seq),
        "retracts": None,
    }


def _retraction_row(undo: Retraction, registry: Registry) -> dict:
    county, title = _goal_names(registry, undo.target)
    return {
        "seq": undo.seq,
        "action": "undo",
        "target": undo.target,
        "county": county,
        "title": title,
        "value": None,
        "unit": None,
        "stage": None,
        "input": "",
        "date": None,
        "note": undo.note,
        "source": "",
        "by": undo.by,
        "recorded_at": undo.recorded_at.isoformat(),
        "recorded_by": undo.recorded_by,
        "status": "retraction",
        "retracted_by": None,
        "retracts": undo.retracts,
    }


def history_rows(
    registry: Registry, entries: Iterable[Entry], undone_by: dict[int, int]
) -> Iterator[dict[str, Any]]:
    """Each entry as a log row, in the order given (the store gives them oldest first), with how
    each record stands: active, or retracted by which undo (`undone_by`: record seq → undo seq)."""
    for entry in entries:
        if isinstance(entry, Retraction):
            yield _retraction_row(entry, registry)
        else:
            yield _record_row(entry, registry, undone_by)


def written(
    entries: Iterable[Entry], *, since: dt.date | None = None, by: str | None = None
) -> Iterator[Entry]:
    """The entries written into the store on or after `since` (the day by the store's clock, as
    `recorded_at` says it) and by `by` (a database role, or OS user): what changed since the last
    通报, and who changed it."""
    for entry in entries:
        if since is not None and entry.recorded_at.date() < since:
            continue
        if by is not None and entry.recorded_by != by:
            continue
        yield entry


def goal_detail(
    registry: Registry,
    goal: Target,
    entries: list[Entry],
    today: dt.date,
    earlier: Earlier | None = None,
) -> dict[str, Any]:
    """Everything about one goal: the source, the target, the latest figure and its history
    (`entries`: the goal's records and retractions, oldest first), its nodes and whether each is
    reached, and (`earlier`) the goal of an earlier plan it continues, beside it."""
    county = registry.county_by_id(goal.county)
    undone_by = {e.retracts: e.seq for e in entries if isinstance(e, Retraction)}
    active = [e for e in entries if isinstance(e, Record) and e.seq not in undone_by]
    current = latest(active, today)
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
        "history": list(history_rows(registry, entries, undone_by)),
        "note": current.note if current else "",
        **dict(zip(("lead", "contact"), registry.responsible(goal), strict=True)),
        **kind_fields(goal),
        "reached": [current is not None and current.value >= node.percent for node in goal.nodes],
        "earlier": _earlier(registry, earlier, today),
    }


def _earlier(registry: Registry, earlier: Earlier | None, today: dt.date) -> dict[str, Any] | None:
    """The earlier goal of a continued one: its target, and where it stood on the same day of
    its year and at its plan's end."""
    if earlier is None:
        return None
    from huandu.domain.compare import earlier_assessed, earlier_fields

    same_day, final = earlier_assessed(registry.plan, earlier, today)
    return earlier_fields(earlier.plan, earlier.goal, same_day, final)
