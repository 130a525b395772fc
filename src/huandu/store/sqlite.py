"""The progress store: one SQLite database in the home, `<home>/progress.sqlite3`.

What it holds (schema version in `PRAGMA user_version`, migrations in `MIGRATIONS`):

* `entries`: every figure recorded and every retraction, append-only. Triggers refuse UPDATE and
  DELETE; CHECK constraints refuse a record without a value or date, a negative value, an undo
  that retracts nothing; a unique index refuses retracting a record twice, and a trigger an undo
  of an entry that is not a record of the same plan and goal.
* `standings`: derived from `entries`, one row per plan, goal and date with an active record: the
  record standing on that date and the running totals a report needs (`domain.progress.Standing`).
  It is rewritten for a goal in the same transaction as any entry of that goal, so a report reads
  one row per goal however many figures there are. `meta.standings_seq` says up to which entry it
  is in step; a store written by another program is brought in step before it is read.
* `month_ends`: derived the same way, one row per plan and goal: the figure standing at the end of
  each month (`domain.monthly.month_ends`) as a JSON array, so `--monthly` reads one row per goal.
* `plans`: the plans added with `huandu plan add`, every version of each (append-only like
  entries): the registry file's bytes as added, and what `huandu plan list` shows of it.
* `meta`: what created the store and when it was migrated.

Durability and concurrency (README, "Where data lives"): the database is in WAL mode with
`synchronous = FULL`, so a committed write has been fsynced to the WAL before `COMMIT` returns and
survives a power cut; readers see the last committed state and never block a writer. Every write
is one `BEGIN IMMEDIATE` transaction in which what it depends on (the figure a `+500` adds to) is
read: concurrent writers queue in SQLite (`busy_timeout`), none is lost. A home on a network file
system is detected where the system says so and opened in rollback-journal mode (WAL needs shared
memory that network shares do not provide), with a warning: SQLite's locking is not reliable there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from huandu.domain.entries import UNDO, Entry, Record, Retraction
from huandu.domain.plans import STORED, PlanEntry
from huandu.domain.progress import Standing, standings
from huandu.errors import HuanduError, StoreError
from huandu.store.common import StoreReads, WriterReads
from huandu.store.files import fsync_dir, os_reason, os_user, refuse_links

SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 30_000

# What keeps `entries` append-only and sound besides its CHECKs: its indexes and triggers (made
# with the table, and again when a migration builds the table anew).
_ENTRY_RULES = """
CREATE INDEX entries_by_goal ON entries (plan, target, day, seq);
CREATE UNIQUE INDEX entries_undone_once ON entries (retracts) WHERE retracts IS NOT NULL;
CREATE TRIGGER entries_are_never_updated BEFORE UPDATE ON entries
BEGIN
    SELECT RAISE(ABORT, 'huandu entries are append-only: record a retraction instead');
END;
CREATE TRIGGER entries_are_never_deleted BEFORE DELETE ON entries
BEGIN
    SELECT RAISE(ABORT, 'huandu entries are append-only: record a retraction instead');
END;
CREATE TRIGGER an_undo_retracts_a_record_of_its_goal BEFORE INSERT ON entries
WHEN NEW.action = 'undo'
BEGIN
    SELECT RAISE(ABORT, 'an undo must retract a record of the same plan and goal')
    WHERE NOT EXISTS (
        SELECT 1 FROM entries AS r
        WHERE r.seq = NEW.retracts AND r.action = 'record'
          AND r.plan = NEW.plan AND r.target = NEW.target
    );
