"""Reading a registry (the plan's TOML file) into the model, or saying exactly what is wrong with it.

`parse_registry` takes bytes, not a path: the storage layer reads files, this module only judges
content. Every problem is collected (not just the first) and named by line, so `huandu validate`
can list them all and every other command can refuse a broken registry with the same messages.
Nothing but `RegistryError` may escape: encoding errors, deep nesting, gigantic numbers and wrong
types all become one readable line each.

Problems are `errors.Problem`s (a message key and its values, translated at the command line's
edge). `load_registry` reads the file; a registry that validated is kept, parsed, as plain JSON in
the home's cache folder, keyed by the file's content (`content_key`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from huandu.domain.model import (
    AT_MOST,
    CEILING,
    COMPARISONS,
    DAYS,
    DEFAULT_STAGES,
    GROWTH,
    KINDS,
    MILESTONE,
    QUANTITY,
    REACH,
    TIME_PROGRESS_MODES,
    County,
    Node,
    Plan,
    Registry,
    Stage,
    Target,
)
from huandu.domain.units import UNITS
from huandu.errors import Msg, Problem, RegistryError

_ID = r"^[a-z0-9][a-z0-9_-]*$"
_TARGET_ID = r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$"
_TOML_POS = r"\(at line (\d+), column (\d+)\)"
_MAX_NUMBER = 1e15
#: The largest growth rate (in percent, either way) a goal may state.
_MAX_RATE = 1000
#: `continues = "PLAN:GOAL"`: a plan id, a colon, a goal id.
_CONTINUES = r"^[A-Za-z0-9][A-Za-z0-9_.-]*:[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$"
#: A target smaller than this makes completion (value × 100 / target) overflow or mean nothing.
_MIN_TARGET = 1e-6
#: The years a plan may fall in, and how far past its end a goal's deadline may be.
_YEARS = (2000, 2100)
_DEADLINE_YEARS_AFTER_END = 10
_MAX_GRACE = 366
_MAX_INTERVAL = 36600  # update_interval_days: a century is the most that still means anything
# A chain of 100+ dotted key parts (a.b.c…): tomllib's memory grows with the square of the chain,
# so a few hundred kilobytes of `a.a.a…` would exhaust memory before any error could be shown.
# (Possessive and anchored so that a long run of digits is scanned once, not once per digit.)
_DEEP_KEY = (
    r"(?<![A-Za-z0-9_-])(?:(?:[A-Za-z0-9_-]++|\"[^\"\n]*+\"|'[^'\n]*+')[ \t]*+\.[ \t]*+){100}"
)

PLAN_KEYS = {
    "id",
    "title",
    "title_en",
    "year",
    "start",
    "end",
    "source",
    "source_en",
    "behind_points",
    "far_behind_points",
    "stages",
    "time_progress",
    "update_interval_days",
    "opening_grace_days",
    "notice_days",
    "rate_behind_points",
    "rate_far_behind_points",
    "approx_rate_points",
    "approx_amount_percent",
}
COUNTY_KEYS = {"id", "name", "short", "name_en", "aliases", "positioning", "lead", "contact"}
TARGET_KEYS = {
    "id",
    "county",
    "title",
    "title_en",
    "category",
    "kind",
    "quote",
    "deadline",
    "target",
    "unit",
    "comparison",
    "stages",
    "start",
    "behind_points",
    "far_behind_points",
    "update_interval_days",
    "compare",
    "max_ratio",
    "lead",
    "contact",
    "approx",
    "tolerance",
    "nodes",
    "of",
    "base",
    "base_unit",
    "continues",
}


class _Lines:
    """Where each table and key sits in the file, so a problem can name its line.

    tomllib gives values but no positions; this light scan of the text is enough for the flat
    layout registries use (tables, arrays of tables, one key per line).
    """

    _HEADER = r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$"
    _KEY = r"^\s*([A-Za-z0-9_-]+)\s*="

    def __init__(self, text: str) -> None:
        self.tables: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        current: tuple[str, int] = ("", 0)
        header_of, key_of = re.compile(self._HEADER).match, re.compile(self._KEY).match
        for number, line in enumerate(text.splitlines(), start=1):
            header = header_of(line)
            if header:
                name = header.group(1)
                index = counts.get(name, -1) + 1 if line.lstrip().startswith("[[") else 0
                counts[name] = index
                current = (name, index)
                self.tables.setdefault(current, number)
                continue
            key = key_of(line)
            if key:
                self.keys.setdefault((*current, key.group(1)), number)

    def of(self, table: str, index: int, key: str | None = None) -> int:
        if key is not None and (table, index, key) in self.keys:
            return self.keys[(table, index, key)]
        return self.tables.get((table, index), 1)


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 saved without a BOM: ASCII text with a NUL byte beside every character."""
    head = data[:64]
    return len(head) >= 4 and any(
        half.count(0) * 2 >= len(half) for half in (head[0::2], head[1::2])
    )


