"""Where each goal stands on a given day: the pure computation behind `huandu report`.

For one goal, as of a date, only records dated on or before that date count, and retracted ones
never do. What a report needs of them is summed up in a `Standing` (the store keeps one per goal
and date, so a report reads one row per goal however many figures there are):

* the standing record: the greatest date, then the greatest seq (a later seq on one date corrects
  the earlier);
* how many records count, and on how many distinct dates;
* the sums of a least-squares line through each date's standing value.

From it, `assess` gives:

* `percent`: completion (`completion`: current / target × 100 for quantities, the value itself
  for milestones, whose values are percents);
* `expected`: 时序进度, the share of the goal's period (plan start to the goal's own deadline)
  passed, counted in days, inclusive of the as-of day, or, when the plan says
  `time_progress = "months"`, in whole months (`month_progress`);
* `gap` = percent − expected, in percentage points, and `status` from it, with the goal's own
  thresholds if it has them, else the plan's (`judge`, the one place for these rules);
* `light`: the traffic light of the status; milestones follow their own rule (`light_of`);
* `stale`: the standing figure is older than the goal's update interval;
* `projected`: where the least-squares line lands at the deadline.

`summarize` turns assessments into county and ring totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import NamedTuple

from huandu.domain.entries import Record
from huandu.domain.model import (
    BELOW,
    CEILING,
    EXCEED,
    GROWTH,
    MONTHS,
    County,
    Plan,
    Registry,
    Target,
)

DONE = "done"
ON_TRACK = "on_track"
BEHIND = "behind"
FAR_BEHIND = "far_behind"
OVER_CEILING = "over_ceiling"  # a ceiling goal whose figure is above its ceiling (超标)
OVERDUE = "overdue"
NO_DATA = "no_data"

#: Every status a goal can have, from best to worst news (and `no_data` last).
STATUSES = (DONE, ON_TRACK, BEHIND, FAR_BEHIND, OVER_CEILING, OVERDUE, NO_DATA)


def statuses_of(targets: Iterable[Target]) -> tuple[str, ...]:
    """The statuses goals like these can have: `over_ceiling` only where there is a ceiling (a
    summary table leaves out a column that could only ever read 0)."""
    if any(goal.kind == CEILING for goal in targets):
        return STATUSES
    return tuple(status for status in STATUSES if status != OVER_CEILING)


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
    OVER_CEILING: RED,
    OVERDUE: RED,
    NO_DATA: None,
}

# Floating-point slack for the behind/far-behind boundaries: a gap of exactly −10 points must count
# as behind even when float arithmetic lands a hair above it (−9.999999999999998).
_SLACK = 1e-9
#: Day numbers of the least-squares line count from here (2000-01-01), keeping the sums small.
ORIGIN = dt.date(2000, 1, 1).toordinal()


class Standing(NamedTuple):
    """A goal's figures on or before one of its dates, as a report needs them.

    `sum_x`, `sum_xx` (exact integers) and `sum_y`, `sum_xy` are over the goal's distinct dates:
    x is the day number since `ORIGIN`, y that date's standing value. Summed in date order by
    `standings`, so every store that keeps them gives the same figures to the last bit.
    """

    record: Record  # the standing record
    records: int  # active records dated on or before its date
    dates: int  # distinct dates among them
    sum_x: int
    sum_y: float
    sum_xx: int
    sum_xy: float


def standings(records: Iterable[Record]) -> list[Standing]:
    """One `Standing` per distinct date of a goal's active records, oldest first, each summing up
    everything on or before its date. (A store keeps these so a report reads one row per goal.)"""
    ordered = sorted(records, key=lambda r: (r.date, r.seq))
    out: list[Standing] = []
    count = dates = sum_x = sum_xx = 0
    sum_y = sum_xy = 0.0
    index = 0
    while index < len(ordered):
        day = ordered[index].date
        while index < len(ordered) and ordered[index].date == day:
            index += 1
            count += 1
        record = ordered[index - 1]
        x = day.toordinal() - ORIGIN
        dates += 1
        sum_x += x
        sum_xx += x * x
        sum_y += record.value
        sum_xy += x * record.value
        out.append(Standing(record, count, dates, sum_x, sum_y, sum_xx, sum_xy))
    return out


def standing_as_of(records: Iterable[Record], as_of: dt.date) -> Standing | None:
    """The `Standing` of a goal's active records as of a date (None without any)."""
    found = [r for r in records if r.date <= as_of]
    return standings(found)[-1] if found else None


