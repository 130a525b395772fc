"""`huandu report --compare`: like goals of different counties side by side, and this year's
goals beside the ones they continue.

The registry says which goals are alike with a `compare` tag (肉牛, 农业产值, 重点项目). A tag only
classifies: every figure is the goal's own, and since units may differ (万头 against 亿元) goals are
set side by side by completion percent, best first.

A goal that names the goal of an earlier plan it continues (`continues = "PLAN:GOAL"`) is set
beside it (`YearPair`): the earlier goal as it stood on the same day of its own year (同期) and
at the end of its plan (全年).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from huandu.domain.model import Plan, Registry, Target
from huandu.domain.progress import Assessment, Standing, assess, assess_all
from huandu.domain.report import target_row

ROW_KEYS = (
    "id",
    "county",
    "county_id",
    "title",
    "kind",
    "target",
    "unit",
    "comparison",
    "current",
    "stage",
    "percent",
    "expected",
    "gap",
    "status",
    "light",
    "rank",
)


class CompareGroup(NamedTuple):
    tag: str
    items: list[tuple[int | None, Assessment]]  # (rank within the tag, assessment), best first


class YearPair(NamedTuple):
    """A goal beside the goal of an earlier plan it continues."""

    current: Assessment  # this plan's goal, as of the comparison's date
    plan: Plan  # the earlier plan
    same_day: Assessment  # the earlier goal on the same day of its year (同期)
    final: Assessment  # the earlier goal at the end of its plan (全年)


class Earlier(NamedTuple):
    """What the store and the registries give for one continued goal: the earlier plan, its
    goal, and that goal's standings on the same day of its year and at its plan's end."""

    plan: Plan
    goal: Target
    same_day: Standing | None
    final: Standing | None


class Comparison(NamedTuple):
    data: dict[str, Any]
    registry: Registry
    groups: list[CompareGroup]
    show_all: bool = False  # every goal on the screen, however many
    years: list[YearPair] = []  # noqa: RUF012 - never mutated


def same_day_of(plan: Plan, earlier: Plan, as_of: dt.date) -> dt.date:
    """The day of the earlier plan that matches `as_of` (同期): the same date as many years
    back as the plans start apart (2025-06-30 of a 2025 plan is 2024-06-30 of a 2024 one; the
    29th of February is the 28th in a common year); for plans that do not start on the same day
    of the year, as many days into the earlier period. Within the earlier plan's period."""
    years = plan.start.year - earlier.start.year
    if (plan.start.month, plan.start.day) == (earlier.start.month, earlier.start.day):
        year = as_of.year - years
        day = dt.date(year, as_of.month, min(as_of.day, _month_days(year, as_of.month)))
    else:
        day = earlier.start + (as_of - plan.start)
    return min(max(day, earlier.start), earlier.end)