END;
"""

_SCHEMA_1 = f"""
CREATE TABLE entries (
    seq INTEGER PRIMARY KEY,
    plan TEXT NOT NULL CHECK (plan <> ''),
    action TEXT NOT NULL CHECK (action IN ('record', 'undo')),
    target TEXT NOT NULL CHECK (target <> ''),
    value ANY,
    unit TEXT,
    stage TEXT,
    input TEXT NOT NULL DEFAULT '',
    day TEXT CHECK (day IS NULL OR (length(day) = 10 AND date(day) = day)),
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    reported_by TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    retracts INTEGER REFERENCES entries (seq),
    CHECK (
        CASE action
            WHEN 'record' THEN typeof(value) IN ('integer', 'real') AND value >= 0
                AND day IS NOT NULL AND retracts IS NULL
            ELSE value IS NULL AND day IS NULL AND retracts IS NOT NULL
        END
    )
) STRICT;
{_ENTRY_RULES}CREATE TABLE standings (
    plan TEXT NOT NULL,
    target TEXT NOT NULL,
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    value ANY NOT NULL,
    records INTEGER NOT NULL,
    dates INTEGER NOT NULL,
    sum_x INTEGER NOT NULL,
    sum_y REAL NOT NULL,
    sum_xx INTEGER NOT NULL,
    sum_xy REAL NOT NULL,
    PRIMARY KEY (plan, target, day)
) STRICT, WITHOUT ROWID;
CREATE TABLE month_ends (
    plan TEXT NOT NULL,
    target TEXT NOT NULL,
    series TEXT NOT NULL,
    PRIMARY KEY (plan, target)
) STRICT, WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY) STRICT;
"""

# Version 2: a record may be marked forced (recorded with --force past a plausibility check).
_SCHEMA_2 = """
ALTER TABLE entries ADD COLUMN forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1));
"""

# Version 3: plans kept in the store (`huandu plan add`), every version of each, append-only; and
# entries may hold a growth rate, which can be negative (a fall of 2% is -2, never below -100):
# SQLite changes a CHECK only by building the table anew, so the entries move to one that allows
# it, with their indexes and triggers (all in the migration's one transaction).
_SCHEMA_3 = f"""
CREATE TABLE entries_v3 (
    seq INTEGER PRIMARY KEY,
    plan TEXT NOT NULL CHECK (plan <> ''),
    action TEXT NOT NULL CHECK (action IN ('record', 'undo')),
    target TEXT NOT NULL CHECK (target <> ''),
    value ANY,
    unit TEXT,
    stage TEXT,
    input TEXT NOT NULL DEFAULT '',
    day TEXT CHECK (day IS NULL OR (length(day) = 10 AND date(day) = day)),
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    reported_by TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    retracts INTEGER REFERENCES entries (seq),
    forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1)),
    CHECK (
        CASE action
            WHEN 'record' THEN typeof(value) IN ('integer', 'real')
                AND (value >= 0 OR (IFNULL(unit, '') = '%' AND stage IS NULL AND value >= -100))
                AND day IS NOT NULL AND retracts IS NULL
            ELSE value IS NULL AND day IS NULL AND retracts IS NOT NULL
        END
    )
) STRICT;
INSERT INTO entries_v3 SELECT seq, plan, action, target, value, unit, stage, input, day, note,
    source, reported_by, recorded_at, retracts, forced FROM entries ORDER BY seq;
DROP TABLE entries;
ALTER TABLE entries_v3 RENAME TO entries;
{_ENTRY_RULES}CREATE TABLE plans (
    id TEXT NOT NULL CHECK (id <> ''),
    version INTEGER NOT NULL CHECK (version >= 1),
    title TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL,
    start TEXT NOT NULL CHECK (length(start) = 10 AND date(start) = start),
    end TEXT NOT NULL CHECK (length(end) = 10 AND date(end) = end AND end >= start),
    goals INTEGER NOT NULL CHECK (goals >= 0),
    content_key TEXT NOT NULL,
    registry BLOB NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (id, version)
) STRICT;
CREATE TRIGGER plans_are_never_updated BEFORE UPDATE ON plans
BEGIN
    SELECT RAISE(ABORT, 'huandu plans are kept in every version: add a new one instead');
END;
CREATE TRIGGER plans_are_never_deleted BEFORE DELETE ON plans
BEGIN
    SELECT RAISE(ABORT, 'huandu plans are kept in every version: add a new one instead');
END;
CREATE TRIGGER plan_versions_follow_each_other BEFORE INSERT ON plans
BEGIN
    SELECT RAISE(ABORT, 'a plan version must follow the last one')
    WHERE NEW.version <> (SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE id = NEW.id);
