"""The plan as the committee set it: counties, their goals, and how a goal is measured.

Plain immutable values (NamedTuples: cheap to define and to build), so every other part of huandu
(the store, the computation, the outputs) shares one vocabulary. `Registry` holds a validated plan
and answers the lookups people type: a county by any of its names, a goal by id or by part of its
title, refusing with the valid choices.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import NamedTuple

from huandu.domain.units import Unit
from huandu.errors import HuanduError, Localized, Msg

QUANTITY = "quantity"  # an amount to reach: 新增市场主体6000户, 至少完成4项（共6项）
MILESTONE = "milestone"  # a project's stages, or its dated nodes (6月底前开工、年底前竣工)
CEILING = "ceiling"  # an amount or rate not to exceed: 失业率控制在5.5%以内
GROWTH = "growth"  # a year-on-year rate: 地区生产总值增长8%, 能耗下降3%
KINDS = (QUANTITY, MILESTONE, CEILING, GROWTH)

# How 时序进度 (time progress) is counted: by days (the default) or by whole months elapsed.
DAYS = "days"
MONTHS = "months"
TIME_PROGRESS_MODES = (DAYS, MONTHS)

# How the article's wording compares a result with the goal: 超过/突破 means the value must exceed the
# target; 以上/达到 (and a plain figure) means reaching it is enough. A ceiling is held at or below
# its target (以内, 不超过, 控制在) or strictly below it (以下, 低于); a decline (下降3%) is a growth
# rate at or below its (negative) target.
EXCEED = "gt"
REACH = "ge"
AT_MOST = "le"
BELOW = "lt"
COMPARISONS = {
    QUANTITY: (REACH, EXCEED),
    CEILING: (AT_MOST, BELOW),
    GROWTH: (REACH, EXCEED, AT_MOST, BELOW),
}


class Stage(NamedTuple):
    """A named step of a milestone and the completion it stands for (未启动 0, 推进中 50, 已完成 100)."""

    name: str
    percent: float
    aliases: tuple[str, ...] = ()


DEFAULT_STAGES = (
    Stage(
        "未启动",
        0,
        ("未开始", "尚未启动", "not-started", "not started", "notstarted", "todo"),
    ),
    Stage(
        "推进中",
        50,
        (
            "进行中",
            "实施中",
            "在建",
            "正在推进",
            "in-progress",
            "in progress",
            "inprogress",
            "ongoing",
            "doing",
        ),
    ),
    Stage(
        "已完成",
        100,
        (
            "完成",
            "已竣工",
            "竣工",
            "已完工",
            "完工",
            "办结",
            "done",
            "completed",
            "complete",
            "finished",
        ),
    ),
)


class Node(NamedTuple):
    """A dated node of a milestone (节点): reached when the goal's stage is this one or later."""

    name: str
    due: dt.date
    percent: float  # the completion reaching it stands for (the last node is 100)


class Plan(NamedTuple):
    id: str
    title: str
    year: int
    start: dt.date
    end: dt.date
    source: str
    title_en: str = ""
    source_en: str = ""
    behind_points: float = 10.0
    far_behind_points: float = 30.0
    stages: tuple[Stage, ...] = DEFAULT_STAGES
    time_progress: str = DAYS
    update_interval_days: int = 31  # a figure older than this (as of the report) is stale
    opening_grace_days: int = 0  # figures this many days before `start` (last year's close) count
    notice_days: int = 30  # a goal due within this many days and not done gets a blue 督办单
    # Growth goals: how many points below its target rate a reported rate is behind (yellow) and
    # far behind (red); a shortfall smaller than `rate_behind_points` is still on track.
    rate_behind_points: float = 0.0
    rate_far_behind_points: float = 2.0
    # 左右 goals: met within this tolerance (points for rates, percent of the target for amounts).
    approx_rate_points: float = 0.5
    approx_amount_percent: float = 2.0


class County(NamedTuple):
    id: str
    name: str
    short: str
    name_en: str
    aliases: tuple[str, ...]
    positioning: str
    lead: str = ""  # the default 牵头单位 of the county's goals ("" when the registry names none)
    contact: str = ""  # the default contact (a person, a telephone number)

    def names(self) -> tuple[str, ...]:
        return (self.id, self.name, self.short, self.name_en, *self.aliases)

    def choice(self) -> Localized:
        """How a list of valid counties names this one: 宜阳 (yiyang) / Yiyang County (yiyang)."""
        return Localized(f"{self.short} ({self.id})", f"{self.name_en or self.short} ({self.id})")


