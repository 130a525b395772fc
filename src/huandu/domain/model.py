"""The plan as the committee set it: counties, their goals, and how a goal is measured.

Plain immutable values with no I/O and no presentation, so every other part of huandu (storage,
computation, rendering) can share one vocabulary. They behave as frozen dataclasses would, but are
written by hand on `structs.Frozen` (or are `NamedTuple`s): every command imports this module, and
creating its classes with `@dataclass` cost several milliseconds of each run's start-up.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import NamedTuple

from huandu.domain.units import Unit
from huandu.errors import HuanduError
from huandu.structs import Frozen

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


# Registry objects keep a __dict__ (no __slots__): a large registry is cached pickled, and
# unpickling slotted objects runs Python code per object (20 ms for 3,000 goals).
class Stage(Frozen):
    """A named step of a milestone and the completion it stands for (未启动 0, 推进中 50, 已完成 100)."""

    name: str
    percent: float
    aliases: tuple[str, ...]

    def __init__(self, name: str, percent: float, aliases: tuple[str, ...] = ()) -> None:
        self.__dict__.update(name=name, percent=percent, aliases=aliases)


DEFAULT_STAGES = (
    Stage("未启动", 0, ("not-started", "not started", "notstarted", "todo")),
    Stage("推进中", 50, ("in-progress", "in progress", "inprogress", "ongoing", "doing")),
    Stage("已完成", 100, ("done", "completed", "complete", "finished")),
)


class Plan(Frozen):
    id: str
    title: str
    year: int
    start: dt.date
    end: dt.date
    source: str
    title_en: str
    source_en: str
    behind_points: float
    far_behind_points: float
    stages: tuple[Stage, ...]
    time_progress: str  # DAYS or MONTHS
    update_interval_days: int  # a figure older than this (as of the report) is stale

    def __init__(
        self,
        id: str,
        title: str,
        year: int,
        start: dt.date,
        end: dt.date,
        source: str,
        title_en: str = "",
        source_en: str = "",
        behind_points: float = 10.0,
        far_behind_points: float = 30.0,
        stages: tuple[Stage, ...] = DEFAULT_STAGES,
        time_progress: str = DAYS,
        update_interval_days: int = 31,
    ) -> None:
        self.__dict__.update(
            id=id,
            title=title,
            year=year,
            start=start,
            end=end,
            source=source,
            title_en=title_en,
            source_en=source_en,
            behind_points=behind_points,
            far_behind_points=far_behind_points,
            stages=stages,
            time_progress=time_progress,
            update_interval_days=update_interval_days,
        )


class County(Frozen):
    id: str
    name: str
    short: str
    name_en: str
    aliases: tuple[str, ...]
    positioning: str

    def __init__(
        self,
        id: str,
        name: str,
        short: str,
        name_en: str,
        aliases: tuple[str, ...],
        positioning: str,
    ) -> None:
        self.__dict__.update(
            id=id, name=name, short=short, name_en=name_en, aliases=aliases, positioning=positioning
        )

    def names(self) -> tuple[str, ...]:
        return (self.id, self.name, self.short, self.name_en, *self.aliases)


class Target(Frozen):
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
    target: int | float | None
    unit: Unit | None
    comparison: str
    stages: tuple[Stage, ...]
    line: int
    start: dt.date | None  # milestones: when work is planned to begin
    behind_points: float | None
    far_behind_points: float | None
    update_interval_days: int | None
    compare: str | None  # a tag that puts like goals of different counties side by side

    def __init__(
        self,
        id: str,
        county: str,
        title: str,
        title_en: str,
        category: str,
        kind: str,
        quote: str,
        deadline: dt.date,
        target: int | float | None = None,
        unit: Unit | None = None,
        comparison: str = REACH,
        stages: tuple[Stage, ...] = DEFAULT_STAGES,
        line: int = 0,
        start: dt.date | None = None,
        behind_points: float | None = None,
        far_behind_points: float | None = None,
        update_interval_days: int | None = None,
        compare: str | None = None,
    ) -> None:
        self.__dict__.update(
            id=id,
            county=county,
            title=title,
            title_en=title_en,
            category=category,
            kind=kind,
            quote=quote,
            deadline=deadline,
            target=target,
            unit=unit,
            comparison=comparison,
            stages=stages,
            line=line,
            start=start,
            behind_points=behind_points,
            far_behind_points=far_behind_points,
            update_interval_days=update_interval_days,
            compare=compare,
        )

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


class Registry(Frozen):
    """A validated plan. Lookups refuse unknown names with the valid choices in the message."""

    plan: Plan
    counties: tuple[County, ...]
    targets: tuple[Target, ...]
    path: str
    _by_id: dict[str, Target]  # not a field: the goals by id, for lookups

    def __init__(
        self,
        plan: Plan,
        counties: tuple[County, ...],
        targets: tuple[Target, ...],
        path: str = "",
    ) -> None:
        by_id = {t.id: t for t in targets}
        self.__dict__.update(plan=plan, counties=counties, targets=targets, path=path, _by_id=by_id)

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


class ProgressRecord(NamedTuple):
    """One figure as a county reported it: the value in the goal's unit, as of `date`.

    For milestones `value` is the completion percent (0–100) and `stage` names the step.
    A tuple, because reading a journal of 200,000 entries builds one per entry: no other immutable
    object is as quick to build.
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


class Retraction(NamedTuple):
    """An undo: record `retracts` no longer counts. The journal keeps both, so history shows it.

    A tuple, like the `ProgressRecord`s it sits beside in a journal.
    """

    seq: int
    retracts: int
    recorded_at: dt.datetime
    note: str = ""
    by: str = ""


class Journal(Frozen):
    """Everything recorded so far, in journal order (by `seq`)."""

    records: tuple[ProgressRecord, ...]
    retractions: tuple[Retraction, ...]

    def __init__(
        self, records: tuple[ProgressRecord, ...] = (), retractions: tuple[Retraction, ...] = ()
    ) -> None:
        self.__dict__.update(records=records, retractions=retractions)

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
