"""`huandu report --monthly`: each goal month by month, and who has been behind for months.

Every month of the plan so far is held against the calendar as `huandu report --as-of` would hold
it on that month's last day (the as-of date itself for the month it falls in): the same figure
(the one standing on that day) judged by the same rules (`progress.judge_for`). So a past 通报 is
reproduced figure for figure, and a later correction of an old figure shows in every month it
touches. The store gives each goal's month-end figures; nothing else is read.

A goal's `streak` is the number of consecutive months, ending with the latest, whose light was
yellow or red; three or more (`ESCALATE_AFTER`) and it `escalate`s: 需督办, listed first.

A province's plan is thousands of goals over several years, so a row keeps its months as the
verdicts `judge_for` gave, a plain tuple a month, rather than an object a month.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from huandu.domain.model import Registry, Target
from huandu.domain.progress import (
    NO_DATA,
    RED,
    YELLOW,
    Standing,
    expected_for,
    judge_for,
)

ESCALATE_AFTER = 3
BEHIND_LIGHTS = (YELLOW, RED)

#: What the store gives per goal: the month its figures begin (a `month_index`) and the figure
#: standing at the end of that month and of each month after, up to the as-of month (for which it
#: is the figure standing on the as-of day). Months after the last entry keep the last figure.
MonthValues = dict[str, tuple[int, list[float]]]


def month_index(day: dt.date) -> int:
    """Months counted from year 0: 2024-01 is 24288. Consecutive months differ by one."""
    return day.year * 12 + day.month - 1


def month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def month_ends(found: list[Standing]) -> tuple[int, list[float]]:
    """A goal's month-ends from its standings (`progress.standings`): the month of its first
    figure, and the figure standing at the end of every month from then to its last figure's
    month (a month without a figure of its own keeps the one before). What a store keeps for
    `--monthly`; (0, []) without figures."""
    if not found:
        return 0, []
    first = month_index(found[0].record.date)
    values: list[float] = []
    for standing in found:
        offset = month_index(standing.record.date) - first
        while len(values) < offset:  # months without a figure of their own
            values.append(values[-1])
        if len(values) == offset:
            values.append(standing.record.value)
        else:
            values[offset] = standing.record.value  # a later figure in the same month stands
    return first, values


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
    points: list[dt.date]  # the days of the months, oldest first (shared by every row)
    verdicts: list[tuple]  # (percent, gap, status, light) a month; NO_VERDICT without data
    streak: int
    escalate: bool

    @property
    def percents(self) -> list[float | None]:
        return [verdict[0] for verdict in self.verdicts]

    @property
    def statuses(self) -> list[str]:
        return [verdict[2] for verdict in self.verdicts]

    @property
    def lights(self) -> list[str | None]:
        return [verdict[3] for verdict in self.verdicts]

    @property
    def cells(self) -> list[MonthCell]:
        return [
            MonthCell(day, percent, light, status)
            for day, (percent, _gap, status, light) in zip(self.points, self.verdicts, strict=True)
        ]

    @property
    def latest(self) -> MonthCell:
        percent, _gap, status, light = self.verdicts[-1]
        return MonthCell(self.points[-1], percent, light, status)


#: A month without a figure: no completion, no gap, no light.
NO_VERDICT = (None, None, NO_DATA, None)
_NONE: tuple[int, list[float]] = (0, [])


class Monthly(NamedTuple):
    """The monthly view: its rows, plus what the outputs label them with. `data` is the same as
    the JSON contract writes it (README, "JSON output")."""

    registry: Registry
    as_of: dt.date
    points: list[dt.date]
    rows: list[MonthlyRow]  # escalations first (longest streak first), then registry order
    show_all: bool = False  # every goal on the screen, however many

    @property
    def partial_last(self) -> bool:
        """Whether the last point is a date inside its month rather than the month's end."""
        return bool(self.points) and self.points[-1] != month_end(self.points[-1])

    def head(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "months": [day.isoformat() for day in self.points],
            "escalate_after": ESCALATE_AFTER,
        }

    @property
    def data(self) -> dict[str, Any]:
        return {**self.head(), "targets": [row_data(self.registry, row) for row in self.rows]}


