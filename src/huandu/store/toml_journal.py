"""Progress as plain TOML: `huandu export --format toml`, `huandu restore`, and the journal of 0.1.

An export is a `[export]` table, then one `[[entry]]` table per entry, oldest first, written with
tomli-w (readable, diffable, and read back exactly: `restore` gives the same store). The
progress journal huandu 0.1 kept (`progress.toml`: a `[journal]` table, then `[[entry]]` tables
each ending with a CRC `check`) is read by the same reader, every check verified, so a home made
by 0.1 is migrated into the SQLite store on first use.

Reading refuses, naming the entry's line, anything that is not exactly a huandu entry: a wrong or
missing key, a value that is not a finite number from 0 to 10¹⁸, a repeated or decreasing seq, an
undo of nothing, a 0.1 entry whose check does not match (edited by hand, or cut short by a crash).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from huandu.domain.entries import RECORD, UNDO, Entry, Record, Retraction
from huandu.domain.plans import STORED, PlanEntry
from huandu.errors import HuanduError, Msg

FORMAT = 3
#: The export formats `restore` reads: 1 had no plans, 2 adds the plans kept in the store, 3 who
#: wrote each entry into the store (`recorded_by`, beside `recorded_at`).
FORMATS_READ = (1, 2, 3)
HEADER = (
    "# huandu: every plan kept in a progress store (each version, its registry file as added),\n"
    "# then every entry, oldest first (records and their retractions).\n"
    "# `huandu restore FILE` loads it into an empty store. Values are in each goal's unit.\n"
)
_MAX_VALUE = 1e18
_TOML_POS = r"\(at line (\d+), column (\d+)\)"

EXPORT = "export"
LEGACY = "legacy"


class JournalFile(NamedTuple):
    kind: str  # EXPORT or LEGACY
    entries: list[Entry]
    plans: list[tuple[PlanEntry, bytes]] = []  # noqa: RUF012 - never mutated

    @property
    def records(self) -> int:
        return sum(1 for e in self.entries if isinstance(e, Record))

    @property
    def retractions(self) -> int:
        return sum(1 for e in self.entries if isinstance(e, Retraction))


def _fields(entry: Entry) -> dict[str, Any]:
    if isinstance(entry, Retraction):
        return {
            "seq": entry.seq,
            "plan": entry.plan,
            "action": UNDO,
            "target": entry.target,
            "retracts": entry.retracts,
            "note": entry.note,
            "by": entry.by,
            "recorded_at": entry.recorded_at,
            **_writer(entry),
        }
    fields: dict[str, Any] = {
        "seq": entry.seq,
        "plan": entry.plan,
        "action": RECORD,
        "target": entry.target,
        "value": entry.value,
    }
    if entry.unit is not None:
        fields["unit"] = entry.unit
    if entry.stage is not None:
        fields["stage"] = entry.stage
    fields.update(
        input=entry.input,
        date=entry.date,
        note=entry.note,
        source=entry.source,
        by=entry.by,
        recorded_at=entry.recorded_at,
    )
    fields.update(_writer(entry))
    if entry.forced:
        fields["forced"] = True
    return fields


def _writer(entry: Entry) -> dict[str, str]:
    """Who wrote the entry into the store, when the store knows (older entries say nothing)."""
    return {"recorded_by": entry.recorded_by} if entry.recorded_by else {}


def export_chunks(
    entries: Iterable[Entry],
    *,
    exported_at: dt.datetime,
    plans: Iterable[tuple[PlanEntry, bytes]] = (),
) -> Iterator[str]:
    """The export, a piece at a time (a plan or an entry per piece), so a store of any size
    streams out."""
    import tomli_w

    from huandu import __version__

    head = {"export": {"format": FORMAT, "huandu": __version__, "exported_at": exported_at}}
    yield HEADER + tomli_w.dumps(head)
    for plan, data in plans:
        fields = {
            "id": plan.id,
            "version": plan.version,
            "added_at": plan.added_at,
            "added_by": plan.added_by,
            "registry": data.decode("utf-8"),
        }
        # A multi-line string reads back with bare newlines: a file saved with CRLF (Notepad)
        # is written on one line instead, its \r\n escaped, so a restore gives the same bytes.
        multiline = "\r" not in fields["registry"]
        yield "\n" + tomli_w.dumps({"plan": [fields]}, multiline_strings=multiline)
    for entry in entries:
        yield "\n" + tomli_w.dumps({"entry": [_fields(entry)]})


def legacy_checksum(fields: dict[str, Any]) -> str:
    """The CRC-32 huandu 0.1 wrote as each entry's `check`: of its fields in canonical JSON."""
    import json

    canonical = json.dumps(
        {k: v for k, v in fields.items() if k != "check"},
        sort_keys=True,
        ensure_ascii=False,
        default=lambda v: v.isoformat(),
    )
    return f"{zlib.crc32(canonical.encode('utf-8', 'surrogatepass')):08x}"


