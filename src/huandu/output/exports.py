"""Machine-readable and paste-ready output: JSON, CSV (UTF-8 with BOM, so Excel reads Chinese), and
Markdown. Plain data in, text out; the key names are the documented contract (see README).

`huandu report` imports this module whatever the format, so `json`, `csv` and the patterns are
loaded only by the function that needs them: a table on the screen never does.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from huandu.domain.model import Registry, Target
from huandu.domain.report import KIND_KEYS, kind_fields
from huandu.text import visible

BOM = "\ufeff"

# `huandu list --format json|csv`: documented in README "JSON output".
LIST_KEYS = (
    "id",
    "county",
    "county_id",
    "county_name",
    "title",
    "title_en",
    "kind",
    "target",
    "unit",
    "comparison",
    "deadline",
    "category",
    "quote",
    "lead",
    "contact",
    *KIND_KEYS,
)


def target_record(registry: Registry, target: Target) -> dict[str, Any]:
    county = registry.county_by_id(target.county)
    return {
        "id": target.id,
        "county": county.short,
        "county_id": county.id,
        "county_name": county.name,
        "title": target.title,
        "title_en": target.title_en,
        "kind": target.kind,
        "target": target.target,
        "unit": target.unit.symbol if target.unit else None,
        "comparison": None if target.is_milestone else target.comparison,
        "deadline": target.deadline.isoformat(),
        "category": target.category,
        "quote": target.quote,
        **dict(zip(("lead", "contact"), registry.responsible(target), strict=True)),
        **kind_fields(target),
    }


# JSON keeps Chinese readable (ensure_ascii=False) but must not carry raw C1 controls or bidi
# overrides to a terminal; escaping them as \uXXXX keeps the data exact and the screen safe.
_JSON_UNSAFE = "[\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]"


def _json_value(value: Any) -> str:
    """One value as compact JSON (the C encoder; NaN and infinities are refused, never written)."""
    import json

    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    if text.isascii() or not re.search(_JSON_UNSAFE, text):
        return text
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group(0)):04x}", text)


def json_chunks(data: Any) -> Iterator[str]:
    """JSON a piece at a time, laid out for reading: the members of the top object or array one
    per line, and an array of rows (a list of objects) one row per line; each row, and anything
    deeper, on one line. Valid JSON whatever the layout; written piece by piece, so a log of any
    length streams out without being held whole."""
    if isinstance(data, dict):
        yield "{"
        for index, (key, value) in enumerate(data.items()):
            yield ("\n  " if index == 0 else ",\n  ") + _json_value(key) + ": "
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                yield from _rows(value, indent="    ", closing="\n  ]")
            else:
                yield _json_value(value)
        yield "\n}\n" if data else "}\n"
    elif isinstance(data, list | tuple) or hasattr(data, "__next__"):
        yield from _rows(data, indent="  ", closing="\n]")
        yield "\n"
    else:
        yield _json_value(data) + "\n"


def _rows(rows: Iterable[Any], *, indent: str, closing: str) -> Iterator[str]:
    first = True
    for row in rows:
        yield ("[\n" if first else ",\n") + indent + _json_value(row)
        first = False
    yield "[]" if first else closing


def to_json(data: Any) -> str:
    return "".join(json_chunks(data))


def to_csv(rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow(["" if row.get(k) is None else _csv_cell(row.get(k)) for k in keys])
    return BOM + buffer.getvalue()


# A text cell that Excel would read as a formula (=, +, -, @ first) gets a leading apostrophe, the
# usual guard against formula injection; a plain signed number such as "+500" stays as it is.
_FORMULA_START = ("=", "+", "-", "@")
_PLAIN_NUMBER = r"[+-]?[\d.,]+%?"


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):  # a goal's nodes: 开工 2025-06-30; 竣工 2025-12-31
        value = "; ".join(f"{node['name']} {node['due']}" for node in value)
    if not isinstance(value, str):
        return value
    text = visible(value)
    if text.startswith(_FORMULA_START) and not re.fullmatch(_PLAIN_NUMBER, text):
        return "'" + text
    return text


class Markup(str):
    """Markdown huandu wrote itself (`**环都市区合计**`): put in as it is, never escaped."""


# Markdown that untrusted text could start: emphasis, code, links and images, strikethrough,
# table cells, and raw HTML (<script>, <img onerror=...>), which becomes entities.
_MD_SPECIAL = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]|~"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
)


def md_text(value: Any) -> str:
    """Untrusted text as Markdown that shows it literally, on one line."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = visible(value).replace("\\n", " ")
    if text.isalnum():
        return text
    return text.translate(_MD_SPECIAL)


_md_cell = md_text


def to_markdown(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "") -> str:
    lines = [f"### {_md_cell(title)}", ""] if title else []
    lines.append("| " + " | ".join(_md_cell(h) for h in headers) + " |")
    lines.append("|" + "|".join(" --- " for _ in headers) + "|")
    for row in rows:
        lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ the writers of each view
# (huandu.output.WRITERS): a view in, text out.


def list_json(view: Any, *, width: int = 0) -> str:
    return to_json([target_record(view.registry, t) for _, goals in view.groups for t in goals])


