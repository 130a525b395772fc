"""A disposable index of the journal, so huandu stays fast at 200,000 records.

The TOML journal is always the source of truth; this SQLite file next to it
(`<home>/.index/journal.sqlite3`) only saves parsing it again. The index records the journal's
signature when it was last in step with it: size, modification and change times (ns), inode and
device, plus the journal's last 256 sound bytes. Any difference at all, and the index is not used:
the journal is parsed in full and the index rebuilt. The change time (ctime) cannot be set back by
any tool, so an edit that restores size and mtime is still noticed. Only huandu's own writer moves
the index forward, under the journal lock, in the same step as its append.

Every failure of the index (missing, corrupt, locked, disk full) falls back to parsing the journal;
none reaches the user. Deleting `<home>/.index/` is always safe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

from huandu.domain.model import Figure, Journal, ProgressRecord, Retraction
from huandu.store.journal import ReadResult
from huandu.store.locations import Signature, signature
from huandu.structs import Struct

INDEX_DIR = ".index"
INDEX_NAME = "journal.sqlite3"
SCHEMA_VERSION = 2
TAIL = 256

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY,
    undo INTEGER NOT NULL,
    target TEXT,
    value,
    unit TEXT,
    stage TEXT,
    input TEXT,
    day INTEGER,
    note TEXT,
    source TEXT,
    author TEXT,
    recorded_at TEXT,
    retracts INTEGER
);
CREATE INDEX IF NOT EXISTS entries_target ON entries (target);
CREATE INDEX IF NOT EXISTS entries_retracts ON entries (retracts);
"""


def _tail(path: Path, good_length: int) -> bytes | None:
    try:
        with open(path, "rb") as f:
            f.seek(max(0, good_length - TAIL))
            return f.read(min(TAIL, good_length))
    except OSError:
        return None


def _signature_text(sig: Signature) -> str:
    """The signature as the index stores it: JSON text of a list of integers, written by hand
    (`json.dumps` gives the same text) so that checking an index needs no `json` import."""
    return "[" + ", ".join(str(n) for n in sig) + "]"


def _row(entry: ProgressRecord | Retraction) -> tuple:
    if isinstance(entry, Retraction):
        return (entry.seq, 1, None, None, None, None, None, None, entry.note, None, entry.by,
                entry.recorded_at.isoformat(), entry.retracts)  # fmt: skip
    return (entry.seq, 0, entry.target, entry.value, entry.unit, entry.stage, entry.input,
            entry.date.toordinal(), entry.note, entry.source, entry.by,
            entry.recorded_at.isoformat(), None)  # fmt: skip


class IndexedState(Struct):
    """What a valid index says about the journal, without reading it."""

    conn: sqlite3.Connection
    good_length: int
    torn_size: int
    warnings: list[tuple[str, dict[str, Any]]]

    def __init__(
        self,
        conn: sqlite3.Connection,
        good_length: int,
        torn_size: int,
        warnings: list[tuple[str, dict[str, Any]]],
    ) -> None:
        self.conn = conn
        self.good_length = good_length
        self.torn_size = torn_size
        self.warnings = warnings

    def last_seq(self) -> int:
        return self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM entries").fetchone()[0]

    def figures(self) -> list[Figure]:
        """Every record that still counts, as light tuples, in journal order.

        Built for 200,000 records: the few retracted seqs are left out in Python (a NOT IN in
        the query cost a quarter of the read), each day's `date` is made once and shared, and
        each tuple is made by `tuple.__new__` directly, not through `Figure`'s Python-level
        constructor (the fields are exactly these five, in this order).
        """
        rows = self.conn.execute(
            "SELECT seq, target, value, day, stage FROM entries WHERE undo = 0 ORDER BY seq"
        ).fetchall()
        gone = {seq for (seq,) in self.conn.execute("SELECT retracts FROM entries WHERE undo = 1")}
        days = _Days()
        new = tuple.__new__
        return [
            new(Figure, (seq, target, value, days[day], stage))
            for seq, target, value, day, stage in rows
            if seq not in gone
        ]

    def journal(self, target: str | None = None) -> Journal:
        """Full entries: all of them, or one goal's records and the retractions of those."""
        if target is None:
            rows = self.conn.execute("SELECT * FROM entries ORDER BY seq").fetchall()
        else:
            # Two indexed lookups (an OR across them would scan every row).
            rows = self.conn.execute(
                "SELECT * FROM entries WHERE target = ? UNION ALL "
                "SELECT * FROM entries WHERE retracts IN (SELECT seq FROM entries WHERE target = ?) "
                "ORDER BY seq",
                (target, target),
            ).fetchall()
        records: list[ProgressRecord] = []
        retractions: list[Retraction] = []
        parse_time = dt.datetime.fromisoformat
        for (
            seq,
            undo,
            goal,
            value,
            unit,
            stage,
            typed,
            day,
            note,
            source,
            author,
            at,
            retracts,
        ) in rows:
            if undo:
                retractions.append(
                    Retraction(seq, retracts, parse_time(at), note or "", author or "")
                )
            else:
                records.append(
                    ProgressRecord(seq, goal, value, dt.date.fromordinal(day), parse_time(at),
                                   unit, stage, typed or "", note or "", source or "", author or "")
                )  # fmt: skip
        return Journal(tuple(records), tuple(retractions))