def _bad(path: str, line: int, reason: Msg | str) -> HuanduError:
    return HuanduError("journal.bad_entry", path=path, line=line, reason=reason)


def read_journal_file(data: bytes, path: str, *, legacy_plan: str) -> JournalFile:
    """Every entry of an export or of a 0.1 journal; `legacy_plan` is the plan a 0.1 journal's
    entries belong to (that journal knew one plan). Refuses with the line of the first problem."""
    import tomllib

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _bad(path, line, Msg("journal.reason.not_utf8")) from None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        pos = re.search(_TOML_POS, str(exc))
        line = int(pos.group(1)) if pos else text.count("\n") + 1
        raise _bad(path, line, re.sub(_TOML_POS, "", str(exc)).strip()) from None
    except (RecursionError, ValueError, MemoryError):
        raise _bad(path, 1, Msg("journal.reason.unreadable")) from None
    lines = _entry_lines(text)
    if isinstance(parsed.get("export"), dict):
        kind = EXPORT
        if parsed["export"].get("format") not in FORMATS_READ:
            raise _bad(path, 1, Msg("journal.reason.format", format=parsed["export"].get("format")))
    elif isinstance(parsed.get("journal"), dict):
        kind = LEGACY
    else:
        raise HuanduError("journal.not_a_journal", path=path)
    unknown = [key for key in parsed if key not in ("export", "journal", "entry", "plan")]
    if kind == LEGACY and "plan" in parsed:
        unknown.insert(0, "plan")
    if unknown:
        raise _bad(path, 1, Msg("journal.reason.unknown_table", key=unknown[0]))
    raw_entries = parsed.get("entry", [])
    if not isinstance(raw_entries, list):
        raise _bad(path, 1, Msg("journal.reason.not_entries"))
    entries: list[Entry] = []
    records: dict[int, Record] = {}
    undone: set[int] = set()
    last_seq = 0
    for index, raw in enumerate(raw_entries):
        line = lines[index] if index < len(lines) else 1
        entry = _entry(raw, kind, legacy_plan, records, path, line)
        if entry.seq <= last_seq:
            raise _bad(path, line, Msg("journal.reason.seq_order", seq=entry.seq, last=last_seq))
        last_seq = entry.seq
        if isinstance(entry, Retraction):
            if entry.retracts in undone:
                raise _bad(path, line, Msg("journal.reason.undone_twice", seq=entry.retracts))
            undone.add(entry.retracts)
        else:
            records[entry.seq] = entry
        entries.append(entry)
    return JournalFile(kind, entries, _plans(parsed.get("plan", []), path, text))


def _plans(raw: Any, path: str, text: str) -> list[tuple[PlanEntry, bytes]]:
    """The `[[plan]]` tables of an export: each version's registry file, validated again (a
    restore keeps nothing huandu would refuse to add)."""
    from huandu.errors import RegistryError
    from huandu.store.registry import content_key, parse_registry

    if not isinstance(raw, list):
        raise _bad(path, 1, Msg("journal.reason.not_entries"))
    lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"(?m)^\[\[plan\]\]", text)]
    plans: list[tuple[PlanEntry, bytes]] = []
    last: dict[str, int] = {}
    for index, table in enumerate(raw):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(table, dict) or set(table) - {"id", "version", "added_at", "added_by",
                                                         "registry"}:  # fmt: skip
            raise _bad(path, line, Msg("journal.reason.bad_plan"))
        version, data = table.get("version"), table.get("registry")
        added_at, added_by = table.get("added_at", ""), table.get("added_by", "")
        if (
            type(version) is not int
            or not isinstance(data, str)
            or not isinstance(added_at, str)
            or not isinstance(added_by, str)
        ):
            raise _bad(path, line, Msg("journal.reason.bad_plan"))
        encoded = data.encode("utf-8")
        try:
            registry = parse_registry(encoded, f"{path}:{line}")
        except RegistryError:
            raise _bad(
                path, line, Msg("journal.reason.plan_invalid", plan=table.get("id"))
            ) from None
        plan = registry.plan
        if plan.id != table.get("id") or version != last.get(plan.id, 0) + 1:
            raise _bad(path, line, Msg("journal.reason.bad_plan"))
        last[plan.id] = version
        entry = PlanEntry(plan.id, plan.title, plan.year, plan.start, plan.end,
                          len(registry.targets), STORED, version, added_at, added_by,
                          content_key(encoded), plan.title_en)  # fmt: skip
        plans.append((entry, encoded))
    return plans


