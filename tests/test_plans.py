"""Several plans in one home: an office gets a new plan every year (and mid-year ones), adds each
with `huandu plan add`, and keeps reporting on every one of them without their figures mixing.

The plans added here are of 示例县, a fictional county (tests/helpers.py); every figure is
synthetic.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from helpers import (
    BUNDLED_PLAN,
    ENTITIES,
    add_plan,
    entries,
    ok,
    plan_text,
    problem_lines,
    rows,
    snapshot,
    sql,
    store_path,
    write_plan,
)
from huandu.output.exports import PLAN_KEYS
from huandu.store.registry import parse_registry
from huandu.store.sqlite import _SCHEMA_1, _SCHEMA_2, SCHEMA_VERSION, _statements

DEMO = "demo-2025"
TODAY = "2025-06-30"


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", TODAY)


def as_json(result) -> object:
    """A command's JSON, read strictly: NaN or Infinity anywhere is a failure."""

    def refuse(constant: str):
        raise AssertionError(f"{constant} in JSON output")

    return json.loads(ok(result).stdout, parse_constant=refuse)


def plan_list(huandu, *args: str) -> list[dict]:
    return as_json(huandu(*args, "plan", "list", "--format", "json"))  # type: ignore[return-value]


def report(huandu, *args: str) -> dict:
    return as_json(huandu(*args, "report", "--format", "json"))  # type: ignore[return-value]


def one_line_refusal(result) -> str:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("huandu: error: ")
    return line


def versions(home: Path) -> list[tuple[str, int]]:
    return rows(home, "SELECT id, version FROM plans ORDER BY id, version")


@pytest.fixture
def demo(huandu, tmp_path) -> str:
    """The 2025 plan of 示例县 (one quantity goal) added to the home; its file's path."""
    return str(add_plan(huandu, tmp_path, plan_text()))


# ------------------------------------------------------------------ 1. a fresh home