def _warnings(stored: str) -> list[tuple[str, dict[str, Any]]]:
    """The warnings kept in the index (JSON); almost always none, read without importing `json`."""
    if stored == "[]":
        return []
    import json

    return [(k, p) for k, p in json.loads(stored)]


class JournalIndex:
    def __init__(self, journal_path: Path) -> None:
        self.journal_path = journal_path
        self.path = journal_path.parent / INDEX_DIR / INDEX_NAME

    # ---------------------------------------------------------------- reading

    def open_valid(self) -> IndexedState | None:
        """The index, if it is exactly in step with the journal as it is now; else None."""
        if not self.path.exists():
            return None
        current = signature(self.journal_path)
        if current is None:
            return None
        conn = None
        try:
            conn = self._connect()
            conn.execute("BEGIN")  # one snapshot for the check and every query that follows
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            stored = meta.get("signature")
            if meta.get("schema") != SCHEMA_VERSION or stored != _signature_text(current):
                conn.close()
                return None
            good_length = int(meta["good_length"])
            if _tail(self.journal_path, good_length) != meta.get("tail"):
                conn.close()
                return None
            warnings = _warnings(meta.get("warnings", "[]"))
            return IndexedState(conn, good_length, int(meta.get("torn_size", 0)), warnings)
        except (sqlite3.Error, OSError, ValueError, KeyError, TypeError):
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            return None

    # ---------------------------------------------------------------- writing

    def rebuild(self, result: ReadResult, sig: Signature | None) -> None:
        """Replace the index's content with a freshly parsed journal (signature taken before)."""
        if sig is None:
            return
        entries = sorted(
            [*result.journal.records, *result.journal.retractions], key=lambda e: e.seq
        )
        try:
            conn = self._connect(create=True)
            try:
                with conn:
                    conn.execute("DELETE FROM entries")
                    conn.executemany(
                        "INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (_row(e) for e in entries),
                    )
                    self._write_meta(
                        conn, sig, result.good_length, len(result.torn), result.warnings
                    )
            finally:
                conn.close()
        except (sqlite3.Error, OSError):
            self.discard()

    def add(self, state: IndexedState | None, entries: list[ProgressRecord | Retraction],
            good_length: int, warnings: list[tuple[str, dict[str, Any]]]) -> None:  # fmt: skip
        """After huandu's own append (under the journal lock): add the entries, move the signature."""
        sig = signature(self.journal_path)
        if state is None or sig is None:
            return
        try:
            with state.conn:
                state.conn.executemany(
                    "INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [_row(e) for e in entries],
                )
                self._write_meta(state.conn, sig, good_length, 0, warnings)
        except (sqlite3.Error, OSError):
            self.discard()

    def discard(self) -> None:
        """Forget the index (it is rebuilt when next needed)."""
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")

    # ---------------------------------------------------------------- internals

    def _connect(self, *, create: bool = False) -> sqlite3.Connection:
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        uri = f"file:{self.path}?mode={'rwc' if create else 'rw'}"
        conn = sqlite3.connect(uri, uri=True, timeout=5.0, isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
        if create:
            try:
                conn.executescript(_SCHEMA)
            except sqlite3.DatabaseError:
                conn.close()
                self.discard()
                conn = sqlite3.connect(uri, uri=True, timeout=5.0, isolation_level=None)
                conn.executescript(_SCHEMA)
        conn.isolation_level = ""  # transactions for `with conn:`
        return conn

    def _write_meta(self, conn: sqlite3.Connection, sig: Signature, good_length: int,
                    torn_size: int, warnings: list) -> None:  # fmt: skip
        import json

        tail = _tail(self.journal_path, good_length)
        values = {
            "schema": SCHEMA_VERSION,
            "signature": _signature_text(sig),
            "good_length": good_length,
            "torn_size": torn_size,
            "tail": tail,
            "warnings": json.dumps(warnings, ensure_ascii=False),
        }
        conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())


class _Days(dict[int, dt.date]):
    """Day numbers to dates, each date made once: a journal has far fewer days than records."""

    def __missing__(self, ordinal: int) -> dt.date:
        day = self[ordinal] = dt.date.fromordinal(ordinal)
        return day
