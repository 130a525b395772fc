"""The progress journal's format: how an entry is written as TOML and how a file is read back.

The journal is append-only TOML: a `[journal]` header, then one `[[entry]]` table per progress record
or retraction, each written in a single append and ending with a `check` key (a CRC of the entry).
Because `check` is written last, an entry cut short by a crash is recognisable: it is missing its
check, or it is not valid TOML. Only the last entry can be torn; anything wrong before it was done
by hand and is reported with its line, never silently dropped. Pure functions on bytes: the file
handling (locks, fsync, repair) is in `journal_store`.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from typing import Any

from huandu.domain.model import Journal, ProgressRecord, Retraction
from huandu.errors import HuanduError
from huandu.structs import Struct

FORMAT = 1
HEADER = (
    "# huandu 进度记录 / progress journal. Append-only: correct a figure with `huandu undo`, not by\n"
    "# editing it here. Each [[entry]] ends with a check; huandu verifies it when reading.\n"
    f"[journal]\nformat = {FORMAT}\n"
)
ENTRY_HEADER = "[[entry]]"
# Patterns stay source text until a journal is parsed (`re` compiles and caches them then): a
# report read from the journal's index never needs them.
_TOML_POS = r"\(at line (\d+), column (\d+)\)"

RECORD = "record"
UNDO = "undo"

# The entries huandu itself writes (tomli_w), value by value in the only forms it writes them: a
# string with nothing escaped (TOML's own rule: no `"`, no `\`, no control character but tab), a
# plain integer or float, a date, a datetime. In these forms a TOML value and Python's reading of
# the same text (str, int, float, date/datetime.fromisoformat) are the same value, so such entries
# are read with one regular expression each instead of tomllib, which is pure Python: about 35 µs
# an entry, 7 s for a province's 200,000. An entry in any other form (an escaped quote in a note,
# a hand edit, a torn tail) is read by tomllib.
_STR = r'"([^"\\\x00-\x08\x0a-\x1f\x7f]*)"'
_NUM = r"(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
_DAY = r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
_STAMP = (
    r"([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?"
    r"(?:[+-][0-9]{2}:[0-9]{2}|Z)?)"
)
_ENTRY_START = "\n[[entry]]\n"
_RECORD_ENTRY = (
    f'seq = ([1-9][0-9]*)\naction = "record"\ntarget = {_STR}\nvalue = {_NUM}\n'
    f"(?:unit = {_STR}\n)?(?:stage = {_STR}\n)?input = {_STR}\ndate = {_DAY}\n"
    f"note = {_STR}\nsource = {_STR}\nby = {_STR}\nrecorded_at = {_STAMP}\ncheck = {_STR}\n"
)
_UNDO_ENTRY = (
    f'seq = ([1-9][0-9]*)\naction = "undo"\nretracts = (-?(?:0|[1-9][0-9]*))\n'
    f"note = {_STR}\nby = {_STR}\nrecorded_at = {_STAMP}\ncheck = {_STR}\n"
)

Entry = ProgressRecord | Retraction


class JournalCorrupt(HuanduError):
    """The journal was changed outside huandu in a way that cannot be read; writing is refused."""


class ReadResult(Struct):
    """What a journal file holds: the entries, how many leading bytes are sound, and any torn tail."""

    journal: Journal
    good_length: int
    torn: bytes
    warnings: list[tuple[str, dict[str, Any]]]

    def __init__(
        self,
        journal: Journal,
        good_length: int,
        torn: bytes = b"",
        warnings: list[tuple[str, dict[str, Any]]] | None = None,
    ) -> None:
        self.journal = journal
        self.good_length = good_length
        self.torn = torn
        self.warnings = [] if warnings is None else warnings


def _fields(entry: Entry) -> dict[str, Any]:
    if isinstance(entry, Retraction):
        fields: dict[str, Any] = {"seq": entry.seq, "action": UNDO, "retracts": entry.retracts}
        fields.update(note=entry.note, by=entry.by, recorded_at=entry.recorded_at)
        return fields
    fields = {"seq": entry.seq, "action": RECORD, "target": entry.target, "value": entry.value}
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
    return fields


def checksum(fields: dict[str, Any]) -> str:
    """CRC-32 of the entry's fields in a canonical JSON form (independent of TOML layout)."""
    import json  # here, not at the top: a report read from the index never needs it

    canonical = json.dumps(
        {k: v for k, v in fields.items() if k != "check"},
        sort_keys=True,
        ensure_ascii=False,
        default=lambda v: v.isoformat(),
    )
    return f"{zlib.crc32(canonical.encode('utf-8', 'surrogatepass')):08x}"


