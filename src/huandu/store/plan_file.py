"""`huandu plan new`: next year's registry, started from a plan the home has.

What carries over is what a new year's plan keeps: the plan's thresholds, stages and rules, and
its counties (names, positioning, responsible units). Its goals are the new plan's to state: with
`--from`, the goals that plan had not finished by its end are carried over as drafts, each with
`continues` pointing back at it and `# review:` comments saying where it stood and what to
check; otherwise the file has no goals yet, and a commented example of each kind shows how to
write them. Dates move on by whole years. The file is written with tomli-w (`toml_writer`) and
validates as it is (the service checks that).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from huandu.domain.model import (
    DEFAULT_STAGES,
    GROWTH,
    MILESTONE,
    Plan,
    Registry,
    Stage,
    Target,
)
from huandu.domain.progress import Assessment
from huandu.domain.units import format_amount
from huandu.errors import Msg
from huandu.store.toml_writer import RULE, Raw, Words, Writer, inline_tables, value_text


class Note(NamedTuple):
    field: str  # the key it concerns ("" for the whole table)
    msg: Msg


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same date `years` later (the 29th of February becomes the 28th in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _renamed(text: str, old: int, new: int) -> str | None:
    """`text` with the year `old` written as `new` (None when it does not name that year)."""
    return text.replace(str(old), str(new)) if str(old) in text else None


def _number(value: float) -> int | float:
    """A number as a person writes it in the file: 10, not 10.0."""
    return int(value) if float(value).is_integer() else value


def _strings(values: Iterable[str]) -> Raw:
    """An array of strings on one line."""
    return Raw("[" + ", ".join(value_text(v) for v in values) + "]")


def _stages(stages: tuple[Stage, ...]) -> Any:
    rows = []
    for stage in stages:
        row: dict[str, Any] = {"name": stage.name, "percent": _number(stage.percent)}
        if stage.aliases:
            row["aliases"] = list(stage.aliases)
        rows.append(row)
    return inline_tables(rows)


def plan_keys(plan: Plan, year: int, taken: Iterable[str]) -> tuple[list[tuple[str, Any]], list]:
    """The new plan's table: its id and title with the year moved on, its period one or more
    years later, and every rule of the old plan."""
    years = year - plan.year
    notes: list[Note] = []
    plan_id = _renamed(plan.id, plan.year, year) or f"{plan.id}-{year}"
    taken = set(taken)
    if plan_id in taken:
        base, number = plan_id, 2
        while f"{base}-{number}" in taken:
            number += 1
        plan_id = f"{base}-{number}"
    notes.append(Note("id", Msg("plan_new.review.id", plan=plan.id)))
    title = _renamed(plan.title, plan.year, year)
    if title is None:
        title = plan.title
        notes.append(Note("title", Msg("plan_new.review.title_kept")))
    else:
        notes.append(Note("title", Msg("plan_new.review.title", year=year)))
    notes.append(Note("source", Msg("plan_new.review.source")))
    notes.append(Note("start", Msg("plan_new.review.period", years=years)))
    keys: list[tuple[str, Any]] = [("id", plan_id), ("title", title)]
    title_en = _renamed(plan.title_en, plan.year, year) if plan.title_en else None
    if title_en:
        keys.append(("title_en", title_en))
    keys += [
        ("year", year),
        ("start", shift_years(plan.start, years)),
        ("end", shift_years(plan.end, years)),
        ("source", Msg("plan_new.source", year=year)),
        ("behind_points", _number(plan.behind_points)),
        ("far_behind_points", _number(plan.far_behind_points)),
        ("rate_behind_points", _number(plan.rate_behind_points)),
        ("rate_far_behind_points", _number(plan.rate_far_behind_points)),
        ("approx_rate_points", _number(plan.approx_rate_points)),
        ("approx_amount_percent", _number(plan.approx_amount_percent)),
        ("time_progress", plan.time_progress),
        ("update_interval_days", plan.update_interval_days),
        ("notice_days", plan.notice_days),
    ]
    if plan.opening_grace_days:
        keys.append(("opening_grace_days", plan.opening_grace_days))
    if plan.stages != DEFAULT_STAGES:
        keys.append(("stages", _stages(plan.stages)))
    return keys, notes


def county_keys(registry: Registry) -> list[list[tuple[str, Any]]]:
    out = []
    for county in registry.counties:
        keys: list[tuple[str, Any]] = [
            ("id", county.id),
            ("name", county.name),
            ("short", county.short),
        ]
        if county.name_en:
            keys.append(("name_en", county.name_en))
        if county.aliases:
            keys.append(("aliases", _strings(county.aliases)))
        keys.append(("positioning", county.positioning))
        if county.lead:
            keys.append(("lead", county.lead))
        if county.contact:
            keys.append(("contact", county.contact))
        out.append(keys)
    return out


def _figure(goal: Target, a: Assessment) -> Msg:
    """Where a goal stood at its plan's end, for a review comment."""
    if a.current is None:
        return Msg("plan_new.review.no_figure")
    if goal.is_milestone:
        shown = a.latest.stage if a.latest is not None and a.latest.stage else f"{a.current:g}%"
    else:
        shown = f"{format_amount(a.current)}{goal.unit.symbol if goal.unit else ''}"
    percent = "—" if a.percent is None else f"{a.percent:.1f}"
    return Msg("plan_new.review.figure", figure=shown, percent=percent,
               status=Msg(f"status.{a.status}"))  # fmt: skip


