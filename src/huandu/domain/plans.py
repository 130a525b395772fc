"""The plans a home knows, and which one a command works on.

An office gets a new plan every year, and mid-year ones (政府工作报告, 重点项目清单, a 专题会议's
decisions). A home keeps any number of them: the plan bundled with huandu, a `targets.toml` of
the home's own, and every plan added with `huandu plan add` (kept in the progress store, so every
desk of a team reports against the same registry). Progress entries carry their plan's id, so
the same goal id in 2024 and 2025 never mixes.

`choose` is the one rule for which plan a command works on: the one asked for (`--plan`,
`HUANDU_PLAN`: its id, or its year when only one plan has it), else the plan whose period
contains today (the latest to start, when periods overlap), else the most recent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from huandu.errors import HuanduError

BUNDLED = "bundled"  # shipped with huandu
HOME = "home"  # the home's own targets.toml
STORED = "store"  # added with `huandu plan add`, kept in the progress store

#: Which source wins when two hold a plan of the same id (the later in this order).
PRECEDENCE = (BUNDLED, HOME, STORED)


class PlanEntry(NamedTuple):
    """A plan as the catalogue of a home knows it, without its goals."""

    id: str
    title: str
    year: int
    start: dt.date
    end: dt.date
    goals: int
    origin: str  # BUNDLED, HOME or STORED
    version: int = 0  # stored plans: 1 for the first `plan add`, then one more per --replace
    added_at: str = ""  # stored plans: when the version was added (ISO 8601)
    added_by: str = ""
    key: str = ""  # the registry's content key (what its cache is named by)
    title_en: str = ""

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def merge(*sources: Sequence[PlanEntry]) -> list[PlanEntry]:
    """One entry per plan id: a stored plan replaces the home's file, which replaces the
    bundled plan of the same id. Ordered by period (oldest first), then id."""
    by_id: dict[str, PlanEntry] = {}
    for source in sources:
        for entry in source:
            held = by_id.get(entry.id)
            if held is None or PRECEDENCE.index(entry.origin) >= PRECEDENCE.index(held.origin):
                by_id[entry.id] = entry
    return sorted(by_id.values(), key=lambda p: (p.start, p.end, p.id))


def current(plans: Sequence[PlanEntry], today: dt.date) -> PlanEntry:
    """The plan a command works on when none is asked for: the one whose period contains today
    (of several, the latest to start, then the latest to end), else the most recent (the latest
    to end, then to start). `plans` is never empty: the bundled plan is always there."""
    running = [p for p in plans if p.contains(today)]
    pool = running or list(plans)
    if running:
        return max(pool, key=lambda p: (p.start, p.end, p.id))
    return max(pool, key=lambda p: (p.end, p.start, p.id))


def choose(plans: Sequence[PlanEntry], wanted: str | None, today: dt.date) -> PlanEntry:
    """The plan asked for (an id, or a year only one plan has), else `current`."""
    if not wanted or not wanted.strip():
        return current(plans, today)
    wanted = wanted.strip()
    for plan in plans:
        if plan.id == wanted:
            return plan
    folded = wanted.casefold()
    same = [p for p in plans if p.id.casefold() == folded]
    if len(same) == 1:
        return same[0]
    year = wanted.removesuffix("年")
    if year.isdigit():
        of_year = [p for p in plans if p.year == int(year)]
        if len(of_year) == 1:
            return of_year[0]
        if len(of_year) > 1:
            raise HuanduError(
                "plan.ambiguous_year", year=int(year), choices=", ".join(p.id for p in of_year)
            )
    raise HuanduError("plan.unknown", plan=wanted, choices=", ".join(p.id for p in plans))