def test_a_fresh_home_lists_only_the_bundled_plan_chosen_and_current(huandu, home, monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")  # wide enough for the column that says where it is from
    table = ok(huandu("plan", "list")).stdout
    [line] = [line for line in table.splitlines() if BUNDLED_PLAN in line]
    assert line.lstrip().startswith("*")  # the plan in use
    assert "bundled, current" in line
    [plan] = plan_list(huandu)
    assert list(plan) == list(PLAN_KEYS)
    assert plan == {
        "id": BUNDLED_PLAN,
        "title": "环都市区五个县区2024年重点工作",
        "title_en": "2024 key tasks of the five counties and districts of Luoyang's metropolitan ring",
        "year": 2024,
        "start": "2024-01-01",
        "end": "2024-12-31",
        "goals": 30,
        "figures": 0,
        "origin": "bundled",
        "version": None,
        "added_at": None,
        "added_by": "",
        "current": True,
        "chosen": True,
    }
    text = ok(huandu("plan", "list", "--format", "csv")).stdout
    assert text.startswith("\ufeff")
    header, row = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    assert header == list(PLAN_KEYS)
    assert dict(zip(header, row, strict=True))["goals"] == "30"
    assert not store_path(home).exists()  # listing creates nothing


# ------------------------------------------------------------------ 2. adding next year's plan


@pytest.mark.parametrize("today", ["2025-06-30", "2026-12-01"])
def test_a_plan_added_is_the_current_one_and_reports_are_of_it(
    huandu, tmp_path, monkeypatch, today
):
    """In 2025 the 2025 plan is the one whose period holds today; at the end of 2026 no plan
    holds today and the most recent one is current."""
    monkeypatch.setenv("HUANDU_TODAY", today)
    path = write_plan(tmp_path, plan_text())
    added = ok(huandu("plan", "add", path)).stdout.splitlines()
    assert (
        added[0] == "Added plan demo-2025, 示例县2025年重点工作 (2025-01-01 to 2025-12-31, 1 goal)"
    )
    assert added[1] == "Commands without --plan now use this plan."
    listed = plan_list(huandu)
    assert [(p["id"], p["chosen"], p["current"]) for p in listed] == [
        (BUNDLED_PLAN, False, False),
        (DEMO, True, True),
    ]
    assert (listed[1]["origin"], listed[1]["version"], listed[1]["goals"]) == ("store", 1, 1)
    assert report(huandu)["plan"]["id"] == DEMO
    assert [t["id"] for t in report(huandu)["targets"]] == ["demo.entities"]
    assert report(huandu, "--plan", BUNDLED_PLAN)["plan"]["id"] == BUNDLED_PLAN
    monkeypatch.setenv("HUANDU_PLAN", "2024")  # a year only one plan has names it
    assert report(huandu)["plan"]["id"] == BUNDLED_PLAN
    assert [p["id"] for p in plan_list(huandu) if p["chosen"]] == [BUNDLED_PLAN]


def test_a_plan_the_home_lacks_is_refused_naming_the_plans(huandu, demo):
    line = one_line_refusal(huandu("--plan", "2030", "report"))
    assert "there is no plan '2030'" in line
    assert f"{BUNDLED_PLAN}, {DEMO}" in line


def test_a_plan_added_that_is_not_the_most_recent_says_how_to_use_it(huandu, tmp_path):
    """Last year's plan of 示例县 added in 2025 is not the current plan (the bundled 2024 plan,
    as recent, stays): the message says so."""
    text = plan_text(plan_id="demo-2023", year=2023)
    lines = ok(huandu("plan", "add", write_plan(tmp_path, text))).stdout.splitlines()
    assert lines[1] == (
        "Commands without --plan still use the current plan; to use this one: "
        "huandu --plan demo-2023 …"
    )
    assert [p["id"] for p in plan_list(huandu) if p["chosen"]] == [BUNDLED_PLAN]


def test_a_year_two_plans_share_is_refused_naming_both(huandu, tmp_path):
    """A work report and a mid-year list, both of 2025: the year alone names neither."""
    add_plan(huandu, tmp_path, plan_text())
    add_plan(huandu, tmp_path, plan_text(plan_id="demo-2025-h2"), name="h2.toml")
    line = one_line_refusal(huandu("--plan", "2025年", "report"))
    assert "2025 has more than one plan: demo-2025, demo-2025-h2; name one with --plan" in line
    assert report(huandu, "--plan", "DEMO-2025-H2")["plan"]["id"] == "demo-2025-h2"  # any case


def test_a_stored_version_of_the_bundled_plan_takes_its_place(
    huandu, home, tmp_path, registry_bytes
):
    """The office's own copy of the bundled file (a comment added, not a figure changed) kept in
    the store: it is the plan of that id from then on, and the figures stay its figures."""
    ok(huandu("update", "yiyang.beef-cattle", "5万头", "--date", "2024-06-30"))
    path = tmp_path / "ours.toml"
    path.write_bytes(b"# our copy\n" + registry_bytes)
    line = one_line_refusal(huandu("plan", "add", str(path)))
    assert "exists (bundled with huandu)" in line
    ok(huandu("plan", "add", str(path), "--replace"))
    [plan] = plan_list(huandu)
    assert (plan["id"], plan["origin"], plan["version"], plan["figures"]) == (
        BUNDLED_PLAN, "store", 1, 1,
    )  # fmt: skip
    data = as_json(huandu("report", "--format", "json", "--as-of", "2024-06-30"))
    beef = {t["id"]: t for t in data["targets"]}
    assert beef["yiyang.beef-cattle"]["current"] == 5
    assert ok(huandu("plan", "export", BUNDLED_PLAN)).stdout_bytes.startswith(b"# our copy\n")


# ------------------------------------------------------------------ 3. the same goal in two plans


def test_the_same_goal_id_in_two_plans_never_mixes(huandu, home, tmp_path, monkeypatch):
    """demo.entities is a goal of the 2025 plan and of the 2026 one: a figure recorded for one
    is never the other's."""
    monkeypatch.setenv("HUANDU_TODAY", "2026-03-31")
    add_plan(huandu, tmp_path, plan_text())
    add_plan(huandu, tmp_path, plan_text(year=2026), name="demo-2026.toml")
    ok(huandu("--plan", "2025", "update", "demo.entities", "4800", "--date", "2025-12-31"))
    ok(huandu("update", "demo.entities", "900", "--date", "2026-03-31"))  # the current plan, 2026
    assert {(e["plan"], e["value"]) for e in entries(home)} == {(DEMO, 4800), ("demo-2026", 900)}

    def current(*args: str) -> int:
        [goal] = report(huandu, *args)["targets"]
        return goal["current"]

    assert current() == 900
    assert current("--plan", DEMO) == 4800
    logged = as_json(huandu("--plan", DEMO, "log", "--format", "json"))
    assert [row["value"] for row in logged] == [4800]
    assert [row["value"] for row in as_json(huandu("log", "--format", "json"))] == [900]
    assert not as_json(huandu("--plan", BUNDLED_PLAN, "log", "--format", "json"))
    figures = {p["id"]: p["figures"] for p in plan_list(huandu)}
    assert figures == {BUNDLED_PLAN: 0, DEMO: 1, "demo-2026": 1}
    ok(huandu("undo"))  # the latest figure of the plan in use, 2026's: 2025's stands
    assert current("--plan", DEMO) == 4800 and current() is None


# ------------------------------------------------------------------ 4. a new version


def test_adding_the_same_file_again_changes_nothing(huandu, home, demo):
    before = snapshot(home)
    result = ok(huandu("plan", "add", demo))
    assert result.stdout == "Plan demo-2025 is exactly version 1 in the store; nothing changed\n"
    assert snapshot(home) == before
    assert versions(home) == [(DEMO, 1)]


def test_an_edited_plan_of_the_same_id_needs_replace(huandu, home, demo):
    Path(demo).write_text(plan_text().replace("target = 5000", "target = 6000"), "utf-8")
    before = snapshot(home)
    line = one_line_refusal(huandu("plan", "add", demo))
    assert "a plan with the id demo-2025 exists (added to the store)" in line
    assert "--replace" in line
    assert snapshot(home) == before


def test_replace_keeps_every_version_and_reports_use_the_latest(huandu, home, demo):
    ok(huandu("update", "demo.entities", "2500"))
    Path(demo).write_text(plan_text().replace("target = 5000", "target = 6000"), "utf-8")
    lines = ok(huandu("plan", "add", demo, "--replace")).stdout.splitlines()
    assert lines[0] == (
        "Plan demo-2025, 示例县2025年重点工作, is now version 2 (2025-01-01 to 2025-12-31, 1 goal);"
        " the earlier versions are kept"
    )
    assert versions(home) == [(DEMO, 1), (DEMO, 2)]
    [goal] = report(huandu)["targets"]
    assert (goal["target"], goal["current"], goal["percent"]) == (6000, 2500, 41.67)
    assert [p["version"] for p in plan_list(huandu) if p["id"] == DEMO] == [2]
    first = rows(home, "SELECT registry FROM plans WHERE version = 1")[0][0]
    assert b"target = 5000" in first  # version 1 as it was added


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (
            lambda text: text.replace('id = "demo.entities"', 'id = "demo.households"'),
            "demo.entities",
        ),
        (
            lambda text: text.replace('unit = "户"', 'unit = "家"'),
            "demo.entities (quantity 户 → quantity 家)",
        ),
    ],
    ids=["drops the goal", "changes its unit"],
)
def test_a_version_that_leaves_figures_without_their_goal_needs_force(
    huandu, home, demo, edit, named
):
    ok(huandu("update", "demo.entities", "2500"))
    Path(demo).write_text(edit(plan_text()), "utf-8")
    before = snapshot(home)
    line = one_line_refusal(huandu("plan", "add", demo, "--replace"))
    assert f"would leave figures already reported without their goal: {named}." in line
    assert snapshot(home) == before
    ok(huandu("plan", "add", demo, "--replace", "--force"))
    assert versions(home) == [(DEMO, 1), (DEMO, 2)]
    assert [e["value"] for e in entries(home)] == [2500]  # the figures stay in the store


