"""Someone who does not remember goal ids types `huandu update` and is asked step by step.

Every progress value in these tests is synthetic; none is a real county's figure.
"""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import entries, snapshot, store_path

TODAY = "2024-06-30"

# 宜阳县 is the fifth county; 肉牛饲养量 (yiyang.beef-cattle, 9万头) its ninth goal.
BEEF = [
    "5",  # county by number
    "9",  # goal by number
    "abc",  # not a number: asked again
    "8.2万头",  # value
    "",  # date: today
    "synthetic note",
    "synthetic source",
    "y",
]


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", TODAY)


def typed(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def clean(result) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def test_a_figure_is_recorded_by_answering_each_question(huandu, home):
    result = huandu("update", input=typed(BEEF))
    assert result.exit_code == 0, result.stderr
    clean(result)
    out = result.stdout
    # The counties and the county's goals are numbered, with the target shown.
    assert "5) Yiyang County" in out
    assert "9) Beef cattle herd" in out and "≥90,000 head" in out
    # The invalid value was refused with its reason and asked again.
    assert "'abc' is not a number; please try again." in out
    assert out.count("Value (in 万头)") == 2
    assert f"As of date [{TODAY}]" in out
    # What the figure means once stored, then a summary before the confirmation.
    assert "= 82,000 head (typed 8.2万头), 91.1% complete, time progress 49.7%" in out
    assert "About to record: Yiyang County Beef cattle herd = 82,000 head, as of 2024-06-30" in out
    assert "note: synthetic note" in out and "source: synthetic source" in out
    assert "Recorded #1" in out
    [entry] = entries(home)
    assert entry["target"] == "yiyang.beef-cattle"
    assert entry["value"] == 8.2 and entry["unit"] == "万头"
    assert entry["input"] == "8.2万头"
    assert entry["date"] == dt.date(2024, 6, 30)
    assert entry["note"] == "synthetic note"
    assert entry["source"] == "synthetic source"


def test_the_county_can_be_named_and_the_date_typed(huandu, home):
    answers = ["宜阳", "9", "7", "2024-05-31", "", "", "y"]
    result = huandu("update", input=typed(answers))
    assert result.exit_code == 0, result.stderr
    [entry] = entries(home)
    assert entry["target"] == "yiyang.beef-cattle"
    assert entry["value"] == 7
    assert entry["date"] == dt.date(2024, 5, 31)
    assert entry["note"] == "" and entry["source"] == ""


def test_wrong_county_goal_and_date_answers_are_asked_again(huandu, home):
    answers = [
        "洛宁",  # not one of the five
        "0",  # no county 0
        "yiyang",
        "99",  # no goal 99
        "9",
        "8",
        "2024-02-30",  # impossible
        "2024-07-01",  # after the pinned today
        "2024-06-01",
        "",
        "",
        "",  # confirmation defaults to yes
    ]
    result = huandu("update", input=typed(answers))
    assert result.exit_code == 0, result.stderr
    clean(result)
    out = result.stdout
    assert "洛宁" in out and "please try again" in out
    assert "'2024-02-30' is not a real date; please try again." in out
    assert "after today" in out
    [entry] = entries(home)
    assert entry["date"] == dt.date(2024, 6, 1)


def test_a_milestone_is_asked_for_its_stage(huandu, home):
    # 新安县 is the first county; 稳妥推进煤改气 its fourth goal.
    answers = ["1", "4", "8万头", "推进中", "", "", "", "y"]
    result = huandu("update", input=typed(answers))
    assert result.exit_code == 0, result.stderr
    assert "未启动 / 推进中 / 已完成" in result.stdout
    [entry] = entries(home)
    assert entry["target"] == "xinan.coal-to-gas"
    assert entry["stage"] == "推进中" and entry["value"] == 50


def test_the_goal_list_shows_the_latest_figure_and_plus_adds_to_it(huandu, home):
    assert huandu("update", "肉牛", "8", "--date", "2024-05-31").exit_code == 0
    answers = ["5", "9", "+0.5", "", "", "", "y"]
    result = huandu("update", input=typed(answers))
    assert result.exit_code == 0, result.stderr
    assert "latest 80,000 head as of 2024-05-31" in result.stdout
    assert [e["value"] for e in entries(home)] == [8, 8.5]


def test_answering_no_writes_nothing(huandu, home):
    result = huandu("update", input=typed([*BEEF[:-1], "n"]))
    assert result.exit_code != 0
    clean(result)
    assert "nothing was written" in result.stderr
    assert not store_path(home).exists()


def test_answering_no_leaves_an_existing_journal_byte_identical(huandu, home):
    assert huandu("update", "市场主体", "3200").exit_code == 0
    before = snapshot(home)
    result = huandu("update", input=typed([*BEEF[:-1], "n"]))
    assert result.exit_code != 0
    assert snapshot(home) == before


@pytest.mark.parametrize("answered", range(len(BEEF)))
def test_end_of_input_at_any_step_writes_nothing(huandu, home, answered):
    result = huandu("update", input=typed(BEEF[:answered]))
    assert result.exit_code != 0
    clean(result)
    assert "Cancelled; nothing was written." in result.stderr
    assert not store_path(home).exists()


@pytest.mark.parametrize("answered", range(len(BEEF)))
def test_end_of_input_mid_line_writes_nothing(huandu, home, answered):
    assert huandu("update", "市场主体", "3200").exit_code == 0
    before = snapshot(home)
    partial = typed(BEEF[:answered]) + "8"  # a last line without its newline
    result = huandu("update", input=partial)
    assert result.exit_code != 0
    clean(result)
    assert snapshot(home) == before


def test_input_that_is_not_utf8_is_refused_without_a_traceback(huandu, home):
    result = huandu("update", input=b"5\n9\n8\n\n\xd6\xd0\xce\xc4\n\ny\n")  # GBK 中文
    assert result.exit_code == 1
    clean(result)
    assert "UTF-8" in result.stderr
    assert not store_path(home).exists()


def test_the_questions_are_asked_in_chinese(huandu, home):
    result = huandu("update", input=typed(["宜阳", "9", "8.2万头", "", "", "", "是"]), lang="zh")
    assert result.exit_code == 0, result.stderr
    assert "县区（序号或名称）" in result.stdout
    assert "数值（单位 万头）" in result.stdout
    assert "已记录 #1" in result.stdout
    assert entries(home)[0]["value"] == 8.2


def test_an_implausible_figure_is_shown_and_recorded_only_when_confirmed(huandu, home):
    """200万头 for a herd whose target is 9万头 is most likely 2万头 or 20万头: the prompt says what it
    would store and why it looks wrong, asks again when told no, and marks it forced when told
    yes."""
    said_no = ["5", "9", "200万头", "n", "8万头", "", "", "", "y"]
    result = huandu("update", input=typed(said_no))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "would be stored as 200 万头, 10k head, 22 times the target" in out
    assert out.count("Value (in 万头)") == 2
    [entry] = entries(home)
    assert entry["value"] == 8 and "forced" not in entry

    said_yes = ["5", "9", "800万头", "y", "2024-06-30", "", "", "y"]
    result = huandu("update", input=typed(said_yes))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "would be stored as 800 万头, 10k head, 89 times the target" in out
    assert "this figure will be marked as forced" in out
    last = entries(home)[-1]
    assert last["value"] == 800 and last["forced"] is True