def _decode(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        raise RegistryError([Problem(path, None, "registry.bom", {})])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise RegistryError([Problem(path, None, "registry.utf16", {})])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise RegistryError([Problem(path, line, "registry.not_utf8", {})]) from None
        raise RegistryError([Problem(path, line, "registry.gbk", {})]) from None


def _load_toml(text: str, path: str) -> dict[str, Any]:
    import tomllib

    if re.search(_DEEP_KEY, text):
        raise RegistryError([Problem(path, None, "registry.too_deep", {})])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        pos = re.search(_TOML_POS, detail)
        if pos:
            line, col = int(pos.group(1)), int(pos.group(2))
        else:  # "(at end of document)"
            line, col = text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1
        reason = re.sub(_TOML_POS, "", detail).replace("(at end of document)", "").strip()
        raise RegistryError(
            [Problem(path, line, "registry.syntax", {"reason": toml_reason(reason)}, col)]
        ) from None
    except RecursionError:
        raise RegistryError([Problem(path, None, "registry.too_deep", {})]) from None
    except (ValueError, MemoryError):
        # tomllib raises ValueError for integers beyond Python's digit limit.
        match = re.search(r"\d{1000}", text)
        line = text.count("\n", 0, match.start()) + 1 if match else 1
        raise RegistryError([Problem(path, line, "registry.number_too_long", {})]) from None


# tomllib's messages, and the catalogue's words for each (what is quoted stays as written).
_TOML_REASONS = (
    (r"^Expected newline or end of document after a statement$", "toml.expected_newline"),
    (r"^Expected '=' after a key in a key/value pair$", "toml.expected_equals"),
    (r"^Expected '\]' at the end of a table declaration$", "toml.table_end"),
    (r"^Expected '\]\]' at the end of an array declaration$", "toml.array_table_end"),
    (r"^Invalid value$", "toml.invalid_value"),
    (r"^Invalid statement$", "toml.invalid_statement"),
    (r"^Unterminated string$", "toml.unterminated_string"),
    (r"^Unclosed array$", "toml.unclosed_array"),
    (r"^Unclosed inline table$", "toml.unclosed_inline_table"),
    (r"^Invalid date or datetime$", "toml.invalid_date"),
    (r"^Cannot overwrite a value$", "toml.overwrite"),
    (r"^Cannot declare (?P<key>.+) twice$", "toml.declared_twice"),
    (r"^Cannot redefine namespace (?P<key>.+)$", "toml.redefine_namespace"),
    (r"^Cannot mutate immutable namespace (?P<key>.+)$", "toml.mutate_namespace"),
    (r"^Duplicate inline table key (?P<key>.+)$", "toml.duplicate_inline_key"),
    (r"^Illegal character (?P<char>.+)$", "toml.illegal_character"),
    (r"^Found invalid character (?P<char>.+)$", "toml.invalid_character"),
    (r"^Invalid initial character for a key part$", "toml.invalid_key_start"),
    (r"^Unescaped '\\' in a string$", "toml.unescaped_backslash"),
    (r"^Invalid hex value$", "toml.invalid_hex"),
    (r"^Escaped character is not a Unicode scalar value$", "toml.not_scalar"),
    (r"^Expected (?P<what>.+)$", "toml.expected"),
)


def toml_reason(reason: str) -> Msg | str:
    """tomllib's English reason as a message in the user's language (as written if unknown)."""
    for pattern, key in _TOML_REASONS:
        found = re.match(pattern, reason)
        if found:
            return Msg(key, **found.groupdict())
    return reason


class _Checker:
    """Collects problems while building model objects from the parsed TOML."""

    def __init__(self, path: str, lines: _Lines) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str, /, **params: Any) -> None:
        # `message` is positional-only: many messages take a `key` parameter of their own.
        self.problems.append(Problem(self.path, line, message, params))

    def field(
        self,
        table: dict[str, Any],
        where: tuple[str, int],
        what: str,
        key: str,
        expected: str,
        accept: Callable[[Any], bool],
        *,
        required: bool = True,
        default: Any = None,
    ) -> Any:
        line = self.lines.of(where[0], where[1], key)
        if key not in table:
            if required:
                self.problem(line, "registry.missing", what=what, key=key)
            return default
        value = table[key]
        if not accept(value):
            self.problem(
                line,
                "registry.wrong_type",
                what=what,
                key=key,
                expected=Msg(f"type.{expected}"),
                actual=_describe(value),
            )
            return default
        return value

    def text(self, table: dict, where: tuple[str, int], what: str, key: str, **kw: Any) -> Any:
        value = self.field(table, where, what, key, "string", _is_text, **kw)
        if isinstance(value, str) and not value.strip() and kw.get("required", True):
            self.problem(self.lines.of(*where, key), "registry.empty", what=what, key=key)
        return value

    def date(self, table: dict, where: tuple[str, int], what: str, key: str, **kw: Any) -> Any:
        value = self.field(table, where, what, key, "date", _is_date_like, **kw)
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                self.problem(
                    self.lines.of(*where, key), "registry.bad_date", what=what, key=key, value=value
                )
                return kw.get("default")
        return value

    def number(self, table: dict, where: tuple[str, int], what: str, key: str, **kw: Any) -> Any:
        value = self.field(table, where, what, key, "number", _is_number, **kw)
        if value is None or value is kw.get("default"):
            return value
        line = self.lines.of(*where, key)
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(line, "registry.not_finite", what=what, key=key)
            return kw.get("default")
        if abs(value) > _MAX_NUMBER:
            self.problem(line, "registry.too_large", what=what, key=key)
            return kw.get("default")
        return value

    def optional_text(
        self, table: dict, where: tuple[str, int], what: str, key: str, *, one_line: bool = False
    ) -> Any:
        """An optional string that, when given, says something: stripped, never blank, one line
        (None when absent or refused)."""
        value = self.text(table, where, what, key, required=False)
        if not isinstance(value, str):
            return None
        if not value.strip():
            self.problem(self.lines.of(*where, key), "registry.empty", what=what, key=key)
            return None
        if one_line and ("\n" in value.strip() or "\r" in value.strip()):
            self.problem(self.lines.of(*where, key), "registry.one_line", what=what, key=key)
            return None
        return value.strip()

    def interval(self, table: dict, where: tuple[str, int], what: str) -> int | None:
        """`update_interval_days`: a whole number of days, at least 1 (None when not given)."""
        key = "update_interval_days"
        value = self.field(table, where, what, key, "integer", _is_integer, required=False)
        if value is not None and not 1 <= value <= _MAX_INTERVAL:
            self.problem(self.lines.of(*where, key), "registry.bad_interval", what=what, key=key)
            return None
        return value

    def unknown_keys(self, table: dict, where: tuple[str, int], what: str, known: set[str]) -> None:
        for key in table:
            if key not in known:
                self.problem(self.lines.of(*where, key), "registry.unknown_key", what=what, key=key)


