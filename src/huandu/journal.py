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

from huandu.errors import HuanduError
from huandu.model import Journal, ProgressRecord, Retraction
from huandu.structs import Struct

FORMAT = 1
HEADER = (
    "# huandu 进度记录 / progress journal. Append-only: correct a figure with `huandu undo`, not by\n"
    "# editing it here. Each [[entry]] ends with a check; huandu verifies it when reading.\n"
    f"[journal]\nformat = {FORMAT}\n"
)
ENTRY_HEADER = "[[entry]]"
# Any line starting with "[" is a table header: entries never put "[" first on a line (tomli-w
# escapes newlines inside strings), so the last such line is where the last entry begins, even if a
# crash cut the header itself short ("[[ent").
# Patterns stay source text until a journal is parsed (`re` compiles and caches them then): a
# report read from the journal's index never needs them.
_HEADER_LINE = rb"(?m)^\["
_TOML_POS = r"\(at line (\d+), column (\d+)\)"

RECORD = "record"
UNDO = "undo"

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
    starts = [m.start() for m in re.finditer(_HEADER_LINE, data)]
    last_start = starts[-1] if len(starts) > 1 else None  # the first header is [journal]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if last_start is not None and exc.start >= last_start:
            return _torn(data, last_start, path)
        raise _corrupt(path, _line_of(data, exc.start), "not UTF-8") from None
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
    lines = _entry_lines(text)
    records: list[ProgressRecord] = []
    retractions: list[Retraction] = []
    warnings: list[tuple[str, dict[str, Any]]] = []
    seen: set[int] = set()
    for index, raw in enumerate(raw_entries):
        line = lines[index] if index < len(lines) else 1
        is_last = index == len(raw_entries) - 1
        if is_last and isinstance(raw, dict) and "check" not in raw and last_start is not None:
            # Cut at a line boundary by a crash: valid TOML, but the entry never got its check.
            return _torn(data, last_start, path)
        try:
            entry = _entry(raw)
        except ValueError as exc:
            raise _corrupt(path, line, f"bad or missing '{exc}'") from None
        if entry.seq in seen:
            raise _corrupt(path, line, f"duplicate seq {entry.seq}")
        seen.add(entry.seq)
        if raw.get("check") != checksum(raw):
            warnings.append(("journal.edited", {"path": path, "line": line, "seq": entry.seq}))
        if isinstance(entry, Retraction):
            retractions.append(entry)
        else:
            records.append(entry)
    journal = Journal(tuple(records), tuple(retractions))
    return ReadResult(journal, len(data), warnings=warnings)