def test_a_goal_without_figures_may_be_dropped(huandu, home, tmp_path):
    two = ENTITIES + "\n" + ENTITIES.replace("demo.entities", "demo.more")
    path = add_plan(huandu, tmp_path, plan_text(two))
    ok(huandu("update", "demo.entities", "2500"))
    path.write_text(plan_text(), "utf-8")
    ok(huandu("plan", "add", str(path), "--replace"))
    assert versions(home) == [(DEMO, 1), (DEMO, 2)]


# ------------------------------------------------------------------ 5. a broken file


def test_a_broken_plan_is_refused_as_validate_refuses_it_and_nothing_is_stored(
    huandu, home, tmp_path
):
    text = (
        plan_text().replace("target = 5000", 'target = "5000"').replace("year = 2025", "year = 1")
    )
    path = write_plan(tmp_path, text)
    expected = huandu("validate", path)
    assert expected.exit_code == 1
    result = huandu("plan", "add", path)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == expected.stderr
    assert len(result.stderr.splitlines()) == 2  # both problems, one line each
    with pytest.raises(Exception) as raised:
        parse_registry(text.encode(), path)
    assert [f"huandu: error: {line}" for line in problem_lines(raised.value)] == (
        result.stderr.splitlines()
    )
    assert not store_path(home).exists()
    assert not home.exists() or not any(home.iterdir())


