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
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from huandu.errors import HuanduError, Msg

if TYPE_CHECKING:
    from huandu.domain.compare import Comparison, Earlier
    from huandu.domain.draft import Draft
    from huandu.domain.entries import Entry, Record, Retraction
    from huandu.domain.importing import ImportPlan
    from huandu.domain.missing import Missing
    from huandu.domain.model import County, Registry, Target
    from huandu.domain.monthly import Monthly
    from huandu.domain.notice import Notices
    from huandu.domain.plans import PlanEntry
    from huandu.domain.report import Report
    from huandu.errors import Msg
    from huandu.store.locations import Locations
    from huandu.store.postgres import PostgresStore
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


def _postgres() -> ModuleType:
    """The PostgreSQL store's module, or one line saying which extra it needs (psycopg)."""
    try:
        import huandu.store.postgres as postgres
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] == "psycopg":
            raise HuanduError("store.need_psycopg") from None
        raise
    return postgres


def default_by() -> str:
    """Who records a figure when `--by` is not given: the OS user (empty if none is known)."""
    from huandu.store.files import os_user

    return os_user()


def _entry_of(registry: Registry, origin: str, key: str = "") -> PlanEntry:
    from huandu.domain.plans import PlanEntry

    plan = registry.plan
    return PlanEntry(plan.id, plan.title, plan.year, plan.start, plan.end, len(registry.targets),
                     origin, key=key, title_en=plan.title_en)  # fmt: skip


def _incompatible(old: Registry, new: Registry, writer: Any) -> str:
    """The goals of `old` with figures that still count which `new` drops or reads otherwise
    (another kind or unit), as a list for a message ("" when there are none)."""
    problems = []
    for goal in old.targets:
        if not writer.active_records(old.plan.id, goal.id):
            continue
        kept = new.get(goal.id)
        if kept is None:
            problems.append(goal.id)
        elif (kept.kind, kept.unit) != (goal.kind, goal.unit):
            problems.append(f"{goal.id} ({_reads(goal)} → {_reads(kept)})")
    return ", ".join(problems)


def _reads(goal: Target) -> str:
    """How a goal's figures read: its kind, and its unit if it has one."""
    return f"{goal.kind} {goal.unit.symbol}" if goal.unit else goal.kind


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
    plan: PlanEntry | None  # None: the registry file given with --registry
    plans: int  # how many plans the home knows
    store_exists: bool
    records: int
    retractions: int


class PlanAdded(NamedTuple):
    entry: PlanEntry  # as stored (its version)
    replaced: PlanEntry | None  # the plan of that id it takes the place of, if any
    unchanged: bool  # the same file as the latest version: nothing was added
    current: bool  # it is the plan commands now work on (without --plan)


class Copied(NamedTuple):
    """What `huandu store copy` moved, checked by the counts and by the digest of the export."""

    records: int
    retractions: int
    plans: int  # plan versions
    digest: str  # SHA-256 of the export text, the same from both stores


class PlanRow(NamedTuple):
    """A line of `huandu plan list`."""

    entry: PlanEntry
    figures: int  # figures that still count
    current: bool  # the plan commands work on without --plan
    chosen: bool  # the plan this run works on (--plan, HUANDU_PLAN or current)