def list_csv(view: Any, *, width: int = 0) -> str:
    records = [target_record(view.registry, t) for _, goals in view.groups for t in goals]
    return to_csv(records, LIST_KEYS)


#: The keys of a plan in `huandu plan list --format json` (and the CSV's columns), in order.
PLAN_KEYS = (
    "id", "title", "title_en", "year", "start", "end", "goals", "figures", "origin", "version",
    "added_at", "added_by", "current", "chosen",
)  # fmt: skip


def plan_record(row: Any) -> dict[str, Any]:
    entry = row.entry
    return {
        "id": entry.id,
        "title": entry.title,
        "title_en": entry.title_en,
        "year": entry.year,
        "start": entry.start.isoformat(),
        "end": entry.end.isoformat(),
        "goals": entry.goals,
        "figures": row.figures,
        "origin": entry.origin,
        "version": entry.version or None,
        "added_at": entry.added_at or None,
        "added_by": entry.added_by,
        "current": row.current,
        "chosen": row.chosen,
    }


def plans_json(rows: Any, *, width: int = 0) -> str:
    return to_json([plan_record(row) for row in rows])


def plans_csv(rows: Any, *, width: int = 0) -> str:
    return to_csv([plan_record(row) for row in rows], PLAN_KEYS)


def log_json(rows: Iterable[dict[str, Any]], *, width: int = 0) -> Iterator[str]:
    return json_chunks(iter(rows))


def log_csv(rows: Iterable[dict[str, Any]], *, width: int = 0) -> str:
    from huandu.domain.history import LOG_KEYS

    return to_csv(list(rows), LOG_KEYS)


def show_json(view: Any, *, width: int = 0) -> str:
    return to_json(view.detail)


def report_json(report: Any, *, width: int = 0) -> str:
    return to_json(report.data)


def report_csv(report: Any, *, width: int = 0) -> str:
    from huandu.domain.report import TARGET_KEYS

    return to_csv(report.data["targets"], TARGET_KEYS)


def monthly_json(monthly: Any, *, width: int = 0) -> Iterator[str]:
    """The monthly view as JSON, laid out as `json_chunks` lays out the others, written a goal at
    a time. A province's view is thousands of goals by dozens of months, so a goal's months are
    written from prepared pieces rather than through `json`: each month's object is fixed text
    but for its percent (its date; its light and status, a closed set of words), so the row is
    those texts joined, with every percent put in at once (`%.2f`: two decimals, `23.30`). The
    rest of each goal goes through `json` itself. Tests check that it reads back, value for
    value, as the view's `data`."""
    from huandu.domain.monthly import row_fields

    head = monthly.head()
    yield "{"
    for key, value in head.items():
        yield f"\n  {_json_value(key)}: {_json_value(value)},"
    yield '\n  "targets": '
    months_of = _month_texts(head["months"])
    first = True
    for row in monthly.rows:
        fields = _json_value(row_fields(monthly.registry, row))[:-1]  # its closing brace follows
        texts = [
            month[status, light]
            for month, (_p, _g, status, light) in zip(months_of, row.verdicts, strict=True)
        ]
        months = ", ".join(texts) % tuple(v[0] for v in row.verdicts if v[0] is not None)
        if "inf" in months or "nan" in months:  # no word of a month holds either
            raise ValueError("a percent that is not a finite number cannot be written as JSON")
        escalate = "true" if row.escalate else "false"
        yield (
            ("[\n    " if first else ",\n    ")
            + f'{fields}, "months": [{months}], "streak": {row.streak}, "escalate": {escalate}}}'
        )
        first = False
    yield "[]\n}\n" if first else "\n  ]\n}\n"


def _month_texts(days: list[str]) -> list[dict[tuple[str, str | None], str]]:
    """For each month, its JSON object for every status and light: `%.2f` where the percent goes
    (no percent and no light without data). Nothing else in them holds a `%`."""
    from huandu.domain.progress import LIGHTS, NO_DATA, STATUSES

    texts = []
    for day in days:
        month = {
            (status, light): (
                f'{{"month": "{day}", "percent": %.2f, "light": {_json_value(light)}, '
                f'"status": "{status}"}}'
            )
            for status in STATUSES
            for light in LIGHTS
        }
        month[NO_DATA, None] = (
            f'{{"month": "{day}", "percent": null, "light": null, "status": "{NO_DATA}"}}'
        )
        texts.append(month)
    return texts


def monthly_csv(monthly: Any, *, width: int = 0) -> str:
    from huandu.domain.monthly import csv_rows

    keys, rows = csv_rows(monthly)
    return to_csv(rows, keys)


def compare_json(comparison: Any, *, width: int = 0) -> str:
    return to_json(comparison.data)


def compare_csv(comparison: Any, *, width: int = 0) -> str:
    from huandu.domain.compare import csv_rows

    keys, rows = csv_rows(comparison)
    return to_csv(rows, keys)


def notice_json(notices: Any, *, width: int = 0) -> str:
    return to_json(notices.data)


def missing_json(missing: Any, *, width: int = 0) -> str:
    return to_json(missing.data)


def missing_csv(missing: Any, *, width: int = 0) -> str:
    from huandu.domain.missing import MISSING_KEYS

    return to_csv(missing.rows(), MISSING_KEYS)