# ------------------------------------------------------------------ 6. writing a plan out


def test_plan_export_writes_the_file_as_it_was_added(huandu, demo, tmp_path):
    added = Path(demo).read_bytes()
    assert added.startswith(b"# ")  # its comments are kept
    out = tmp_path / "out.toml"
    result = ok(huandu("plan", "export", DEMO, "--output", str(out)))
    assert out.read_bytes() == added
    assert result.stderr == f"Wrote the registry of plan {DEMO} to {out}\n"
    assert ok(huandu("plan", "export", DEMO, "--output", "-")).stdout_bytes == added
    assert ok(huandu("plan", "export")).stdout_bytes == added  # the plan in use
    assert ok(huandu("plan", "export", "2025")).stdout_bytes == added


def test_plan_export_of_the_bundled_plan_is_the_bundled_file(huandu, registry_bytes):
    assert ok(huandu("plan", "export", BUNDLED_PLAN)).stdout_bytes == registry_bytes


def test_plan_export_replaces_a_file_only_with_force(huandu, demo, tmp_path):
    out = tmp_path / "out.toml"
    out.write_bytes(b"mine")
    line = one_line_refusal(huandu("plan", "export", DEMO, "--output", str(out)))
    assert str(out) in line and "--force" in line
    assert out.read_bytes() == b"mine"
    ok(huandu("plan", "export", DEMO, "--output", str(out), "--force"))
    assert out.read_bytes() == Path(demo).read_bytes()


# ------------------------------------------------------------------ 7-8. a plan whose period ended


@pytest.fixture
def ended(huandu, monkeypatch):
    """The bundled 2024 plan at the end of 2026: one figure, recorded (synthetic) as of mid-2024."""
    monkeypatch.setenv("HUANDU_TODAY", "2026-12-01")
    ok(huandu("update", "yiyang.beef-cattle", "5万头", "--date", "2024-06-30"))