class Session:
    """One run against one home: `home`, `registry` and `plan` as the global options gave them."""

    def __init__(
        self,
        home: str | None = None,
        registry: str | None = None,
        plan: str | None = None,
        store: str | None = None,
    ) -> None:
        self.home_option = home
        self.registry_option = registry
        self.plan_option = plan
        self.store_option = store  # --store: a PostgreSQL DSN (else HUANDU_STORE, else SQLite)
        self.writes = False  # the run means to write (`will_write`)
        self.notices: list[Notice] = []
        self._locations: Locations | None = None
        self._registry: Registry | None = None
        self._plan: PlanEntry | None = None
        self._store: SqliteStore | PostgresStore | None = None
        self._files: dict[str, tuple[PlanEntry, Registry]] = {}  # bundled and home plans
        self._registries: dict[str, Registry] = {}  # plans loaded by id (earlier years too)

    # ------------------------------------------------------------------ what it works on

    @property
    def locations(self) -> Locations:
        if self._locations is None:
            from huandu.store.locations import locate

            self._locations = locate(self.home_option, self.registry_option, self.store_option)
        return self._locations

    def registry(self) -> Registry:
        """The plan this run works on: the file of `--registry`, else the plan chosen among
        the home's (`domain.plans.choose`)."""
        if self._registry is None:
            where = self.locations
            if where.registry_option is not None:
                from huandu.store.registry import load_registry

                registry = load_registry(where.registry_option, where.cache)
                wanted = self._wanted_plan()
                if wanted and wanted not in (registry.plan.id, str(registry.plan.year)):
                    raise HuanduError(
                        "plan.registry_mismatch",
                        plan=wanted,
                        path=str(where.registry_option),
                        id=registry.plan.id,
                    )
                self._registry = registry
            else:
                self._plan = self.plan_entry()
                self._registry = self.plan_registry(self._plan.id)
        return self._registry

    # ------------------------------------------------------------------ plans

    def _wanted_plan(self) -> str | None:
        return self.plan_option or os.environ.get("HUANDU_PLAN") or None

    def _file_plans(self) -> list[PlanEntry]:
        """The bundled plan, and the home's own registry file if it has one."""
        if not self._files:
            from huandu.domain.plans import BUNDLED, HOME
            from huandu.store.registry import load_registry

            where = self.locations
            sources = [(where.bundled_registry, BUNDLED)]
            if where.home_registry.is_file():
                sources.append((where.home_registry, HOME))
            for path, origin in sources:
                registry = load_registry(path, where.cache)
                self._files[origin] = (_entry_of(registry, origin), registry)
        return [entry for entry, _ in self._files.values()]

    def plans(self) -> list[PlanEntry]:
        """Every plan the home knows, one per id (`domain.plans.merge`), oldest first."""
        from huandu.domain.plans import merge

        stored = self.store().plans() if self._has_store() else []
        return merge(self._file_plans(), stored)

    def plan_entry(self) -> PlanEntry:
        """The plan this run works on, as the catalogue knows it."""
        if self._plan is None:
            from huandu.domain.plans import choose

            if self.locations.registry_option is not None:
                registry = self.registry()
                return _entry_of(registry, "option")
            self._plan = choose(self.plans(), self._wanted_plan(), today())
        return self._plan

    def plan_registry(self, plan_id: str) -> Registry:
        """The registry of one of the home's plans (this year's, or an earlier one that a goal
        continues)."""
        if self._registry is not None and self._registry.plan.id == plan_id:
            return self._registry
        if plan_id in self._registries:
            return self._registries[plan_id]
        found = {p.id: p for p in self.plans()}.get(plan_id)
        if found is None:
            choices = ", ".join(p.id for p in self.plans())
            raise HuanduError("plan.unknown", plan=plan_id, choices=choices)
        if found.origin in self._files and self._files[found.origin][0].id == plan_id:
            registry = self._files[found.origin][1]
        else:
            from huandu.store.registry import cached_registry, registry_from_bytes

            where = self.locations
            label = f"{where.store_label}#{found.id}@v{found.version}"
            registry = cached_registry(found.key, label, where.cache)  # type: ignore[assignment]
            if registry is None:
                data = self.store().plan_data(found.id, found.version)
                if data is None:  # pragma: no cover - listed a moment ago, plans are never deleted
                    raise HuanduError("plan.unknown", plan=plan_id, choices="")
                registry = registry_from_bytes(data, label, where.cache)
        self._registries[plan_id] = registry
        return registry

    def plan_rows(self) -> list[PlanRow]:
        """`huandu plan list`: every plan, its figures, which is current and which chosen."""
        from huandu.domain.plans import current

        plans = self.plans()
        figures = self.store().records_by_plan() if self._has_store() else {}
        now_plan = current(plans, today()).id
        try:
            chosen: str | None = self.plan_entry().id
        except HuanduError as exc:  # a --plan or HUANDU_PLAN the home lacks: the list says why
            self._say(exc.key, **exc.params)
            chosen = None
        return [PlanRow(p, figures.get(p.id, 0), p.id == now_plan, p.id == chosen) for p in plans]

    def plan_versions(self, plan_id: str) -> list[PlanEntry]:
        return self.store().plan_versions(plan_id) if self._has_store() else []

    def plan_file(self, plan_id: str | None) -> tuple[PlanEntry, bytes]:
        """A plan's registry file as it was added (to read, or to edit and add again)."""
        from huandu.domain.plans import STORED, choose
        from huandu.store.files import read_bytes

        if self.locations.registry_option is not None and plan_id is None:
            path = self.locations.registry_option
            return self.plan_entry(), read_bytes(path, "registry.missing_file")
        entry = choose(self.plans(), plan_id, today()) if plan_id else self.plan_entry()
        if entry.origin == STORED:
            data = self.store().plan_data(entry.id, entry.version)
            assert data is not None
            return entry, data
        where = self.locations
        path = where.home_registry if entry.origin == "home" else where.bundled_registry
        return entry, read_bytes(path, "registry.missing_file")

    def new_plan(self, year: int, from_plan: str | None, words: Callable[[Msg], str]) -> bytes:
        """Next year's registry, started from a plan of the home (`--from`, else the plan in
        use): its rules and counties, and (with `--from`) the goals it had not finished by its
        end, carried over as drafts (`store.plan_file`). Checked to validate before it is
        given: a file huandu writes is one huandu reads."""
        from huandu.domain.plans import choose
        from huandu.domain.progress import DONE, assess
        from huandu.store.plan_file import new_plan_toml
        from huandu.store.registry import parse_registry

        low, high = 2000, 2100
        if not low <= year <= high:
            raise HuanduError("plan_new.bad_year", year=year, low=low, high=high)
        if from_plan is not None:
            base = self.plan_registry(choose(self.plans(), from_plan, today()).id)
        else:
            base = self.registry()
        carried = []
        if from_plan is not None:
            plan = base.plan
            found = self.store().standings(plan.id, [g.id for g in base.targets], plan.end)
            for goal in base.targets:
                standing = assess(goal, found.get(goal.id), plan.end, plan)
                if standing.status != DONE:
                    carried.append((goal, standing))
        taken = [p.id for p in self.plans()] if self.locations.registry_option is None else []
        data = new_plan_toml(base, year, carried, words, taken=taken,
                             carried_from=base.plan.id if from_plan is not None else None)  # fmt: skip
        parse_registry(data, f"plan new --year {year}")  # raises, naming the line, if not
        return data

    def add_plan(
        self, path: Path, *, replace: bool = False, force: bool = False, by: str = ""
    ) -> PlanAdded:
        """Validate a registry file and keep it in the store, in one transaction: a new plan,
        or (with `replace`) the next version of one the home knows. A new version that drops a
        goal with figures, or changes how its figures read (its kind or unit), is refused unless
        forced: those figures would no longer mean what was reported."""
        from huandu.domain.plans import current
        from huandu.store.files import read_bytes
        from huandu.store.registry import content_key, parse_registry

        data = read_bytes(path, "registry.missing_file")
        registry = parse_registry(data, str(path))
        entry = _entry_of(registry, "store", content_key(data))._replace(
            added_at=now().isoformat(timespec="seconds"), added_by=by
        )
        known = {p.id: p for p in self.plans()}
        held = known.get(entry.id)
        if held is not None and held.key == entry.key:
            return PlanAdded(held, None, True, current(list(known.values()), today()) == held)
        if held is not None and not replace:
            raise HuanduError(
                "plan.exists", plan=entry.id, origin=Msg(f"plan.origin.{held.origin}")
            )
        # The version it replaces is read before the write begins: reading a stored plan opens
        # a read transaction, which cannot start inside the write's.
        old = self.plan_registry(held.id) if held is not None and not force else None
        store = self.store(for_writing=True)
        with store.writing() as writer:
            if old is not None:
                problems = _incompatible(old, registry, writer)
                if problems:
                    raise HuanduError("plan.incompatible", plan=entry.id, goals=problems)
            stored = writer.add_plan(entry, data)
        self._after_write(store)
        plans = [p for p in known.values() if p.id != stored.id] + [stored]
        return PlanAdded(stored, held, False, current(plans, today()).id == stored.id)

    def store(self, *, for_writing: bool = False) -> SqliteStore | PostgresStore:
        """The progress store, chosen here and nowhere else: the PostgreSQL database of
        `--store`/`HUANDU_STORE`, else the home's SQLite file (a home made by huandu 0.1 is
        migrated on first use). `for_writing`: the use case means to write (a failure is then
        said as a failed write)."""
        if self._store is None and self.locations.store_dsn is not None:
            PostgresStore = _postgres().PostgresStore

            self._store = PostgresStore(self.locations.store_dsn)
        if self._store is None:
            from huandu.store.sqlite import SqliteStore

            store = SqliteStore(self.locations.store)
            if not store.exists and self.locations.legacy_journal.exists():
                self._migrate(store)
            self._store = store
        if for_writing or self.writes:
            self._store.for_writing = True
        return self._store

    def _has_store(self) -> bool:
        """Whether there is a store to read (a home's file is looked for without opening it)."""
        if self.locations.store_dsn is None:
            return self.locations.store.exists()
        return self.store().exists

    def will_write(self) -> None:
        """Say that this run means to write (`update`, `undo`, `import`, `restore`, `plan add`):
        a store that fails, even while read first (the plans, the figure a `+500` adds to), is
        then said to have failed a write."""
        self.writes = True
        if self._store is not None:
            self._store.for_writing = True

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

    def _after_write(self, store: SqliteStore | PostgresStore) -> None:
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

    def since(self, text: str) -> dt.date:
        """`log --since`: a calendar day (2024-06-01, 2024年6月1日)."""
        from huandu.domain.periods import parse_day

        return parse_day(text)

    def as_of(self, text: str | None) -> dt.date:
        """The day a report counts as of: the one given; without one, today, or the plan's last
        day once its period has ended (said once), so an ended plan is not all 逾期."""
        if text:
            return self.day(text)
        day, end = today(), self.registry().plan.end
        if day > end:
            self._say("plan.ended", end=end.isoformat())
            return end
        return day

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
        store = self.store(for_writing=True)
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
        store = self.store(for_writing=True)
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
        self,
        county: County | None = None,
        goal: Target | None = None,
        *,
        since: dt.date | None = None,
        by_role: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every entry of the plan (of one county or goal), oldest first, as log rows; `since`:
        only those written into the store on or after that day (by the store's clock), `by_role`:
        only those written by that database role (or OS user)."""
        from huandu.domain.history import history_rows, written

        registry = self.registry()
        plan = registry.plan.id
        targets: Iterable[str] | None = None
        if goal is not None:
            targets = [goal.id]
        elif county is not None:
            targets = [t.id for t in registry.targets_of(county)]
        store = self.store()
        undone = store.undone_by(plan)
        found = written(store.entries(plan, targets), since=since, by=by_role)
        return history_rows(registry, found, undone)

    def detail(self, goal: Target) -> dict[str, Any]:
        from huandu.domain.history import goal_detail

        registry = self.registry()
        entries: list[Entry] = list(self.store().entries(registry.plan.id, [goal.id]))
        day = self.as_of(None)
        return goal_detail(registry, goal, entries, day, self.earlier([goal], day).get(goal.id))

    def info(self) -> Info:
        registry = self.registry()
        chosen = self.locations.registry_option is None
        plan = self.plan_entry() if chosen else None
        plans = len(self.plans()) if chosen else 1
        store = self.store()
        records, retractions = store.counts()
        return Info(self.locations, registry, plan, plans, store.exists, records, retractions)

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
        earlier = self.earlier(registry.targets, as_of)
        return build_compare(registry, found, as_of, county_ids=county_ids, statuses=statuses,
                             show_all=show_all, earlier=earlier)  # fmt: skip

    def earlier(self, goals: Iterable[Target], as_of: dt.date) -> dict[str, Earlier]:
        """For each goal that continues one of an earlier plan (`continues = "PLAN:GOAL"`), that
        goal and its standings on the same day of its year and at its plan's end, read with one
        query per earlier plan and day. A `continues` naming a plan or goal the home does not
        have is said once and left out."""
        from huandu.domain.compare import Earlier, same_day_of

        wanted: dict[str, list[tuple[str, str]]] = {}
        for goal in goals:
            if goal.continues:
                plan_id, _, goal_id = goal.continues.partition(":")
                wanted.setdefault(plan_id, []).append((goal.id, goal_id))
        if not wanted:
            return {}
        plan = self.registry().plan
        known = {p.id for p in self.plans()} if self.locations.registry_option is None else set()
        store = self.store()
        out: dict[str, Earlier] = {}
        for plan_id, pairs in wanted.items():
            if plan_id not in known or plan_id == plan.id:
                for goal_id, _ in pairs:
                    self._say("plan.continues_missing", goal=goal_id, continues=plan_id)
                continue
            earlier = self.plan_registry(plan_id)
            day = same_day_of(plan, earlier.plan, as_of)
            ids = [old for _, old in pairs]
            same = store.standings(plan_id, ids, day)
            final = store.standings(plan_id, ids, earlier.plan.end)
            for goal_id, old_id in pairs:
                old = earlier.get(old_id)
                if old is None:
                    self._say(
                        "plan.continues_missing", goal=goal_id, continues=f"{plan_id}:{old_id}"
                    )
                    continue
                out[goal_id] = Earlier(earlier.plan, old, same.get(old_id), final.get(old_id))
        return out

    def _say(self, key: str, **params: Any) -> None:
        """Something to tell the user once, besides the result."""
        if (key, params) not in self.notices:
            self.notices.append((key, params))

    def supervision_notices(
        self,
        as_of: dt.date,
        *,
        county_ids: set[str] | None = None,
        reply_by: dt.date | None = None,
        first_number: int = 1,
    ) -> Notices:
        """The 督办单 as of a date: numbered over the whole plan, `county_ids` narrows the list;
        dated today, a reply asked for by `reply_by` (default ten days on)."""
        from huandu.domain.notice import build_notices

        registry = self.registry()
        report = self.report(as_of)
        streaks = {row.target.id: row.streak for row in self.monthly(as_of).rows}
        issued = today()
        return build_notices(
            registry,
            report.assessments,
            streaks,
            as_of=as_of,
            issued=issued,
            reply_by=reply_by or issued + dt.timedelta(days=10),
            county_ids=county_ids,
            first_number=first_number,
        )

    def missing(
        self,
        as_of: dt.date,
        *,
        county_ids: set[str] | None = None,
        since: dt.date | None = None,
        reply_by: dt.date | None = None,
    ) -> Missing:
        """催报: the goals without a figure dated from `since` (default the first of the as-of
        month) to `as_of`, by county; a reply asked for by `reply_by` (default the 5th of the
        month after)."""
        from huandu.domain.missing import build_missing

        registry = self.registry()
        report = self.report(as_of, county_ids=county_ids)
        start = since or as_of.replace(day=1)
        if reply_by is None:
            following = (as_of.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            reply_by = following + dt.timedelta(days=4)
        return build_missing(
            registry, report.assessments, since=start, as_of=as_of, reply_by=reply_by
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
        store = self.store(for_writing=True)
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
        data = (
            sheets.template_xlsx(rows, self.registry())
            if suffix == ".xlsx"
            else sheets.template_csv(rows)
        )
        try:
            write_file(path, data, overwrite=False, failed="import.write_failed")
        except HuanduError as exc:
            if exc.key == "file.exists":
                raise HuanduError("import.template_exists", path=str(path)) from None
            raise
        return len(rows) - 1

    # ------------------------------------------------------------------ plain text

    def export(self, write: Callable[[str], None]) -> tuple[int, int]:
        """Every plan kept in the store and every entry (of every plan), oldest first, as TOML,
        piece by piece."""
        from huandu.store.toml_journal import export_chunks

        store = self.store()
        plans = store.all_plan_data()
        for chunk in export_chunks(store.entries(), exported_at=now(), plans=plans):
            write(chunk)
        return store.counts()

    def restore(self, path: Path) -> tuple[int, int]:
        """Load an export (or a huandu 0.1 journal) into an empty store, in one transaction."""
        from huandu.store.files import read_bytes
        from huandu.store.toml_journal import read_journal_file

        journal = read_journal_file(
            read_bytes(path, "file.missing"), str(path), legacy_plan=self.registry().plan.id
        )
        store = self.store(for_writing=True)
        store.load(
            journal.entries,
            journal.plans,
            restored_from=str(path),
            restored_at=now().isoformat(),
        )
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

        if path is not None:
            return path, load_registry(path)
        if self.locations.registry_option is not None:
            return self.locations.registry_option, load_registry(self.locations.registry_option)
        entry, data = self.plan_file(None)
        from huandu.store.registry import parse_registry

        label = self._plan_label(entry)
        return Path(label), parse_registry(data, label)

    def _plan_label(self, entry: PlanEntry) -> str:
        from huandu.domain.plans import BUNDLED, HOME

        where = self.locations
        if entry.origin == BUNDLED:
            return str(where.bundled_registry)
        if entry.origin == HOME:
            return str(where.home_registry)
        return f"{where.store_label}#{entry.id}@v{entry.version}"

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

    # ------------------------------------------------------------------ the store on a server

    def _server(self, dsn: str | None = None) -> PostgresStore:
        """The PostgreSQL store of `dsn`, else of --store/HUANDU_STORE (refused without one)."""
        PostgresStore = _postgres().PostgresStore

        if dsn is not None:
            from huandu.store.locations import check_dsn

            check_dsn(dsn)
            return PostgresStore(dsn)
        store = self.store(for_writing=True)
        if not isinstance(store, PostgresStore):
            raise HuanduError("store.pg_needs_dsn")
        return store

    def store_sql(self) -> str:
        """`huandu store init --print-sql`: the SQL that creates the schema (or brings the
        store's up to date, when it can be read), for an administrator to run."""
        from huandu.errors import StoreError

        schema_sql = _postgres().schema_sql

        since = 0
        if self.locations.store_dsn is not None:
            try:
                since = self._server().version()
            except StoreError:
                since = 0  # an administrator runs it where huandu cannot reach
        return schema_sql(since)

    def init_store(self) -> tuple[int, int]:
        """`huandu store init`: create the store's schema, or bring it up to date (again:
        nothing). A home without --store gets its SQLite store. Versions before and after."""
        if self.locations.store_dsn is None:
            from huandu.store.sqlite import SCHEMA_VERSION

            store = self.store(for_writing=True)
            before = SCHEMA_VERSION if store.exists else 0
            with store.writing():
                pass  # opening a store to write creates it, or migrates it
            self._after_write(store)
            return before, SCHEMA_VERSION
        return self._server().init()

    def copy_store(self, dsn: str) -> Copied:
        """`huandu store copy --to DSN`: the home's SQLite store (every plan version and entry,
        their seqs and who wrote them when) into an empty PostgreSQL store, in one transaction
        that checks, before it commits, the counts and the digest of the export of both."""
        goal_counties = _postgres().goal_counties
        from huandu.store.sqlite import SqliteStore

        if not self.locations.store.exists():
            raise HuanduError("store.copy_nothing", path=str(self.locations.store))
        source = SqliteStore(self.locations.store)
        target = self._server(dsn)
        moment = now()
        try:
            plans = source.all_plan_data()
            expected = _export_digest(source, moment)
            counts = source.counts()
            self._file_plans()
            goals = [row for _, registry in self._files.values() for row in goal_counties(registry)]

            def verify(copied: PostgresStore) -> None:
                got = copied.counts()
                if got != counts:
                    raise HuanduError("store.copy_mismatch", store=dsn, what=f"{got} ≠ {counts}")
                digest = _export_digest(copied, moment)
                if digest != expected:
                    raise HuanduError("store.copy_mismatch", store=dsn, what=digest[:12])

            target.load(source.entries(), plans, goals=goals, check=verify, create=True,
                        copied_from=str(source.path), copied_at=moment.isoformat())  # fmt: skip
        finally:
            source.close()
            target.close()
        return Copied(counts[0], counts[1], len(plans), expected)

    def grant(self, role: str, county: County | None) -> int:
        """`huandu store grant ROLE --county C` (None: `--office`): what the role may record,
        with every goal of every plan the home knows mapped to its county for the lanes.
        Returns how many goals are mapped."""
        goal_counties = _postgres().goal_counties

        store = self._server()
        goals = [row for plan in self.plans() for row in goal_counties(self.plan_registry(plan.id))]
        lane = (county.id, county.name, county.name_en) if county is not None else None
        store.grant(role, lane, goals)
        return len(goals)


def _export_digest(store: Any, moment: dt.datetime) -> str:
    """The SHA-256 of a store's export text (as `huandu export` writes it, at `moment`)."""
    import hashlib

    from huandu.store.toml_journal import export_chunks

    digest = hashlib.sha256()
    for chunk in export_chunks(store.entries(), exported_at=moment, plans=store.all_plan_data()):
        digest.update(chunk.encode("utf-8"))
    return digest.hexdigest()