def _is_text(v: Any) -> bool:
    return isinstance(v, str)


def _is_date_like(v: Any) -> bool:
    return (isinstance(v, dt.date) and not isinstance(v, dt.datetime)) or isinstance(v, str)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _is_integer(v: Any) -> bool:
    return type(v) is int


def _describe(value: Any) -> Msg:
    kinds = {
        bool: "boolean",
        int: "number",
        float: "number",
        str: "string",
        list: "array",
        dict: "table",
        dt.datetime: "datetime",
        dt.date: "date",
        dt.time: "time",
    }
    return Msg("type." + kinds.get(type(value), "value"))


def _table_list(data: dict, name: str, checker: _Checker) -> list[tuple[int, dict]]:
    """The entries of an array of tables, skipping (and reporting) anything that is not a table."""
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        checker.problem(checker.lines.of(name, 0), "registry.not_table_array", key=name)
        return []
    entries = []
    for index, entry in enumerate(value):
        if isinstance(entry, dict):
            entries.append((index, entry))
        else:
            checker.problem(checker.lines.of(name, index), "registry.not_table_array", key=name)
    return entries


def _stages(raw: Any, where: tuple[str, int], what: str, checker: _Checker) -> tuple[Stage, ...]:
    if raw is None:
        return DEFAULT_STAGES
    line = checker.lines.of(*where, "stages")
    if not isinstance(raw, list) or not raw or not all(isinstance(s, dict) for s in raw):
        checker.problem(line, "registry.bad_stages", what=what)
        return DEFAULT_STAGES
    stages = []
    for entry in raw:
        name, percent, aliases = entry.get("name"), entry.get("percent"), entry.get("aliases", [])
        if (
            not isinstance(name, str)
            or not name.strip()
            or not _is_number(percent)
            or not 0 <= percent <= 100
            or not isinstance(aliases, list)
            or not all(isinstance(a, str) for a in aliases)
        ):
            checker.problem(line, "registry.bad_stages", what=what)
            return DEFAULT_STAGES
        stages.append(Stage(name, float(percent), tuple(aliases)))
    return tuple(stages)


def _plan(data: dict, checker: _Checker) -> Plan | None:
    raw = data.get("plan")
    if not isinstance(raw, dict):
        key = "registry.no_plan" if raw is None else "registry.not_table"
        checker.problem(checker.lines.of("plan", 0), key, key_name="plan")
        return None
    where, what = ("plan", 0), "[plan]"
    checker.unknown_keys(raw, where, what, PLAN_KEYS)
    plan_id = checker.text(raw, where, what, "id")
    title = checker.text(raw, where, what, "title")
    year = checker.field(raw, where, what, "year", "integer", lambda v: type(v) is int)
    start = checker.date(raw, where, what, "start")
    end = checker.date(raw, where, what, "end")
    source = checker.text(raw, where, what, "source")
    title_en = checker.text(raw, where, what, "title_en", required=False, default="")
    source_en = checker.text(raw, where, what, "source_en", required=False, default="")
    behind = checker.number(raw, where, what, "behind_points", required=False, default=10.0)
    far = checker.number(raw, where, what, "far_behind_points", required=False, default=30.0)
    stages = _stages(raw.get("stages"), where, what, checker)
    mode = checker.text(raw, where, what, "time_progress", required=False, default=DAYS)
    if isinstance(mode, str) and mode not in TIME_PROGRESS_MODES:
        checker.problem(
            checker.lines.of(*where, "time_progress"), "registry.bad_time_progress", value=mode
        )
        mode = DAYS
    interval = checker.interval(raw, where, what)
    grace = checker.field(
        raw, where, what, "opening_grace_days", "integer", _is_integer, required=False, default=0
    )
    if not 0 <= grace <= _MAX_GRACE:
        checker.problem(checker.lines.of(*where, "opening_grace_days"), "registry.bad_grace")
        grace = 0
    notice_days = checker.field(
        raw, where, what, "notice_days", "integer", _is_integer, required=False
    )
    if notice_days is not None and not 0 <= notice_days <= _MAX_INTERVAL:
        checker.problem(
            checker.lines.of(*where, "notice_days"), "registry.bad_notice_days", what=what
        )
        notice_days = None
    if start and end and end < start:
        checker.problem(checker.lines.of(*where, "end"), "registry.end_before_start")
    low, high = _YEARS
    if isinstance(year, int) and not low <= year <= high:
        checker.problem(checker.lines.of(*where, "year"), "registry.bad_year", low=low, high=high)
        year = None
    for key, day in (("start", start), ("end", end)):
        if isinstance(day, dt.date) and not low <= day.year <= high:
            checker.problem(checker.lines.of(*where, key), "registry.bad_plan_date", key=key,
                            low=low, high=high)  # fmt: skip
            year = None
    if (
        isinstance(year, int)
        and start
        and end
        and start <= end
        and not start.year <= year <= end.year
    ):
        checker.problem(checker.lines.of(*where, "year"), "registry.year_outside", year=year,
                        start=start, end=end)  # fmt: skip
    if behind is not None and far is not None and not 0 <= behind <= far:
        checker.problem(checker.lines.of(*where, "behind_points"), "registry.bad_thresholds")
    rate_behind = checker.number(raw, where, what, "rate_behind_points", required=False,
                                 default=0.0)  # fmt: skip
    rate_far = checker.number(raw, where, what, "rate_far_behind_points", required=False,
                              default=2.0)  # fmt: skip
    if rate_behind is not None and rate_far is not None and not 0 <= rate_behind <= rate_far:
        line = checker.lines.of(*where, "rate_behind_points")
        checker.problem(line, "registry.bad_rate_thresholds")
        rate_behind, rate_far = 0.0, 2.0
    tolerances = []
    for key, default in (("approx_rate_points", 0.5), ("approx_amount_percent", 2.0)):
        value = checker.number(raw, where, what, key, required=False, default=default)
        if value is not None and not 0 <= value <= 100:
            checker.problem(checker.lines.of(*where, key), "registry.bad_tolerance", what=what,
                            key=key)  # fmt: skip
            value = default
        tolerances.append(default if value is None else value)
    if None in (plan_id, title, year, start, end, source):
        return None
    return Plan(
        id=plan_id,
        title=title,
        year=year,
        start=start,
        end=end,
        source=source,
        title_en=title_en or "",
        source_en=source_en or "",
        behind_points=float(behind if behind is not None else 10.0),
        far_behind_points=float(far if far is not None else 30.0),
        stages=stages,
        time_progress=mode or DAYS,
        update_interval_days=interval if interval is not None else 31,
        opening_grace_days=grace,
        notice_days=notice_days if notice_days is not None else 30,
        rate_behind_points=float(rate_behind if rate_behind is not None else 0.0),
        rate_far_behind_points=float(rate_far if rate_far is not None else 2.0),
        approx_rate_points=float(tolerances[0]),
        approx_amount_percent=float(tolerances[1]),
    )