def encode_entry(entry: Entry) -> bytes:
    """One `[[entry]]` table, starting with a blank line, ready to append."""
    import tomli_w

    fields = _fields(entry)
    fields["check"] = checksum(fields)
    return ("\n" + tomli_w.dumps({"entry": [fields]})).encode("utf-8")


def _line_of(data: bytes | str, offset: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def _is_date(v: Any) -> bool:
    return isinstance(v, dt.date) and not isinstance(v, dt.datetime)


def _is_number(v: Any) -> bool:
    return (
        isinstance(v, int | float) and not isinstance(v, bool) and v == v and abs(v) != float("inf")
    )


def _text(raw: dict, key: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise ValueError(key)
    return value


def _entry(raw: Any) -> Entry:
    """Build a model entry from a parsed table; ValueError names the first bad key."""
    if not isinstance(raw, dict):
        raise ValueError("entry")
    seq, action, when = raw.get("seq"), raw.get("action"), raw.get("recorded_at")
    if type(seq) is not int or seq <= 0:
        raise ValueError("seq")
    if not isinstance(when, dt.datetime):
        raise ValueError("recorded_at")
    if action == UNDO:
        retracts = raw.get("retracts")
        if type(retracts) is not int:
            raise ValueError("retracts")
        return Retraction(seq, retracts, when, note=_text(raw, "note"), by=_text(raw, "by"))
    if action != RECORD:
        raise ValueError("action")
    target, value, day = raw.get("target"), raw.get("value"), raw.get("date")
    if not isinstance(target, str) or not target:
        raise ValueError("target")
    if not _is_number(value) or value < 0:
        raise ValueError("value")
    if not _is_date(day):
        raise ValueError("date")
    unit, stage = raw.get("unit"), raw.get("stage")
    if unit is not None and not isinstance(unit, str):
        raise ValueError("unit")
    if stage is not None and not isinstance(stage, str):
        raise ValueError("stage")
    return ProgressRecord(
        seq=seq,
        target=target,
        value=value,
        date=day,
        recorded_at=when,
        unit=unit,
        stage=stage,
        input=_text(raw, "input"),
        note=_text(raw, "note"),
        source=_text(raw, "source"),
        by=_text(raw, "by"),
    )


def _entry_lines(text: str) -> list[int]:
    """The line number of every `[[entry]]` header, in one pass over the text."""
    lines = []
    line, position = 1, 0
    for match in re.finditer(r"(?m)^\[\[entry\]\][ \t]*\r?$", text):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines.append(line)
    return lines


def _corrupt(path: str, line: int, reason: str) -> JournalCorrupt:
    return JournalCorrupt("journal.corrupt", path=path, line=line, reason=reason)


def read_journal(data: bytes, path: str = "progress.toml") -> ReadResult:
    """Parse a whole journal file. A torn last entry is set aside (with a warning); anything else
    unreadable raises `JournalCorrupt` naming the line."""
    import tomllib

    if not data.strip():
        return ReadResult(Journal(), len(data))
    last_start = _last_header(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if last_start is not None and exc.start >= last_start:
            return _torn(data, last_start, path)
        raise _corrupt(path, _line_of(data, exc.start), "not UTF-8") from None
    parsed = _as_written(text)
    if parsed is not None:
        return _entries(parsed, data, text, path, last_start)
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        pos = re.search(_TOML_POS, str(exc))
        line = int(pos.group(1)) if pos else text.count("\n") + 1
        if last_start is not None and line >= _line_of(data, last_start):
            return _torn(data, last_start, path)
        raise _corrupt(path, line, re.sub(_TOML_POS, "", str(exc)).strip()) from None
    except (RecursionError, ValueError):
        raise _corrupt(path, 1, "unreadable TOML") from None
    return _entries(parsed, data, text, path, last_start)


def _last_header(data: bytes) -> int | None:
    """Where the last line starting with "[" begins, if there are two or more such lines (the
    first is `[journal]`): the start of the last entry, even one a crash cut short ("[[ent").
    Any line starting with "[" is a table header: entries never put "[" first on a line (tomli-w
    escapes newlines inside strings)."""
    last = data.rfind(b"\n[")
    if last == -1:
        return None
    if data.startswith(b"[") or data.rfind(b"\n[", 0, last) != -1:
        return last + 1
    return None


def _as_written(text: str) -> dict[str, Any] | None:
    """What `tomllib.loads(text)` gives for a journal as huandu writes it (the header, then
    entries), read without tomllib where an entry is in huandu's own forms; None for a journal
    laid out any other way, which is left to tomllib whole (it also names the line of a fault)."""
    import tomllib

    if not text.startswith(HEADER):
        return None
    record_entry = re.compile(_RECORD_ENTRY)
    undo_entry = re.compile(_UNDO_ENTRY)
    days: dict[str, dt.date] = {}
    stamps: dict[str, dt.datetime] = {}
    entries: list[dict[str, Any]] = []
    skip = len(_ENTRY_START)
    at, end = len(HEADER), len(text)
    try:
        while at < end:
            if not text.startswith(_ENTRY_START, at):
                return None
            match = record_entry.match(text, at + skip) or undo_entry.match(text, at + skip)
            if match is None:  # in another form: this entry alone goes to tomllib
                following = text.find(_ENTRY_START, at + 1)
                following = end if following == -1 else following
                alone = tomllib.loads(text[at:following])
                if len(alone) != 1 or len(alone.get("entry", ())) != 1:
                    return None
                entries.append(alone["entry"][0])
                at = following
                continue
            groups = match.groups()
            if len(groups) == 12:
                seq, target, value, unit, stage, typed, day, note, source, by, when, check = groups
                fields: dict[str, Any] = {
                    "seq": int(seq),
                    "action": RECORD,
                    "target": target,
                    # TOML's float has a fraction or an exponent; its integer has neither.
                    "value": int(value) if value.lstrip("-").isdigit() else float(value),
                }
                if unit is not None:
                    fields["unit"] = unit
                if stage is not None:
                    fields["stage"] = stage
                if day not in days:
                    days[day] = dt.date.fromisoformat(day)
                fields.update(input=typed, date=days[day], note=note, source=source)
            else:
                seq, retracts, note, by, when, check = groups
                fields = {"seq": int(seq), "action": UNDO, "retracts": int(retracts), "note": note}
            if when not in stamps:
                stamps[when] = dt.datetime.fromisoformat(when)
            fields.update(by=by, recorded_at=stamps[when], check=check)
            entries.append(fields)
            at = match.end()
    except (ValueError, tomllib.TOMLDecodeError):  # an impossible date, a broken entry
        return None
    parsed: dict[str, Any] = {"journal": {"format": FORMAT}}
    if entries:
        parsed["entry"] = entries
    return parsed


def _torn(data: bytes, last_start: int, path: str) -> ReadResult:
    """The last entry is incomplete: read everything before it, keep its bytes for the record."""
    cut = last_start
    # The blank line written before the torn entry belongs to it.
    if data[:cut].endswith(b"\n\n"):
        cut -= 1
    result = read_journal(data[:cut], path)
    if result.torn:  # pragma: no cover - only one entry can be torn by one interrupted write
        raise _corrupt(path, _line_of(data, last_start), "more than one incomplete entry")
    result.torn = data[cut:]
    result.good_length = cut
    result.warnings.append(
        (
            "journal.torn",
            {"path": path, "line": _line_of(data, last_start), "size": len(data) - cut},
        )
    )
    return result


def _entries(
    parsed: dict[str, Any], data: bytes, text: str, path: str, last_start: int | None
) -> ReadResult:
    raw_entries = parsed.get("entry", [])
    if not isinstance(raw_entries, list):
        raise _corrupt(path, 1, "'entry' must be [[entry]] tables")
    lines: list[int] = []  # every entry's line, found only when one has to be named

    def line_of(index: int) -> int:
        if not lines:
            lines.extend(_entry_lines(text))
        return lines[index] if index < len(lines) else 1

    records: list[ProgressRecord] = []
    retractions: list[Retraction] = []
    warnings: list[tuple[str, dict[str, Any]]] = []
    seen: set[int] = set()
    for index, raw in enumerate(raw_entries):
        is_last = index == len(raw_entries) - 1
        if is_last and isinstance(raw, dict) and "check" not in raw and last_start is not None:
            # Cut at a line boundary by a crash: valid TOML, but the entry never got its check.
            return _torn(data, last_start, path)
        try:
            entry = _entry(raw)
        except ValueError as exc:
            raise _corrupt(path, line_of(index), f"bad or missing '{exc}'") from None
        if entry.seq in seen:
            raise _corrupt(path, line_of(index), f"duplicate seq {entry.seq}")
        seen.add(entry.seq)
        if raw.get("check") != checksum(raw):
            where = {"path": path, "line": line_of(index), "seq": entry.seq}
            warnings.append(("journal.edited", where))
        if isinstance(entry, Retraction):
            retractions.append(entry)
        else:
            records.append(entry)
    journal = Journal(tuple(records), tuple(retractions))
    return ReadResult(journal, len(data), warnings=warnings)
