"""A county's sheet, row by row, as the records it would add, or the reason each row cannot.

Every row goes through the same check as `huandu update` (`recording.draft_record`), against the
goal's records as they stand plus the rows above it in the same file, so `+500` adds to the figure
a row above set. A row repeating a figure already recorded (same goal, date and value; for `+500`
the same typed value, note and source) is refused, so a sheet sent twice is not counted twice.
Pure: the store's records come in through `records_of`, read inside the write's transaction.

Row numbers are the ones the spreadsheet shows (the header in row 1 makes the first figure row 2).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from huandu.domain.entries import Record
from huandu.domain.model import County, Registry, Target
from huandu.domain.periods import parse_when
from huandu.domain.recording import draft_record
from huandu.errors import HuanduError, Localized
from huandu.text import normalize_input

_MIDNIGHT = r"\s+0{1,2}:00(?::00)?$"  # "2024/5/31 0:00", as Excel writes a date cell


class Row(NamedTuple):
    """One filled-in line of a sheet, by role (`date` is a date from an xlsx date cell)."""

    number: int
    goal: str = ""  # the goal's id (目标编号), or whatever the only goal column holds
    value: str = ""
    date: str | dt.date = ""
    note: str = ""
    source: str = ""
    by: str = ""
    formula_in: tuple[str, ...] = ()  # headers of columns whose formula has no saved value
    title: str = ""  # the goal's title (目标), when the sheet has a column for it beside the id
    unit: str = ""  # the 单位 column: the unit of a bare number in this row
    cell: str = ""  # what kind of cell the value came from (recording.GENERAL_NUMBER)


class Problem(NamedTuple):
    row: int
    error: HuanduError


class Planned(NamedTuple):
    row: int
    record: Record


class ImportPlan(NamedTuple):
    records: list[Planned]
    problems: list[Problem]

    @property
    def goals(self) -> int:
        return len({p.record.target for p in self.records})


class RowProblems(HuanduError):
    """Some rows cannot be recorded: nothing is written, and every one is listed."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("import.refused", count=len(problems))
        self.problems = problems


def plan_records(
    registry: Registry,
    rows: Iterable[Row],
    records_of: Callable[[str], list[Record]],
    *,
    first_seq: int,
    today: dt.date,
    now: dt.datetime,
    by: str,
    county: County | None = None,
    force: bool = False,
) -> ImportPlan:
    """Every row as `huandu update` would record it, or the reason it cannot be.

    `records_of(goal_id)` gives the goal's active records in the store. Records get consecutive
    seqs from `first_seq`; a refused row takes none. `force` records what is implausible (and
    a sheet sent twice) as `huandu update --force` would, marking each record forced.
    """
    standing: dict[str, list[Record]] = {}
    recorded: dict[str, list[Record]] = {}  # before this file
    plan = ImportPlan([], [])
    seq = first_seq
    for row in rows:
        try:
            if row.formula_in:
                raise HuanduError("import.formula", columns=", ".join(row.formula_in))
            goal = _goal_of(registry, row, county)
            if not row.value:
                raise HuanduError("value.empty")
            if goal.id not in standing:
                recorded[goal.id] = list(records_of(goal.id))
                standing[goal.id] = list(recorded[goal.id])
            day = _day(row.date, registry.plan.year, today)
            record = draft_record(
                goal,
                _typed(row, goal),
                plan=registry.plan,
                day=day,
                today=today,
                now=now,
                history=standing[goal.id],
                seq=seq,
                note=row.note,
                source=row.source,
                by=row.by or by,
                force=force,
                cell=row.cell,
                repeats=False,  # a sheet's repeats are found below, against every figure
            )
            twin = _already_recorded(record, recorded[goal.id])
            if twin is not None and not force:
                raise HuanduError("import.duplicate", seq=twin.seq, date=record.date.isoformat())
        except HuanduError as exc:
            plan.problems.append(Problem(row.number, exc))
            continue
        standing[goal.id].append(record)
        plan.records.append(Planned(row.number, record))
        seq += 1
    return plan


def _goal_of(registry: Registry, row: Row, county: County | None) -> Target:
    """The goal a row names: by its id (目标编号) when filled, else by its title (目标). Both
    filled and naming different goals is a mismatch; a goal of another county than `--county`
    says whose it is."""
    if not row.goal and not row.title:
        raise HuanduError("import.no_goal")
    goal = registry.resolve(row.goal or row.title)
    if row.goal and row.title:
        titled = _by_title(registry, row.title)
        if titled is not None and titled.id != goal.id:
            raise HuanduError(
                "import.goal_mismatch", id=row.goal, title=row.title, other=titled.id,
                own=goal.title,
            )  # fmt: skip
    if county is not None and goal.county != county.id:
        owner = registry.county_by_id(goal.county)
        raise HuanduError(
            "import.other_county",
            goal=goal.id,
            owner=Localized(owner.name, owner.name_en or owner.name),
            county=Localized(county.name, county.name_en or county.name),
        )
    return goal


def _by_title(registry: Registry, title: str) -> Target | None:
    """The goal a title cell names, if it names exactly one (a title as written, or a unique
    part of one)."""
    try:
        return registry.resolve(title)
    except HuanduError:
        return None


def _typed(row: Row, goal: Target) -> str:
    """The value as typed, with the 单位 column's unit after a bare number (72000 in a row whose
    单位 is 头 is 72000头: 7.2 万头). A value with its own unit keeps it; a milestone has none."""
    value, unit = row.value.strip(), row.unit.strip()
    if not unit or goal.is_milestone or not re.match(_BARE_NUMBER, normalize_input(value)):
        return value
    return value + unit


_BARE_NUMBER = r"^\+?(\d{1,3}(,\d{3})+|\d*)(\.\d+)?([eE][+-]?\d+)?$"


def _already_recorded(record: Record, existing: Iterable[Record]) -> Record | None:
    """The store's record this row repeats, if the same sheet (or row) was imported before.

    Same goal and date, and the same figure; for a relative row (`+500`) the same typed value,
    note and source, since adding it again would count it twice.
    """
    relative = record.input.strip().startswith("+")
    for old in existing:
        if old.date != record.date:
            continue
        if relative:
            if (old.input, old.note, old.source) == (record.input, record.note, record.source):
                return old
        elif old.value == record.value:
            return old
    return None


def _day(raw: str | dt.date, year: int, today: dt.date) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    if not raw:
        return today
    return parse_when(re.sub(_MIDNIGHT, "", raw), year)
