"""`huandu report --monthly`: each goal month by month, and who has been behind for months.

Every month of the plan so far is held against the calendar as `huandu report --as-of` would hold
it on that month's last day (the as-of date itself for the month it falls in): the same figure
(the one standing on that day) judged by the same rules (`progress.judge`). So a past 通报 is
reproduced figure for figure, and a later correction of an old figure shows in every month it
touches. The store gives each goal's month-end figures; nothing else is read.

A goal's `streak` is the number of consecutive months, ending with the latest, whose light was
yellow or red; three or more (`ESCALATE_AFTER`) and it `escalate`s: 需督办, listed first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from huandu.domain.model import Registry, Target
from huandu.domain.progress import NO_DATA, RED, YELLOW, expected_progress, judge

ESCALATE_AFTER = 3
BEHIND_LIGHTS = (YELLOW, RED)

#: What the store gives per goal: (date, value) of the figure standing at the end of each month
#: that has one, dated on or before the as-of day, oldest first.
MonthValues = dict[str, list[tuple[dt.date, float]]]


def month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def month_points(plan_start: dt.date, as_of: dt.date) -> list[dt.date]:
    """The days the months are assessed on: each month-end from the plan's first month up to the
    as-of month, whose point is the as-of date itself when that is earlier than its month-end."""
    points: list[dt.date] = []
    if as_of < plan_start:
        return points
    day = month_end(plan_start)
    while day < as_of:
        points.append(day)
        day = month_end(day + dt.timedelta(days=1))
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


class MonthCell(NamedTuple):
    """A goal on one month's day: completion, light and status (None and no_data without data)."""

    as_of: dt.date
    percent: float | None
    light: str | None
    status: str


class MonthlyRow(NamedTuple):
    target: Target
    cells: list[MonthCell]  # one per point, oldest first
    streak: int
    escalate: bool

    @property
    def latest(self) -> MonthCell:
        return self.cells[-1]


class Monthly(NamedTuple):
    """The monthly view: JSON-ready `data`, plus the objects the renderers label it with."""

    data: dict[str, Any]
    registry: Registry
    as_of: dt.date
    points: list[dt.date]
    rows: list[MonthlyRow]  # escalations first (longest streak first), then registry order

    @property
    def partial_last(self) -> bool:
        """Whether the last point is a date inside its month rather than the month's end."""
        return bool(self.points) and self.points[-1] != month_end(self.points[-1])


def cells_of(
    goal: Target,
    values: list[tuple[dt.date, float]],
    points: list[dt.date],
    expected: list[float],
    registry: Registry,
) -> list[MonthCell]:
    """The goal at each point: the figure standing then, judged as of that day."""
    plan = registry.plan
    cells = []
    index, current = 0, None
    for day, expect in zip(points, expected, strict=True):
        while index < len(values) and values[index][0] <= day:
            current = values[index][1]
            index += 1
        if current is None:
            cells.append(MonthCell(day, None, None, NO_DATA))
        else:
            verdict = judge(goal, current, day, plan, expect)
            cells.append(MonthCell(day, verdict.percent, verdict.light, verdict.status))
    return cells


def build_monthly(
    registry: Registry,
    month_values: MonthValues,
    as_of: dt.date,
    *,
    county_ids: set[str] | None = None,
    statuses: set[str] | None = None,
) -> Monthly:
    """Every goal at every month's end; `statuses` narrows on the latest month's status."""
    plan = registry.plan
    points = month_points(plan.start, as_of)
    expected_by_deadline: dict[dt.date, list[float]] = {}
    rows = []
    for goal in registry.targets:
        if county_ids is not None and goal.county not in county_ids:
            continue
        expected = expected_by_deadline.get(goal.deadline)
        if expected is None:
            expected = [expected_progress(plan, goal.deadline, day) for day in points]
            expected_by_deadline[goal.deadline] = expected
        cells = cells_of(goal, month_values.get(goal.id, []), points, expected, registry)
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


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


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
