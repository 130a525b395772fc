"""Small things the test modules share: how a test looks at what a command did."""

from __future__ import annotations

import re
import sqlite3
import tomllib
from pathlib import Path

STORE = "progress.sqlite3"


def missing_tool(why: str):
    """A test that needs a program that is not installed skips, saying why; where the tools were
    installed on purpose (`.ci/run` sets HUANDU_TEST_NEEDS_TOOLS=1) it fails instead, so CI never
    passes with the documents unlooked at."""
    import os

    import pytest

    if os.environ.get("HUANDU_TEST_NEEDS_TOOLS") == "1":
        pytest.fail(why)
    pytest.skip(why)


def ok(result):
    """A command that must succeed: exit 0, and no traceback anywhere in its output."""
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result


def store_path(home: Path) -> Path:
    return home / STORE


def entries(home: Path) -> list[dict]:
    """Every entry of the home's store as `huandu export` writes it (`[[entry]]` tables), oldest
    first: what a person reading the export would see. An absent store has none."""
    from huandu.service import Session

    pieces: list[str] = []
    session = Session(str(home))
    try:
        session.export(pieces.append)
    finally:
        session.close()  # as the command line does: no connection left open behind the test
    return tomllib.loads("".join(pieces)).get("entry", [])


def snapshot(home: Path) -> dict[str, bytes] | None:
    """The store's files, byte for byte (None when there is no store): a refusal must leave
    them exactly as they were. Reading a store never changes the database or its WAL."""
    path = store_path(home)
    if not path.exists():
        return None
    files = {}
    for suffix in ("", "-wal"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            files[suffix] = part.read_bytes()
    return files


def rows(home: Path, sql: str, *params) -> list[tuple]:
    """A query on the store, read-only (for the tests that look at the schema itself)."""
    uri = f"file:{store_path(home)}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        return conn.execute(sql, params).fetchall()


def assess_records(registry, records, retractions, as_of):
    """Every goal assessed from entries held in memory, as the store would give them: records
    that a retraction undid do not count. (For tests of the computation itself.)"""
    from huandu.domain.progress import assess_all, standings_as_of

    undone = {r.retracts for r in retractions}
    active = [r for r in records if r.seq not in undone]
    return assess_all(registry, standings_as_of(active, as_of), as_of)


#: A problem line as `huandu validate` prints it: path, line, column maybe, message.
ERROR_LINE = re.compile(
    r"^huandu: error: (?P<path>.+?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+)$"
)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line on which `needle` appears (the n-th time)."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return text.count("\n", 0, start) + 1


def problems(result) -> list[tuple[int, str]]:
    """The (line, message) of every problem `huandu validate` printed; fails on any other line."""
    found = []
    for raw in result.stderr.splitlines():
        match = ERROR_LINE.match(raw)
        assert match, f"not a one-line problem: {raw!r}"
        found.append((int(match.group("line")), match.group("msg")))
    return found


def messages() -> dict[str, tuple[str, str]]:
    """Every message key with its Chinese and English text."""
    from huandu.i18n.en import MESSAGES as EN
    from huandu.i18n.zh import MESSAGES as ZH

    return {key: (ZH[key], EN.get(key, "")) for key in ZH} | {
        key: (ZH.get(key, ""), EN[key]) for key in EN if key not in ZH
    }


def problem_lines(error) -> list[str]:
    """A registry's problems as `huandu validate` prints them (in the current language)."""
    from huandu.i18n import problem_line

    return [problem_line(p) for p in error.problems]


# ------------------------------------------------------------------ plans of a fictional county
# The plans below are of 示例县 (id `demo`), a county that does not exist: tests of several plans
# and of the kinds of goal never put words or figures into the mouths of the bundled plan's real
# counties. Every target in them is made up.

BUNDLED_PLAN = "luoyang-huandu-2024"

#: One quantity goal, enough for a plan to be a plan.
ENTITIES = """\
[[target]]
id = "demo.entities"
county = "demo"
title = "新增市场主体"
category = "经济"
kind = "quantity"
target = 5000
unit = "户"
quote = "新增市场主体5000户"
"""

#: One goal of every kind a plan states (story by story in tests/test_kinds.py).
KINDS = (
    """\
[[target]]
id = "demo.gdp"
county = "demo"
title = "地区生产总值增速"
category = "经济"
kind = "growth"
target = 8
approx = true
quote = "全年地区生产总值增长8%左右"

[[target]]
id = "demo.unemployment"
county = "demo"
title = "城镇调查失业率"
category = "民生"
kind = "ceiling"
target = 5.5
unit = "%"
quote = "城镇调查失业率控制在5.5%以内"

[[target]]
id = "demo.energy"
county = "demo"
title = "单位地区生产总值能耗"
category = "生态"
kind = "growth"
target = -3
comparison = "le"
quote = "单位地区生产总值能耗下降3%"

[[target]]
id = "demo.project"
county = "demo"
title = "示例项目"
category = "项目"
kind = "milestone"
nodes = [{name = "开工", due = 2025-06-30}, {name = "主体完工", due = 2025-09-30}, {name = "竣工", due = 2025-12-31}]
quote = "推动示例项目6月底前开工、9月底前主体完工、年底前竣工"

[[target]]
id = "demo.reforms"
county = "demo"
title = "重点改革事项"
category = "改革"
kind = "quantity"
target = 4
unit = "项"
of = 6
quote = "6项重点改革至少完成4项"

"""
    + ENTITIES.replace('unit = "户"', 'unit = "户"\napprox = true').replace(
        '5000户"', '5000户左右"'
    )
    + """
[[target]]
id = "demo.retail"
county = "demo"
title = "社会消费品零售总额增速"
category = "经济"
kind = "growth"
target = 8
base = 500
base_unit = "亿元"
quote = "社会消费品零售总额增长8%"
"""
)


def plan_text(goals: str = ENTITIES, *, plan_id: str = "", year: int = 2025, **plan) -> str:
    """A registry of 示例县 for `year` (its id `demo-YEAR` unless given), with `goals` ([[target]]
    tables) and any other [plan] keys given (TOML values as written)."""
    extra = "".join(f"{key} = {value}\n" for key, value in plan.items())
    return f"""\
# 示例县{year}年重点工作: a synthetic plan of a fictional county, for tests.
[plan]
id = "{plan_id or f"demo-{year}"}"
title = "示例县{year}年重点工作"
year = {year}
start = {year}-01-01
end = {year}-12-31
source = "示例（合成测试数据）"
{extra}
[[county]]
id = "demo"
name = "示例县"
short = "示例"
name_en = "Demo County"
aliases = ["demo"]
positioning = "示例定位"

{goals}"""


def record(huandu, figures) -> None:
    """`huandu update` of each (goal, value, date); each must be recorded."""
    for goal, value, day in figures:
        ok(huandu("update", goal, value, "--date", day))


def sql(home: Path, statement: str, *params) -> None:
    """A statement on the store as someone with the sqlite3 tool would run it."""
    import contextlib

    with contextlib.closing(sqlite3.connect(store_path(home), isolation_level=None)) as conn:
        conn.execute(statement, params)


def write_plan(folder: Path, text: str, name: str = "demo-2025.toml") -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def add_plan(huandu, folder: Path, text: str, *args: str, name: str = "demo-2025.toml") -> Path:
    """`huandu plan add` of a registry file written in `folder` (it must succeed); its path."""
    path = write_plan(folder, text, name)
    ok(huandu("plan", "add", path, *args))
    return Path(path)