def test_a_report_on_an_ended_plan_counts_as_of_its_last_day_and_says_so_once(huandu, ended):
    result = ok(huandu("report", "--format", "json"))
    assert result.stderr == (
        "The plan's period has ended; counting as of its last day, 2024-12-31, or give --as-of\n"
    )
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-12-31"
    statuses = {t["id"]: t["status"] for t in data["targets"]}
    # 5 of 9 万头 on the deadline itself: 55.6% against 100% time progress, far behind, not late;
    # the goals without figures have none. Nothing is overdue because today is 2026.
    assert statuses["yiyang.beef-cattle"] == "far_behind"
    assert "overdue" not in statuses.values()
    assert set(statuses.values()) == {"far_behind", "no_data"}
    given = ok(huandu("report", "--format", "json", "--as-of", "2024-06-30"))
    assert given.stderr == ""  # a date given is the date asked for, nothing to say
    assert json.loads(given.stdout)["as_of"] == "2024-06-30"


def test_a_figure_for_an_ended_plan_needs_its_date(huandu, home, ended):
    before = snapshot(home)
    line = one_line_refusal(huandu("update", "yiyang.beef-cattle", "6万头"))
    assert "the date 2026-12-01 is after the plan's period ends (2024-12-31)" in line
    assert "--date 2024-12-31" in line and "--force" in line
    assert snapshot(home) == before
    ok(huandu("update", "yiyang.beef-cattle", "6万头", "--force"))
    last = entries(home)[-1]
    assert (last["date"].isoformat(), last["value"], last["forced"]) == ("2026-12-01", 6, True)


# ------------------------------------------------------------------ 9. export and restore


def test_export_and_restore_keep_every_plan_version_and_entry(huandu, home, tmp_path, monkeypatch):
    path = add_plan(huandu, tmp_path, plan_text())
    ok(huandu("update", "demo.entities", "2500"))
    ok(
        huandu(
            "--plan", BUNDLED_PLAN, "update", "yiyang.beef-cattle", "5万头", "--date", "2024-06-30"
        )
    )
    path.write_text(plan_text().replace("target = 5000", "target = 6000"), "utf-8")
    ok(huandu("plan", "add", str(path), "--replace"))
    add_plan(huandu, tmp_path, plan_text(plan_id="demo-2025-h2"), name="h2.toml")
    dump = tmp_path / "all.toml"
    ok(huandu("export", "--output", str(dump)))
    listed, old = plan_list(huandu), entries(home)
    stored = rows(home, "SELECT * FROM plans ORDER BY id, version")

    fresh = tmp_path / "fresh"
    monkeypatch.setenv("HUANDU_HOME", str(fresh))
    ok(huandu("restore", str(dump)))
    assert plan_list(huandu) == listed
    assert entries(fresh) == old
    assert rows(fresh, "SELECT * FROM plans ORDER BY id, version") == stored
    assert report(huandu, "--plan", DEMO)["targets"][0]["target"] == 6000


def test_a_plan_file_with_windows_line_endings_survives_export_and_restore(
    huandu, home, tmp_path, monkeypatch
):
    """Notepad saves CRLF: the file added is the file kept, through an export and a restore,
    byte for byte (so adding it again in the restored home changes nothing)."""
    data = plan_text().replace("\n", "\r\n").encode("utf-8")
    path = tmp_path / "windows.toml"
    path.write_bytes(data)
    ok(huandu("plan", "add", str(path)))
    dump = tmp_path / "all.toml"
    ok(huandu("export", "--output", str(dump)))
    monkeypatch.setenv("HUANDU_HOME", str(tmp_path / "fresh"))
    ok(huandu("restore", str(dump)))
    assert ok(huandu("plan", "export", DEMO)).stdout_bytes == data
    assert "nothing changed" in ok(huandu("plan", "add", str(path))).stdout


# ------------------------------------------------------------------ 10. info


def test_info_names_the_plan_and_how_many_the_home_has(huandu, demo):
    text = ok(huandu("info")).stdout
    assert (
        "Plan: demo-2025, 示例县2025年重点工作 (2025-01-01 to 2025-12-31; added to the store"
        " (version 1))" in text
    )
    assert "the home has 2 plans (huandu plan list)" in text
    bundled = ok(huandu("--plan", BUNDLED_PLAN, "info")).stdout
    assert f"Plan: {BUNDLED_PLAN}, 2024 key tasks" in bundled