END;
"""

# Version 4: who wrote each entry into the store, beside when (`recorded_at`): the OS user, as a
# database server records its role. Entries older than that have none ('').
_SCHEMA_4 = """
ALTER TABLE entries ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';
"""

#: user_version → the SQL that brings a store from the version before to it. A new store runs
#: them all, in order, in the transaction that creates it.
MIGRATIONS: dict[int, str] = {1: _SCHEMA_1, 2: _SCHEMA_2, 3: _SCHEMA_3, 4: _SCHEMA_4}

_ENTRY_COLUMNS = (
    "seq, plan, action, target, value, unit, stage, input, day, note, source, reported_by,"
    " recorded_at, retracts, forced, recorded_by"
)
_INSERT_ENTRY = f"INSERT INTO entries ({_ENTRY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
_INSERT_STANDING = "INSERT INTO standings VALUES (?,?,?,?,?,?,?,?,?,?,?)"
# Network file systems as /proc/self/mountinfo names them (WAL needs shared memory they lack).
_NETWORK_FS = (
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb2",
    "smb3",
    "smbfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "lustre",
    "gpfs",
    "fuse.sshfs",
    "fuse.rclone",
    "davfs",
    "fuse.davfs2",
    "ncpfs",
    "coda",
)


def _row_to_entry(row: tuple) -> Entry:
    (seq, plan, action, target, value, unit, stage, typed, day, note, source, by, at, retracts,
     forced, writer) = row  # fmt: skip
    when = dt.datetime.fromisoformat(at)
    if action == UNDO:
        return Retraction(seq, plan, target, retracts, when, note, by, writer)
    return Record(
        seq, plan, target, value, dt.date.fromisoformat(day), when, unit, stage, typed, note,
        source, by, bool(forced), writer,
    )  # fmt: skip


def _entry_to_row(entry: Entry) -> tuple:
    if isinstance(entry, Retraction):
        return (entry.seq, entry.plan, UNDO, entry.target, None, None, None, "", None, entry.note,
                "", entry.by, entry.recorded_at.isoformat(), entry.retracts, 0,
                entry.recorded_by)  # fmt: skip
    return (entry.seq, entry.plan, "record", entry.target, entry.value, entry.unit, entry.stage,
            entry.input, entry.date.isoformat(), entry.note, entry.source, entry.by,
            entry.recorded_at.isoformat(), None, int(entry.forced), entry.recorded_by)  # fmt: skip


_PLAN_COLUMNS = (
    "id, version, title, year, start, end, goals, added_at, added_by, content_key, title_en"
)
_INSERT_PLAN = (
    "INSERT INTO plans (id, version, title, year, start, end, goals, added_at, added_by,"
    " content_key, title_en, registry) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
)
# The latest version of every stored plan.


def _row_to_plan(row: tuple) -> PlanEntry:
    plan_id, version, title, year, start, end, goals, at, by, key, title_en = row
    day = dt.date.fromisoformat
    return PlanEntry(plan_id, title, year, day(start), day(end), goals, STORED, version, at, by,
                     key, title_en)  # fmt: skip


def _plan_row(entry: PlanEntry, data: bytes) -> tuple:
    return (entry.id, entry.version, entry.title, entry.year, entry.start.isoformat(),
            entry.end.isoformat(), entry.goals, entry.added_at, entry.added_by, entry.key,
            entry.title_en, data)  # fmt: skip


def _standing_rows(plan: str, target: str, found: list[Standing]) -> list[tuple]:
    return [
        (plan, target, s.record.date.isoformat(), s.record.seq, s.record.value, s.records,
         s.dates, s.sum_x, s.sum_y, s.sum_xx, s.sum_xy)
        for s in found
    ]  # fmt: skip


def network_filesystem(folder: Path, mountinfo: str | None = None) -> str | None:
    """The type of network file system `folder` is on ("nfs4", "cifs", ...), where the system
    says (Linux: /proc/self/mountinfo, or the `mountinfo` text given; Windows: a UNC path); None
    for a local disk or when nothing says."""
    resolved = str(folder.resolve())
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        return "smb" if resolved.startswith("\\\\") else None
    if mountinfo is None:
        try:
            with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as f:
                mountinfo = f.read()
        except OSError:
            return None
    best, kind = "", None
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        fields = left.split()
        if len(fields) < 5 or not right:
            continue
        mount = fields[4].replace("\\040", " ")
        if (resolved == mount or resolved.startswith(mount.rstrip("/") + "/")) and len(mount) > len(
            best
        ):
            best, kind = mount, right.split()[0]
    if kind and (kind in _NETWORK_FS or kind.startswith(("nfs", "smb", "cifs"))):
        return kind
    return None


#: A new store's temporary file older than this was left by a creator that crashed.
_ABANDONED_SECONDS = 3600


def _remove_abandoned(folder: Path) -> None:
    """Remove the temporary files of first writes that crashed before linking theirs into place
    (an hour old: one that is still being written is never that old)."""
    import time

    limit = time.time() - _ABANDONED_SECONDS
    with contextlib.suppress(OSError):
        for leftover in folder.glob(".progress.*.sqlite3.tmp*"):
            with contextlib.suppress(OSError):
                if not leftover.is_symlink() and leftover.stat().st_mtime < limit:
                    leftover.unlink()


class SqliteStore(StoreReads):
    """The store of one home. Reading a home without a store gives nothing and creates nothing;
    the first write creates it (complete, or not at all)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self.created = False  # this process created the store (a first run)
        self.warnings: list[tuple[str, dict]] = []
        # What the command using the store is for: a failure is said as a failed write when it
        # means to write (even if it fails while reading first), else as a failed read.
        self.for_writing = False
        self._in_step = False  # the standings were brought in step with the entries this run

    _PLAN_COLUMNS = _PLAN_COLUMNS

    # ------------------------------------------------------------------------ opening

    @property
    def exists(self) -> bool:
        return self.path.exists()

    def _plan(self, row: tuple) -> PlanEntry:
        return _row_to_plan(row)

    def _files(self) -> tuple[Path, ...]:
        return tuple(
            self.path.with_name(self.path.name + s) for s in ("", "-wal", "-shm", "-journal")
        )

    def _connect(self, *, reading: bool = False) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        refuse_links(*self._files())
        try:
            conn = sqlite3.connect(
                f"file:{_uri_path(self.path)}?mode=rw",
                uri=True,
                isolation_level=None,
                timeout=BUSY_TIMEOUT_MS / 1000,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise StoreError("store.unreadable", path=str(self.path), reason=str(exc)) from None
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError("store.newer", path=str(self.path), version=version)
            network = network_filesystem(self.path.parent)
            if network:
                self.warnings.append(("store.network", {"path": str(self.path), "fs": network}))
                conn.execute("PRAGMA journal_mode = DELETE")
            elif conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if version < SCHEMA_VERSION:
                self._migrate(conn, version)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _store_error(exc, self.path, reading=reading and not self.for_writing) from None
        except HuanduError:
            conn.close()
            raise
        self._conn = conn
        return conn

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        """Bring an older store's schema up to date, one version at a time, each in its own
        transaction with the version it reaches."""
        for target in range(version + 1, SCHEMA_VERSION + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                if conn.execute("PRAGMA user_version").fetchone()[0] < target:
                    for statement in _statements(MIGRATIONS[target]):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {target}")
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise

    def create(
        self,
        initial: Iterable[Entry] = (),
        plans: Iterable[tuple[PlanEntry, bytes]] = (),
        **meta: str | int,
    ) -> int:
        """Create the store, complete or not at all: the schema (and any `initial` entries, with
        their standings, in the same transaction, their count checked) is written to a new file
        beside it, which is then linked into place. A store that another first writer created
        meanwhile is kept and used, unless `initial` entries were to go in (then refused).
        Returns how many entries went in."""
        if self.path.exists():
            return 0
        refuse_links(*self._files())  # before anything is created beside a planted link
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                "store.write_failed", path=str(folder), reason=os_reason(exc)
            ) from None
        _remove_abandoned(folder)
        import tempfile

        from huandu import __version__

        tmp = None
        count = 0
        try:
            fd, tmp = tempfile.mkstemp(prefix=".progress.", suffix=".sqlite3.tmp", dir=folder)
            os.close(fd)
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = MEMORY")  # no side file for the new database
                conn.execute("BEGIN IMMEDIATE")
                for version in sorted(MIGRATIONS):
                    for statement in _statements(MIGRATIONS[version]):
                        conn.execute(statement)
                writer = Writer(conn)
                for entry, data in plans:
                    writer.add_plan(entry, data)
                count = writer.bulk(initial)
                writer.finish()
                (stored,) = conn.execute("SELECT COUNT(*) FROM entries").fetchone()
                if stored != count:  # pragma: no cover - a guard, SQLite inserts every row or fails
                    raise StoreError(
                        "store.count_mismatch", path=str(self.path), read=count, stored=stored
                    )
                now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
                values = {"created_by": f"huandu {__version__}", "created_at": now, **meta}
                conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
                conn.execute("PRAGMA journal_mode = WAL")
            finally:
                conn.close()
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
            try:
                os.link(tmp, self.path)
                self.created = True
            except FileExistsError:
                if count or plans:
                    raise StoreError("store.appeared", path=str(self.path)) from None
            fsync_dir(folder)
        except sqlite3.Error as exc:
            raise _store_error(exc, self.path) from None
        except OSError as exc:
            raise StoreError(
                "store.write_failed", path=str(self.path), reason=os_reason(exc)
            ) from None
        finally:
            if tmp is not None:
                for leftover in (tmp, f"{tmp}-wal", f"{tmp}-shm", f"{tmp}-journal"):
                    with contextlib.suppress(OSError):
                        os.unlink(leftover)
        return count

    def close(self) -> None:
        self._in_step = False
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    # ------------------------------------------------------------------------ reading

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for every query of a read (WAL: the last committed state)."""
        conn = self._connect(reading=True)
        if not self._in_step:  # once a run: huandu's own writes keep the standings in step
            self._catch_up(conn)
            self._in_step = True
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise _store_error(exc, self.path, reading=not self.for_writing) from None

    def standings(self, plan: str, goals: Iterable[str], as_of: dt.date) -> dict[str, Standing]:
        """Each goal's `Standing` as of a date (goals without a record by then are left out)."""
        if not self.exists:
            return {}
        import json

        # One index seek per goal, whatever the number of figures: CROSS JOIN keeps SQLite
        # walking the goals given (outer) rather than every standing of the plan.
        query = (
            f"SELECT s.records, s.dates, s.sum_x, s.sum_y, s.sum_xx, s.sum_xy, {_prefixed('e')}"
            " FROM json_each(?3) AS g CROSS JOIN standings AS s CROSS JOIN entries AS e"
            " WHERE s.plan = ?1 AND s.target = g.value AND s.day = ("
            "   SELECT MAX(m.day) FROM standings AS m"
            "   WHERE m.plan = ?1 AND m.target = g.value AND m.day <= ?2)"
            " AND e.seq = s.seq"
        )
        found: dict[str, Standing] = {}
        with self._reading() as conn:
            for row in conn.execute(query, (plan, as_of.isoformat(), json.dumps(list(goals)))):
                record = _row_to_entry(row[6:])
                found[record.target] = Standing(record, *row[:6])
        return found

    def _standing_on(
        self, conn: sqlite3.Connection, plan: str, as_of: dt.date, goals: list[str]
    ) -> dict[str, float]:
        import json

        return dict(
            conn.execute(
                "SELECT s.target, s.value FROM json_each(?3) AS g"
                " CROSS JOIN standings AS s WHERE s.plan = ?1 AND s.target = g.value"
                " AND s.day = (SELECT MAX(m.day) FROM standings AS m"
                "   WHERE m.plan = ?1 AND m.target = g.value AND m.day <= ?2)",
                (plan, as_of.isoformat(), json.dumps(goals)),
            ).fetchall()
        )

    def entries(
        self, plan: str | None = None, targets: Iterable[str] | None = None
    ) -> Iterator[Entry]:
        """Every entry (of a plan, of some goals), oldest first, read as it is used."""
        if not self.exists:
            return
        query, params = self._entries_query(_ENTRY_COLUMNS, plan, targets)
        with self._reading() as conn:
            for row in conn.execute(query, params):
                yield _row_to_entry(row)

    # ------------------------------------------------------------------------ writing

    @contextlib.contextmanager
    def writing(self) -> Iterator[Writer]:
        """One write: `BEGIN IMMEDIATE` … `COMMIT`, or nothing at all. Creates the store on the
        first write. A `HuanduError` raised inside (a refusal) rolls back and passes through."""
        self.create()
        conn = self._connect()
        self._catch_up(conn)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise _store_error(exc, self.path) from None
        writer = Writer(conn)
        try:
            yield writer
            writer.finish()
            conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise _store_error(exc, self.path) from None
            raise

    @contextlib.contextmanager
    def peeking(self) -> Iterator[Writer]:
        """What a write would see, in a read transaction: nothing can be appended (a dry run)."""
        with self._reading() as conn:
            yield Writer(conn, read_only=True)

    def load(
        self,
        entries: Iterable[Entry],
        plans: Iterable[tuple[PlanEntry, bytes]] = (),
        **meta: str | int,
    ) -> int:
        """Put many entries, as given (their seqs kept), and the plans that go with them (their
        versions kept) into an empty store in one transaction: what `huandu restore` and a
        migration do. Returns how many entries."""
        plans = list(plans)
        if not self.exists:
            return self.create(entries, plans, **meta)
        with self.writing() as writer:
            if writer.next_seq() != 1 or writer.plans():
                raise HuanduError("restore.not_empty", path=str(self.path))
            for entry, data in plans:
                writer.add_plan(entry, data)
            count = writer.bulk(entries)
            writer.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
        return count

    def _catch_up(self, conn: sqlite3.Connection) -> None:
        """Bring `standings` in step with entries another program appended (huandu's own writes
        keep it in step in the same transaction)."""
        try:
            (last,) = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM entries").fetchone()
            (done,) = conn.execute(
                "SELECT COALESCE((SELECT value FROM meta WHERE key = 'standings_seq'), 0)"
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise _store_error(exc, self.path) from None
        if last == done:
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            writer = Writer(conn)
            writer.touched.update(
                conn.execute(
                    "SELECT DISTINCT plan, target FROM entries WHERE seq > ?", (done,)
                ).fetchall()
            )
            writer.finish()
            writer.mark()
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise _store_error(exc, self.path) from None


class Writer(WriterReads):
    """What a write may read and do, inside its transaction."""

    def __init__(self, conn: sqlite3.Connection, *, read_only: bool = False) -> None:
        self.conn = conn
        self.read_only = read_only
        self.touched: set[tuple[str, str]] = set()
        self.appended: list[Entry] = []

    _ENTRY_COLUMNS = _ENTRY_COLUMNS
    _PLAN_COLUMNS = _PLAN_COLUMNS

    def _entry(self, row: tuple) -> Entry:
        return _row_to_entry(row)

    def _plan(self, row: tuple) -> PlanEntry:
        return _row_to_plan(row)

    def add_plan(self, entry: PlanEntry, data: bytes) -> PlanEntry:
        """Keep a plan's registry file: the next version of its id (a version given is kept, as
        a restore gives it)."""
        if self.read_only:  # pragma: no cover - a programming error, never a user's
            raise RuntimeError("a peeking writer cannot add a plan")
        if not entry.version:
            (last,) = self.conn.execute(
                "SELECT COALESCE(MAX(version), 0) FROM plans WHERE id = ?", (entry.id,)
            ).fetchone()
            entry = entry._replace(version=last + 1)
        entry = entry._replace(origin=STORED)
        self.conn.execute(_INSERT_PLAN, _plan_row(entry, data))
        return entry

    def append(self, entries: Iterable[Entry]) -> list[Entry]:
        """Insert entries with the seqs they carry (a new seq 0 gets the next one)."""
        if self.read_only:  # pragma: no cover - a programming error, never a user's
            raise RuntimeError("a peeking writer cannot append")
        stored = []
        writer = os_user()  # who writes it, as the OS knows them (a server records its role)
        for entry in entries:
            if entry.seq == 0:
                entry = entry._replace(seq=self.next_seq())
            entry = entry._replace(recorded_by=writer)
            self.conn.execute(_INSERT_ENTRY, _entry_to_row(entry))
            self.touched.add((entry.plan, entry.target))
            stored.append(entry)
        self.appended.extend(stored)
        return stored

    def bulk(self, entries: Iterable[Entry]) -> int:
        """Insert many entries at once (a restore): standings are rebuilt once at the end."""
        count = 0

        def rows() -> Iterator[tuple]:
            nonlocal count
            for entry in entries:
                count += 1
                self.touched.add((entry.plan, entry.target))
                yield _entry_to_row(entry)

        self.conn.executemany(_INSERT_ENTRY, rows())
        return count

    def finish(self) -> None:
        """Rewrite the derived rows of every goal this write touched; note how far they reach."""
        if not self.touched:
            return
        if len(self.touched) > 64:
            self._rebuild_all(self.touched)
        else:
            for plan, target in sorted(self.touched):
                self._rewrite(plan, target, self.active_records(plan, target))
        self.mark()

    def _rewrite(self, plan: str, target: str, records: list[Record]) -> None:
        """A goal's standings and month-ends, from its records that still count."""
        import json

        from huandu.domain.monthly import month_ends

        found = standings(records)
        self.conn.execute("DELETE FROM standings WHERE plan = ? AND target = ?", (plan, target))
        self.conn.executemany(_INSERT_STANDING, _standing_rows(plan, target, found))
        if found:
            series = json.dumps(list(month_ends(found)), allow_nan=False)
            self.conn.execute(
                "INSERT OR REPLACE INTO month_ends VALUES (?, ?, ?)", (plan, target, series)
            )
        else:
            self.conn.execute(
                "DELETE FROM month_ends WHERE plan = ? AND target = ?", (plan, target)
            )

    def mark(self) -> None:
        """Note that the standings are in step with every entry there is."""
        self.conn.execute(
            "INSERT OR REPLACE INTO meta VALUES ('standings_seq',"
            " (SELECT COALESCE(MAX(seq), 0) FROM entries))"
        )

    def _rebuild_all(self, goals: set[tuple[str, str]]) -> None:
        """Many goals at once (a restore, an import of a province's sheet): one pass over their
        records instead of a query per goal."""
        plans = sorted({plan for plan, _ in goals})
        by_goal: dict[tuple[str, str], list[Record]] = {}
        for plan in plans:
            rows = self.conn.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries AS e WHERE e.plan = ? AND e.action = 'record'"
                " AND NOT EXISTS (SELECT 1 FROM entries AS u WHERE u.retracts = e.seq)",
                (plan,),
            )
            for row in rows:
                if (plan, row[3]) in goals:
                    by_goal.setdefault((plan, row[3]), []).append(_row_to_entry(row))  # type: ignore[arg-type]
        for plan, target in sorted(goals):
            self._rewrite(plan, target, by_goal.get((plan, target), []))


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in _ENTRY_COLUMNS.split(","))