def _counties(data: dict, checker: _Checker) -> list[County]:
    counties: list[County] = []
    seen: dict[str, int] = {}
    for index, raw in _table_list(data, "county", checker):
        where = ("county", index)
        what = f"[[county]] #{index + 1}"
        if isinstance(raw.get("id"), str):
            what = f"county {raw['id']!r}"
        checker.unknown_keys(raw, where, what, COUNTY_KEYS)
        county_id = checker.text(raw, where, what, "id")
        if isinstance(county_id, str) and county_id and not re.match(_ID, county_id):
            checker.problem(checker.lines.of(*where, "id"), "registry.bad_id", value=county_id)
        name = checker.text(raw, where, what, "name")
        short = checker.text(raw, where, what, "short")
        name_en = checker.text(raw, where, what, "name_en", required=False, default="")
        aliases = checker.field(
            raw,
            where,
            what,
            "aliases",
            "string_list",
            lambda v: isinstance(v, list) and all(isinstance(a, str) for a in v),
            required=False,
            default=[],
        )
        positioning = checker.text(raw, where, what, "positioning")
        lead = checker.optional_text(raw, where, what, "lead", one_line=True)
        contact = checker.optional_text(raw, where, what, "contact", one_line=True)
        if isinstance(county_id, str) and county_id in seen:
            checker.problem(
                checker.lines.of(*where, "id"),
                "registry.duplicate_id",
                value=county_id,
                first=seen[county_id],
            )
            continue
        if isinstance(county_id, str):
            seen[county_id] = checker.lines.of(*where, "id")
        if None in (county_id, name, short, positioning):
            continue
        counties.append(
            County(
                county_id,
                name,
                short,
                name_en or "",
                tuple(aliases),
                positioning,
                lead or "",
                contact or "",
            )
        )
    if not counties and not checker.problems:
        checker.problem(1, "registry.no_counties")
    return counties


