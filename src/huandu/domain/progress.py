"""Where each goal stands on a given day: the pure computation behind `huandu report`.

Nothing here reads files, prints or translates: it takes the model (a `Registry`, a `Journal`, a
date) and returns immutable values. Status values are English codes (`STATUSES`); the CLI turns
them into words and colours.

For one goal, as of a date, only records dated on or before that date count, and undone
(retracted) records never do:

* `current` is the standing figure (`model.latest`: greatest date, then greatest seq);
* `percent` is completion (current / target × 100 for quantities, the value itself for
  milestones, whose values are already percents);
* `expected` is 时序进度, the share of the goal's period (plan start to the goal's own deadline)
  that has passed: counted in days, inclusive of the as-of day, or, when the plan says
  `time_progress = "months"`, in whole months (`month_progress`);
* `gap` = percent − expected, in percentage points, and `status` follows from it, with the goal's
  own thresholds if it has them, else the plan's;
* `light` is the traffic light (green, yellow, red) of the status; milestones follow their own
  rule (`light_of`);
* `stale` says the standing figure is older than the goal's update interval;
* `projected` is where a least-squares line through the goal's figures lands at its deadline.

`assess_all` groups the journal once, so thousands of goals and hundreds of thousands of records
take a fraction of a second; `summarize` turns assessments into county and ring totals.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from operator import attrgetter, mul
from typing import NamedTuple

from huandu.domain.model import (
    EXCEED,
    MONTHS,
    County,
    Journal,
    Plan,
    ProgressRecord,
    Registry,
    Target,
)
from huandu.structs import Frozen

DONE = "done"
ON_TRACK = "on_track"
BEHIND = "behind"
FAR_BEHIND = "far_behind"
OVERDUE = "overdue"
NO_DATA = "no_data"

#: Every status a goal can have, from best to worst news (and `no_data` last).
STATUSES = (DONE, ON_TRACK, BEHIND, FAR_BEHIND, OVERDUE, NO_DATA)

GREEN = "green"
YELLOW = "yellow"
RED = "red"
#: The traffic lights of a 通报, best first. A goal without data has none (None).
LIGHTS = (GREEN, YELLOW, RED)
STATUS_LIGHTS = {
    DONE: GREEN,
    ON_TRACK: GREEN,
    BEHIND: YELLOW,
    FAR_BEHIND: RED,
    OVERDUE: RED,
    NO_DATA: None,
}

# Floating-point slack for the behind/far-behind boundaries: a gap of exactly −10 points must count
# as behind even when float arithmetic lands a hair above it (−9.999999999999998).
_SLACK = 1e-9
# A record's place in time: its date, then its seq (a later seq on one date corrects the earlier).
_DATE_SEQ = attrgetter("date", "seq")
_ORDINAL = dt.date.toordinal


def time_progress(plan_start: dt.date, deadline: dt.date, as_of: dt.date) -> float:
    """时序进度: percent (0–100) of the days from `plan_start` to `deadline` passed by `as_of`.

    Both ends and the as-of day are counted: on the first day 1/366 of a 2024 goal has passed, on
    its deadline 100. Before the start it is 0, after the deadline 100.
    """
    start = plan_start.toordinal()
    total = deadline.toordinal() - start + 1
    elapsed = as_of.toordinal() - start + 1
    if total <= 0:  # a deadline before the start: the registry refuses it, but stay total
        return 100.0 if as_of >= deadline else 0.0
    if elapsed <= 0:
        return 0.0
    if elapsed >= total:
        return 100.0
    return elapsed * 100 / total


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def month_ends_between(first: dt.date, last: dt.date) -> int:
    """How many month-ends fall on or between `first` and `last` (0 if `last` is before `first`)."""
    if last < first:
        return 0
    return _month_index(last) - _month_index(first) + (1 if _is_month_end(last) else 0)


def month_progress(plan_start: dt.date, deadline: dt.date, as_of: dt.date) -> float:
    """时序进度 counted in whole months: month-ends passed ÷ months in the goal's period × 100.

    Months elapsed are the month-ends from `plan_start` to `as_of`, both included; a date inside
    a month counts only the months completed before it (as of 2024-05-15 an annual goal is at
    4/12). The period has one month per month-end from `plan_start` to `deadline`, plus one for a
    deadline inside a month. On or after the deadline it is 100, before the start 0.
    """
    if as_of >= deadline:
        return 100.0
    if as_of < plan_start:
        return 0.0
    total = month_ends_between(plan_start, deadline) + (0 if _is_month_end(deadline) else 1)
    return min(month_ends_between(plan_start, as_of) * 100 / total, 100.0)


def expected_progress(plan: Plan, deadline: dt.date, as_of: dt.date) -> float:
    """时序进度 as the plan counts it: by days (the default) or by months (`time_progress`)."""
    if plan.time_progress == MONTHS:
        return month_progress(plan.start, deadline, as_of)
    return time_progress(plan.start, deadline, as_of)


def light_of(
    target: Target, status: str, percent: float | None, as_of: dt.date, plan: Plan
) -> str | None:
    """The traffic light of a goal: green, yellow, red, or None (no data).

    Quantities take the light of their status (done and on track green, behind yellow, far
    behind and overdue red). A milestone's stage is too coarse to hold against the calendar, so it
    follows its own rule: done is green; past its deadline and not done, red; not started (0 %)
    after its planned `start` (default: the plan's start), yellow; otherwise green.
    """
    if status == NO_DATA or percent is None:
        return None
    if not target.is_milestone:
        return STATUS_LIGHTS[status]
    if status == DONE:
        return GREEN
    if as_of > target.deadline:
        return RED
    start = target.start if target.start is not None else plan.start
    if percent <= 0 and as_of > start:
        return YELLOW
    return GREEN


class Assessment(NamedTuple):
    """One goal as of a date. Every number is None when the goal has no data yet.

    A tuple, because a monthly replay of a province builds one per goal and month: no other
    immutable object is as quick to build.
    """

    target: Target
    as_of: dt.date
    current: int | float | None  # the standing value, in the goal's unit (percent for milestones)
    percent: float | None  # completion; may exceed 100 for quantities
    expected: float  # 时序进度, 0–100
    gap: float | None  # percent − expected, in percentage points
    status: str  # one of STATUSES
    projected: float | None  # value at the deadline if the pace holds (needs 2+ dates)
    projected_percent: float | None  # `projected` as completion percent
    updated: dt.date | None  # date of the standing record
    records: int  # active records on or before as_of
    latest: ProgressRecord | None = None  # the standing record itself (stage, source, note)
    light: str | None = None  # GREEN, YELLOW, RED; None without data
    stale: bool = False  # the standing figure is older than the goal's update interval
    days_since_update: int | None = None  # as_of − updated, in days


class CountySummary(Frozen):
    """Totals for one county (`county` None: the whole ring). `rank` is None for the ring."""

    county: County | None
    targets: int  # goals assessed
    counts: dict[str, int]  # goals per status; every key of STATUSES is present
    mean_percent: float | None  # mean of min(percent, 100) over goals with data
    rank: int | None  # 1-based, by mean_percent (highest first, no data last)

    def __init__(
        self,
        county: County | None,
        targets: int,
        counts: dict[str, int],
        mean_percent: float | None,
        rank: int | None = None,
    ) -> None:
        self.__dict__.update(
            county=county, targets=targets, counts=counts, mean_percent=mean_percent, rank=rank
        )


def assess(
    target: Target,
    records: Iterable[ProgressRecord],
    as_of: dt.date,
    plan: Plan,
    *,
    behind_points: float | None = None,
    far_behind_points: float | None = None,
) -> Assessment:
    """Assess one goal from its active (not retracted) records; those after `as_of` are ignored.

    `records` must already exclude retracted ones (use `Journal.active(target.id)`); a record of
    another goal is a programming error (ValueError). The thresholds default to the goal's own,
    else the plan's.
    """
    own = []
    for record in records:
        if record.target != target.id:
            raise ValueError(f"record {record.seq} belongs to {record.target!r}, not {target.id!r}")
        if record.date <= as_of:
            own.append(record)
    behind, far = target.thresholds(plan)
    return _assess(
        target,
        own,
        as_of,
        plan,
        behind if behind_points is None else behind_points,
        far if far_behind_points is None else far_behind_points,
    )


def assess_all(registry: Registry, journal: Journal, as_of: dt.date) -> list[Assessment]:
    """Assess every goal of the registry, in registry order, each with its thresholds.

    One pass over the journal groups active records on or before `as_of` by goal; records of goals
    the registry doesn't know are skipped.
    """
    gone = journal.retracted
    by_target: dict[str, list[ProgressRecord]] = {t.id: [] for t in registry.targets}
    for record in journal.records:
        if record.date <= as_of and record.seq not in gone:
            bucket = by_target.get(record.target)
            if bucket is not None:
                bucket.append(record)
    plan = registry.plan
    return [_assess(t, by_target[t.id], as_of, plan, *t.thresholds(plan)) for t in registry.targets]


def assess_series(
    registry: Registry, journal: Journal, days: Iterable[dt.date]
) -> list[list[Assessment]]:
    """`assess_all` at each of `days` (a replay: month by month for a 通报), reading the journal
    once. Each list equals `assess_all(registry, journal, day)` exactly."""
    gone = journal.retracted
    by_target: dict[str, list[ProgressRecord]] = {t.id: [] for t in registry.targets}
    for record in journal.records:
        if record.seq not in gone:
            bucket = by_target.get(record.target)
            if bucket is not None:
                bucket.append(record)
    dates: dict[str, list[dt.date]] = {}
    for target_id, bucket in by_target.items():
        bucket.sort(key=lambda r: (r.date, r.seq))
        dates[target_id] = [r.date for r in bucket]
    plan = registry.plan
    series = []
    for day in days:
        series.append(
            [
                _assess(
                    t,
                    by_target[t.id][: bisect_right(dates[t.id], day)],
                    day,
                    plan,
                    *t.thresholds(plan),
                )
                for t in registry.targets
            ]
        )
    return series


def summarize(
    registry: Registry, assessments: Iterable[Assessment]
) -> tuple[list[CountySummary], CountySummary]:
    """County totals ranked by mean completion (ties in registry order), and the ring's total.

    Every county of the registry is listed, even one with no assessments (0 goals, mean None).
    The ring's mean is over all goals with data, not a mean of county means.
    """
    groups: dict[str, list[Assessment]] = {c.id: [] for c in registry.counties}
    every: list[Assessment] = []
    for assessment in assessments:
        every.append(assessment)
        groups.setdefault(assessment.target.county, []).append(assessment)
    unranked = [_summary(c, groups[c.id]) for c in registry.counties]
    order = sorted(
        range(len(unranked)),
        key=lambda i: (unranked[i].mean_percent is None, -(unranked[i].mean_percent or 0.0), i),
    )
    ranked = [
        CountySummary(s.county, s.targets, s.counts, s.mean_percent, rank)
        for rank, s in enumerate((unranked[i] for i in order), start=1)
    ]
    return ranked, _summary(None, every)


# ---------------------------------------------------------------------------------------------


def _assess(
    target: Target,
    records: list[ProgressRecord],
    as_of: dt.date,
    plan: Plan,
    behind_points: float,
    far_behind_points: float,
) -> Assessment:
    """`assess` on records already narrowed to this goal, active, dated on or before `as_of`."""
    expected = expected_progress(plan, target.deadline, as_of)
    if not records:
        return Assessment(target, as_of, None, None, expected, None, NO_DATA, None, None, None, 0)

    # In date order (a later seq on the same date is a correction, so it comes after the figure
    # it corrects): the standing record is the last, and a dict keeps each date's last figure.
    # Sorting by a C key function is cheaper than comparing tuples in Python, record by record.
    ordered = sorted(records, key=_DATE_SEQ)
    best = ordered[-1]
    per_date = {record.date: record for record in ordered}
    current = best.value
    percent = _percent(target, current)
    gap = percent - expected
    if _met(target, current, percent):
        status = DONE
    elif as_of > target.deadline:
        status = OVERDUE
    elif gap <= -far_behind_points + _SLACK:
        status = FAR_BEHIND
    elif gap <= -behind_points + _SLACK:
        status = BEHIND
    else:
        status = ON_TRACK

    projected = projected_percent = None
    if len(per_date) >= 2:
        projected = _project(per_date, target.deadline)
        projected = max(projected, 0.0)
        if target.is_milestone:
            projected = min(projected, 100.0)
        projected_percent = _percent(target, projected)

    days = (as_of - best.date).days
    return Assessment(
        target=target,
        as_of=as_of,
        current=current,
        percent=percent,
        expected=expected,
        gap=gap,
        status=status,
        projected=projected,
        projected_percent=projected_percent,
        updated=best.date,
        records=len(records),
        latest=best,
        light=light_of(target, status, percent, as_of, plan),
        # A goal already met needs no new figure to stay met.
        stale=status != DONE and days > target.update_interval(plan),
        days_since_update=days,
    )


def _percent(target: Target, value: float) -> float:
    if target.is_milestone:
        return float(value)
    # value × 100 / target rather than value / target × 100: exact for whole figures (5400 of 6000
    # is 90.0, not 90.00000000000001), which keeps the status boundaries honest.
    return value * 100 / target.target


def _met(target: Target, current: float, percent: float) -> bool:
    if target.is_milestone:
        return percent >= 100
    if target.comparison == EXCEED:
        return current > target.target
    return current >= target.target


def _project(per_date: dict[dt.date, ProgressRecord], deadline: dt.date) -> float:
    """Least-squares line of value against day number, read off at the deadline.

    (Written with `map` over lists: a province report fits thousands of these lines.)
    """
    xs = list(map(_ORDINAL, per_date))
    ys = [record.value for record in per_date.values()]
    n = len(xs)
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx = sum(map(mul, dx, dx))
    sxy = sum(map(mul, dx, dy))
    return mean_y + sxy * (deadline.toordinal() - mean_x) / sxx


def _summary(county: County | None, assessments: list[Assessment]) -> CountySummary:
    counts = dict.fromkeys(STATUSES, 0)
    capped = []
    for assessment in assessments:
        counts[assessment.status] += 1
        if assessment.percent is not None:
            capped.append(min(assessment.percent, 100.0))
    mean = sum(capped) / len(capped) if capped else None
    return CountySummary(county, len(assessments), counts, mean)