def _statements(script: str) -> list[str]:
    """A schema script as statements (a trigger's body keeps its own semicolons)."""
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined)
            current = []
    if current and "\n".join(current).strip():
        statements.append("\n".join(current).strip())
    return statements


def _uri_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.resolve()), safe="/:")


def _store_error(exc: sqlite3.DatabaseError, path: Path, *, reading: bool = False) -> StoreError:
    """SQLite's refusal as one line: what failed (a read, or a write), and the operating system's
    reason if any."""
    error = _sqlite_error(exc, path)
    if reading and error.key == "store.write_failed":  # a read that needed room (the WAL index)
        return StoreError("store.read_failed", **error.params)
    return error


def _sqlite_error(exc: sqlite3.DatabaseError, path: Path) -> StoreError:
    code = getattr(exc, "sqlite_errorname", "") or ""
    if code.startswith("SQLITE_FULL"):
        return StoreError("store.write_failed", path=str(path), reason=_errno_reason("ENOSPC"))
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError("store.busy", path=str(path))
    if code.startswith("SQLITE_READONLY"):
        return StoreError("store.write_failed", path=str(path), reason=_errno_reason("EROFS"))
    if code.startswith("SQLITE_CANTOPEN"):
        return StoreError("store.unreadable", path=str(path), reason=str(exc))
    if code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return StoreError("store.corrupt", path=str(path), reason=str(exc))
    if code.startswith("SQLITE_IOERR"):
        # SQLite says SQLITE_FULL only when a write to the database or its WAL finds no room; the
        # same full disk met while it sizes the WAL index (-shm) or at an fsync is an I/O error to
        # it, and Python's sqlite3 does not pass the errno on. Every run sizes the WAL index
        # anew (the last connection deletes it), so on a full disk this is the error people meet.
        reason = "ENOSPC" if _no_room(path.parent) else "EIO"
        return StoreError("store.write_failed", path=str(path), reason=_errno_reason(reason))
    return StoreError("store.failed", path=str(path), reason=str(exc))


#: With less free space than this where the store is, an I/O error is taken for a full disk: any
#: write needs the WAL index (32 KiB) and some pages of WAL.
_ROOM_NEEDED = 1 << 20


def _no_room(folder: Path) -> bool:
    """Whether the file system holding `folder` is (all but) full, for this user."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < _ROOM_NEEDED
    except OSError:
        return False


def _errno_reason(name: str):
    from huandu.errors import Msg

    return Msg(f"oserror.{name}")
