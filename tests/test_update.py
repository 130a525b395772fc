"""A county's figure arrives and someone records it with `huandu update TARGET VALUE`.

Every progress value in these tests is synthetic, chosen to exercise parsing and refusals; none is a
real county's figure.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import pytest

from helpers import entries, ok, snapshot, store_path

TODAY = "2024-06-30"


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", TODAY)


def recorded(huandu, *args: str) -> dict:
    result = huandu("update", *args)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result


# --------------------------------------------------------------------------- what is stored


def test_a_figure_is_stored_with_everything_about_it(huandu, home):
    result = recorded(
        huandu,
        "yiyang.beef-cattle",
        "8.2万头",
        "--date",
        "2024-05-31",
        "--note",
        "5月报表",
        "--source",
        "县农业农村局",
        "--by",
        "小王",
    )
    assert "#1" in result.stdout
    assert "91.1%" in result.stdout  # 8.2 of 9 万头
    [entry] = entries(home)
    assert entry["seq"] == 1
    assert entry["action"] == "record"
    assert entry["target"] == "yiyang.beef-cattle"
    assert entry["value"] == 8.2
    assert entry["unit"] == "万头"
    assert entry["input"] == "8.2万头"
    assert entry["date"] == dt.date(2024, 5, 31)
    assert entry["note"] == "5月报表"
    assert entry["source"] == "县农业农村局"
    assert entry["by"] == "小王"
    when = entry["recorded_at"]
    assert isinstance(when, dt.datetime) and when.tzinfo is not None
    assert abs(dt.datetime.now(dt.UTC) - when) < dt.timedelta(minutes=5)
    assert entry["plan"] == "luoyang-huandu-2024"


def test_the_date_defaults_to_today_and_the_author_to_the_os_user(huandu, home):
    recorded(huandu, "市场主体", "3200")
    [entry] = entries(home)
    assert entry["target"] == "yanshi.new-market-entities"
    assert entry["date"] == dt.date.fromisoformat(TODAY)
    try:
        user = getpass.getuser()
    except Exception:  # no user name known (some containers): huandu records none
        user = ""
    assert entry["by"] == user
    assert entry["note"] == "" and entry["source"] == ""


def test_seqs_count_up_across_goals(huandu, home):
    recorded(huandu, "市场主体", "3200")
    recorded(huandu, "肉牛", "8")
    recorded(huandu, "市场主体", "3300")
    assert [e["seq"] for e in entries(home)] == [1, 2, 3]


# --------------------------------------------------------------------------- finding the goal


@pytest.mark.parametrize(
    ("query", "goal"),
    [
        ("yiyang.beef-cattle", "yiyang.beef-cattle"),
        ("肉牛", "yiyang.beef-cattle"),
        ("市场主体", "yanshi.new-market-entities"),
        ("beef", "yiyang.beef-cattle"),
    ],
)
def test_a_goal_is_found_by_id_or_a_unique_part_of_its_title(huandu, home, query, goal):
    recorded(huandu, query, "5")
    assert entries(home)[0]["target"] == goal


def test_an_ambiguous_title_lists_the_candidates_and_writes_nothing(huandu, home):
    result = huandu("update", "产值", "5")
    assert result.exit_code == 1
    assert "xinan.special-agriculture-output" in result.stderr
    assert "mengjin.cattle-industry" in result.stderr
    assert "yiyang.leading-industry-output" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not store_path(home).exists()


# --------------------------------------------------------------------------- values as people type them


@pytest.mark.parametrize(
    ("goal", "typed", "stored"),
    [
        ("yanshi.new-market-entities", "3200", 3200),
        ("yanshi.new-market-entities", "6,000", 6000),
        ("yanshi.new-market-entities", "６０００", 6000),
        ("yanshi.new-market-entities", "６，０００", 6000),
        ("xinan.special-agriculture-output", "3500万元", 0.35),
        ("xinan.special-agriculture-output", "1.2亿元", 1.2),
        ("yiyang.beef-cattle", "8.2万头", 8.2),
        ("yiyang.beef-cattle", "82000头", 8.2),
        ("yiyang.beef-cattle", "8.2", 8.2),
        ("mengjin.village-collective-income", "45%", 45),
        ("mengjin.village-collective-income", "45", 45),
    ],
)
def test_values_are_converted_to_the_goals_unit(huandu, home, goal, typed, stored):
    recorded(huandu, goal, typed)
    [entry] = entries(home)
    assert entry["value"] == pytest.approx(stored)
    assert entry["input"] == typed


def test_exact_decimal_conversion_stores_0_35_not_a_float_artefact(huandu, home):
    recorded(huandu, "xinan.special-agriculture-output", "3500万元")
    assert entries(home)[0]["value"] == 0.35
    assert entries(home)[0]["value"] == 0.35
    assert "value = 0.35\n" in ok(huandu("export")).stdout


def test_a_plus_value_adds_to_the_latest_figure(huandu, home):
    recorded(huandu, "市场主体", "3200", "--date", "2024-05-31")
    recorded(huandu, "市场主体", "+500")
    recorded(huandu, "市场主体", "+1,000")
    values = [e["value"] for e in entries(home)]
    assert values == [3200, 3700, 4700]
    assert [e["input"] for e in entries(home)] == ["3200", "+500", "+1,000"]


def test_a_plus_value_on_a_goal_without_figures_starts_from_zero(huandu, home):
    recorded(huandu, "市场主体", "+500")
    assert entries(home)[0]["value"] == 500


@pytest.mark.parametrize(
    ("typed", "value", "stage"),
    [
        ("未启动", 0, "未启动"),
        ("推进中", 50, "推进中"),
        ("已完成", 100, "已完成"),
        ("not-started", 0, "未启动"),
        ("in-progress", 50, "推进中"),
        ("done", 100, "已完成"),
        ("30%", 30, "推进中"),
        ("100%", 100, "已完成"),
        ("0", 0, "未启动"),
    ],
)
def test_milestones_take_a_stage_or_a_percent(huandu, home, typed, value, stage):
    recorded(huandu, "xinan.coal-to-gas", typed)
    [entry] = entries(home)
    assert entry["value"] == value
    assert entry["stage"] == stage
    assert "unit" not in entry


def test_a_date_on_today_is_accepted(huandu, home):
    recorded(huandu, "肉牛", "8", "--date", TODAY)
    assert entries(home)[0]["date"] == dt.date(2024, 6, 30)


# --------------------------------------------------------------------------- refusals


def refused(huandu, home: Path, *args: str) -> str:
    """The update is refused in one stderr line, with exit 1, and the journal is untouched."""
    before = snapshot(home)
    result = huandu("update", *args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("huandu: error: ")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    assert snapshot(home) == before
    return lines[0]


REFUSALS = [
    (("no-such-goal", "5"), "no-such-goal"),
    (("肉牛", "abc"), "not a number"),
    (("肉牛", "5x"), "does not fit"),
    (("肉牛", "1.2.3"), "not a number"),
    (("肉牛", "-5"), "negative"),
    (("肉牛", "--", "-5"), "negative"),
    (("肉牛", "-1,000头"), "negative"),
    (("肉牛", "NaN"), "not a finite"),
    (("肉牛", "inf"), "not a finite"),
    (("肉牛", "--", "-infinity"), "not a finite"),
    (("肉牛", "-3500万元"), "negative"),
    (("肉牛", ""), "no value"),
    (("xinan.special-agriculture-output", "5亩"), "亿元"),
    (("肉牛", "5", "--date", "2024-02-30"), "2024-02-30"),
    (("肉牛", "5", "--date", "yesterday"), "yesterday"),
    (("肉牛", "5", "--date", "2024-07-01"), "after today"),
    (("肉牛", "5", "--date", "2999-01-01"), "after today"),
    (("肉牛", "推进中"), "not a stage"),
    (("肉牛", "done"), "not a stage"),
    (("xinan.coal-to-gas", "150%"), "between 0 and 100"),
    (("xinan.coal-to-gas", "half"), "neither a stage"),
    (("xinan.coal-to-gas", "+10%"), "not an increase"),
    (("xinan.coal-to-gas", "-10%"), "between 0 and 100"),
    (("肉牛", "5", "--note", "长" * 1366), "too long"),  # 4098 bytes
    (("肉牛", "5", "--source", "x" * 4097), "the source is too long (4097 bytes"),
    (("肉牛", "5", "--by", "x" * 4097), "too long"),
    (("肉牛", "5", "--note", "bad \udcff byte"), "the note is not valid UTF-8"),
    (("肉牛", "5", "--source", "\ud800"), "UTF-8"),
    (("肉牛",), "give both"),
]


@pytest.mark.parametrize(("args", "reason"), REFUSALS, ids=[repr(a) for a, _ in REFUSALS])
def test_refusals_leave_no_journal_behind(huandu, home, args, reason):
    line = refused(huandu, home, *args)
    assert reason in line
    assert not store_path(home).exists()


@pytest.mark.parametrize(("args", "reason"), REFUSALS, ids=[repr(a) for a, _ in REFUSALS])
def test_refusals_leave_an_existing_journal_byte_identical(huandu, home, args, reason):
    recorded(huandu, "肉牛", "7.5", "--date", "2024-05-31", "--note", "synthetic")
    assert reason in refused(huandu, home, *args)
    assert len(entries(home)) == 1


def test_a_note_of_exactly_4_kib_is_accepted(huandu, home):
    recorded(huandu, "肉牛", "5", "--note", "x" * 4096)
    assert entries(home)[0]["note"] == "x" * 4096


def test_the_future_is_measured_from_the_pinned_today(huandu, home, monkeypatch):
    monkeypatch.setenv("HUANDU_TODAY", "2024-03-31")
    refused(huandu, home, "肉牛", "5", "--date", "2024-04-01")
    recorded(huandu, "肉牛", "5", "--date", "2024-03-31")
    # Without the pin, today is the real clock: a date in 2024 is not in the future.
    monkeypatch.delenv("HUANDU_TODAY")
    recorded(huandu, "肉牛", "6", "--date", "2024-12-31")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    refused(huandu, home, "肉牛", "7", "--date", tomorrow)


def test_a_broken_registry_is_refused_before_anything_is_written(huandu, home, tmp_path):
    recorded(huandu, "肉牛", "5")
    broken = tmp_path / "broken.toml"
    broken.write_text("[plan\nid = 1\n", "utf-8")
    before = snapshot(home)
    result = huandu("--registry", str(broken), "update", "肉牛", "6")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "broken.toml" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(home) == before
    # The same through the team's own copy in <home>/targets.toml.
    (home / "targets.toml").write_text("[plan\nid = 1\n", "utf-8")
    assert "targets.toml" in refused(huandu, home, "肉牛", "6")
    assert len(entries(home)) == 1


def test_an_unknown_goal_echoes_escapes_harmlessly(huandu, home):
    line = refused(huandu, home, "\x1b[31mX", "5")
    assert "\x1b" not in line
    assert "\\x1b[31mX" in line


def test_refusals_read_in_chinese_too(huandu, home):
    result = huandu("update", "肉牛", "abc", lang="zh")
    assert result.exit_code == 1
    assert "不是数字" in result.stderr
    assert not store_path(home).exists()


def test_a_refused_note_is_named_in_chinese(huandu, home):
    result = huandu("update", "肉牛", "5", "--note", "\udcff", lang="zh")
    assert result.exit_code == 1
    assert "备注 不是有效的 UTF-8 文本" in result.stderr
    result = huandu("update", "肉牛", "5", "--source", "长" * 1366, lang="zh")
    assert "来源 太长（4098 字节，上限 4096）" in result.stderr
    assert not store_path(home).exists()