def _targets(
    data: dict, plan: Plan | None, counties: list[County], checker: _Checker
) -> list[Target]:
    county_ids = {c.id for c in counties}
    targets: list[Target] = []
    seen: dict[str, int] = {}
    for index, raw in _table_list(data, "target", checker):
        where = ("target", index)
        what = f"[[target]] #{index + 1}"
        if isinstance(raw.get("id"), str):
            what = f"target {raw['id']!r}"
        checker.unknown_keys(raw, where, what, TARGET_KEYS)
        line_of = lambda key, where=where: checker.lines.of(*where, key)  # noqa: E731
        target_id = checker.text(raw, where, what, "id")
        if isinstance(target_id, str) and target_id and not re.match(_TARGET_ID, target_id):
            checker.problem(line_of("id"), "registry.bad_id", value=target_id)
        county = checker.text(raw, where, what, "county")
        if isinstance(county, str) and county and county_ids and county not in county_ids:
            checker.problem(
                line_of("county"),
                "registry.unknown_county",
                value=county,
                choices=", ".join(sorted(county_ids)),
            )
        title = checker.text(raw, where, what, "title")
        title_en = checker.text(raw, where, what, "title_en", required=False, default="")
        category = checker.text(raw, where, what, "category")
        quote = checker.text(raw, where, what, "quote")
        kind = checker.text(raw, where, what, "kind")
        if isinstance(kind, str) and kind not in KINDS:
            checker.problem(line_of("kind"), "registry.bad_kind", value=kind,
                            choices=", ".join(KINDS))  # fmt: skip
            kind = None
        nodes = _nodes(raw, where, what, kind, plan, checker)
        deadline = checker.date(raw, where, what, "deadline", required=False)
        if nodes:
            if deadline is not None and deadline != nodes[-1].due:
                checker.problem(line_of("deadline"), "registry.nodes_deadline", what=what,
                                due=nodes[-1].due)  # fmt: skip
            deadline = nodes[-1].due
        if deadline is None and plan is not None:
            deadline = plan.end
        # Only a deadline the file gives: a defaulted one (plan end) is covered by end_before_start.
        if (
            plan is not None
            and "deadline" in raw
            and deadline is not None
            and deadline < plan.start
        ):
            checker.problem(
                line_of("deadline"), "registry.deadline_before_start", what=what, start=plan.start
            )
        if plan is not None and deadline is not None and "deadline" in raw:
            latest = dt.date(plan.end.year + _DEADLINE_YEARS_AFTER_END, 12, 31)
            if deadline > latest:
                checker.problem(line_of("deadline"), "registry.deadline_too_late", what=what,
                                latest=latest, years=_DEADLINE_YEARS_AFTER_END)  # fmt: skip
        measure = _measure(raw, where, what, kind, checker)
        value, unit, comparison = measure["target"], measure["unit"], measure["comparison"]
        default_stages = plan.stages if plan is not None else DEFAULT_STAGES
        stages = _stages(raw["stages"], where, what, checker) if "stages" in raw else default_stages
        if nodes:
            if "stages" in raw:
                checker.problem(line_of("stages"), "registry.nodes_and_stages", what=what)
            stages = _node_stages(nodes, default_stages)
        start = _planned_start(raw, where, what, kind, deadline, checker)
        behind, far = _goal_thresholds(raw, where, what, plan, checker)
        interval = checker.interval(raw, where, what)
        max_ratio = checker.number(raw, where, what, "max_ratio", required=False)
        if max_ratio is not None and not 1 < max_ratio <= 1e6:
            checker.problem(line_of("max_ratio"), "registry.bad_max_ratio", what=what)
            max_ratio = None
        compare = checker.optional_text(raw, where, what, "compare")
        lead = checker.optional_text(raw, where, what, "lead", one_line=True)
        contact = checker.optional_text(raw, where, what, "contact", one_line=True)
        continues = checker.optional_text(raw, where, what, "continues", one_line=True)
        if continues is not None and not re.match(_CONTINUES, continues):
            checker.problem(line_of("continues"), "registry.bad_continues", what=what,
                            value=continues)  # fmt: skip
            continues = None
        if isinstance(target_id, str) and target_id in seen:
            checker.problem(
                line_of("id"), "registry.duplicate_id", value=target_id, first=seen[target_id]
            )
            continue
        if isinstance(target_id, str):
            seen[target_id] = line_of("id")
        required = (target_id, county, title, category, quote, kind, deadline)
        if None in required or nodes is None or measure["broken"]:
            continue
        targets.append(
            Target(
                id=target_id,
                county=county,
                title=title,
                title_en=title_en or "",
                category=category,
                kind=kind,
                quote=quote,
                deadline=deadline,
                target=value,
                unit=unit,
                comparison=comparison,
                stages=stages,
                line=checker.lines.of(*where),
                start=start,
                behind_points=behind,
                far_behind_points=far,
                update_interval_days=interval,
                max_ratio=float(max_ratio) if max_ratio is not None else None,
                compare=compare,
                lead=lead,
                contact=contact,
                approx=measure["approx"],
                tolerance=measure["tolerance"],
                nodes=nodes,
                of=measure["of"],
                base=measure["base"],
                base_unit=measure["base_unit"],
                continues=continues,
            )
        )
    return targets


def _unit(raw: dict, where: tuple[str, int], what: str, key: str, checker: _Checker) -> Any:
    """A unit as the registry names it (None, with a problem, when it is not one huandu knows)."""
    symbol = checker.text(raw, where, what, key)
    if not isinstance(symbol, str) or not symbol:
        return None
    unit = UNITS.get(symbol)
    if unit is None:
        checker.problem(checker.lines.of(*where, key), "registry.unknown_unit", value=symbol,
                        choices=" ".join(UNITS))  # fmt: skip
    return unit


def _measure(raw: dict, where: tuple[str, int], what: str, kind: Any, checker: _Checker) -> dict:
    """What a goal is measured in and how it is met: its target, unit and comparison; whether it
    is approximate (左右) and within what; items of a count (`of`); a growth rate's base."""
    line_of = lambda key: checker.lines.of(*where, key)  # noqa: E731
    before = len(checker.problems)
    out: dict[str, Any] = {"target": None, "unit": None, "comparison": REACH, "approx": False,
                           "tolerance": None, "of": None, "base": None, "base_unit": None}  # fmt: skip
    if kind == MILESTONE:
        for key in ("target", "unit", "of", "base", "base_unit", "approx", "tolerance"):
            if key in raw:
                checker.problem(line_of(key), "registry.milestone_value", what=what, key=key)
    elif kind in (QUANTITY, CEILING, GROWTH):
        value = checker.number(raw, where, what, "target")
        if kind == GROWTH:
            if value is not None and (value == 0 or abs(value) > _MAX_RATE):
                checker.problem(line_of("target"), "registry.bad_growth", what=what,
                                most=_MAX_RATE)  # fmt: skip
                value = None
            unit = UNITS["%"]
            if "unit" in raw and raw["unit"] != "%":
                checker.problem(line_of("unit"), "registry.growth_unit", what=what)
        else:
            if value is not None and (value < 0 or (value == 0 and kind == QUANTITY)):
                key = "registry.not_positive" if kind == QUANTITY else "registry.negative_ceiling"
                checker.problem(line_of("target"), key, what=what)
                value = None
            elif value is not None and 0 < value < _MIN_TARGET:
                checker.problem(line_of("target"), "registry.target_too_small", what=what,
                                least=_MIN_TARGET)  # fmt: skip
                value = None
            unit = _unit(raw, where, what, "unit", checker)
        out["target"], out["unit"] = value, unit
        out["comparison"] = _comparison(raw, where, what, kind, value, checker)
        out.update(_approx(raw, where, what, checker))
        out["of"] = _of(raw, where, what, kind, value, unit, checker)
        out["base"], out["base_unit"] = _base(raw, where, what, kind, checker)
    out["broken"] = len(checker.problems) > before or (
        kind != MILESTONE and (out["target"] is None or out["unit"] is None)
    )
    return out


