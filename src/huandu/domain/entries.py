"""What the progress store holds: figures as recorded, and retractions of them.

Entries are append-only: a figure is never changed, it is retracted (`huandu undo`) and, if need
be, recorded again. `seq` numbers them in the order they were written, across all plans; an entry
not yet written has seq 0. Both are NamedTuples: a province report handles tens of thousands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

RECORD = "record"
UNDO = "undo"


class Record(NamedTuple):
    """One figure as a county reported it: the value in the goal's unit, as of `date`.

    For milestones `value` is the completion percent (0–100) and `stage` names the step.
    `input` is exactly what was typed; `by` who reported it (`--by`); `recorded_by` who wrote it
    into the store, as the store knows them (the database role on a server, the OS user for the
    SQLite store), beside `recorded_at`, when it was written ("" in entries older than that).
    """

    seq: int
    plan: str
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
    forced: bool = False  # recorded with --force past a plausibility check
    recorded_by: str = ""  # the database role (or OS user) that wrote it into the store

    @property
    def action(self) -> str:
        return RECORD


class Retraction(NamedTuple):
    """An undo: record `retracts` (of goal `target`) no longer counts. Both stay in the store."""

    seq: int
    plan: str
    target: str
    retracts: int
    recorded_at: dt.datetime
    note: str = ""
    by: str = ""
    recorded_by: str = ""  # the database role (or OS user) that wrote it into the store

    @property
    def action(self) -> str:
        return UNDO


Entry = Record | Retraction


def latest(records: Iterable[Record], as_of: dt.date | None = None) -> Record | None:
    """The figure that stands as of a date: the latest `date`, and among equal dates the latest
    seq (a later seq on the same date corrects the earlier)."""
    best = None
    for record in records:
        if as_of is not None and record.date > as_of:
            continue
        if best is None or (record.date, record.seq) > (best.date, best.seq):
            best = record
    return best