def goal_keys(
    goal: Target, a: Assessment, old: Plan, new_end: dt.date, years: int
) -> tuple[list[tuple[str, Any]], list[Note]]:
    """An unfinished goal carried into the new plan as a draft: the same measure, its deadline
    moved on (to the new plan's end, or kept when it already reaches into the new period),
    `continues` pointing back at it, and what to check."""
    notes = [
        Note("", Msg("plan_new.review.carried", plan=old.id, standing=_figure(goal, a))),
        Note("quote", Msg("plan_new.review.quote")),
    ]
    keys: list[tuple[str, Any]] = [("id", goal.id), ("county", goal.county), ("title", goal.title)]
    if goal.title_en:
        keys.append(("title_en", goal.title_en))
    keys += [("category", goal.category), ("kind", goal.kind)]
    if goal.kind != MILESTONE:
        keys.append(("target", goal.target))
        notes.append(Note("target", Msg("plan_new.review.target")))
        if goal.kind != GROWTH:
            keys.append(("unit", goal.unit.symbol if goal.unit else None))
        keys.append(("comparison", goal.comparison))
        if goal.approx:
            keys.append(("approx", True))
        if goal.tolerance is not None:
            keys.append(("tolerance", goal.tolerance))
        if goal.of is not None:
            keys.append(("of", goal.of))
        if goal.base is not None and goal.base_unit is not None:
            keys += [("base", goal.base), ("base_unit", goal.base_unit.symbol)]
            notes.append(Note("base", Msg("plan_new.review.base")))
    if goal.nodes:
        rows = [
            {
                "name": n.name,
                "due": shift_years(n.due, years),
                "percent": _number(round(n.percent, 4)),
            }
            for n in goal.nodes
        ]
        keys.append(("nodes", inline_tables(rows)))
        notes.append(Note("nodes", Msg("plan_new.review.nodes", years=years)))
    elif goal.deadline > old.end and goal.deadline <= new_end:
        keys.append(("deadline", goal.deadline))  # a goal of two years: still due then
        notes.append(Note("deadline", Msg("plan_new.review.deadline_kept")))
    elif goal.deadline != old.end:
        notes.append(Note("", Msg("plan_new.review.deadline_was", date=goal.deadline)))
    if goal.is_milestone and not goal.nodes and goal.stages != old.stages:
        keys.append(("stages", _stages(goal.stages)))
    for key in ("behind_points", "far_behind_points", "update_interval_days", "max_ratio"):
        value = getattr(goal, key)
        if value is not None:
            keys.append((key, value))
    for key in ("compare", "lead", "contact"):
        value = getattr(goal, key)
        if value:
            keys.append((key, value))
    keys += [("continues", f"{old.id}:{goal.id}"), ("quote", goal.quote)]
    return keys, notes


