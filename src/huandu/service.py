"""The use cases: what each command does, between the files and databases and the outputs.

A `Session` is one run of huandu against one home: it finds the registry and the store, and each
of its methods is one thing a person does (record a figure, undo one, import a sheet, build a
report). It is the only caller of `huandu.store`; the command line calls it and hands what it
returns to `huandu.output`. Refusals are `HuanduError`s; what the user should be told besides
(the first run, a migration, a warning about the store) is collected in `notices`, as message
keys, for the command line to print.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from huandu.errors import HuanduError

if TYPE_CHECKING:
    from huandu.domain.compare import Comparison
    from huandu.domain.draft import Draft
    from huandu.domain.entries import Entry, Record, Retraction
    from huandu.domain.importing import ImportPlan
    from huandu.domain.model import County, Registry, Target
    from huandu.domain.monthly import Monthly
    from huandu.domain.report import Report
    from huandu.errors import Msg
    from huandu.store.locations import Locations
    from huandu.store.sheets import Sheet
    from huandu.store.sqlite import SqliteStore

Notice = tuple[str, dict[str, Any]]  # a message key and its values, for the command line to print


def os_reason(exc: OSError) -> Any:
    """The operating system's reason for refusing, as a message."""
    from huandu.store.files import os_reason as reason

    return reason(exc)


