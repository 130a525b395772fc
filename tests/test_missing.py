"""催报: `huandu report --missing` lists, per county, the goals with no figure dated in the period,
and `--format text` is the message a person pastes into a work chat.

Every progress value recorded here is synthetic; none is a real county's figure.
"""

from __future__ import annotations

import json

import pytest

from helpers import ok


@pytest.fixture(autouse=True)
def _june(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-03")


@pytest.fixture
def journal(huandu) -> None:
    for goal, value, day in [
        ("yiyang.beef-cattle", "9.2万头", "2024-05-31"),  # done: never asked for
        ("yiyang.pepper-belt", "4.5万亩", "2024-05-31"),  # reported in May
        ("yiyang.herb-belt", "2万亩", "2024-04-30"),  # April's figure only
        ("yiyang.zhichuang-park", "推进中", "2024-05-20"),
        ("yiyang.aviation-plan", "推进中", "2024-05-31"),
        ("yiyang.leading-industry-output", "60亿元", "2024-05-31"),
        ("yiyang.sanqing-liangjian", "推进中", "2024-06-02"),  # after the as-of date
    ]:
        ok(huandu("update", goal, value, "--date", day))


def test_the_message_names_the_county_the_date_and_each_goal(huandu, journal):
    out = ok(huandu("--lang", "zh", "report", "--as-of", "5月", "--missing", "--county", "宜阳",
                    "--format", "text", lang="zh")).stdout  # fmt: skip
    assert out == (
        "请宜阳县于6月5日前报送以下5项目标5月份进展：\n"
        "1. 光平科技航空器材等项目竣工（尚未报送过）；\n"
        "2. 双椒融合产业园建设（尚未报送过）；\n"
        "3. 中药材现代农业示范园建设（尚未报送过）；\n"
        "4. 中药材产业带（最近一次报送：2024-04-30）；\n"
        "5. 纵深推进“三清两建”（尚未报送过）。\n"
    )


def test_every_county_and_the_json_form(huandu, journal):
    data = json.loads(ok(huandu("report", "--as-of", "5月", "--missing", "-f", "json")).stdout)
    assert data["since"] == "2024-05-01" and data["as_of"] == "2024-05-31"
    assert data["reply_by"] == "2024-06-05"
    counts = {c["county_id"]: len(c["targets"]) for c in data["counties"]}
    assert counts == {"xinan": 7, "yanshi": 6, "mengjin": 4, "yichuan": 3, "yiyang": 5}
    yiyang = next(c for c in data["counties"] if c["county_id"] == "yiyang")
    assert "yiyang.beef-cattle" not in [g["id"] for g in yiyang["targets"]]


def test_a_period_and_a_reply_date_of_ones_own(huandu, journal):
    out = ok(huandu("--lang", "en", "report", "--as-of", "5月", "--missing", "--county", "yiyang",
                    "--since", "2024-04-01", "--reply-by", "2024-06-08", "-f", "text")).stdout  # fmt: skip
    assert out.startswith(
        "Yiyang County: please send the progress of these 4 goals for 1 April 2024 to 31 May 2024"
        " by 8 June:\n1. "
    )
    assert "Medicinal herb belt" not in out  # April's figure counts from 1 April


def test_on_the_screen(huandu, journal):
    out = ok(huandu("--lang", "zh", "report", "--as-of", "5月", "--missing", lang="zh")).stdout
    assert "宜阳县（5 项）" in out and "huandu report --missing --format text" in out
    csv = ok(huandu("report", "--as-of", "5月", "--missing", "-f", "csv")).stdout
    assert csv.splitlines()[0] == "\ufeffcounty,county_id,id,title,updated,status"
