"""`huandu report --monthly`: each goal month by month, and who has been behind for months.

Every month of the plan so far is a replay: `progress.assess_series` gives, for each month's last
day (the as-of date itself for the month it falls in), exactly what `progress.assess_all` and so
`huandu report --as-of` give for that day. So a past 通报 is reproduced figure for figure, and a later correction of an old figure
shows in every month it touches.

A goal's `streak` is the number of consecutive months, ending with the latest, whose light was
yellow or red; three or more (`ESCALATE_AFTER`) and it `escalate`s: 需督办, listed first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from huandu.domain.model import Journal, Registry, Target
from huandu.domain.progress import RED, YELLOW, Assessment, assess_series
from huandu.structs import Frozen

ESCALATE_AFTER = 3
BEHIND_LIGHTS = (YELLOW, RED)


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def month_points(plan_start: dt.date, as_of: dt.date) -> list[dt.date]:
    """The days the months are assessed on: each month-end from the plan's first month up to the
    as-of month, whose point is the as-of date itself when that is earlier than its month-end."""
    points: list[dt.date] = []
    if as_of < plan_start:
        return points
    day = _month_end(plan_start)
    while day < as_of:
        points.append(day)
        day = _month_end(day + dt.timedelta(days=1))
    points.append(min(day, as_of))
    return points


def streak_of(lights: list[str | None]) -> int:
    """Consecutive months behind (yellow or red), counted back from the latest."""
    streak = 0
    for light in reversed(lights):
        if light not in BEHIND_LIGHTS:
            break
        streak += 1
    return streak


class MonthlyRow(Frozen):
    target: Target
    cells: list[Assessment]  # one per point, oldest first
    streak: int
    escalate: bool

    def __init__(
        self, target: Target, cells: list[Assessment], streak: int, escalate: bool
    ) -> None:
        self.__dict__.update(target=target, cells=cells, streak=streak, escalate=escalate)

    @property
    def latest(self) -> Assessment:
        return self.cells[-1]


class Monthly(Frozen):
    """The monthly view: JSON-ready `data`, plus the objects the renderers label it with."""

    data: dict[str, Any]
    registry: Registry
    as_of: dt.date
    points: list[dt.date]
    rows: list[MonthlyRow]  # escalations first (longest streak first), then registry order

    def __init__(
        self,
        data: dict[str, Any],
        registry: Registry,
        as_of: dt.date,
        points: list[dt.date],
        rows: list[MonthlyRow],
    ) -> None:
        self.__dict__.update(data=data, registry=registry, as_of=as_of, points=points, rows=rows)

    @property
    def partial_last(self) -> bool:
        """Whether the last point is a date inside its month rather than the month's end."""
        return bool(self.points) and self.points[-1] != _month_end(self.points[-1])


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def build_monthly(
    registry: Registry,
    journal: Journal,
    as_of: dt.date,
    *,
    county_ids: set[str] | None = None,
    statuses: set[str] | None = None,
) -> Monthly:
    """Replay the journal at every month's end; `statuses` narrows on the latest month's status."""
    points = month_points(registry.plan.start, as_of)
    by_point = [{a.target.id: a for a in day} for day in assess_series(registry, journal, points)]
    rows = []
    for goal in registry.targets:
        if county_ids is not None and goal.county not in county_ids:
            continue
        cells = [assessed[goal.id] for assessed in by_point]
        if statuses is not None and (not cells or cells[-1].status not in statuses):
            continue
        streak = streak_of([cell.light for cell in cells])
        rows.append(MonthlyRow(goal, cells, streak, streak >= ESCALATE_AFTER))
    order = {goal.id: index for index, goal in enumerate(registry.targets)}
    rows.sort(key=lambda r: (not r.escalate, -r.streak if r.escalate else 0, order[r.target.id]))
    data = {
        "as_of": as_of.isoformat(),
        "months": [day.isoformat() for day in points],
        "escalate_after": ESCALATE_AFTER,
        "targets": [_row(registry, row) for row in rows],
    }
    return Monthly(data, registry, as_of, points, rows)


def _row(registry: Registry, row: MonthlyRow) -> dict[str, Any]:
    county = registry.county_by_id(row.target.county)
    return {
        "id": row.target.id,
        "county": county.short,
        "county_id": county.id,
        "title": row.target.title,
        "months": [
            {
                "month": cell.as_of.isoformat(),
                "percent": _round(cell.percent),
                "light": cell.light,
                "status": cell.status,
            }
            for cell in row.cells
        ],
        "streak": row.streak,
        "escalate": row.escalate,
    }


def csv_rows(monthly: Monthly) -> tuple[list[str], list[dict[str, Any]]]:
    """One row per goal: its percent and light at each month side by side (`2024-05-31`,
    `2024-05-31 light`), then the streak and whether it escalates."""
    keys = ["id", "county", "county_id", "title"]
    for day in monthly.data["months"]:
        keys += [day, f"{day} light"]
    keys += ["streak", "escalate"]
    rows = []
    for target in monthly.data["targets"]:
        row = {k: target[k] for k in ("id", "county", "county_id", "title", "streak", "escalate")}
        for cell in target["months"]:
            row[cell["month"]] = cell["percent"]
            row[f"{cell['month']} light"] = cell["light"]
        rows.append(row)
    return keys, rows