class Target(NamedTuple):
    """One goal. `target`/`unit` are None for milestones; `deadline` is already defaulted.

    The optional keys at the end are None when the registry does not set them: the plan's value
    applies (`behind_points`, `far_behind_points`, `update_interval_days`), a milestone's planned
    `start` is the plan's start, and a goal without `compare` is in no comparison group.
    """

    id: str
    county: str
    title: str
    title_en: str
    category: str
    kind: str
    quote: str
    deadline: dt.date
    target: int | float | None = None
    unit: Unit | None = None
    comparison: str = REACH
    stages: tuple[Stage, ...] = DEFAULT_STAGES
    line: int = 0
    start: dt.date | None = None  # milestones: when work is planned to begin
    behind_points: float | None = None
    far_behind_points: float | None = None
    update_interval_days: int | None = None
    compare: str | None = None  # a tag that puts like goals of different counties side by side
    max_ratio: float | None = None  # how many times the target a figure may be (default 10)
    lead: str | None = None  # 牵头单位 / 责任单位 of this goal (None: the county's default)
    contact: str | None = None  # who to ask (None: the county's default)
    approx: bool = False  # 左右: met within a tolerance
    tolerance: float | None = None  # its own tolerance (None: the plan's)
    nodes: tuple[Node, ...] = ()  # milestones with dated nodes (the stages after 未启动)
    of: int | None = None  # quantity goals of items: at least `target` of `of` items
    base: float | None = None  # growth goals: last year's amount, in `base_unit`
    base_unit: Unit | None = None
    continues: str | None = None  # "PLAN:GOAL": the goal of an earlier plan this one carries on

    @property
    def is_milestone(self) -> bool:
        return self.kind == MILESTONE

    @property
    def is_rate(self) -> bool:
        """Judged against its target rather than the calendar: ceilings and growth rates."""
        return self.kind in (CEILING, GROWTH)

    @property
    def lower_is_better(self) -> bool:
        return self.comparison in (AT_MOST, BELOW)

    def thresholds(self, plan: Plan) -> tuple[float, float]:
        """(behind_points, far_behind_points) for this goal: its own, else the plan's (for a
        growth goal, in points of rate below its target: the plan's `rate_…` thresholds)."""
        if self.kind == GROWTH:
            plan_behind, plan_far = plan.rate_behind_points, plan.rate_far_behind_points
        else:
            plan_behind, plan_far = plan.behind_points, plan.far_behind_points
        behind = plan_behind if self.behind_points is None else self.behind_points
        far = plan_far if self.far_behind_points is None else self.far_behind_points
        return behind, far

    def slack(self, plan: Plan) -> float:
        """How far a 左右 goal may miss its target and still be met, in the target's own terms
        (points for a rate, an amount otherwise); 0 for a goal stated exactly."""
        if not self.approx or self.target is None:
            return 0.0
        rate = self.kind == GROWTH or (self.unit is not None and self.unit.symbol == "%")
        if rate:
            return plan.approx_rate_points if self.tolerance is None else self.tolerance
        percent = plan.approx_amount_percent if self.tolerance is None else self.tolerance
        return abs(self.target) * percent / 100

    def update_interval(self, plan: Plan) -> int:
        """Days a figure stays fresh: the goal's own `update_interval_days`, else the plan's."""
        if self.update_interval_days is None:
            return plan.update_interval_days
        return self.update_interval_days


_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』《》〈〉")


def fold(name: str) -> str:
    """Compare names the way a person means them: case, width, spacing and quotes (ASCII or
    Chinese: "三清两建" is “三清两建”) don't matter."""
    return unicodedata.normalize("NFKC", name).casefold().replace(" ", "").translate(_QUOTES)


def did_you_mean(typed: str, names: dict[str, str], *, show: str = "key") -> Msg | str:
    """The nearest known names, one per thing they name, as a "did you mean ...?" hint ("" if none).

    `names` maps every name a thing answers to onto the thing's key; `show` says whether the hint
    offers the key (a goal id) or the matched name itself (宜阳 rather than yiyang for 宜杨). A
    short Chinese typo is held against every stretch of a name as long as itself, so 肉午 finds
    肉牛饲养量.
    """
    import difflib

    wanted = fold(typed)
    scored: list[tuple[float, int, str, str]] = []
    for order, (name, key) in enumerate(names.items()):
        folded = fold(name)
        if not folded:
            continue
        best = difflib.SequenceMatcher(None, wanted, folded).ratio()
        if len(wanted) < len(folded):
            for start in range(len(folded) - len(wanted) + 1):
                window = folded[start : start + len(wanted)]
                best = max(best, difflib.SequenceMatcher(None, wanted, window).ratio())
        if best >= 0.5:
            scored.append((-best, order, name, key))
    picked: dict[str, str] = {}
    for _score, _order, name, key in sorted(scored):
        picked.setdefault(key, key if show == "key" else name)
    suggestions = list(picked.values())[:3]
    if not suggestions:
        return ""
    return Msg("hint.did_you_mean", names=", ".join(suggestions))