def _entry_lines(text: str) -> list[int]:
    """The line number of every `[[entry]]` header, in one pass over the text."""
    lines = []
    line, position = 1, 0
    for match in re.finditer(r"(?m)^[ \t]*\[\[[ \t]*entry[ \t]*\]\]", text):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines.append(line)
    return lines


def _text(raw: dict, key: str, path: str, line: int, *, required: bool = False) -> str:
    value = raw.get(key, None if required else "")
    if not isinstance(value, str) or (required and not value):
        raise _bad(path, line, Msg("journal.reason.bad_key", key=key))
    return value


def _entry(
    raw: Any, kind: str, legacy_plan: str, records: dict[int, Record], path: str, line: int
) -> Entry:
    if not isinstance(raw, dict):
        raise _bad(path, line, Msg("journal.reason.not_entries"))
    known = {"seq", "action", "target", "value", "unit", "stage", "input", "date", "note"}
    known |= {"source", "by", "recorded_at", "retracts"}
    known |= {"check"} if kind == LEGACY else {"plan", "forced", "recorded_by"}
    for key in raw:
        if key not in known:
            raise _bad(path, line, Msg("journal.reason.unknown_key", key=key))
    if kind == LEGACY:
        if raw.get("check") != legacy_checksum(raw):
            raise _bad(path, line, Msg("journal.reason.check", seq=raw.get("seq")))
        plan = legacy_plan
    else:
        plan = _text(raw, "plan", path, line, required=True)
    seq, action, when = raw.get("seq"), raw.get("action"), raw.get("recorded_at")
    if type(seq) is not int or not 0 < seq < 2**62:
        raise _bad(path, line, Msg("journal.reason.bad_key", key="seq"))
    if not isinstance(when, dt.datetime):
        raise _bad(path, line, Msg("journal.reason.bad_key", key="recorded_at"))
    note, by = _text(raw, "note", path, line), _text(raw, "by", path, line)
    writer = _text(raw, "recorded_by", path, line)
    if action == UNDO:
        retracts = raw.get("retracts")
        if type(retracts) is not int:
            raise _bad(path, line, Msg("journal.reason.bad_key", key="retracts"))
        undone = records.get(retracts)
        if undone is None or undone.plan != plan:
            raise _bad(path, line, Msg("journal.reason.undo_of_nothing", seq=retracts))
        target = (
            undone.target if kind == LEGACY else _text(raw, "target", path, line, required=True)
        )
        if target != undone.target:
            raise _bad(path, line, Msg("journal.reason.undo_of_nothing", seq=retracts))
        return Retraction(seq, plan, target, retracts, when, note, by, writer)
    if action != RECORD:
        raise _bad(path, line, Msg("journal.reason.bad_key", key="action"))
    target = _text(raw, "target", path, line, required=True)
    value, day = raw.get("value"), raw.get("date")
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or (isinstance(value, float) and not math.isfinite(value))
        or not (0 if raw.get("unit") != "%" or raw.get("stage") is not None else -100)
        <= value
        <= _MAX_VALUE
    ):
        raise _bad(path, line, Msg("journal.reason.bad_value"))
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise _bad(path, line, Msg("journal.reason.bad_key", key="date"))
    unit, stage, forced = raw.get("unit"), raw.get("stage"), raw.get("forced", False)
    if not isinstance(forced, bool):
        raise _bad(path, line, Msg("journal.reason.bad_key", key="forced"))
    if unit is not None and not isinstance(unit, str):
        raise _bad(path, line, Msg("journal.reason.bad_key", key="unit"))
    if stage is not None and not isinstance(stage, str):
        raise _bad(path, line, Msg("journal.reason.bad_key", key="stage"))
    return Record(
        seq=seq,
        plan=plan,
        target=target,
        value=value,
        date=day,
        recorded_at=when,
        unit=unit,
        stage=stage,
        input=_text(raw, "input", path, line),
        note=note,
        source=_text(raw, "source", path, line),
        by=by,
        forced=forced,
        recorded_by=writer,
    )