def standings_as_of(records: Iterable[Record], as_of: dt.date) -> dict[str, Standing]:
    """Every goal's `Standing` as of a date, from active records held in memory (the store
    answers the same from the rows it keeps)."""
    by_goal: dict[str, list[Record]] = {}
    for record in records:
        if record.date <= as_of:
            by_goal.setdefault(record.target, []).append(record)
    return {goal: standings(found)[-1] for goal, found in by_goal.items()}


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


def node_progress(target: Target, as_of: dt.date) -> float:
    """节点进度 of a milestone with dated nodes: the completion of the last node whose date has
    passed by `as_of` (0 before the first node's date has passed)."""
    passed = [node.percent for node in target.nodes if node.due < as_of]
    return max(passed) if passed else 0.0


def expected_for(target: Target, plan: Plan, as_of: dt.date) -> float:
    """What a goal should stand at as of a day: its nodes' progress for a milestone with dated
    nodes, 时序进度 for every other goal (for ceilings and growth rates it is shown, but the
    status holds the figure against the target instead)."""
    if target.nodes:
        return node_progress(target, as_of)
    return expected_progress(plan, target.deadline, as_of)


def completion_for(target: Target) -> Callable[[float], float]:
    """How a figure of this goal reads as completion (percent), the one formula for every view:

    * a quantity: value × 100 ÷ target;
    * a milestone: its value already is its percent;
    * a growth rate: the rate reported as a share of the target rate, from 0 (6.4% of a goal of
      growing 8% is 80; a decline of 2% of a goal of declining 3% is 66.7; a rate on the wrong
      side of zero is 0);
    * a ceiling: 100 while the figure is within it, else ceiling × 100 ÷ figure (5.8% against
      5.5% is 94.8).
    """
    if target.is_milestone:
        return float
    goal = target.target
    if target.kind == GROWTH:
        return lambda rate: max(rate * 100 / goal, 0.0)  # type: ignore[operator]
    if target.kind == CEILING:
        return lambda value: 100.0 if value <= goal else goal * 100 / value  # type: ignore[operator]
    # value × 100 / target rather than value / target × 100: exact for whole figures (5400 of 6000
    # is 90.0, not 90.00000000000001), which keeps the status boundaries honest.
    return lambda value: value * 100 / goal  # type: ignore[operator]


def completion(target: Target, value: float) -> float:
    """Percent of the goal reached by `value`."""
    return completion_for(target)(value)


def met_for(target: Target, plan: Plan) -> Callable[[float], bool]:
    """Whether a figure meets the goal: above the target for 超过/突破 goals, at or above it for
    达到/以上 goals, at or below (以内) or below (以下) it for ceilings and declines, 100% for
    milestones. A 左右 goal is met within its tolerance (`Target.slack`) on the side that falls
    short; doing better than the target is never a miss."""
    if target.is_milestone:
        return lambda value: value >= 100
    goal = target.target
    slack = target.slack(plan)
    if target.lower_is_better:
        line = goal + slack  # type: ignore[operator]
        if target.comparison == BELOW and not slack:
            return lambda value: value < line
        return lambda value: value <= line
    line = goal - slack  # type: ignore[operator]
    if target.comparison == EXCEED and not slack:
        return lambda value: value > line
    return lambda value: value >= line


def is_met(target: Target, value: float, plan: Plan) -> bool:
    return met_for(target, plan)(value)


def margin_for(target: Target) -> Callable[[float], float]:
    """How far a ceiling's or a growth rate's figure is from its target, better side positive,
    in the target's own terms (points for a rate): 6.4% against growing 8% is −1.6; 5.2%
    against a ceiling of 5.5% is +0.3. (The gap of these goals: the calendar does not apply.)"""
    goal = target.target
    if target.lower_is_better:
        return lambda value: goal - value  # type: ignore[operator]
    return lambda value: value - goal  # type: ignore[operator]


class Judgement(NamedTuple):
    """A goal's standing figure held against the plan and the calendar on one day."""

    percent: float
    expected: float
    gap: float
    status: str
    light: str | None


Verdict = Callable[[float, dt.date, float], tuple[float, float, str, str]]


