"""What every progress store reads with the same SQL: undos, counts, the plans kept in it.

`SqliteStore` and `PostgresStore` keep the same tables under the same names; the queries here
are written with `?` placeholders, and a store whose driver wants others translates them
(`_sql`). Each store gives `_reading()` (one snapshot for the queries of a read), `exists`, and
`_plan(row)` (a row of its `plans` table, in `_PLAN_COLUMNS` order, as a `PlanEntry`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from huandu.domain.plans import PlanEntry


class StoreReads:
    _PLAN_COLUMNS = ""  # the columns of `plans` that make a PlanEntry, in `_plan`'s order

    exists: bool

    def _reading(self) -> AbstractContextManager[Any]:  # pragma: no cover - each store's own
        raise NotImplementedError

    def _plan(self, row: Any) -> PlanEntry:  # pragma: no cover - each store's own
        raise NotImplementedError

    def _sql(self, query: str) -> str:
        """The query with this store's driver's placeholders."""
        return query

    def _standing_on(
        self, conn: Any, plan: str, as_of: dt.date, goals: list[str]
    ) -> dict[str, float]:  # pragma: no cover - each store's own
        """The figure standing on `as_of` of each of `goals` that has one."""
        raise NotImplementedError

    def month_values(self, plan: str, as_of: dt.date) -> dict[str, tuple[int, list[float]]]:
        """For every goal with a figure by `as_of`, its month-ends (`domain.monthly.month_ends`)
        up to the as-of month, whose entry is the figure standing on `as_of` itself."""
        if not self.exists:
            return {}
        with self._reading() as conn:
            query = self._sql("SELECT target, series FROM month_ends WHERE plan = ?")
            found, in_month = month_series(conn.execute(query, (plan,)).fetchall(), as_of)
            if in_month:
                settle_month(found, in_month, self._standing_on(conn, plan, as_of, in_month))
        return found

    def _rows(self, query: str, params: tuple = ()) -> Iterator[Any]:
        with self._reading() as conn:
            yield from conn.execute(self._sql(query), params).fetchall()

    #: How the entries of some goals are picked, and their list passed (a JSON array here).
    _TARGETS_IN = "target IN (SELECT value FROM json_each(?))"

    def _targets_param(self, targets: Iterable[str]) -> Any:
        import json

        return json.dumps(list(targets))

    def _entries_query(
        self, columns: str, plan: str | None, targets: Iterable[str] | None
    ) -> tuple[str, list]:
        """Every entry (of a plan, of some goals), oldest first: the query and its values."""
        where, params = [], []
        if plan is not None:
            where.append("plan = ?")
            params.append(plan)
        if targets is not None:
            where.append(self._TARGETS_IN)
            params.append(self._targets_param(targets))
        query = f"SELECT {columns} FROM entries"
        if where:
            query += " WHERE " + " AND ".join(where)
        return self._sql(query + " ORDER BY seq"), params

    def latest_plans_sql(self) -> str:
        return (
            f"SELECT {self._PLAN_COLUMNS} FROM plans AS p"
            " WHERE p.version = (SELECT MAX(q.version) FROM plans AS q WHERE q.id = p.id)"
            " ORDER BY id"
        )

    def undone_by(self, plan: str | None = None) -> dict[int, int]:
        """Record seq → the seq of the undo that retracted it."""
        if not self.exists:
            return {}
        query = "SELECT retracts, seq FROM entries WHERE action = 'undo'"
        if plan is not None:
            return dict(self._rows(query + " AND plan = ?", (plan,)))
        return dict(self._rows(query))

    def counts(self, plan: str | None = None) -> tuple[int, int]:
        """(records, retractions) in the store (of one plan)."""
        if not self.exists:
            return 0, 0
        query = (
            "SELECT COALESCE(SUM(CASE WHEN action = 'record' THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(CASE WHEN action = 'undo' THEN 1 ELSE 0 END), 0) FROM entries"
        )
        rows = (
            self._rows(query + " WHERE plan = ?", (plan,))
            if plan is not None
            else self._rows(query)
        )
        ((records, undos),) = rows
        return int(records), int(undos)

    def plans(self) -> list[PlanEntry]:
        """The latest version of every plan kept in the store."""
        if not self.exists:
            return []
        return [self._plan(row) for row in self._rows(self.latest_plans_sql())]

    def plan_versions(self, plan: str) -> list[PlanEntry]:
        """Every version of a stored plan, oldest first."""
        if not self.exists:
            return []
        query = f"SELECT {self._PLAN_COLUMNS} FROM plans WHERE id = ? ORDER BY version"
        return [self._plan(row) for row in self._rows(query, (plan,))]

    def plan_data(self, plan: str, version: int | None = None) -> bytes | None:
        """The registry file of a stored plan as it was added (its latest version, or `version`)."""
        if not self.exists:
            return None
        found = list(
            self._rows(
                "SELECT registry FROM plans WHERE id = ? AND version = COALESCE(?,"
                " (SELECT MAX(version) FROM plans WHERE id = ?))",
                (plan, version, plan),
            )
        )
        return bytes(found[0][0]) if found else None

    def records_by_plan(self) -> dict[str, int]:
        """How many figures that still count each plan has."""
        if not self.exists:
            return {}
        return {
            plan: int(count)
            for plan, count in self._rows(
                "SELECT s.plan, SUM(s.records) FROM standings AS s WHERE s.day = ("
                "  SELECT MAX(m.day) FROM standings AS m"
                "  WHERE m.plan = s.plan AND m.target = s.target)"
                " GROUP BY s.plan"
            )
        }

    def all_plan_data(self) -> list[tuple[PlanEntry, bytes]]:
        """Every version of every stored plan, with its registry file (an export)."""
        if not self.exists:
            return []
        rows = self._rows(f"SELECT {self._PLAN_COLUMNS}, registry FROM plans ORDER BY id, version")
        return [(self._plan(row[:-1]), bytes(row[-1])) for row in rows]


class WriterReads:
    """What a write reads inside its transaction, the same SQL in every store (`self.conn`: the
    transaction's connection; `_sql`, `_entry(row)` and `_plan(row)` as the store's)."""

    conn: Any
    _ENTRY_COLUMNS = ""  # the columns of `entries` that make an Entry, in `_entry`'s order
    _PLAN_COLUMNS = ""
    #: A record that still counts: no undo retracts it.
    _ACTIVE = (
        "e.action = 'record' AND NOT EXISTS (SELECT 1 FROM entries AS u WHERE u.retracts = e.seq)"
    )

    def _sql(self, query: str) -> str:
        return query

    def _entry(self, row: Any) -> Any:  # pragma: no cover - each store's own
        raise NotImplementedError

    def _plan(self, row: Any) -> PlanEntry:  # pragma: no cover - each store's own
        raise NotImplementedError

    def _one(self, query: str, params: tuple = ()) -> Any:
        return self.conn.execute(self._sql(query), params).fetchone()

    def next_seq(self) -> int:
        return self._one("SELECT COALESCE(MAX(seq), 0) + 1 FROM entries")[0]

    def active_records(self, plan: str, target: str) -> list[Any]:
        """The goal's records that still count, in seq order."""
        rows = self.conn.execute(
            self._sql(
                f"SELECT {self._ENTRY_COLUMNS} FROM entries AS e WHERE e.plan = ?"
                f" AND e.target = ? AND {self._ACTIVE} ORDER BY e.seq"
            ),
            (plan, target),
        ).fetchall()
        return [self._entry(row) for row in rows]

    def entry(self, seq: int) -> Any:
        row = self._one(f"SELECT {self._ENTRY_COLUMNS} FROM entries WHERE seq = ?", (seq,))
        return self._entry(row) if row else None

    def retracted_by(self, seq: int) -> int | None:
        row = self._one("SELECT seq FROM entries WHERE retracts = ?", (seq,))
        return row[0] if row else None

    def last_active_record(self, plan: str) -> Any:
        """The most recently written record of a plan that still counts."""
        row = self._one(
            f"SELECT {self._ENTRY_COLUMNS} FROM entries AS e WHERE e.plan = ? AND {self._ACTIVE}"
            " ORDER BY e.seq DESC LIMIT 1",
            (plan,),
        )
        return self._entry(row) if row else None

    def plans(self) -> list[PlanEntry]:
        return [self._plan(row) for row in self.conn.execute(StoreReads.latest_plans_sql(self))]  # type: ignore[arg-type]