def _comparison(
    raw: dict, where: tuple[str, int], what: str, kind: str, value: Any, checker: _Checker
) -> str:
    """How a figure is held against the target: the registry's word for this kind, else the
    kind's own (a quantity is reached, a ceiling not exceeded, a rate reached, a decline, a
    negative target rate, not exceeded either)."""
    declines = kind == GROWTH and isinstance(value, int | float) and value < 0
    default = AT_MOST if kind == CEILING or declines else REACH
    comparison = checker.text(raw, where, what, "comparison", required=False, default=default)
    allowed = COMPARISONS[kind]
    if comparison not in allowed:
        checker.problem(checker.lines.of(*where, "comparison"), "registry.bad_comparison",
                        value=comparison, choices=", ".join(allowed))  # fmt: skip
        return default
    return comparison


def _approx(raw: dict, where: tuple[str, int], what: str, checker: _Checker) -> dict:
    """`approx = true` (左右) and its own `tolerance`, if any."""
    approx = checker.field(raw, where, what, "approx", "boolean",
                           lambda v: isinstance(v, bool), required=False, default=False)  # fmt: skip
    tolerance = checker.number(raw, where, what, "tolerance", required=False)
    line = checker.lines.of(*where, "tolerance")
    if tolerance is not None and not approx:
        checker.problem(line, "registry.tolerance_without_approx", what=what)
        tolerance = None
    elif tolerance is not None and not 0 <= tolerance <= 100:
        checker.problem(line, "registry.bad_tolerance", what=what, key="tolerance")
        tolerance = None
    return {"approx": bool(approx), "tolerance": None if tolerance is None else float(tolerance)}


def _of(
    raw: dict, where: tuple[str, int], what: str, kind: str, value: Any, unit: Any, c: _Checker
) -> int | None:
    """ "At least N of M items": `of = M`, a whole number of things counted, at least the target."""
    if "of" not in raw:
        return None
    line = c.lines.of(*where, "of")
    of = c.field(raw, where, what, "of", "integer", _is_integer, required=False)
    if of is None:
        return None
    if kind != QUANTITY or (unit is not None and not unit.count):
        c.problem(line, "registry.of_kind", what=what)
        return None
    if of < 1 or (isinstance(value, int | float) and of < value) or of > _MAX_NUMBER:
        c.problem(line, "registry.bad_of", what=what)
        return None
    return of


def _base(raw: dict, where: tuple[str, int], what: str, kind: str, c: _Checker) -> tuple:
    """A growth goal's base (last year's amount) and its unit, to show the rate as an amount."""
    if "base" not in raw and "base_unit" not in raw:
        return None, None
    if kind != GROWTH:
        key = "base" if "base" in raw else "base_unit"
        c.problem(c.lines.of(*where, key), "registry.base_kind", what=what, key=key)
        return None, None
    base = c.number(raw, where, what, "base")
    unit = _unit(raw, where, what, "base_unit", c)
    if base is not None and base <= 0:
        c.problem(c.lines.of(*where, "base"), "registry.base_not_positive", what=what)
        base = None
    if base is None or unit is None:
        return None, None
    return base, unit


def _nodes(
    raw: dict, where: tuple[str, int], what: str, kind: Any, plan: Plan | None, c: _Checker
) -> tuple[Node, ...] | None:
    """A milestone's dated nodes: `nodes = [{name = "开工", due = 2025-06-30}, …]`, in date order,
    each with the completion reaching it stands for (`percent`, default: evenly up to 100).
    () without nodes; None when they are not sound (the problem is said)."""
    if "nodes" not in raw:
        return ()
    line = c.lines.of(*where, "nodes")
    if kind != MILESTONE:
        c.problem(line, "registry.nodes_kind", what=what)
        return None
    entries = raw["nodes"]
    if not isinstance(entries, list) or not entries or len(entries) > 50:
        c.problem(line, "registry.bad_nodes", what=what)
        return None
    nodes: list[Node] = []
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or set(entry) - {"name", "due", "percent"}:
            c.problem(line, "registry.bad_node", what=what, number=index)
            return None
        name, due, percent = entry.get("name"), entry.get("due"), entry.get("percent")
        if isinstance(due, str):
            try:
                due = dt.date.fromisoformat(due)
            except ValueError:
                due = None
        if (
            not isinstance(name, str)
            or not name.strip()
            or not isinstance(due, dt.date)
            or isinstance(due, dt.datetime)
            or (percent is not None and (not _is_number(percent) or not 0 < percent <= 100))
        ):
            c.problem(line, "registry.bad_node", what=what, number=index)
            return None
        nodes.append(Node(name.strip(), due, float(percent) if percent is not None else 0.0))
    count = len(nodes)
    if any(n.percent for n in nodes) and not all(n.percent for n in nodes):
        c.problem(line, "registry.node_percents", what=what)
        return None
    if not nodes[0].percent:
        nodes = [n._replace(percent=(i + 1) * 100 / count) for i, n in enumerate(nodes)]
    ordered = all(a.due < b.due and a.percent < b.percent for a, b in itertools.pairwise(nodes))
    names = [n.name for n in nodes]
    if not ordered or nodes[-1].percent != 100 or len(set(names)) != count:
        c.problem(line, "registry.nodes_order", what=what)
        return None
    if plan is not None and nodes[0].due < plan.start:
        c.problem(line, "registry.node_before_start", what=what, start=plan.start)
        return None
    if plan is not None and nodes[-1].due > dt.date(
        plan.end.year + _DEADLINE_YEARS_AFTER_END, 12, 31
    ):
        c.problem(line, "registry.deadline_too_late", what=what,
                  latest=dt.date(plan.end.year + _DEADLINE_YEARS_AFTER_END, 12, 31),
                  years=_DEADLINE_YEARS_AFTER_END)  # fmt: skip
        return None
    return tuple(nodes)