def judge_for(target: Target, plan: Plan) -> Verdict:
    """The rules of a 通报 for one goal, in one place for the report and for every month of
    `--monthly`: `verdict(value, as_of, expected)` gives (percent, gap, status, light) of a
    figure on a day whose expected progress (`expected_for`) is `expected`.

    * A quantity: done when met; overdue past the deadline; far behind when completion is
      `far_behind_points` or more below 时序进度; behind at `behind_points`; else on track (the
      goal's own thresholds, else the plan's). Its light is its status's (done and on track
      green, behind yellow, far behind and overdue red).
    * A milestone: the same statuses, but a stage is too coarse to hold against the calendar, so
      its light follows its own rule: done is green; past its deadline and not done, red; not
      started (0 %) after its planned `start` (default: the plan's start), yellow; otherwise
      green.
    * A milestone with dated nodes: done when its last node is reached; red past the last
      node's date; behind (yellow) while a node whose date has passed is not reached; else on
      track (green). Its expected progress and gap are its nodes' (`node_progress`).
    * A ceiling: the calendar does not apply, a ceiling holds every day: over the ceiling (red)
      whenever the figure is above it; within it, on track (green), and done once the deadline
      is reached. The gap is the room left under the ceiling, in its unit.
    * A growth rate: the cumulative rate reported (累计增速, 1—N月) against the target rate, in
      points (the calendar does not apply: a rate is comparable all year): met is on track, and
      done from the deadline on; short of it by less than the goal's or plan's
      `rate_behind_points`, still on track; by that or more, behind (yellow); by
      `rate_far_behind_points` or more, far behind (red); not met past the deadline, overdue.

    A 左右 goal is met within its tolerance (`met_for`).
    """
    behind, far = target.thresholds(plan)
    far_line, behind_line = -far + _SLACK, -behind + _SLACK
    deadline = target.deadline
    percent_of, met = completion_for(target), met_for(target, plan)
    if target.is_milestone and target.nodes:

        def noded(value: float, as_of: dt.date, expected: float) -> tuple:
            percent = percent_of(value)
            gap = percent - expected
            if met(value):
                return percent, gap, DONE, GREEN
            if as_of > deadline:
                return percent, gap, OVERDUE, RED
            if gap < -_SLACK:
                return percent, gap, BEHIND, YELLOW
            return percent, gap, ON_TRACK, GREEN

        return noded
    if target.is_milestone:
        start = target.start if target.start is not None else plan.start

        def milestone(value: float, as_of: dt.date, expected: float) -> tuple:
            percent = percent_of(value)
            gap = percent - expected
            if met(value):
                return percent, gap, DONE, GREEN
            late = as_of > deadline
            if late:
                status = OVERDUE
            elif gap <= far_line:
                status = FAR_BEHIND
            elif gap <= behind_line:
                status = BEHIND
            else:
                status = ON_TRACK
            light = RED if late else YELLOW if percent <= 0 and as_of > start else GREEN
            return percent, gap, status, light

        return milestone
    if target.is_rate:
        margin = margin_for(target)
        growth = target.kind == GROWTH

        def rate(value: float, as_of: dt.date, expected: float) -> tuple:
            percent, gap = percent_of(value), margin(value)
            if met(value):
                return percent, gap, DONE if as_of >= deadline else ON_TRACK, GREEN
            if not growth:
                return percent, gap, OVER_CEILING, RED
            if as_of > deadline:
                return percent, gap, OVERDUE, RED
            if gap <= far_line:
                return percent, gap, FAR_BEHIND, RED
            if gap <= behind_line:
                return percent, gap, BEHIND, YELLOW
            return percent, gap, ON_TRACK, GREEN

        return rate

    # The quantity rules are written out here, not called (this runs for every goal and month of
    # a province's --monthly): completion_for's formula and met_for's comparison, the same
    # (tests/test_progress.py holds them to each other).
    goal = target.target
    slack = target.slack(plan)
    line = goal - slack  # type: ignore[operator]
    exceed = target.comparison == EXCEED and not slack

    def quantity(value: float, as_of: dt.date, expected: float) -> tuple:
        percent = value * 100 / goal  # type: ignore[operator]
        gap = percent - expected
        if value > line if exceed else value >= line:
            return percent, gap, DONE, GREEN
        if as_of > deadline:
            return percent, gap, OVERDUE, RED
        if gap <= far_line:
            return percent, gap, FAR_BEHIND, RED
        if gap <= behind_line:
            return percent, gap, BEHIND, YELLOW
        return percent, gap, ON_TRACK, GREEN

    return quantity


def judge(
    target: Target,
    value: float,
    as_of: dt.date,
    plan: Plan,
    expected: float | None = None,
) -> Judgement:
    """Completion, 时序进度, gap, status and light of `value` as of a day (`judge_for`'s rules).
    (`expected` may be given when the caller has already computed it for this deadline and day.)"""
    if expected is None:
        expected = expected_for(target, plan, as_of)
    percent, gap, status, light = judge_for(target, plan)(value, as_of, expected)
    return Judgement(percent, expected, gap, status, light)


