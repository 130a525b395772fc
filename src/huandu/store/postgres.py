"""The progress store on a PostgreSQL server: one office, many desks (psycopg 3, `huandu[postgres]`).

The same store as `store.sqlite` (the `Store` interface), kept in a database that every desk of
an office reaches: `--store postgresql://…` or `HUANDU_STORE`. This module is imported only when
such a store is used, and psycopg with it.

What it holds (schema version in `huandu_meta`, migrations in `MIGRATIONS`, created by `huandu
store init` or by an administrator running `huandu store init --print-sql`):

* `entries`: every figure and retraction, append-only, enforced by the server: triggers refuse
  UPDATE, DELETE and TRUNCATE (even the owner's), CHECK constraints what SQLite's refuse, a unique
  index a second undo of a record, a trigger an undo of anything but a record of the same goal;
  and privileges: no role but the owner is ever granted UPDATE or DELETE. A trigger stamps each
  entry with the role that wrote it (`current_user`) and the server's time (`clock_timestamp()`);
  only the owner, loading a history (`store copy`, `restore`), may keep the stamps it brings.
* Row-level security keyed on the goal's county: `plan_goals` maps each goal of each plan the
  office uses to its county (written when a plan is added, and for the plans a home knows by
  `huandu store grant`), `lanes` says which role may record which county's goals (`*`: all of
  them, an office desk). A liaison's INSERT of another county's goal is refused by the server
  itself, whoever issues it; huandu checks first so that the refusal names the county.
* `standings`, `month_ends`: derived from the entries as in the SQLite store (the same domain code,
  so both stores give the same figures to the last bit), rewritten for a goal in the same
  transaction as any entry of it, so a report is one query whatever the number of figures.
  `stale_goals` notes the goals of entries written by something other than huandu (a trigger), so
  they are brought in step before they are read.
* `plans`: every version of every plan added with `huandu plan add`, append-only like entries.

Concurrency: every write is one transaction that first takes a transaction-level advisory lock:
writers queue on the server as they queue in SQLite (BEGIN IMMEDIATE), and, at READ COMMITTED,
everything a write reads after the lock (the figure a `+500` adds to, the next seq) includes every
write committed before it, so concurrent writers all land and no serialization failure can occur.
A connection that was lost (the server restarted) is opened again before a write begins. A
client killed mid-transaction leaves nothing: the server rolls back what was not committed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import psycopg
from psycopg import sql

from huandu.domain.entries import UNDO, Entry, Record, Retraction
from huandu.domain.plans import STORED, PlanEntry
from huandu.domain.progress import Standing, standings
from huandu.errors import HuanduError, Localized, StoreError
from huandu.store.common import StoreReads, WriterReads

SCHEMA_VERSION = 1
#: The advisory lock every write takes first (per database): "hndu".
WRITE_LOCK = 0x68_6E_64_75
CONNECT_TIMEOUT = 10
#: Every object of the store lives in this schema (functions pin it: see `_SCHEMA_1`).
SCHEMA = "public"

_TABLES = (
    "huandu_meta",
    "entries",
    "standings",
    "month_ends",
    "stale_goals",
    "plans",
    "plan_goals",
    "lanes",
)

# Version 1. The functions that policies and triggers call pin their search_path, so that no
# role can lend them a table of its own under the same name.
_SCHEMA_1 = """
CREATE TABLE huandu_meta (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE entries (
    seq bigint PRIMARY KEY CHECK (seq > 0),
    plan text NOT NULL CHECK (plan <> ''),
    action text NOT NULL CHECK (action IN ('record', 'undo')),
    target text NOT NULL CHECK (target <> ''),
    value double precision CHECK (value <> 'NaN' AND value BETWEEN -1e18 AND 1e18),
    value_int bigint CHECK (value_int BETWEEN -1000000000000000000 AND 1000000000000000000),
    unit text,
    stage text,
    input text NOT NULL DEFAULT '',
    day date,
    note text NOT NULL DEFAULT '',
    source text NOT NULL DEFAULT '',
    reported_by text NOT NULL DEFAULT '',
    recorded_at timestamptz NOT NULL,
    recorded_offset integer CHECK (recorded_offset BETWEEN -86399 AND 86399),
    recorded_by text NOT NULL,
    retracts bigint REFERENCES entries (seq),
    forced boolean NOT NULL DEFAULT false,
    CHECK (
        CASE action
            WHEN 'record' THEN (value IS NULL) <> (value_int IS NULL)
                AND (COALESCE(value, value_int) >= 0
                     OR (COALESCE(unit, '') = '%%' AND stage IS NULL
                         AND COALESCE(value, value_int) >= -100))
                AND day IS NOT NULL AND retracts IS NULL
            ELSE value IS NULL AND value_int IS NULL AND day IS NULL AND retracts IS NOT NULL
                AND NOT forced
        END
    )
);
CREATE INDEX entries_by_goal ON entries (plan, target, day, seq);
CREATE UNIQUE INDEX entries_undone_once ON entries (retracts) WHERE retracts IS NOT NULL;

CREATE TABLE standings (
    plan text NOT NULL,
    target text NOT NULL,
    day date NOT NULL,
    seq bigint NOT NULL,
    value double precision,
    value_int bigint,
    records integer NOT NULL,
    dates integer NOT NULL,
    sum_x bigint NOT NULL,
    sum_y double precision NOT NULL,
    sum_xx bigint NOT NULL,
    sum_xy double precision NOT NULL,
    PRIMARY KEY (plan, target, day)
);
CREATE TABLE month_ends (
    plan text NOT NULL,
    target text NOT NULL,
    series text NOT NULL,
    PRIMARY KEY (plan, target)
);
CREATE TABLE stale_goals (plan text NOT NULL, target text NOT NULL, PRIMARY KEY (plan, target));

CREATE TABLE plans (
    id text NOT NULL CHECK (id <> ''),
    version integer NOT NULL CHECK (version >= 1),
    title text NOT NULL,
    title_en text NOT NULL DEFAULT '',
    year integer NOT NULL,
    start_day date NOT NULL,
    end_day date NOT NULL CHECK (end_day >= start_day),
    goals integer NOT NULL CHECK (goals >= 0),
    content_key text NOT NULL,
    registry bytea NOT NULL,
    added_at text NOT NULL,
    added_by text NOT NULL DEFAULT '',
    PRIMARY KEY (id, version)
);
CREATE TABLE plan_goals (
    plan text NOT NULL,
    target text NOT NULL,
    county text NOT NULL,
    county_name text NOT NULL DEFAULT '',
    county_name_en text NOT NULL DEFAULT '',
    PRIMARY KEY (plan, target)
);
CREATE TABLE lanes (
    role regrole NOT NULL,
    county text NOT NULL,  -- a county id of the plans' registries, or '*': every county
    county_name text NOT NULL DEFAULT '',
    county_name_en text NOT NULL DEFAULT '',
    PRIMARY KEY (role, county)
);
REVOKE ALL ON huandu_meta, entries, standings, month_ends, stale_goals, plans, plan_goals, lanes
    FROM PUBLIC;

CREATE FUNCTION huandu_is_owner() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT pg_has_role(current_user, c.relowner, 'USAGE')
    FROM pg_class AS c WHERE c.oid = 'public.entries'::regclass
$$;

CREATE FUNCTION huandu_may_record(p_plan text, p_target text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT huandu_is_owner() OR EXISTS (
        SELECT 1 FROM lanes AS l
        WHERE pg_has_role(current_user, l.role, 'USAGE')
          AND (l.county = '*' OR l.county = (
                SELECT g.county FROM plan_goals AS g
                WHERE g.plan = p_plan AND g.target = p_target))
    )
$$;

CREATE FUNCTION huandu_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    RAISE EXCEPTION 'huandu % are append-only: %', TG_TABLE_NAME, TG_ARGV[0]
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE FUNCTION huandu_entry_written() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF NEW.recorded_by IS NULL OR NEW.recorded_at IS NULL OR NOT huandu_is_owner() THEN
        NEW.recorded_by := current_user;
        NEW.recorded_at := clock_timestamp();
        NEW.recorded_offset := EXTRACT(timezone FROM NEW.recorded_at)::integer;
    END IF;
    IF NEW.action = 'undo' AND NOT EXISTS (
        SELECT 1 FROM entries AS r
        WHERE r.seq = NEW.retracts AND r.action = 'record'
          AND r.plan = NEW.plan AND r.target = NEW.target
    ) THEN
        RAISE EXCEPTION 'an undo must retract a record of the same plan and goal'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION huandu_mark_stale() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO stale_goals SELECT DISTINCT plan, target FROM written ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE FUNCTION huandu_plan_versions() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF NEW.version <> (SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE id = NEW.id) THEN
        RAISE EXCEPTION 'a plan version must follow the last one' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER entries_are_never_changed BEFORE UPDATE OR DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION huandu_append_only('record a retraction instead');
CREATE TRIGGER entries_are_never_truncated BEFORE TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION huandu_append_only('record a retraction instead');
CREATE TRIGGER entries_are_stamped BEFORE INSERT ON entries
    FOR EACH ROW EXECUTE FUNCTION huandu_entry_written();
CREATE TRIGGER entries_mark_their_goals AFTER INSERT ON entries
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION huandu_mark_stale();
CREATE TRIGGER plans_are_never_changed BEFORE UPDATE OR DELETE ON plans
    FOR EACH ROW EXECUTE FUNCTION huandu_append_only('add a new version instead');
CREATE TRIGGER plans_are_never_truncated BEFORE TRUNCATE ON plans
    FOR EACH STATEMENT EXECUTE FUNCTION huandu_append_only('add a new version instead');
CREATE TRIGGER plan_versions_follow_each_other BEFORE INSERT ON plans
    FOR EACH ROW EXECUTE FUNCTION huandu_plan_versions();

ALTER TABLE entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY entries_are_read ON entries FOR SELECT USING (true);
CREATE POLICY entries_in_lane ON entries FOR INSERT
    WITH CHECK (huandu_may_record(plan, target));
ALTER TABLE standings ENABLE ROW LEVEL SECURITY;
CREATE POLICY standings_are_read ON standings FOR SELECT USING (true);
CREATE POLICY standings_in_lane ON standings FOR ALL
    USING (huandu_may_record(plan, target)) WITH CHECK (huandu_may_record(plan, target));
ALTER TABLE month_ends ENABLE ROW LEVEL SECURITY;
CREATE POLICY month_ends_are_read ON month_ends FOR SELECT USING (true);
CREATE POLICY month_ends_in_lane ON month_ends FOR ALL
    USING (huandu_may_record(plan, target)) WITH CHECK (huandu_may_record(plan, target));
ALTER TABLE stale_goals ENABLE ROW LEVEL SECURITY;
CREATE POLICY stale_goals_are_read ON stale_goals FOR SELECT USING (true);
CREATE POLICY stale_goals_in_lane ON stale_goals FOR ALL
    USING (huandu_may_record(plan, target)) WITH CHECK (huandu_may_record(plan, target));
"""

#: version → the SQL that brings a store from the version before to it, each run in one
#: transaction that also records the version reached.
MIGRATIONS: dict[int, str] = {1: _SCHEMA_1}

_ENTRY_COLUMNS = (
    "seq, plan, action, target, value, value_int, unit, stage, input, day, note, source,"
    " reported_by, recorded_at, recorded_offset, retracts, forced, recorded_by"
)
_ENTRY_NAMES = tuple(c.strip() for c in _ENTRY_COLUMNS.split(","))
_INSERT_ENTRY = (
    f"INSERT INTO entries ({_ENTRY_COLUMNS}) VALUES ({', '.join(['%s'] * len(_ENTRY_NAMES))})"
    " RETURNING recorded_at, recorded_offset, recorded_by"
)
_ACTIVE = WriterReads._ACTIVE
_PLAN_COLUMNS = (
    "id, version, title, year, start_day, end_day, goals, added_at, added_by, content_key, title_en"
)
_INSERT_STANDINGS = (
    "INSERT INTO standings (plan, target, day, seq, value, value_int, records, dates, sum_x,"
    " sum_y, sum_xx, sum_xy) SELECT * FROM unnest(%s::text[], %s::text[], %s::date[],"
    " %s::bigint[], %s::float8[], %s::bigint[], %s::integer[], %s::integer[], %s::bigint[],"
    " %s::float8[], %s::bigint[], %s::float8[])"
)
#: Each goal's standing as of a day, one index seek per goal given (the report's one query).
_STANDINGS_AS_OF = (
    "SELECT s.records, s.dates, s.sum_x, s.sum_y, s.sum_xx, s.sum_xy, {entry}"
    " FROM unnest(%(goals)s::text[]) AS g (target)"
    " CROSS JOIN LATERAL (SELECT * FROM standings AS m WHERE m.plan = %(plan)s"
    "   AND m.target = g.target AND m.day <= %(day)s ORDER BY m.day DESC LIMIT 1) AS s"
    " JOIN entries AS e ON e.seq = s.seq"
)


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{name}" for name in _ENTRY_NAMES)


# ------------------------------------------------------------------------ addresses


def refuse_password(dsn: str) -> None:
    """A DSN that carries a password is refused (it would sit in shell histories, process lists
    and logs): libpq reads it from ~/.pgpass or PGPASSWORD instead."""
    try:
        params = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        raise StoreError("store.pg_bad_dsn", reason=_first_line(exc)) from None
    if params.get("password"):
        raise StoreError("store.pg_password")


def _first_line(exc: BaseException) -> str:
    """The server's or libpq's reason, the line that says it (`Connection refused`, `password
    authentication failed for user "x"`), without libpq's framing."""
    text = str(exc).strip()
    line = text.splitlines()[0].strip() if text else type(exc).__name__
    if line.startswith("connection failed:") and " failed: " in line[18:]:
        line = line.rsplit(" failed: ", 1)[1]
    return re.sub(r"^(FATAL|ERROR):\s+", "", line)


def _pg_error(exc: psycopg.Error, label: str, *, reading: bool = False) -> StoreError:
    """The server's refusal, or a failure to reach it, as one line."""
    state = getattr(exc, "sqlstate", None) or ""
    reason = _first_line(exc)
    after = "_read" if reading else ""  # a read does not say "nothing was written"
    if state in ("28P01", "28000") or re.search(r"password authentication|no password", reason):
        return StoreError("store.pg_auth" + after, store=label, reason=reason)
    if state == "42501":
        return StoreError("store.pg_denied", store=label, reason=reason)
    if state.startswith("23") or state == "P0001":
        return StoreError("store.pg_refused", store=label, reason=reason)
    if isinstance(exc, psycopg.OperationalError) or state.startswith(("08", "57P")):
        return StoreError("store.pg_unreachable" + after, store=label, reason=reason)
    key = "store.read_failed" if reading else "store.write_failed"
    return StoreError(key, path=label, reason=reason)


# ------------------------------------------------------------------------ values


def _split_value(value: int | float | None) -> tuple[float | None, int | None]:
    """A value as two columns, so that 5 stays 5 and 5.0 stays 5.0 (an export says which)."""
    if value is None:
        return None, None
    if isinstance(value, int):
        return None, value
    return float(value), None


def _moment(when: dt.datetime) -> tuple[dt.datetime, int | None]:
    """A moment as the server keeps it: the instant, and the offset it was written with (None:
    a moment without a time zone, as an old export may hold)."""
    if when.tzinfo is None:
        return when.replace(tzinfo=dt.UTC), None
    offset = when.utcoffset()
    return when, int(offset.total_seconds()) if offset is not None else None


def _when(at: dt.datetime, offset: int | None) -> dt.datetime:
    if offset is None:
        return at.astimezone(dt.UTC).replace(tzinfo=None)
    return at.astimezone(dt.timezone(dt.timedelta(seconds=offset)))


def _row_to_entry(row: tuple | list) -> Entry:
    (seq, plan, action, target, real, integer, unit, stage, typed, day, note, source, by, at,
     offset, retracts, forced, writer) = row  # fmt: skip
    when = _when(at, offset)
    if action == UNDO:
        return Retraction(seq, plan, target, retracts, when, note, by, writer)
    value = integer if integer is not None else real
    return Record(seq, plan, target, value, day, when, unit, stage, typed, note, source, by,
                  forced, writer)  # fmt: skip


def _entry_to_row(entry: Entry, *, stamped: bool = True) -> tuple:
    """An entry as a row of `entries`; not `stamped`: the server stamps who and when."""
    at, offset = _moment(entry.recorded_at) if stamped else (None, None)
    writer = entry.recorded_by if stamped else None
    if isinstance(entry, Retraction):
        return (entry.seq, entry.plan, UNDO, entry.target, None, None, None, None, "", None,
                entry.note, "", entry.by, at, offset, entry.retracts, False, writer)  # fmt: skip
    real, integer = _split_value(entry.value)
    return (entry.seq, entry.plan, "record", entry.target, real, integer, entry.unit,
            entry.stage, entry.input, entry.date, entry.note, entry.source, entry.by, at, offset,
            None, entry.forced, writer)  # fmt: skip


def _row_to_plan(row: tuple) -> PlanEntry:
    (plan_id, version, title, year, start, end, goals, added_at, added_by, key,
     title_en) = row  # fmt: skip
    return PlanEntry(plan_id, title, year, start, end, goals, STORED, version, added_at, added_by,
                     key, title_en)  # fmt: skip


def _plan_row(entry: PlanEntry, data: bytes) -> tuple:
    return (entry.id, entry.version, entry.title, entry.year, entry.start, entry.end,
            entry.goals, entry.added_at, entry.added_by, entry.key, entry.title_en,
            data)  # fmt: skip


def _standing_rows(plan: str, target: str, found: list[Standing]) -> Iterator[tuple]:
    for s in found:
        real, integer = _split_value(s.record.value)
        yield (plan, target, s.record.date, s.record.seq, real, integer, s.records, s.dates,
               s.sum_x, s.sum_y, s.sum_xx, s.sum_xy)  # fmt: skip


#: A goal's county for the lanes: (plan, goal, county id, county name, its English name).
GoalCounty = tuple[str, str, str, str, str]


def goal_counties(registry: Any) -> list[GoalCounty]:
    """Every goal of a registry with its county, as `plan_goals` keeps them."""
    counties = {c.id: c for c in registry.counties}
    return [
        (registry.plan.id, goal.id, goal.county, counties[goal.county].name,
         counties[goal.county].name_en)
        for goal in registry.targets
    ]  # fmt: skip


# ------------------------------------------------------------------------ the SQL of a store


def schema_sql(since: int = 0) -> str:
    """The SQL that brings a store from version `since` to this huandu's, for an administrator
    to run (`huandu store init --print-sql`): each migration in its own transaction."""
    parts = []
    for version in range(since + 1, SCHEMA_VERSION + 1):
        parts.append(
            f"-- huandu store schema, version {version}\nBEGIN;\nSET LOCAL search_path = {SCHEMA};\n"
            + MIGRATIONS[version].replace("%%", "%").strip()
            + f"\nINSERT INTO huandu_meta VALUES ('schema_version', '{version}')"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;\nCOMMIT;\n"
        )
    return "\n".join(parts)


def _grants(role: str, office: bool) -> list[sql.Composed]:
    """What a desk may do: read everything; record (entries, and the derived rows of the goals
    it records, as the lanes allow); an office desk also adds plans. Never UPDATE or DELETE on
    entries or plans."""
    who = sql.Identifier(role)
    tables = sql.SQL(", ").join(sql.Identifier(t) for t in _TABLES)
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(SCHEMA), who),
        sql.SQL("GRANT SELECT ON {} TO {}").format(tables, who),
        sql.SQL("GRANT INSERT ON entries TO {}").format(who),
        sql.SQL("GRANT INSERT, UPDATE, DELETE ON standings, month_ends, stale_goals TO {}").format(
            who
        ),
    ]
    if office:
        statements += [
            sql.SQL("GRANT INSERT ON plans TO {}").format(who),
            sql.SQL("GRANT INSERT, UPDATE ON plan_goals TO {}").format(who),
        ]
    return statements


