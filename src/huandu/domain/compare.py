"""`huandu report --compare`: like goals of different counties side by side.

The registry says which goals are alike with a `compare` tag (肉牛, 农业产值, 重点项目). A tag only
classifies: every figure is the goal's own, and since units may differ (万头 against 亿元) goals are
set side by side by completion percent, best first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from huandu.domain.model import Registry
from huandu.domain.progress import Assessment, Standing, assess_all
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


class Comparison(NamedTuple):
    data: dict[str, Any]
    registry: Registry
    groups: list[CompareGroup]
    show_all: bool = False  # every goal on the screen, however many


def build_compare(
    registry: Registry,
    standings: dict[str, Standing],
    as_of: dt.date,
    *,
    county_ids: set[str] | None = None,
    statuses: set[str] | None = None,
    show_all: bool = False,
) -> Comparison:
    """Group the tagged goals by tag (in registry order of first use) and rank each group by
    completion, highest first; goals without a figure come last, unranked. `county_ids` and
    `statuses` narrow the goals listed; ranks stay those among the whole group."""
    tags: dict[str, list[Assessment]] = {}
    for assessment in assess_all(registry, standings, as_of):
        if assessment.target.compare:
            tags.setdefault(assessment.target.compare, []).append(assessment)
    groups = []
    for tag, members in tags.items():
        ordered = sorted(
            enumerate(members),
            key=lambda pair: (pair[1].percent is None, -(pair[1].percent or 0.0), pair[0]),
        )
        ranked: list[tuple[int | None, Assessment]] = []
        for rank, (_, a) in enumerate(ordered, start=1):
            ranked.append((rank if a.percent is not None else None, a))
        shown = [
            (rank, a)
            for rank, a in ranked
            if (county_ids is None or a.target.county in county_ids)
            and (statuses is None or a.status in statuses)
        ]
        if shown:
            groups.append(CompareGroup(tag, shown))
    data = {
        "as_of": as_of.isoformat(),
        "groups": [
            {"tag": g.tag, "targets": [_row(registry, rank, a) for rank, a in g.items]}
            for g in groups
        ],
    }
    return Comparison(data, registry, groups, show_all)


def _row(registry: Registry, rank: int | None, a: Assessment) -> dict[str, Any]:
    """The report's row for the goal (same keys, same rounding), narrowed, with its rank."""
    full = target_row(registry, a)
    return {**{key: full[key] for key in ROW_KEYS if key != "rank"}, "rank": rank}


def csv_rows(comparison: Comparison) -> tuple[list[str], list[dict[str, Any]]]:
    """One row per goal, its tag first."""
    keys = ["tag", *ROW_KEYS]
    rows = [{"tag": g["tag"], **row} for g in comparison.data["groups"] for row in g["targets"]]
    return keys, rows
