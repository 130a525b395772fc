"""The plan as the committee set it: counties, their goals, and how a goal is measured.

Plain frozen dataclasses with no I/O and no presentation, so every other part of huandu (storage,
computation, rendering) can share one vocabulary.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from huandu.errors import HuanduError
from huandu.units import Unit

QUANTITY = "quantity"
MILESTONE = "milestone"

# How 时序进度 (time progress) is counted: by days (the default) or by whole months elapsed.
DAYS = "days"
MONTHS = "months"
TIME_PROGRESS_MODES = (DAYS, MONTHS)

# How the article's wording compares a result with the goal: 超过/突破 means the value must exceed the
# target; 以上/达到 (and a plain figure) means reaching it is enough.
EXCEED = "gt"
REACH = "ge"


# Registry objects are plain frozen dataclasses (no __slots__): a large registry is cached pickled,
# and unpickling slotted dataclasses runs Python code per object (20 ms for 3,000 goals).
@dataclass(frozen=True)
class Stage:
    """A named step of a milestone and the completion it stands for (未启动 0, 推进中 50, 已完成 100)."""

    name: str
    percent: float
    aliases: tuple[str, ...] = ()


DEFAULT_STAGES = (
    Stage("未启动", 0, ("not-started", "not started", "notstarted", "todo")),
    Stage("推进中", 50, ("in-progress", "in progress", "inprogress", "ongoing", "doing")),
    Stage("已完成", 100, ("done", "completed", "complete", "finished")),
)


@dataclass(frozen=True)
class Plan:
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
    time_progress: str = DAYS  # DAYS or MONTHS
    update_interval_days: int = 31  # a figure older than this (as of the report) is stale


@dataclass(frozen=True)
class County:
    id: str
    name: str
    short: str
    name_en: str
    aliases: tuple[str, ...]
    positioning: str

    def names(self) -> tuple[str, ...]:
        return (self.id, self.name, self.short, self.name_en, *self.aliases)


@dataclass(frozen=True)
class Target:
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

    @property
    def is_milestone(self) -> bool:
        return self.kind == MILESTONE

    def thresholds(self, plan: Plan) -> tuple[float, float]:
        """(behind_points, far_behind_points) for this goal: its own, else the plan's."""
        behind = plan.behind_points if self.behind_points is None else self.behind_points
        far = plan.far_behind_points if self.far_behind_points is None else self.far_behind_points
        return behind, far

    def update_interval(self, plan: Plan) -> int:
        """Days a figure stays fresh: the goal's own `update_interval_days`, else the plan's."""
        if self.update_interval_days is None:
            return plan.update_interval_days
        return self.update_interval_days


def _fold(name: str) -> str:
    """Compare names the way a person means them: case, width and spacing don't matter."""
    return unicodedata.normalize("NFKC", name).casefold().replace(" ", "").replace("'", "")


def _county_choice(county: County) -> str:
    from huandu.i18n import language

    name = county.name_en if language() == "en" and county.name_en else county.short
    return f"{name} ({county.id})"


def _did_you_mean(typed: str, names: dict[str, str], *, show: str = "key") -> str:
    """The nearest known names, one per thing they name, for "did you mean ...?" hints.

    `names` maps every name a thing answers to onto the thing's key; `show` says whether the hint
    offers the key (a goal id) or the matched name itself (宜阳 rather than yiyang for 宜杨).
    """
    import difflib

    folded = {_fold(name): (name, key) for name, key in names.items()}
    close = difflib.get_close_matches(_fold(typed), list(folded), n=5, cutoff=0.5)
    picked: dict[str, str] = {}
    for match in close:
        name, key = folded[match]
        picked.setdefault(key, key if show == "key" else name)
    suggestions = list(picked.values())[:3]
    if not suggestions:
        return ""
    from huandu.i18n import t

    return t("hint.did_you_mean", names=", ".join(suggestions))