# ------------------------------------------------------------------------ the store


class PostgresStore(StoreReads):
    """The store in one database of a PostgreSQL server, as `dsn` reaches it (its password, if
    any, from ~/.pgpass or PGPASSWORD: a DSN that holds one is refused)."""

    def __init__(self, dsn: str) -> None:
        refuse_password(dsn)
        self.dsn = dsn
        self.label = dsn
        self.created = False  # a server's store is created by `huandu store init`, never a write
        self.warnings: list[tuple[str, dict]] = []
        self.for_writing = False
        self._conn: psycopg.Connection | None = None
        self._version: int | None = None
        self._depth = 0  # transactions open on the connection (a read inside a write reuses it)

    _PLAN_COLUMNS = _PLAN_COLUMNS

    def _plan(self, row: tuple) -> PlanEntry:
        return _row_to_plan(row)

    _TARGETS_IN = "target = ANY(?::text[])"

    def _sql(self, query: str) -> str:
        return query.replace("?", "%s")

    def _targets_param(self, targets: Iterable[str]) -> Any:
        return list(targets)

    # ------------------------------------------------------------------------ opening

    def _connect(self) -> psycopg.Connection:
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        self._conn = None
        try:
            conn = psycopg.connect(
                self.dsn,
                autocommit=True,
                connect_timeout=CONNECT_TIMEOUT,
                application_name="huandu",
            )
        except psycopg.Error as exc:
            raise _pg_error(exc, self.label, reading=not self.for_writing) from None
        self._conn = conn
        return conn

    def _schema_version(self, conn: psycopg.Connection) -> int:
        row = conn.execute(
            "SELECT CASE WHEN to_regclass('public.huandu_meta') IS NULL THEN 0 ELSE 1 END"
        ).fetchone()
        if not row or not row[0]:
            return 0
        found = conn.execute(
            "SELECT value FROM huandu_meta WHERE key = 'schema_version'"
        ).fetchone()
        return int(found[0]) if found else 0

    def version(self) -> int:
        """The schema version of the store (0: the database has no huandu store yet)."""
        if self._version is None:
            conn = self._connect()
            try:
                self._version = self._schema_version(conn)
            except psycopg.Error as exc:
                raise _pg_error(exc, self.label, reading=True) from None
            if self._version > SCHEMA_VERSION:
                raise StoreError("store.newer", path=self.label, version=self._version)
        return self._version

    @property
    def exists(self) -> bool:
        version = self.version()
        if 0 < version < SCHEMA_VERSION:
            raise StoreError("store.pg_old", store=self.label, version=version)
        return version > 0

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None

    def init(self) -> tuple[int, int]:
        """Create the schema, or bring it up to date, one migration per transaction (run again,
        it does nothing). Returns the versions before and after."""
        conn = self._connect()
        try:
            before = self._schema_version(conn)
            if before > SCHEMA_VERSION:
                raise StoreError("store.newer", path=self.label, version=before)
            with self._transaction(conn):
                self._migrate(conn)
        except psycopg.Error as exc:
            raise _pg_error(exc, self.label) from None
        self._version = SCHEMA_VERSION
        return before, SCHEMA_VERSION

    def _migrate(self, conn: psycopg.Connection) -> None:
        """Inside a transaction: the migrations this store lacks, and the version reached."""
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        conn.execute(f"SET LOCAL search_path = {SCHEMA}")
        have = self._schema_version(conn)
        for version in range(have + 1, SCHEMA_VERSION + 1):
            conn.execute(MIGRATIONS[version].replace("%%", "%"))
            conn.execute(
                "INSERT INTO huandu_meta VALUES ('schema_version', %s)"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (str(version),),
            )
        if have == 0:
            from huandu import __version__

            conn.execute(
                "INSERT INTO huandu_meta VALUES ('created_by', %s), ('created_at', %s)"
                " ON CONFLICT (key) DO NOTHING",
                (f"huandu {__version__}", dt.datetime.now().astimezone().isoformat()),
            )

    @contextlib.contextmanager
    def _transaction(self, conn: psycopg.Connection, begin: str = "BEGIN") -> Iterator[None]:
        conn.execute(begin)
        self._depth += 1
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(psycopg.Error):
                conn.execute("ROLLBACK")
            raise
        finally:
            self._depth -= 1

    def _needs_store(self) -> None:
        if not self.exists:
            raise StoreError("store.pg_needs_init", store=self.label)

    # ------------------------------------------------------------------------ reading

    @contextlib.contextmanager
    def _reading(self) -> Iterator[psycopg.Connection]:
        """One snapshot for every query of a read (inside a write: the write's own view)."""
        conn = self._connect()
        if self._depth:
            yield conn
            return
        try:
            self._catch_up(conn)
            with self._transaction(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"):
                yield conn
        except psycopg.Error as exc:
            raise _pg_error(exc, self.label, reading=not self.for_writing) from None

    def _catch_up(self, conn: psycopg.Connection) -> None:
        """Bring in step the goals whose entries something other than huandu wrote (those this
        role may write: another county's wait for a desk of theirs or the office)."""
        stale = conn.execute(
            "SELECT plan, target FROM stale_goals WHERE huandu_may_record(plan, target)"
        ).fetchall()
        if not stale:
            return
        with self._transaction(conn):
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            writer = Writer(conn)
            writer.touched.update((plan, target) for plan, target in stale)
            writer.finish()

    def standings(self, plan: str, goals: Iterable[str], as_of: dt.date) -> dict[str, Standing]:
        """Each goal's `Standing` as of a date (goals without a record by then are left out)."""
        if not self.exists:
            return {}
        query = _STANDINGS_AS_OF.format(entry=_prefixed("e"))
        found: dict[str, Standing] = {}
        with self._reading() as conn:
            params = {"goals": list(goals), "plan": plan, "day": as_of}
            for row in conn.execute(query, params, prepare=False):
                record = _row_to_entry(row[6:])
                found[record.target] = Standing(record, *row[:6])  # type: ignore[arg-type]
        return found

    def _standing_on(
        self, conn: psycopg.Connection, plan: str, as_of: dt.date, goals: list[str]
    ) -> dict[str, float]:
        query = (
            "SELECT g.target, COALESCE(s.value_int::double precision, s.value),"
            " s.value_int FROM unnest(%(goals)s::text[]) AS g (target)"
            " CROSS JOIN LATERAL (SELECT * FROM standings AS m WHERE m.plan = %(plan)s"
            "   AND m.target = g.target AND m.day <= %(day)s"
            "   ORDER BY m.day DESC LIMIT 1) AS s"
        )
        return {
            target: integer if integer is not None else real
            for target, real, integer in conn.execute(
                query, {"goals": goals, "plan": plan, "day": as_of}
            )
        }

    def entries(
        self, plan: str | None = None, targets: Iterable[str] | None = None
    ) -> Iterator[Entry]:
        """Every entry (of a plan, of some goals), oldest first, read as it is used."""
        if not self.exists:
            return
        query, params = self._entries_query(_ENTRY_COLUMNS, plan, targets)
        with self._reading() as conn, conn.cursor(name="huandu_entries") as cursor:
            cursor.itersize = 5000
            cursor.execute(query, params)
            for row in cursor:
                yield _row_to_entry(row)

    # ------------------------------------------------------------------------ writing

    @contextlib.contextmanager
    def _write(self) -> Iterator[psycopg.Connection]:
        """A write transaction with the writers' lock: committed when the block ends, rolled
        back (nothing at all) when it raises; a `HuanduError` (a refusal) passes through."""
        self.for_writing = True
        conn = self._begin_write()
        self._depth += 1
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(psycopg.Error):
                conn.execute("ROLLBACK")
            if isinstance(exc, psycopg.Error):
                raise _pg_error(exc, self.label) from None
            raise
        finally:
            self._depth -= 1

    @contextlib.contextmanager
    def writing(self) -> Iterator[Writer]:
        """One write: a transaction that first takes the writers' lock, then reads what it
        depends on, appends and rewrites the derived rows, or nothing at all."""
        self._needs_store()
        with self._write() as conn:
            writer = Writer(conn)
            yield writer
            writer.finish()

    def _begin_write(self) -> psycopg.Connection:
        """BEGIN and the writers' lock; a connection the server dropped meanwhile (a restart)
        is opened again, once, before anything is written."""
        for attempt in (1, 2):
            conn = self._connect()
            try:
                conn.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                return conn
            except psycopg.OperationalError as exc:
                self.close()
                if attempt == 2:
                    raise _pg_error(exc, self.label) from None
            except psycopg.Error as exc:
                with contextlib.suppress(psycopg.Error):
                    conn.execute("ROLLBACK")
                raise _pg_error(exc, self.label) from None
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.contextmanager
    def peeking(self) -> Iterator[Writer]:
        """What a write would see, in a read transaction: nothing can be appended (a dry run)."""
        with self._reading() as conn:
            yield Writer(conn, read_only=True)

    def load(
        self,
        entries: Iterable[Entry],
        plans: Iterable[tuple[PlanEntry, bytes]] = (),
        *,
        goals: Iterable[GoalCounty] = (),
        check: Callable[[PostgresStore], None] | None = None,
        create: bool = False,
        **meta: str | int,
    ) -> int:
        """Put many entries, as given (their seqs, and who wrote them when, kept), and the plans
        that go with them into an empty store in one transaction (`restore`, `store copy`):
        with `create`, the schema too if the database has none; `goals` their counties;
        `check(store)` runs inside the transaction before it commits (a refusal there leaves
        the store as it was). Only the owner may, so the history is kept as written."""
        plans = list(plans)
        if not create:
            self._needs_store()
        try:
            with self._write() as conn:
                if create:
                    self._migrate(conn)
                    self._version = SCHEMA_VERSION
                writer = Writer(conn)
                if not writer.owner():
                    raise StoreError("store.pg_owner_only", store=self.label)
                if writer.next_seq() != 1 or writer.plans():
                    raise HuanduError("store.pg_not_empty", store=self.label)
                writer.set_goals(goals)  # the plans of files; a stored plan's own come after
                for entry, data in plans:
                    writer.add_plan(entry, data)
                count = writer.bulk(entries)
                writer.finish()
                conn.execute(
                    "INSERT INTO huandu_meta SELECT key, value FROM unnest(%s::text[],"
                    " %s::text[]) AS m (key, value)"
                    " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    (list(meta), [str(v) for v in meta.values()]),
                )
                if check is not None:
                    check(self)
        except BaseException:
            self._version = None  # read again: a schema created here was rolled back
            raise
        return count

    def grant(
        self,
        role: str,
        county: tuple[str, str, str] | None,
        goals: Iterable[GoalCounty],
    ) -> None:
        """Let `role` record `county`'s goals (id, name, English name), or every county's with
        None (an office desk, who may also add plans); read everything either way. The goals of
        the plans given are mapped to their counties for the lanes."""
        self._needs_store()
        with self._write() as conn:
            exists = conn.execute("SELECT to_regrole(%s) IS NOT NULL", (role,)).fetchone()
            if not exists or not exists[0]:
                raise StoreError("store.pg_no_role", role=role, store=self.label)
            for statement in _grants(role, county is None):
                conn.execute(statement)
            Writer(conn).set_goals(goals)
            lane = county or ("*", "", "")
            conn.execute(
                "INSERT INTO lanes VALUES (to_regrole(%s), %s, %s, %s) ON CONFLICT (role, county)"
                " DO UPDATE SET county_name = EXCLUDED.county_name,"
                " county_name_en = EXCLUDED.county_name_en",
                (role, *lane),
            )

    def lanes(self) -> list[tuple[str, str]]:
        """(role, county id) of every lane granted, `*` for an office desk."""
        if not self.exists:
            return []
        with self._reading() as conn:
            return [
                (role, county)
                for role, county in conn.execute(
                    "SELECT role::text, county FROM lanes ORDER BY 1, 2"
                )
            ]


class Writer(WriterReads):
    """What a write may read and do, inside its transaction."""

    def __init__(self, conn: psycopg.Connection, *, read_only: bool = False) -> None:
        self.conn = conn
        self.read_only = read_only
        self.touched: set[tuple[str, str]] = set()
        self._records: dict[tuple[str, str], list[Record]] | None = None  # a bulk load's

    def owner(self) -> bool:
        return bool(self.conn.execute("SELECT huandu_is_owner()").fetchone()[0])  # type: ignore[index]

    _ENTRY_COLUMNS = _ENTRY_COLUMNS
    _PLAN_COLUMNS = _PLAN_COLUMNS

    def _sql(self, query: str) -> str:
        return query.replace("?", "%s")

    def _entry(self, row: tuple) -> Entry:
        return _row_to_entry(row)

    def _plan(self, row: tuple) -> PlanEntry:
        return _row_to_plan(row)

    def add_plan(self, entry: PlanEntry, data: bytes) -> PlanEntry:
        """Keep a plan's registry file (the next version of its id, or the version given, as a
        restore gives it), and map its goals to their counties for the lanes."""
        if self.read_only:  # pragma: no cover - a programming error, never a user's
            raise RuntimeError("a peeking writer cannot add a plan")
        from huandu.store.registry import parse_registry

        if not entry.version:  # a new version (not one a restore or copy carries over)
            (last, role, at) = self.conn.execute(  # type: ignore[misc]
                "SELECT COALESCE(MAX(version), 0), current_user, clock_timestamp() FROM plans"
                " WHERE id = %s",
                (entry.id,),
            ).fetchone()
            # Who added it and when, as the server knows them (as entries are stamped).
            at = at.astimezone().isoformat(timespec="seconds")
            entry = entry._replace(version=last + 1, added_by=role, added_at=at)
        entry = entry._replace(origin=STORED)
        self.conn.execute(
            "INSERT INTO plans (id, version, title, year, start_day, end_day, goals, added_at,"
            " added_by, content_key, title_en, registry)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            _plan_row(entry, data),
        )
        self.set_goals(goal_counties(parse_registry(data, f"{entry.id}@v{entry.version}")))
        return entry

    def set_goals(self, goals: Iterable[GoalCounty]) -> None:
        """Map goals to their counties (a goal a new version moves is mapped anew)."""
        rows = list(goals)
        if not rows:
            return
        columns = list(zip(*rows, strict=True))
        self.conn.execute(
            "INSERT INTO plan_goals SELECT * FROM unnest(%s::text[], %s::text[], %s::text[],"
            " %s::text[], %s::text[]) ON CONFLICT (plan, target) DO UPDATE SET"
            " county = EXCLUDED.county, county_name = EXCLUDED.county_name,"
            " county_name_en = EXCLUDED.county_name_en"
            " WHERE (plan_goals.county, plan_goals.county_name, plan_goals.county_name_en)"
            " IS DISTINCT FROM (EXCLUDED.county, EXCLUDED.county_name, EXCLUDED.county_name_en)",
            [list(c) for c in columns],
        )

    def append(self, entries: Iterable[Entry]) -> list[Entry]:
        """Insert entries with the seqs they carry (a new seq 0 gets the next one); the server
        stamps each with the role writing it and its own time."""
        if self.read_only:  # pragma: no cover - a programming error, never a user's
            raise RuntimeError("a peeking writer cannot append")
        entries = list(entries)
        self._check_lanes(entries)
        stored = []
        for entry in entries:
            if entry.seq == 0:
                entry = entry._replace(seq=self.next_seq())
            at, offset, writer = self.conn.execute(  # type: ignore[misc]
                _INSERT_ENTRY, _entry_to_row(entry, stamped=False)
            ).fetchone()
            entry = entry._replace(recorded_at=_when(at, offset), recorded_by=writer)
            self.touched.add((entry.plan, entry.target))
            stored.append(entry)
        return stored

    def _check_lanes(self, entries: list[Entry]) -> None:
        """Refuse, naming the counties, a goal this role may not record (the server would refuse
        it too, without saying which county is whose)."""
        by_plan: dict[str, list[str]] = {}
        for entry in entries:
            by_plan.setdefault(entry.plan, []).append(entry.target)
        for plan, targets in by_plan.items():
            refused = self.conn.execute(
                "SELECT t FROM unnest(%s::text[]) AS t WHERE NOT huandu_may_record(%s, t) LIMIT 1",
                (sorted(set(targets)), plan),
            ).fetchone()
            if refused:
                raise self._lane_error(plan, refused[0])

    def _lane_error(self, plan: str, target: str) -> StoreError:
        (role,) = self.conn.execute("SELECT current_user").fetchone()  # type: ignore[misc]
        lanes = self.conn.execute(
            "SELECT county_name, county_name_en, county FROM lanes"
            " WHERE pg_has_role(current_user, role, 'USAGE') ORDER BY county"
        ).fetchall()
        goal = self.conn.execute(
            "SELECT county_name, county_name_en, county FROM plan_goals"
            " WHERE plan = %s AND target = %s",
            (plan, target),
        ).fetchone()
        if not lanes:
            return StoreError("store.pg_no_lane", role=role, goal=target)
        if goal is None:
            return StoreError("store.pg_goal_unmapped", role=role, goal=target, plan=plan)
        counties = Localized(
            "、".join(zh or county for zh, _, county in lanes),
            ", ".join(en or zh or county for zh, en, county in lanes),
        )
        county = Localized(goal[0] or goal[2], goal[1] or goal[0] or goal[2])
        return StoreError("store.pg_lane", role=role, counties=counties, goal=target, county=county)

    def bulk(self, entries: Iterable[Entry]) -> int:
        """Copy many entries at once, as given (a restore, `store copy`); the goals' records are
        kept aside so the derived rows are computed once, without reading them back."""
        count = 0
        records: dict[tuple[str, str], list[Record]] = {}
        undone: set[int] = set()
        with self.conn.cursor().copy(f"COPY entries ({_ENTRY_COLUMNS}) FROM STDIN") as copy:
            for entry in entries:
                count += 1
                copy.write_row(_entry_to_row(entry))
                goal = (entry.plan, entry.target)
                self.touched.add(goal)
                if isinstance(entry, Retraction):
                    undone.add(entry.retracts)
                else:
                    records.setdefault(goal, []).append(entry)
        self._records = {
            goal: [r for r in found if r.seq not in undone] for goal, found in records.items()
        }
        return count

    def finish(self) -> None:
        """Rewrite the derived rows of every goal this write touched."""
        if not self.touched or self.read_only:
            return
        goals = sorted(self.touched)
        if self._records is not None:
            found = self._records
        elif len(goals) > 64:
            found = self._all_active(goals)
        else:
            found = {goal: self.active_records(*goal) for goal in goals}
        self._rewrite(goals, found)

    def _all_active(self, goals: list[tuple[str, str]]) -> dict[tuple[str, str], list[Record]]:
        """Many goals' records that still count, one query per plan."""
        wanted = set(goals)
        found: dict[tuple[str, str], list[Record]] = {}
        for plan in sorted({plan for plan, _ in goals}):
            rows = self.conn.execute(
                f"SELECT {_prefixed('e')} FROM entries AS e WHERE e.plan = %s AND {_ACTIVE}"
                " ORDER BY e.seq",
                (plan,),
            )
            for row in rows:
                if (plan, row[3]) in wanted:
                    found.setdefault((plan, row[3]), []).append(_row_to_entry(row))  # type: ignore[arg-type]
        return found

    def _rewrite(
        self, goals: list[tuple[str, str]], found: dict[tuple[str, str], list[Record]]
    ) -> None:
        """The goals' standings and month-ends, from their records that still count: the old
        rows deleted and the new ones copied in, a statement per table."""
        import json

        from huandu.domain.monthly import month_ends

        plans = [plan for plan, _ in goals]
        targets = [target for _, target in goals]
        pairs = (plans, targets)
        for table in ("standings", "month_ends", "stale_goals"):
            self.conn.execute(
                f"DELETE FROM {table} AS d USING unnest(%s::text[], %s::text[]) AS g (plan,"
                " target) WHERE d.plan = g.plan AND d.target = g.target",
                pairs,
            )
        rows: list[tuple] = []
        series: list[tuple[str, str, str]] = []
        for plan, target in goals:
            found_rows = standings(found.get((plan, target), []))
            rows.extend(_standing_rows(plan, target, found_rows))
            if found_rows:
                text = json.dumps(list(month_ends(found_rows)), allow_nan=False)
                series.append((plan, target, text))
        # One INSERT of arrays per table, not COPY: a liaison's write is under row-level security.
        if rows:
            self.conn.execute(_INSERT_STANDINGS, [list(c) for c in zip(*rows, strict=True)])
        if series:
            self.conn.execute(
                "INSERT INTO month_ends SELECT * FROM unnest(%s::text[], %s::text[], %s::text[])",
                [list(c) for c in zip(*series, strict=True)],
            )
