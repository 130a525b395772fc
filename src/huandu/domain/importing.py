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

from huandu.domain.entries import Record, latest
from huandu.domain.model import County, Registry
from huandu.domain.periods import parse_when
from huandu.domain.recording import draft_record
from huandu.errors import HuanduError

_MIDNIGHT = r"\s+0{1,2}:00(?::00)?$"  # "2024/5/31 0:00", as Excel writes a date cell


class Row(NamedTuple):
    """One filled-in line of a sheet, by role (`date` is a date from an xlsx date cell)."""

    number: int
    goal: str = ""
    value: str = ""
    date: str | dt.date = ""
    note: str = ""
    source: str = ""
    by: str = ""
    formula_in: tuple[str, ...] = ()  # headers of columns whose formula has no saved value


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
) -> ImportPlan:
    """Every row as `huandu update` would record it, or the reason it cannot be.

    `records_of(goal_id)` gives the goal's active records in the store. Records get consecutive
    seqs from `first_seq`; a refused row takes none.
    """
    standing: dict[str, list[Record]] = {}
    recorded: dict[str, list[Record]] = {}  # before this file
    plan = ImportPlan([], [])
    seq = first_seq
    for row in rows:
        try:
            if row.formula_in:
                raise HuanduError("import.formula", columns=", ".join(row.formula_in))
            if not row.goal:
                raise HuanduError("import.no_goal")
            if not row.value:
                raise HuanduError("value.empty")
            goal = registry.resolve(row.goal, county)
            if goal.id not in standing:
                recorded[goal.id] = list(records_of(goal.id))
                standing[goal.id] = list(recorded[goal.id])
            day = _day(row.date, registry.plan.year, today)
            record = draft_record(
                goal,
                row.value,
                plan=registry.plan.id,
                day=day,
                today=today,
                now=now,
                standing=latest(standing[goal.id], day),
                seq=seq,
                note=row.note,
                source=row.source,
                by=row.by or by,
            )
            twin = _already_recorded(record, recorded[goal.id])
            if twin is not None:
                raise HuanduError("import.duplicate", seq=twin.seq, date=record.date.isoformat())
        except HuanduError as exc:
            plan.problems.append(Problem(row.number, exc))
            continue
        standing[goal.id].append(record)
        plan.records.append(Planned(row.number, record))
        seq += 1
    return plan


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