def month_series(
    rows: list[tuple[str, str]], as_of: dt.date
) -> tuple[dict[str, tuple[int, list[float]]], list[str]]:
    """The `month_ends` rows of a plan (goal, JSON series) cut at the as-of month, and the goals
    whose as-of month figure may stand after `as_of` (a month not yet ended): every store's."""
    import json

    from huandu.domain.monthly import month_end, month_index

    last_month = month_index(as_of)
    partial = as_of != month_end(as_of)
    found: dict[str, tuple[int, list[float]]] = {}
    in_month: list[str] = []  # goals whose as-of month entry may stand after as_of
    # One decoding of every goal's series at once (a call per goal costs more).
    decoded = json.loads("[" + ",".join(text for _, text in rows) + "]")
    for (target, _), (first, values) in zip(rows, decoded, strict=True):
        upto = last_month - first + 1
        if upto <= 0 or not values:
            continue  # its figures begin after the as-of month
        if len(values) >= upto:
            values = values[:upto]
            if partial:
                in_month.append(target)
        found[target] = (first, values)
    return found, in_month


def settle_month(
    found: dict[str, tuple[int, list[float]]], in_month: list[str], standing: dict[str, float]
) -> None:
    """The as-of month of `in_month`'s goals ends on the figure standing on the as-of day."""
    for target in in_month:
        if target in standing:
            found[target][1][-1] = standing[target]  # the figure standing on as_of
        else:
            del found[target]  # its first figure comes later in the as-of month