def _node_stages(nodes: tuple[Node, ...], plan_stages: tuple[Stage, ...]) -> tuple[Stage, ...]:
    """The stages of a milestone with nodes: not started (the plan's 0% stage), then each node.
    A node answers to its name with 已 in front too (开工 → 已开工), and the last node to the
    plan's words for done (已完成, done…)."""
    first = next((s for s in plan_stages if s.percent == 0), DEFAULT_STAGES[0])
    done = next((s for s in reversed(plan_stages) if s.percent == 100), DEFAULT_STAGES[-1])
    stages = [Stage(first.name, 0.0, first.aliases)]
    names = {first.name, *first.aliases}
    for index, node in enumerate(nodes):
        aliases = [] if node.name.startswith("已") else [f"已{node.name}"]
        if index == len(nodes) - 1:
            aliases += [done.name, *done.aliases]
        aliases = [a for a in dict.fromkeys(aliases) if a != node.name and a not in names]
        names.update((node.name, *aliases))
        stages.append(Stage(node.name, node.percent, tuple(aliases)))
    return tuple(stages)


def _planned_start(
    raw: dict, where: tuple[str, int], what: str, kind: Any, deadline: Any, checker: _Checker
) -> dt.date | None:
    """A milestone's planned `start`: a date, not after its deadline; quantities have none."""
    start = checker.date(raw, where, what, "start", required=False)
    if start is None:
        return None
    line = checker.lines.of(*where, "start")
    if kind == QUANTITY:
        checker.problem(line, "registry.start_not_milestone", what=what)
        return None
    if isinstance(deadline, dt.date) and start > deadline:
        checker.problem(line, "registry.start_after_deadline", what=what, deadline=deadline)
        return None
    return start


def _goal_thresholds(
    raw: dict, where: tuple[str, int], what: str, plan: Plan | None, checker: _Checker
) -> tuple[float | None, float | None]:
    """A goal's own `behind_points`/`far_behind_points`, checked together with the plan's."""
    behind = checker.number(raw, where, what, "behind_points", required=False)
    far = checker.number(raw, where, what, "far_behind_points", required=False)
    if behind is None and far is None:
        return None, None
    plan_behind = plan.behind_points if plan is not None else 10.0
    plan_far = plan.far_behind_points if plan is not None else 30.0
    low = plan_behind if behind is None else behind
    high = plan_far if far is None else far
    if not 0 <= low <= high:
        key = "behind_points" if "behind_points" in raw else "far_behind_points"
        checker.problem(checker.lines.of(*where, key), "registry.bad_goal_thresholds", what=what)
        return None, None
    return (
        None if behind is None else float(behind),
        None if far is None else float(far),
    )


def parse_registry(data: bytes, path: str = "targets.toml") -> Registry:
    """Build a `Registry` from a file's bytes, or raise `RegistryError` listing every problem."""
    text = _decode(data, path)
    raw = _load_toml(text, path)
    lines = _Lines(text)
    checker = _Checker(path, lines)
    for key in raw:
        if key not in ("plan", "county", "target"):
            line = lines.keys.get(("", 0, key)) or lines.of(key, 0)  # `key = ...` or `[key]`
            checker.problem(line, "registry.unknown_table", key=key)
    plan = _plan(raw, checker)
    counties = _counties(raw, checker)
    targets = _targets(raw, plan, counties, checker)
    if checker.problems or plan is None:
        raise RegistryError(sorted(checker.problems, key=lambda p: p.line or 0))
    return Registry(plan=plan, counties=tuple(counties), targets=tuple(targets), path=path)


# ---------------------------------------------------------------------------------- loading

#: How many cached registries a home keeps (older ones are removed when a new one is written).
CACHE_KEEP = 8
_CACHE_FORMAT = 2


def content_key(data: bytes) -> str:
    """What names a registry's content: its length and two checksums of its bytes (CRC-32 and
    Adler-32, 64 bits between them). Any edit gives another key. Not a defence against someone
    forging a file (who can write the cache folder can write the store beside it), and chosen
    over SHA-256 because `hashlib` alone takes longer to import than the bundled file to parse."""
    import zlib

    return f"{len(data):x}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def load_registry(path: Path, cache_dir: Path | None = None) -> Registry:
    """Read and validate the registry at `path`; raises `RegistryError` naming every problem.
    (`registry_from_bytes` says how it is cached.)"""
    from huandu.store.files import read_bytes

    return registry_from_bytes(read_bytes(path, "registry.missing_file"), str(path), cache_dir)


