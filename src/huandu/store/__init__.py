"""Files and databases: where things are, the registry file, the progress store, spreadsheets.

The progress store is an interface (`Store`, `StoreWriter`): what the use cases in
`huandu.service` need of it, and nothing of how it keeps it. `store.sqlite.SqliteStore` is the
embedded one, a file in the home; a database server can be a second implementation without any
change to the domain or the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator
    from contextlib import AbstractContextManager

    from huandu.domain.entries import Entry, Record
    from huandu.domain.progress import Standing


class StoreWriter(Protocol):
    """What one write may read and do, inside its transaction (all of it lands, or none)."""

    def next_seq(self) -> int: ...

    def active_records(self, plan: str, target: str) -> list[Record]: ...

    def entry(self, seq: int) -> Entry | None: ...

    def retracted_by(self, seq: int) -> int | None: ...

    def last_active_record(self, plan: str) -> Record | None: ...

    def append(self, entries: Iterable[Entry]) -> list[Entry]: ...


class Store(Protocol):
    """Append entries; read figures as of a date; read history."""

    created: bool  # this process created the store (its first write)
    warnings: list[tuple[str, dict]]  # what the user should know about the store (a network share)

    @property
    def exists(self) -> bool: ...

    def writing(self) -> AbstractContextManager[StoreWriter]: ...

    def load(self, entries: Iterable[Entry], **meta: str | int) -> int: ...

    def standings(self, plan: str, goals: Iterable[str], as_of: dt.date) -> dict[str, Standing]: ...

    def month_values(self, plan: str, as_of: dt.date) -> dict[str, list[tuple[dt.date, float]]]: ...

    def entries(
        self, plan: str | None = None, targets: Iterable[str] | None = None
    ) -> Iterator[Entry]: ...

    def undone_by(self, plan: str | None = None) -> dict[int, int]: ...

    def counts(self, plan: str | None = None) -> tuple[int, int]: ...

    def close(self) -> None: ...