@dataclass(frozen=True)
class Registry:
    """A validated plan. Lookups refuse unknown names with the valid choices in the message."""

    plan: Plan
    counties: tuple[County, ...]
    targets: tuple[Target, ...]
    path: str = ""
    _by_id: dict[str, Target] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update((t.id, t) for t in self.targets)

    def county(self, name: str) -> County:
        wanted = _fold(name)
        for county in self.counties:
            if wanted in {_fold(n) for n in county.names() if n}:
                return county
        raise HuanduError(
            "county.unknown",
            name=name,
            choices=", ".join(_county_choice(c) for c in self.counties),
            hint=_did_you_mean(
                name, {n: c.id for c in self.counties for n in c.names() if n}, show="name"
            ),
        )

    def county_by_id(self, county_id: str) -> County:
        for county in self.counties:
            if county.id == county_id:
                return county
        raise HuanduError("county.unknown", name=county_id, choices="", hint="")

    def targets_of(self, county: County | None) -> list[Target]:
        if county is None:
            return list(self.targets)
        return [t for t in self.targets if t.county == county.id]

    def get(self, target_id: str) -> Target | None:
        return self._by_id.get(target_id)

    def resolve(self, query: str, county: County | None = None) -> Target:
        """Find a goal by id, or by a unique part of its id or title (肉牛, 市场主体, beef)."""
        exact = self._by_id.get(query.strip())
        if exact is not None and (county is None or exact.county == county.id):
            return exact
        wanted = _fold(query)
        if not wanted:
            raise HuanduError("target.unknown", query=query, hint="")
        pool = self.targets_of(county)
        matches = [
            t
            for t in pool
            if wanted in _fold(t.id) or wanted in _fold(t.title) or wanted in _fold(t.title_en)
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            names = {t.id: t.id for t in pool}
            names.update((t.title, t.id) for t in pool)
            names.update((t.id.split(".", 1)[-1], t.id) for t in pool)
            raise HuanduError("target.unknown", query=query, hint=_did_you_mean(query, names))
        raise HuanduError(
            "target.ambiguous",
            query=query,
            choices=", ".join(f"{t.id} ({t.title})" for t in matches),
        )


@dataclass(frozen=True, slots=True)
class ProgressRecord:
    """One figure as a county reported it: the value in the goal's unit, as of `date`.

    For milestones `value` is the completion percent (0–100) and `stage` names the step.
    """

    seq: int
    target: str
    value: int | float
    date: dt.date
    recorded_at: dt.datetime
    unit: str | None = None
    stage: str | None = None
    input: str = ""
    note: str = ""
    source: str = ""
    by: str = ""


class Figure(NamedTuple):
    """The part of a record that computation needs (`progress` reads only these fields).

    Reports over hundreds of thousands of records load these light tuples from the journal's
    index instead of full `ProgressRecord`s with their notes and timestamps.
    """

    seq: int
    target: str
    value: int | float
    date: dt.date
    stage: str | None = None


@dataclass(frozen=True, slots=True)
class Retraction:
    """An undo: record `retracts` no longer counts. The journal keeps both, so history shows it."""

    seq: int
    retracts: int
    recorded_at: dt.datetime
    note: str = ""
    by: str = ""


@dataclass(frozen=True)
class Journal:
    """Everything recorded so far, in journal order (by `seq`)."""

    records: tuple[ProgressRecord, ...] = ()
    retractions: tuple[Retraction, ...] = ()

    @property
    def retracted(self) -> frozenset[int]:
        return frozenset(r.retracts for r in self.retractions)

    @property
    def last_seq(self) -> int:
        seqs = [r.seq for r in self.records] + [r.seq for r in self.retractions]
        return max(seqs, default=0)

    def active(self, target_id: str | None = None) -> list[ProgressRecord]:
        """Records that still count (not undone), optionally for one goal, oldest seq first."""
        gone = self.retracted
        return [
            r
            for r in self.records
            if r.seq not in gone and (target_id is None or r.target == target_id)
        ]


def latest(records: list[ProgressRecord], as_of: dt.date | None = None) -> ProgressRecord | None:
    """The figure that stands as of a date: the latest `date`, and among equal dates the latest seq."""
    best = None
    for record in records:
        if as_of is not None and record.date > as_of:
            continue
        if best is None or (record.date, record.seq) > (best.date, best.seq):
            best = record
    return best