def registry_from_bytes(data: bytes, label: str, cache_dir: Path | None = None) -> Registry:
    """Validate a registry file's bytes (`label` names it in problems: its path, or the plan
    kept in the store).

    A registry that validated once is kept in `cache_dir` as JSON, named by its `content_key`:
    the same bytes give the same registry, so any change to the file is a new key and is parsed
    (and validated) again. The cache is plain data read with `json`; one that is unreadable,
    foreign or damaged is passed over and the file parsed instead. Nothing is cached for a home
    that does not exist yet (listing the goals creates no folder).
    """
    if cache_dir is None:
        return parse_registry(data, label)
    key = content_key(data)
    cached = cached_registry(key, label, cache_dir)
    if cached is not None:
        return cached
    registry = parse_registry(data, label)
    if cache_dir.parent.is_dir():
        _save_cached(cache_dir / f"registry-{key}.json", key, registry)
    return registry


def cached_registry(key: str, label: str, cache_dir: Path) -> Registry | None:
    """The registry of this content key from the cache, if it is there and sound (a plan kept
    in the store knows its key, so its bytes need not be read)."""
    return _load_cached(cache_dir / f"registry-{key}.json", key, label)


# A cached goal is a list of its fields in `Target._fields` order (dates as ISO text, the unit as
# its symbol, stages as lists, or None when they are the plan's): a province's thousands of goals
# load from positional lists several times faster than from dictionaries.
_DEADLINE = Target._fields.index("deadline")
_UNIT = Target._fields.index("unit")
_STAGES = Target._fields.index("stages")
_START = Target._fields.index("start")
_NODES = Target._fields.index("nodes")
_BASE_UNIT = Target._fields.index("base_unit")


def registry_to_data(registry: Registry) -> dict[str, Any]:
    """The registry as plain JSON-ready data (the cache's content)."""

    def stages(values: tuple[Stage, ...]) -> list[list[Any]]:
        return [[s.name, s.percent, list(s.aliases)] for s in values]

    plan = registry.plan
    targets = []
    for target in registry.targets:
        row: list[Any] = list(target)
        row[_DEADLINE] = target.deadline.isoformat()
        row[_UNIT] = target.unit.symbol if target.unit else None
        row[_STAGES] = None if target.stages == plan.stages else stages(target.stages)
        row[_START] = target.start.isoformat() if target.start else None
        row[_NODES] = [[n.name, n.due.isoformat(), n.percent] for n in target.nodes]
        row[_BASE_UNIT] = target.base_unit.symbol if target.base_unit else None
        targets.append(row)
    return {
        "plan": {
            **plan._asdict(),
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
            "stages": stages(plan.stages),
        },
        "counties": [[*c[:4], list(c.aliases), *c[5:]] for c in registry.counties],
        "targets": targets,
    }


def registry_from_data(data: dict[str, Any], path: str) -> Registry:
    """The registry `registry_to_data` wrote; KeyError, TypeError or ValueError if it is not."""
    day = dt.date.fromisoformat

    def stages(values: list[list[Any]]) -> tuple[Stage, ...]:
        return tuple(Stage(str(n), float(p), tuple(map(str, a))) for n, p, a in values)

    raw = data["plan"]
    plan = Plan(
        **{
            **raw,
            "start": day(raw["start"]),
            "end": day(raw["end"]),
            "stages": stages(raw["stages"]),
        }
    )
    counties = tuple(County(*c[:4], tuple(c[4]), *c[5:]) for c in data["counties"])
    days: dict[str, dt.date] = {}
    width = len(Target._fields)
    targets = []
    for row in data["targets"]:
        if len(row) != width:
            raise ValueError("a cached goal of another shape")
        deadline = row[_DEADLINE]
        if deadline not in days:
            days[deadline] = day(deadline)
        row[_DEADLINE] = days[deadline]
        row[_UNIT] = None if row[_UNIT] is None else UNITS[row[_UNIT]]
        row[_STAGES] = plan.stages if row[_STAGES] is None else stages(row[_STAGES])
        row[_START] = day(row[_START]) if row[_START] else None
        row[_NODES] = tuple(Node(str(n), day(d), float(p)) for n, d, p in row[_NODES])
        row[_BASE_UNIT] = None if row[_BASE_UNIT] is None else UNITS[row[_BASE_UNIT]]
        targets.append(Target._make(row))
    return Registry(plan, counties, tuple(targets), path)


def _cache_stamp() -> str:
    """What a cache must have been written by: this format, huandu's version and the model's
    fields (a development install keeps its version across changes of the model)."""
    from huandu import __version__

    classes = (Plan, County, Target, Node)
    shape = ";".join(f"{cls.__name__}:{','.join(cls._fields)}" for cls in classes)
    return f"{_CACHE_FORMAT}|{__version__}|{shape}"


def _load_cached(cache: Path, digest: str, path: str) -> Registry | None:
    import json

    try:
        with open(cache, "rb") as f:
            data = json.loads(f.read())
        if data.get("stamp") != _cache_stamp() or data.get("key") != digest:
            return None
        return registry_from_data(data["registry"], path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, partial or foreign: parse the file instead


def _save_cached(cache: Path, digest: str, registry: Registry) -> None:
    import json

    from huandu.errors import HuanduError
    from huandu.store.files import write_file

    payload = {"stamp": _cache_stamp(), "key": digest, "registry": registry_to_data(registry)}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_file(cache, json.dumps(payload, ensure_ascii=False).encode("utf-8"), overwrite=True)
    except (OSError, HuanduError):
        return  # a cache that cannot be written only costs the next run a parse
    try:
        older = sorted(cache.parent.glob("registry-*.json"), key=lambda p: p.stat().st_mtime)
        for stale in older[:-CACHE_KEEP]:
            stale.unlink()
    except OSError:
        pass