class _Words:
    """Values that are messages are written in the words' language (the new plan's `source`)."""

    def __init__(self, words: Words) -> None:
        self.words = words

    def __call__(self, keys: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        return [(k, self.words(v) if isinstance(v, Msg) else v) for k, v in keys]


def new_plan_toml(
    base: Registry,
    year: int,
    carried: list[tuple[Target, Assessment]],
    words: Words,
    *,
    carried_from: str | None,
    taken: Iterable[str] = (),
) -> bytes:
    """The new plan's registry file: `base`'s rules and counties for `year`, and the goals of
    `carried` (with where each stood at its plan's end) as drafts."""
    plan = base.plan
    years = year - plan.year
    out = Writer(words, "plan_new.review")
    as_words = _Words(words)
    out.comment(Msg("plan_new.header", year=year, plan=plan.id))
    if carried_from:
        out.comment(Msg("plan_new.header_carried", plan=carried_from, count=len(carried)))
    else:
        out.comment(Msg("plan_new.header_empty"))
    out.comment(Msg("plan_new.howto"))
    out.lines.append("")
    keys, notes = plan_keys(plan, year, taken)
    out.table("[plan]", as_words(keys), notes)
    for county in county_keys(base):
        out.table("[[county]]", county)
    new_end = shift_years(plan.end, years)
    by_county: dict[str, list[tuple[Target, Assessment]]] = {}
    for goal, a in carried:
        by_county.setdefault(goal.county, []).append((goal, a))
    for county in base.counties:
        goals = by_county.get(county.id)
        if not goals:
            continue
        out.lines += [f"# {RULE} {county.name}", ""]
        for goal, a in goals:
            keys, notes = goal_keys(goal, a, plan, new_end, years)
            out.table("[[target]]", keys, notes)
    if not carried:
        out.lines += [f"# {RULE}", ""]
        out.comment(Msg("plan_new.examples"))
        example = _EXAMPLES.format(year=year)
        out.lines += [f"# {line}" if line else "#" for line in example.rstrip("\n").split("\n")]
    return out.text()


# How goals of each kind are written (docs/registry.md has every key): shown as comments in a new
# plan without goals, one example per kind, in the words plans use. The county `example` and
# every figure are made up: they show the syntax, never a real county's goal.
_EXAMPLES = """[[target]]
id = "example.farmland"
county = "example"
title = "新建高标准农田"
category = "农业"
kind = "quantity"
target = 10
unit = "万亩"
comparison = "ge"
quote = "新建高标准农田10万亩以上"

[[target]]
id = "example.gdp"
county = "example"
title = "地区生产总值增速"
category = "经济"
kind = "growth"
target = 8
approx = true
quote = "地区生产总值增长8%左右"

[[target]]
id = "example.unemployment"
county = "example"
title = "城镇调查失业率"
category = "民生"
kind = "ceiling"
target = 5.5
unit = "%"
comparison = "le"
quote = "城镇调查失业率控制在5.5%以内"

[[target]]
id = "example.energy"
county = "example"
title = "单位地区生产总值能耗"
category = "生态"
kind = "growth"
target = -3
comparison = "le"
quote = "单位地区生产总值能耗下降3%"

[[target]]
id = "example.hospital"
county = "example"
title = "县医院新院区"
category = "民生"
kind = "milestone"
nodes = [{{ name = "开工", due = {year}-06-30 }}, {{ name = "主体完工", due = {year}-09-30 }}, {{ name = "竣工", due = {year}-12-31 }}]
quote = "6月底前开工、9月底前主体完工、年底前竣工"
"""