def month_row(
    goal: Target,
    series: tuple[int, list[float]],
    points: list[dt.date],
    months: list[int],
    expected: list[float],
    registry: Registry,
) -> MonthlyRow:
    """The goal at each point (`months`: the points' `month_index`): the figure standing then,
    judged as of that day."""
    verdict = judge_for(goal, registry.plan)
    first, values = series
    last = len(values) - 1
    verdicts: list[tuple] = []
    append = verdicts.append
    for day, month, expect in zip(points, months, expected, strict=True):
        offset = month - first
        if offset < 0 or last < 0:
            append(NO_VERDICT)
        else:
            append(verdict(values[offset if offset <= last else last], day, expect))
    streak = 0
    for _percent, _gap, _status, light in reversed(verdicts):
        if light not in BEHIND_LIGHTS:
            break
        streak += 1
    return MonthlyRow(goal, points, verdicts, streak, streak >= ESCALATE_AFTER)


def build_monthly(
    registry: Registry,
    month_values: MonthValues,
    as_of: dt.date,
    *,
    county_ids: set[str] | None = None,
    statuses: set[str] | None = None,
    show_all: bool = False,
) -> Monthly:
    """Every goal at every month's end; `statuses` narrows on the latest month's status."""
    plan = registry.plan
    points = month_points(plan.start, as_of)
    months = [month_index(day) for day in points]
    expected_by_deadline: dict[Any, list[float]] = {}
    rows = []
    for goal in registry.targets:
        if county_ids is not None and goal.county not in county_ids:
            continue
        key = goal.nodes or goal.deadline  # a goal with dated nodes is expected to follow them
        expected = expected_by_deadline.get(key)
        if expected is None:
            expected = [expected_for(goal, plan, day) for day in points]
            expected_by_deadline[key] = expected
        row = month_row(goal, month_values.get(goal.id, _NONE), points, months, expected, registry)
        if statuses is not None and (not points or row.verdicts[-1][2] not in statuses):
            continue
        rows.append(row)
    order = {goal.id: index for index, goal in enumerate(registry.targets)}
    rows.sort(key=lambda r: (not r.escalate, -r.streak if r.escalate else 0, order[r.target.id]))
    return Monthly(registry, as_of, points, rows, show_all)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def row_fields(registry: Registry, row: MonthlyRow) -> dict[str, Any]:
    """A row's own fields (the JSON contract's, before its months)."""
    county = registry.county_by_id(row.target.county)
    return {
        "id": row.target.id,
        "county": county.short,
        "county_id": county.id,
        "title": row.target.title,
    }


def row_data(registry: Registry, row: MonthlyRow) -> dict[str, Any]:
    return {
        **row_fields(registry, row),
        "months": [
            {"month": day.isoformat(), "percent": _round(percent), "light": light, "status": status}
            for day, (percent, _gap, status, light) in zip(row.points, row.verdicts, strict=True)
        ],
        "streak": row.streak,
        "escalate": row.escalate,
    }


def csv_rows(monthly: Monthly) -> tuple[list[str], list[dict[str, Any]]]:
    """One row per goal: its percent and light at each month side by side (`2024-05-31`,
    `2024-05-31 light`), then the streak and whether it escalates."""
    days = [day.isoformat() for day in monthly.points]
    keys = ["id", "county", "county_id", "title"]
    for day in days:
        keys += [day, f"{day} light"]
    keys += ["streak", "escalate"]
    rows = []
    for row in monthly.rows:
        out = {**row_fields(monthly.registry, row), "streak": row.streak, "escalate": row.escalate}
        for day, (percent, _gap, _status, light) in zip(days, row.verdicts, strict=True):
            out[day] = _round(percent)
            out[f"{day} light"] = light
        rows.append(out)
    return keys, rows