# ------------------------------------------------------------------ 11. a store of schema 2

AT = "2024-06-01T09:30:00+08:00"


def schema_2_store(home: Path) -> None:
    """A store as the huandu before plans wrote it (schema 2): two records and an undo."""
    home.mkdir(exist_ok=True)
    with contextlib.closing(sqlite3.connect(store_path(home), isolation_level=None)) as conn:
        for statement in _statements(_SCHEMA_1) + _statements(_SCHEMA_2):
            conn.execute(statement)
        conn.executemany(
            "INSERT INTO entries (seq, plan, action, target, value, unit, stage, input, day,"
            " recorded_at, retracts, forced) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (1, BUNDLED_PLAN, "record", "yiyang.beef-cattle", 5, "万头", None, "5万头",
                 "2024-04-30", AT, None, 0),
                (2, BUNDLED_PLAN, "record", "xinan.coal-to-gas", 50, None, "推进中", "推进中",
                 "2024-05-31", AT, None, 1),
                (3, BUNDLED_PLAN, "undo", "xinan.coal-to-gas", None, None, None, "", None, AT, 2,
                 0),
            ],
        )  # fmt: skip
        conn.execute("INSERT INTO meta VALUES ('created_by', 'huandu 0.2')")
        conn.execute("PRAGMA user_version = 2")


def test_a_store_of_schema_2_is_migrated_keeping_every_entry(huandu, home, tmp_path):
    schema_2_store(home)
    data = report(huandu, "--plan", BUNDLED_PLAN)
    [(version,)] = rows(home, "PRAGMA user_version")
    assert version == SCHEMA_VERSION == 4
    assert [(e["seq"], e["action"], e.get("value")) for e in entries(home)] == [
        (1, "record", 5),
        (2, "record", 50),
        (3, "undo", None),
    ]
    assert entries(home)[1]["forced"] is True
    standing = {t["id"]: t["current"] for t in data["targets"]}
    assert standing["yiyang.beef-cattle"] == 5 and standing["xinan.coal-to-gas"] is None
    assert rows(home, "SELECT COUNT(*) FROM plans") == [(0,)]
    # A growth goal's fall now goes in.
    growth = ENTITIES.replace('kind = "quantity"', 'kind = "growth"').replace(
        "target = 5000", "target = 8"
    )
    add_plan(huandu, tmp_path, plan_text(growth.replace('unit = "户"\n', "")))
    ok(huandu("update", "demo.entities", "下降2%"))
    assert entries(home)[-1]["value"] == -2
    # The rules of the table came along: still append-only.
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        sql(home, "DELETE FROM entries WHERE seq = 1")


RECORD_SQL = (
    "INSERT INTO entries (plan, action, target, value, unit, day, recorded_at)"
    " VALUES ('demo-2025', 'record', 'demo.entities', ?, ?, '2025-06-30', ?)"
)


@pytest.mark.parametrize(
    ("value", "unit"),
    [(-1, "户"), (-1, None), (-100.5, "%"), (-101, "%")],
    ids=["negative count", "negative milestone", "just below -100%", "below -100%"],
)
def test_the_database_itself_refuses_a_negative_figure_that_is_no_rate(huandu, home, value, unit):
    schema_2_store(home)
    ok(huandu("report"))  # migrated
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        sql(home, RECORD_SQL, value, unit, AT)


def test_the_database_takes_a_fall_of_a_rate_down_to_minus_100(huandu, home):
    schema_2_store(home)
    ok(huandu("report"))
    sql(home, RECORD_SQL, -100, "%", AT)
    sql(home, RECORD_SQL, -2.5, "%", AT)
    assert rows(home, "SELECT value FROM entries WHERE seq > 3") == [(-100,), (-2.5,)]
