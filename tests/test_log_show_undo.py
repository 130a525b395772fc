"""A supervisor reads back what was recorded, corrects a wrong figure, and checks which files are used.

Every progress value in these tests is synthetic; none is a real county's figure.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import entries, ok, snapshot, store_path
from huandu.domain.history import LOG_KEYS
from huandu.store.locations import bundled_registry

TODAY = "2024-06-30"


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that table cells are not wrapped


def refused(huandu, home: Path, *args: str) -> str:
    before = snapshot(home)
    result = huandu(*args)
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(home) == before
    return result.stderr


@pytest.fixture
def book(huandu, home):
    """Four synthetic figures for two counties, recorded in this order (seq 1..4)."""
    ok(huandu("update", "肉牛", "7", "--date", "2024-04-30", "--note", "四月", "--source", "甲"))
    ok(huandu("update", "市场主体", "3200", "--date", "2024-05-31", "--by", "小李"))
    ok(huandu("update", "肉牛", "8.2万头", "--date", "2024-05-31"))
    ok(huandu("update", "xinan.coal-to-gas", "推进中", "--date", "2024-03-31"))
    return home


def log_json(huandu, *args: str) -> list[dict]:
    return json.loads(ok(huandu("log", "--format", "json", *args)).stdout)


def show_json(huandu, target: str) -> dict:
    return json.loads(ok(huandu("show", target, "--format", "json")).stdout)


# --------------------------------------------------------------------------- log


def test_log_lists_every_entry_oldest_first(huandu, book):
    rows = log_json(huandu)
    assert [r["seq"] for r in rows] == [1, 2, 3, 4]
    assert [r["target"] for r in rows] == [
        "yiyang.beef-cattle",
        "yanshi.new-market-entities",
        "yiyang.beef-cattle",
        "xinan.coal-to-gas",
    ]
    first = rows[0]
    assert first["value"] == 7 and first["unit"] == "万头"
    assert first["date"] == "2024-04-30"
    assert first["note"] == "四月" and first["source"] == "甲"
    assert rows[1]["by"] == "小李"
    assert rows[3]["stage"] == "推进中" and rows[3]["value"] == 50
    assert all(r["status"] == "active" for r in rows)


def test_log_json_has_every_documented_key(huandu, book):
    ok(huandu("undo", "3"))
    rows = log_json(huandu)
    for row in rows:
        assert set(row) == set(LOG_KEYS)
    required = {"seq", "target", "value", "unit", "date", "note", "source", "by", "recorded_at"}
    assert required | {"status", "retracted_by", "retracts"} <= set(LOG_KEYS)
    undone, undo = rows[2], rows[4]
    assert (undone["status"], undone["retracted_by"], undone["retracts"]) == ("retracted", 5, None)
    assert (undo["status"], undo["retracted_by"], undo["retracts"]) == ("retraction", None, 3)
    assert undo["seq"] == 5 and undo["action"] == "undo"
    assert undo["target"] == "yiyang.beef-cattle"
    assert "+" in rows[0]["recorded_at"] or rows[0]["recorded_at"].endswith("Z")


def test_log_filters_by_county_and_by_goal(huandu, book):
    ok(huandu("undo", "1"))
    by_county = log_json(huandu, "--county", "宜阳")
    assert [r["seq"] for r in by_county] == [1, 3, 5]  # the undo of a 宜阳 record belongs too
    assert [r["seq"] for r in log_json(huandu, "--county", "yanshi")] == [2]
    assert [r["seq"] for r in log_json(huandu, "--target", "肉牛")] == [1, 3, 5]
    assert [r["seq"] for r in log_json(huandu, "--target", "coal")] == [4]
    assert log_json(huandu, "--county", "伊川") == []


def test_log_filter_refuses_an_unknown_county_or_goal(huandu, book):
    assert "洛宁" in refused(huandu, book, "log", "--county", "洛宁")
    assert "nothing-like-it" in refused(huandu, book, "log", "--target", "nothing-like-it")
    assert "bad" in refused(huandu, book, "log", "--format", "bad")


def test_log_csv_starts_with_a_bom_and_has_the_same_columns(huandu, book):
    result = ok(huandu("log", "--format", "csv"))
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout[1:])))
    assert tuple(rows[0]) == LOG_KEYS
    assert len(rows) == 5
    assert rows[1][LOG_KEYS.index("note")] == "四月"
    assert rows[3][LOG_KEYS.index("input")] == "8.2万头"


def test_log_table_shows_each_entry(huandu, book):
    ok(huandu("undo", "3", "--note", "typo"))
    out = ok(huandu("log")).stdout
    for text in (
        "yiyang.beef-cattle",
        "70,000 head",
        "四月",
        "小李",
        "in progress (50%)",
        "undo #3",
    ):
        assert text in out
    assert "undone (#5)" in out
    assert "推进中 (50%)" in ok(huandu("log", lang="zh")).stdout
    assert out.index("70,000 head") < out.index("3,200") < out.index("82,000 head")


def test_an_empty_log_says_how_to_start(huandu, home):
    result = ok(huandu("log"))
    assert "No progress has been recorded yet." in result.stdout
    assert "huandu update" in result.stdout
    assert log_json(huandu) == []
    assert not store_path(home).exists()


# --------------------------------------------------------------------------- show


def test_show_prints_the_quote_target_deadline_latest_and_history(huandu, book):
    out = ok(huandu("show", "肉牛")).stdout
    assert '"肉牛饲养量在9万头以上"' in out  # the source's own words, quoted
    assert "≥90,000 head" in out
    assert "2024-12-31" in out
    assert "82,000 head (as of 2024-05-31)" in out
    assert "91.1%" in out
    assert "70,000 head" in out and "四月" in out  # the history


def test_show_in_chinese(huandu, book):
    out = ok(huandu("show", "yiyang.beef-cattle", lang="zh")).stdout
    assert "肉牛饲养量在9万头以上" in out
    assert "≥9万头" in out
    assert "8.2万头（截至 2024-05-31）" in out
    assert "91.1%" in out


def test_show_json(huandu, book):
    detail = show_json(huandu, "肉牛")
    assert detail["id"] == "yiyang.beef-cattle"
    assert detail["target"] == 9 and detail["unit"] == "万头"
    assert detail["deadline"] == "2024-12-31"
    assert detail["quote"] == "肉牛饲养量在9万头以上"
    assert detail["current"] == 8.2 and detail["updated"] == "2024-05-31"
    assert detail["percent"] == pytest.approx(91.11)
    assert [h["seq"] for h in detail["history"]] == [1, 3]


def test_show_a_milestone_and_a_goal_without_figures(huandu, book):
    coal = show_json(huandu, "xinan.coal-to-gas")
    assert (coal["current"], coal["stage"], coal["percent"]) == (50, "推进中", 50)
    empty = show_json(huandu, "yiyang.herb-belt")
    assert (empty["current"], empty["percent"], empty["history"]) == (None, None, [])
    out = ok(huandu("show", "yiyang.herb-belt")).stdout
    assert "none yet" in out and "huandu update yiyang.herb-belt" in out


def test_show_refuses_an_ambiguous_goal(huandu, book):
    assert "产值" in refused(huandu, book, "show", "产值")


# --------------------------------------------------------------------------- undo


def test_undo_retracts_the_last_record_and_the_goal_falls_back(huandu, book):
    assert show_json(huandu, "xinan.coal-to-gas")["current"] == 50
    result = ok(huandu("undo"))
    assert "#4" in result.stdout
    assert "now has no figure" in result.stdout
    assert show_json(huandu, "xinan.coal-to-gas")["current"] is None
    # The next plain undo takes the most recent record that still counts: #3.
    result = ok(huandu("undo", "--note", "wrong unit"))
    assert "Undone #3" in result.stdout
    assert "70,000 head (as of 2024-04-30, #1)" in result.stdout
    detail = show_json(huandu, "肉牛")
    assert detail["current"] == 7 and detail["updated"] == "2024-04-30"
    stored = entries(book)
    assert [e["seq"] for e in stored] == [1, 2, 3, 4, 5, 6]
    assert stored[4]["action"] == "undo" and stored[4]["retracts"] == 4
    assert stored[5]["retracts"] == 3 and stored[5]["note"] == "wrong unit"
    # The retracted record is still in the journal, unchanged.
    assert stored[2]["value"] == 8.2 and stored[2]["action"] == "record"


def test_undo_a_given_record(huandu, book):
    result = ok(huandu("undo", "2"))
    assert "Undone #2" in result.stdout
    assert show_json(huandu, "市场主体")["current"] is None
    assert show_json(huandu, "肉牛")["current"] == 8.2  # others untouched
    rows = log_json(huandu)
    assert rows[1]["status"] == "retracted" and rows[1]["retracted_by"] == 5


def test_undoing_twice_is_refused(huandu, book):
    ok(huandu("undo", "3"))
    assert "#3" in refused(huandu, book, "undo", "3")


def test_undoing_an_undo_is_refused(huandu, book):
    ok(huandu("undo", "3"))
    assert "#5" in refused(huandu, book, "undo", "5")


@pytest.mark.parametrize("seq", ["99", "0"])
def test_undoing_an_unknown_record_is_refused(huandu, book, seq):
    assert f"#{seq}" in refused(huandu, book, "undo", seq)


def test_undo_with_nothing_to_undo_is_refused(huandu, home):
    assert "no record" in refused(huandu, home, "undo")
    assert not store_path(home).exists()


def test_undo_when_everything_is_undone_is_refused(huandu, home):
    ok(huandu("update", "肉牛", "5"))
    ok(huandu("undo"))
    assert "no record" in refused(huandu, home, "undo")


def test_a_record_after_an_undo_takes_the_next_seq(huandu, book):
    ok(huandu("undo"))
    ok(huandu("update", "xinan.coal-to-gas", "已完成"))
    rows = log_json(huandu)
    assert rows[-1]["seq"] == 6 and rows[-1]["stage"] == "已完成"
    assert show_json(huandu, "xinan.coal-to-gas")["current"] == 100


# --------------------------------------------------------------------------- info


def test_info_names_the_registry_and_the_journal(huandu, home):
    out = ok(huandu("info")).stdout
    assert str(home) in out
    assert str(bundled_registry()) in out and "bundled" in out
    assert str(home / "progress.sqlite3") in out
    assert "not created yet" in out
    ok(huandu("update", "肉牛", "5"))
    ok(huandu("undo"))
    out = ok(huandu("info")).stdout
    assert "1 record, 1 retraction" in out


def test_info_uses_the_registry_in_the_home_folder(huandu, home, registry_bytes):
    (home / "targets.toml").write_bytes(registry_bytes)
    out = ok(huandu("info")).stdout
    assert str(home / "targets.toml") in out
    assert "the home's targets.toml" in out


def test_the_registry_option_overrides_the_home_copy(huandu, home, tmp_path, registry_bytes):
    (home / "targets.toml").write_text("this is not used", "utf-8")
    chosen = tmp_path / "chosen.toml"
    chosen.write_bytes(registry_bytes)
    out = ok(huandu("--registry", str(chosen), "info")).stdout
    assert str(chosen) in out and "from --registry" in out
    assert "targets.toml" not in out
    # The home copy is really not read: it is broken, yet the update goes through.
    ok(huandu("--registry", str(chosen), "update", "肉牛", "5"))


def test_info_refuses_a_broken_home_registry(huandu, home):
    (home / "targets.toml").write_text("[plan\n", "utf-8")
    result = huandu("info")
    assert result.exit_code == 1
    assert "targets.toml" in result.stderr
    assert "Traceback" not in result.stderr