def _month_days(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


def build_compare(
    registry: Registry,
    standings: dict[str, Standing],
    as_of: dt.date,
    *,
    county_ids: set[str] | None = None,
    statuses: set[str] | None = None,
    show_all: bool = False,
    earlier: dict[str, Earlier] | None = None,
) -> Comparison:
    """Group the tagged goals by tag (in registry order of first use) and rank each group by
    completion, highest first; goals without a figure come last, unranked. `county_ids` and
    `statuses` narrow the goals listed; ranks stay those among the whole group. `earlier`: for
    each goal that continues one of an earlier plan (by its id), what that goal stood at."""
    tags: dict[str, list[Assessment]] = {}
    years: list[YearPair] = []
    for assessment in assess_all(registry, standings, as_of):
        goal = assessment.target
        if goal.compare:
            tags.setdefault(goal.compare, []).append(assessment)
        found = (earlier or {}).get(goal.id)
        if found is not None and _listed(assessment, county_ids, statuses):
            same_day, final = earlier_assessed(registry.plan, found, as_of)
            years.append(YearPair(assessment, found.plan, same_day, final))
    groups = []
    for tag, members in tags.items():
        ordered = sorted(
            enumerate(members),
            key=lambda pair: (pair[1].percent is None, -(pair[1].percent or 0.0), pair[0]),
        )
        ranked: list[tuple[int | None, Assessment]] = []
        for rank, (_, a) in enumerate(ordered, start=1):
            ranked.append((rank if a.percent is not None else None, a))
        shown = [(rank, a) for rank, a in ranked if _listed(a, county_ids, statuses)]
        if shown:
            groups.append(CompareGroup(tag, shown))
    data = {
        "as_of": as_of.isoformat(),
        "groups": [
            {"tag": g.tag, "targets": [_row(registry, rank, a) for rank, a in g.items]}
            for g in groups
        ],
        "years": [_year_row(registry, pair) for pair in years],
    }
    return Comparison(data, registry, groups, show_all, years)


def _listed(a: Assessment, county_ids: set[str] | None, statuses: set[str] | None) -> bool:
    return (county_ids is None or a.target.county in county_ids) and (
        statuses is None or a.status in statuses
    )


#: The keys of the earlier goal's standing in a `years` row (`same_day` and `final`).
STANDING_KEYS = ("as_of", "current", "stage", "percent", "status", "light")


def _standing(a: Assessment) -> dict[str, Any]:
    return {
        "as_of": a.as_of.isoformat(),
        "current": a.current,
        "stage": a.latest.stage if a.latest is not None else None,
        "percent": None if a.percent is None else round(a.percent, 2),
        "status": a.status,
        "light": a.light,
    }


def earlier_assessed(plan: Plan, found: Earlier, as_of: dt.date) -> tuple[Assessment, Assessment]:
    """The earlier goal on the same day of its year (同期) and at its plan's end (全年)."""
    day = same_day_of(plan, found.plan, as_of)
    return (
        assess(found.goal, found.same_day, day, found.plan),
        assess(found.goal, found.final, found.plan.end, found.plan),
    )


def earlier_fields(plan: Plan, goal: Target, same_day: Assessment, final: Assessment) -> dict:
    """The earlier goal as `show` and `report --compare` write it in JSON."""
    return {
        "plan": plan.id,
        "plan_year": plan.year,
        "id": goal.id,
        "title": goal.title,
        "kind": goal.kind,
        "target": goal.target,
        "unit": goal.unit.symbol if goal.unit else None,
        "comparison": None if goal.is_milestone else goal.comparison,
        "same_day": _standing(same_day),
        "final": _standing(final),
    }


def _year_row(registry: Registry, pair: YearPair) -> dict[str, Any]:
    """This year's goal (the report's keys, narrowed) and the earlier one beside it."""
    fields = earlier_fields(pair.plan, pair.final.target, pair.same_day, pair.final)
    return {**_row(registry, None, pair.current), "earlier": fields}


def _row(registry: Registry, rank: int | None, a: Assessment) -> dict[str, Any]:
    """The report's row for the goal (same keys, same rounding), narrowed, with its rank."""
    full = target_row(registry, a)
    return {**{key: full[key] for key in ROW_KEYS if key != "rank"}, "rank": rank}


#: The CSV's columns for the earlier goal beside a continued one (empty on the tag rows).
EARLIER_CSV_KEYS = (
    "earlier_plan",
    "earlier_id",
    "earlier_target",
    "earlier_same_day",
    "earlier_same_day_current",
    "earlier_same_day_percent",
    "earlier_final_current",
    "earlier_final_percent",
    "earlier_final_status",
)


def csv_rows(comparison: Comparison) -> tuple[list[str], list[dict[str, Any]]]:
    """One row per goal, its tag first; then one row per continued goal (no tag), the earlier
    goal in the `earlier_…` columns."""
    keys = ["tag", *ROW_KEYS, *EARLIER_CSV_KEYS]
    rows = [{"tag": g["tag"], **row} for g in comparison.data["groups"] for row in g["targets"]]
    for row in comparison.data["years"]:
        earlier = row["earlier"]
        same, final = earlier["same_day"], earlier["final"]
        rows.append(
            {
                "tag": "",
                **{k: v for k, v in row.items() if k != "earlier"},
                "earlier_plan": earlier["plan"],
                "earlier_id": earlier["id"],
                "earlier_target": earlier["target"],
                "earlier_same_day": same["as_of"],
                "earlier_same_day_current": same["current"],
                "earlier_same_day_percent": same["percent"],
                "earlier_final_current": final["current"],
                "earlier_final_percent": final["percent"],
                "earlier_final_status": final["status"],
            }
        )
    return keys, rows