#: How many candidates a "be more specific" refusal names before saying how many more there are.
CANDIDATES_SHOWN = 12


class Registry:
    """A validated plan. Lookups refuse unknown names with the valid choices in the message."""

    __slots__ = ("_by_id", "_counties_by_id", "counties", "path", "plan", "targets")

    def __init__(
        self,
        plan: Plan,
        counties: tuple[County, ...],
        targets: tuple[Target, ...],
        path: str = "",
    ) -> None:
        self.plan = plan
        self.counties = counties
        self.targets = targets
        self.path = path
        self._by_id = {t.id: t for t in targets}
        self._counties_by_id = {c.id: c for c in counties}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Registry):
            return NotImplemented
        return (self.plan, self.counties, self.targets, self.path) == (
            other.plan,
            other.counties,
            other.targets,
            other.path,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Registry({self.plan.id!r}, {len(self.counties)} counties, {len(self.targets)} goals)"
        )

    def county(self, name: str) -> County:
        wanted = fold(name)
        for county in self.counties:
            if wanted in {fold(n) for n in county.names() if n}:
                return county
        raise HuanduError(
            "county.unknown",
            name=name,
            choices=Localized(
                ", ".join(c.choice().zh for c in self.counties),
                ", ".join(c.choice().en for c in self.counties),
            ),
            hint=did_you_mean(
                name, {n: c.id for c in self.counties for n in c.names() if n}, show="name"
            ),
        )

    def county_by_id(self, county_id: str) -> County:
        county = self._counties_by_id.get(county_id)
        if county is None:
            raise HuanduError("county.unknown", name=county_id, choices="", hint="")
        return county

    def targets_of(self, county: County | None) -> list[Target]:
        if county is None:
            return list(self.targets)
        return [t for t in self.targets if t.county == county.id]

    def responsible(self, target: Target) -> tuple[str, str]:
        """(lead, contact) of a goal: its own, else its county's default; "" when none is named."""
        county = self._counties_by_id.get(target.county)
        lead = target.lead if target.lead is not None else (county.lead if county else "")
        contact = (
            target.contact if target.contact is not None else (county.contact if county else "")
        )
        return lead, contact

    def get(self, target_id: str) -> Target | None:
        return self._by_id.get(target_id)

    def resolve(self, query: str, county: County | None = None) -> Target:
        """Find a goal as a person types it: its id, or a unique part of its id or title (肉牛,
        市场主体, beef, 三清两建 with ASCII quotes), words narrowing together, a county's name
        (or the start of one) among them (宜阳 肉牛). Several matches list the candidates;
        none offers the nearest (肉午 → 肉牛饲养量)."""
        exact = self._by_id.get(query.strip())
        if exact is not None and (county is None or exact.county == county.id):
            return exact
        words = [fold(word) for word in query.split()]
        words = [word for word in words if word]
        if not words:
            raise HuanduError("target.unknown", query=query, hint="")
        pool = self.targets_of(county)
        county_names = {c.id: [fold(n) for n in c.names() if n] for c in self.counties}

        def matches_word(goal: Target, word: str) -> bool:
            if word in fold(goal.id) or word in fold(goal.title) or word in fold(goal.title_en):
                return True
            return any(name.startswith(word) for name in county_names.get(goal.county, ()))

        found = [goal for goal in pool if all(matches_word(goal, word) for word in words)]
        if len(found) == 1:
            return found[0]
        if not found:
            shown = {t.id: f"{t.id} ({t.title})" for t in pool}
            names = {t.id: shown[t.id] for t in pool}
            names.update((t.title, shown[t.id]) for t in pool)
            names.update((t.id.split(".", 1)[-1], shown[t.id]) for t in pool)
            raise HuanduError("target.unknown", query=query, hint=did_you_mean(query, names))
        shown = ", ".join(f"{t.id} ({t.title})" for t in found[:CANDIDATES_SHOWN])
        more = len(found) - CANDIDATES_SHOWN
        raise HuanduError(
            "target.ambiguous",
            query=query,
            choices=shown,
            more=Msg("target.more", count=more) if more > 0 else "",
        )