def today() -> dt.date:
    """Today's date; `HUANDU_TODAY` pins it (for reproducing a past 通报 and for tests)."""
    pinned = os.environ.get("HUANDU_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise HuanduError("date.unreadable", value=pinned) from None
    return dt.date.today()


def now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def default_by() -> str:
    """Who records a figure when `--by` is not given: the OS user (empty if none is known)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors when no user name is known
        return ""


class Recorded(NamedTuple):
    record: Record
    target: Target
    county: County


class Undone(NamedTuple):
    retraction: Retraction
    record: Record  # the record retracted
    target: Target | None  # its goal (None if the registry no longer has it)
    fallback: Record | None  # the goal's figure standing after the undo


class Info(NamedTuple):
    locations: Locations
    registry: Registry
    store_exists: bool
    records: int
    retractions: int


class Session:
    """One run against one home: `home` and `registry` as the global options gave them."""

    def __init__(self, home: str | None = None, registry: str | None = None) -> None:
        self.home_option = home
        self.registry_option = registry
        self.notices: list[Notice] = []
        self._locations: Locations | None = None
        self._registry: Registry | None = None
        self._store: SqliteStore | None = None

    # ------------------------------------------------------------------ what it works on

    @property
    def locations(self) -> Locations:
        if self._locations is None:
            from huandu.store.locations import locate

            self._locations = locate(self.home_option, self.registry_option)
        return self._locations

    def registry(self) -> Registry:
        if self._registry is None:
            from huandu.store.registry import load_registry

            where = self.locations
            self._registry = load_registry(where.registry, where.cache)
        return self._registry

    def store(self) -> SqliteStore:
        """The home's progress store; a home made by huandu 0.1 is migrated on first use."""
        if self._store is None:
            from huandu.store.sqlite import SqliteStore

            store = SqliteStore(self.locations.store)
            if not store.exists and self.locations.legacy_journal.exists():
                self._migrate(store)
            self._store = store
        return self._store

    def _migrate(self, store: SqliteStore) -> None:
        from huandu.store.files import read_bytes
        from huandu.store.toml_journal import read_journal_file

        legacy = self.locations.legacy_journal
        plan = self.registry().plan.id
        journal = read_journal_file(
            read_bytes(legacy, "file.missing"), str(legacy), legacy_plan=plan
        )
        store.load(journal.entries, migrated_from=str(legacy), migrated_at=now().isoformat())
        records, retractions = store.counts()
        if (records, retractions) != (journal.records, journal.retractions):
            raise HuanduError(  # pragma: no cover - a guard: load() checks the count itself
                "store.count_mismatch", path=str(store.path), read=journal.records, stored=records
            )
        self.notices.append(
            (
                "store.migrated",
                {
                    "legacy": str(legacy),
                    "path": str(store.path),
                    "records": records,
                    "retractions": retractions,
                },
            )
        )

    def close(self) -> None:
        if self._store is not None:
            self.notices.extend(self._store.warnings)
            self._store.warnings.clear()
            self._store.close()
            self._store = None

    def _after_write(self, store: SqliteStore) -> None:
        if store.created:  # said once: the first figure creates the store
            self.notices.append(("first_run", {"home": str(self.locations.home)}))
            store.created = False

    # ------------------------------------------------------------------ lookups

    def county(self, name: str | None) -> County | None:
        return None if name is None else self.registry().county(name)

    def goal(self, query: str, county: County | None = None) -> Target:
        return self.registry().resolve(query, county)

    def day(self, text: str | None) -> dt.date:
        """A date or a period of the plan year (its last day); today without one."""
        from huandu.domain.periods import parse_when

        return parse_when(text, self.registry().plan.year) if text else today()

    # ------------------------------------------------------------------ recording

    def check(
        self, goal: Target, typed: str, day: dt.date, *, force: bool = False, cell: str = ""
    ) -> Record:
        """What `typed` would record for `goal` now, checked as `record` checks it (the prompt
        checks each answer with it); nothing is written."""
        from huandu.domain.recording import draft_record

        history = self._active(goal.id) if self.store().exists else []
        return draft_record(goal, typed, plan=self.registry().plan, day=day, today=today(),
                            now=now(), history=history, force=force, cell=cell)  # fmt: skip

    def _active(self, goal_id: str) -> list[Record]:
        from huandu.domain.entries import Record

        plan = self.registry().plan.id
        store = self.store()
        undone = store.undone_by(plan)
        return [
            e
            for e in store.entries(plan, [goal_id])
            if isinstance(e, Record) and e.seq not in undone
        ]

    def record(
        self,
        goal: Target,
        typed: str,
        day: dt.date,
        *,
        note: str = "",
        source: str = "",
        by: str,
        force: bool = False,
    ) -> Recorded:
        """Check one figure and append it, in one transaction: what it is checked against (the
        figure a `+500` adds to, the one a jump is measured from) is read inside it. The one
        check path, shared with the prompt and `import` (`domain.recording.draft_record`)."""
        from huandu.domain.recording import draft_record

        registry = self.registry()
        plan = registry.plan
        store = self.store()
        if not store.exists:  # a refusal on a fresh home creates no store
            draft_record(goal, typed, plan=plan, day=day, today=today(), now=now(), note=note,
                         source=source, by=by, force=force)  # fmt: skip
        with store.writing() as writer:
            draft = draft_record(
                goal,
                typed,
                plan=plan,
                day=day,
                today=today(),
                now=now(),
                history=writer.active_records(plan.id, goal.id),
                seq=writer.next_seq(),
                note=note,
                source=source,
                by=by,
                force=force,
            )
            (stored,) = writer.append([draft])
        self._after_write(store)
        return Recorded(stored, goal, registry.county_by_id(goal.county))  # type: ignore[arg-type]

    def undo(self, seq: int | None, *, note: str = "", by: str) -> Undone:
        """Retract record `seq`, or the plan's latest record that still counts."""
        from huandu.domain.entries import Record, latest
        from huandu.domain.recording import check_text, draft_retraction

        check_text(note, "note")
        check_text(by, "by")
        registry = self.registry()
        plan = registry.plan.id
        store = self.store()
        if not store.exists:
            draft_retraction(seq, None, None, now=now())  # raises: nothing to undo
        with store.writing() as writer:
            found: Any = writer.entry(seq) if seq is not None else writer.last_active_record(plan)
            if found is not None and found.plan != plan:
                found = None  # an entry of another plan is not this plan's to undo
            retracted_by = writer.retracted_by(found.seq) if found is not None else None
            draft = draft_retraction(
                seq, found, retracted_by, seq=writer.next_seq(), now=now(), note=note, by=by
            )
            (stored,) = writer.append([draft])
            remaining = writer.active_records(found.plan, found.target)
        fallback = latest(r for r in remaining if isinstance(r, Record))
        return Undone(stored, found, registry.get(found.target), fallback)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ reading

    def history(
        self, county: County | None = None, goal: Target | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every entry of the plan (of one county or goal), oldest first, as log rows."""
        from huandu.domain.history import history_rows

        registry = self.registry()
        plan = registry.plan.id
        targets: Iterable[str] | None = None
        if goal is not None:
            targets = [goal.id]
        elif county is not None:
            targets = [t.id for t in registry.targets_of(county)]
        store = self.store()
        undone = store.undone_by(plan)
        return history_rows(registry, store.entries(plan, targets), undone)

    def detail(self, goal: Target) -> dict[str, Any]:
        from huandu.domain.history import goal_detail

        registry = self.registry()
        entries: list[Entry] = list(self.store().entries(registry.plan.id, [goal.id]))
        return goal_detail(registry, goal, entries, today())

    def info(self) -> Info:
        registry = self.registry()
        store = self.store()
        records, retractions = store.counts()
        return Info(self.locations, registry, store.exists, records, retractions)

    def report(
        self,
        as_of: dt.date,
        *,
        county_ids: set[str] | None = None,
        statuses: set[str] | None = None,
        show_all: bool = False,
    ) -> Report:
        from huandu.domain.report import build_report

        registry = self.registry()
        found = self._standings(as_of)
        return build_report(
            registry, found, as_of, county_ids=county_ids, statuses=statuses, show_all=show_all
        )

    def _standings(self, as_of: dt.date) -> dict:
        registry = self.registry()
        return self.store().standings(registry.plan.id, (t.id for t in registry.targets), as_of)

    def monthly(
        self,
        as_of: dt.date,
        *,
        county_ids: set[str] | None = None,
        statuses: set[str] | None = None,
        show_all: bool = False,
    ) -> Monthly:
        from huandu.domain.monthly import build_monthly

        registry = self.registry()
        values = self.store().month_values(registry.plan.id, as_of)
        return build_monthly(
            registry, values, as_of, county_ids=county_ids, statuses=statuses, show_all=show_all
        )

    def compare(
        self,
        as_of: dt.date,
        *,
        county_ids: set[str] | None = None,
        statuses: set[str] | None = None,
        show_all: bool = False,
    ) -> Comparison:
        from huandu.domain.compare import build_compare

        registry = self.registry()
        found = self._standings(as_of)
        return build_compare(
            registry, found, as_of, county_ids=county_ids, statuses=statuses, show_all=show_all
        )

    # ------------------------------------------------------------------ sheets

    def read_sheet(self, path: Path) -> Sheet:
        from huandu.store.files import read_bytes
        from huandu.store.sheets import read_sheet

        self.registry()  # a broken registry is refused before the sheet is read
        sheet = read_sheet(read_bytes(path, "import.missing_file"), str(path))
        if not sheet.rows:
            raise HuanduError("import.nothing", path=str(path))
        return sheet

    def plan_import(
        self, sheet: Sheet, *, by: str, county: County | None, force: bool = False
    ) -> ImportPlan:
        """What importing the sheet would record, written nowhere (a dry run)."""
        from huandu.domain.importing import plan_records

        registry = self.registry()
        store = self.store()
        first = 1
        if store.exists:
            with store.peeking() as writer:  # a consistent view; nothing is written
                first = writer.next_seq()
                plan = plan_records(
                    registry,
                    sheet.rows,
                    lambda goal_id: writer.active_records(registry.plan.id, goal_id),
                    first_seq=first,
                    today=today(),
                    now=now(),
                    by=by,
                    county=county,
                    force=force,
                )
            return plan
        return plan_records(
            registry,
            sheet.rows,
            lambda goal_id: [],
            first_seq=first,
            today=today(),
            now=now(),
            by=by,
            county=county,
            force=force,
        )

    def import_sheet(
        self, sheet: Sheet, *, by: str, county: County | None, force: bool = False
    ) -> ImportPlan:
        """Every row recorded in one transaction, or none (any bad row refuses the sheet)."""
        from huandu.domain.importing import RowProblems, plan_records

        dry = self.plan_import(sheet, by=by, county=county, force=force)
        if dry.problems:
            raise RowProblems(dry.problems)
        registry = self.registry()
        store = self.store()
        with store.writing() as writer:
            plan = plan_records(
                registry,
                sheet.rows,
                lambda goal_id: writer.active_records(registry.plan.id, goal_id),
                first_seq=writer.next_seq(),
                today=today(),
                now=now(),
                by=by,
                county=county,
                force=force,
            )
            if plan.problems:
                raise RowProblems(plan.problems)
            writer.append(p.record for p in plan.records)
        self._after_write(store)
        return plan

    def write_template(self, path: Path, county: County | None) -> int:
        """A sheet for a county to fill in; returns how many goals it lists."""
        from huandu.store import sheets
        from huandu.store.files import write_file

        suffix = path.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise HuanduError("import.template_suffix", path=str(path))
        if path.is_dir():
            raise HuanduError("file.is_directory", path=str(path))
        if path.exists():
            raise HuanduError("import.template_exists", path=str(path))
        rows = sheets.template_rows(self.registry(), county)
        data = sheets.template_xlsx(rows) if suffix == ".xlsx" else sheets.template_csv(rows)
        try:
            write_file(path, data, overwrite=False, failed="import.write_failed")
        except HuanduError as exc:
            if exc.key == "file.exists":
                raise HuanduError("import.template_exists", path=str(path)) from None
            raise
        return len(rows) - 1

    # ------------------------------------------------------------------ plain text

    def export(self, write: Callable[[str], None]) -> tuple[int, int]:
        """Every entry of the store (every plan), oldest first, as TOML, piece by piece."""
        from huandu.store.toml_journal import export_chunks

        store = self.store()
        for chunk in export_chunks(store.entries(), exported_at=now()):
            write(chunk)
        return store.counts()

    def restore(self, path: Path) -> tuple[int, int]:
        """Load an export (or a huandu 0.1 journal) into an empty store, in one transaction."""
        from huandu.store.files import read_bytes
        from huandu.store.toml_journal import read_journal_file

        journal = read_journal_file(
            read_bytes(path, "file.missing"), str(path), legacy_plan=self.registry().plan.id
        )
        store = self.store()
        store.load(journal.entries, restored_from=str(path), restored_at=now().isoformat())
        self._after_write(store)
        return journal.records, journal.retractions

    def save(self, path: Path, data: bytes, *, overwrite: bool = False) -> None:
        """An output written to a file, whole or not at all; an existing file only replaced
        with `overwrite`."""
        from huandu.store.files import write_file

        try:
            write_file(path, data, overwrite=overwrite, failed="report.write_failed")
        except HuanduError as exc:
            if exc.key == "file.exists":
                raise HuanduError("output.exists", path=str(path)) from None
            raise

    def validate(self, path: Path | None) -> tuple[Path, Registry]:
        from huandu.store.registry import load_registry

        chosen = path if path is not None else self.locations.registry
        return chosen, load_registry(chosen)

    # ------------------------------------------------------------------ drafting a registry

    def draft(
        self,
        article: Path,
        *,
        counties: str | None = None,
        county: str | None = None,
        year: int | None = None,
    ) -> Draft:
        """A registry drafted from a planning article by the rules of `domain.draft` (nothing is
        written; the registry in use is not read, so a broken one does not stand in the way)."""
        from huandu.domain.draft import draft_registry
        from huandu.store.draft_file import read_article
        from huandu.store.files import read_bytes

        text = read_article(read_bytes(article, "draft.missing_file"), str(article))
        return draft_registry(text, source=article.name, counties=counties, county=county,
                              year=year)  # fmt: skip

    def draft_file(self, draft: Draft, words: Callable[[Msg], str]) -> tuple[bytes, int]:
        """The draft as registry TOML, its review comments in `words`' language, and how many
        problems `huandu validate` would find in it (0: none)."""
        from huandu.errors import RegistryError
        from huandu.store.draft_file import draft_toml
        from huandu.store.registry import parse_registry

        data = draft_toml(draft, words)
        try:
            parse_registry(data, "draft.toml")
        except RegistryError as exc:
            return data, len(exc.problems)
        return data, 0