def light_of(
    target: Target, status: str, percent: float | None, as_of: dt.date, plan: Plan
) -> str | None:
    """The traffic light of a goal with this status and completion (None without data), as
    `judge_for` gives it."""
    if status == NO_DATA or percent is None:
        return None
    if not target.is_milestone:
        return STATUS_LIGHTS[status]
    expected = expected_for(target, plan, as_of)
    return judge_for(target, plan)(percent, as_of, expected)[3]  # its value is its percent


class Assessment(NamedTuple):
    """One goal as of a date. Every number is None when the goal has no data yet."""

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
    latest: Record | None = None  # the standing record itself (stage, source, note)
    light: str | None = None  # GREEN, YELLOW, RED; None without data
    stale: bool = False  # the standing figure is older than the goal's update interval
    days_since_update: int | None = None  # as_of − updated, in days


def assess(target: Target, standing: Standing | None, as_of: dt.date, plan: Plan) -> Assessment:
    """Assess one goal from its `Standing` as of `as_of` (None: nothing recorded by then)."""
    if standing is None:
        expected = expected_for(target, plan, as_of)
        return Assessment(target, as_of, None, None, expected, None, NO_DATA, None, None, None, 0)
    best = standing.record
    current = best.value
    verdict = judge(target, current, as_of, plan)
    projected = projected_percent = None
    if standing.dates >= 2:
        projected = max(_project(standing, target.deadline), 0.0)
        if target.is_milestone:
            projected = min(projected, 100.0)
        projected_percent = completion(target, projected)
    days = (as_of - best.date).days
    return Assessment(
        target=target,
        as_of=as_of,
        current=current,
        percent=verdict.percent,
        expected=verdict.expected,
        gap=verdict.gap,
        status=verdict.status,
        projected=projected,
        projected_percent=projected_percent,
        updated=best.date,
        records=standing.records,
        latest=best,
        light=verdict.light,
        # A goal already met needs no new figure to stay met.
        stale=verdict.status != DONE and days > target.update_interval(plan),
        days_since_update=days,
    )


def assess_all(
    registry: Registry, standings_by_goal: dict[str, Standing], as_of: dt.date
) -> list[Assessment]:
    """Assess every goal of the registry, in registry order (goals without a figure: no data)."""
    plan = registry.plan
    found = standings_by_goal.get
    return [assess(t, found(t.id), as_of, plan) for t in registry.targets]


def _project(standing: Standing, deadline: dt.date) -> float:
    """The least-squares line of value against day number, read off at the deadline."""
    n = standing.dates
    spread = n * standing.sum_xx - standing.sum_x * standing.sum_x  # exact: integers
    slope = (n * standing.sum_xy - standing.sum_x * standing.sum_y) / spread
    mean_x = standing.sum_x / n
    mean_y = standing.sum_y / n
    return mean_y + slope * (deadline.toordinal() - ORIGIN - mean_x)


class CountySummary(NamedTuple):
    """Totals for one county (`county` None: the whole ring). `rank` is None for the ring."""

    county: County | None
    targets: int  # goals assessed
    counts: dict[str, int]  # goals per status; every key of STATUSES is present
    mean_percent: float | None  # mean of min(percent, 100) over goals with data
    rank: int | None = None  # 1-based, by mean_percent (highest first, no data last)


def summarize(
    registry: Registry, assessments: Iterable[Assessment]
) -> tuple[list[CountySummary], CountySummary]:
    """County totals ranked by mean completion (ties in registry order), and the ring's total.

    Every county of the registry is listed, even one with no assessments (0 goals, mean None):
    one without a goal in the plan is last and has no rank.
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
    # A county the plan gives no goal (a plan still being filled in) is listed, unranked, last.
    order = [i for i in order if unranked[i].targets] + [
        i for i in order if not unranked[i].targets
    ]
    ranked = [
        unranked[i]._replace(rank=rank if unranked[i].targets else None)
        for rank, i in enumerate(order, start=1)
    ]
    return ranked, _summary(None, every)


def _summary(county: County | None, assessments: list[Assessment]) -> CountySummary:
    counts = dict.fromkeys(STATUSES, 0)
    capped = []
    for assessment in assessments:
        counts[assessment.status] += 1
        if assessment.percent is not None:
            capped.append(min(assessment.percent, 100.0))
    mean = sum(capped) / len(capped) if capped else None
    return CountySummary(county, len(assessments), counts, mean)
