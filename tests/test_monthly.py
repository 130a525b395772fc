"""The monthly 通报: periods by name, month-by-month lights and streaks, 需督办 first, like goals
of different counties side by side, and each county against the ring.

The journal is recorded with `huandu update`, as a supervisor would, then replayed. Every progress
value in it is synthetic, made up to produce a streak or a tie; none is a real county's figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from helpers import ok
from huandu.domain.monthly import month_points, streak_of
from huandu.domain.periods import PERIOD_NAMES

ESC = "\x1b"


@pytest.fixture(autouse=True)
def _end_of_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", "2024-12-31")


def refused(result, *needles: str) -> None:
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    for needle in needles:
        assert needle in line


def as_json(huandu, *args: str):
    return json.loads(ok(huandu("report", *args, "--format", "json")).stdout)


@pytest.fixture
def story(huandu) -> None:
    """Synthetic figures: one goal behind from February to May that catches up in June, one that
    slips from April on, a milestone not started, a goal met, a goal on track."""
    for goal, value, day in [
        ("yanshi.new-market-entities", "300", "2024-02-29"),  # 5 %: yellow
        ("yanshi.new-market-entities", "600", "2024-03-31"),  # 10 %: yellow
        ("yanshi.new-market-entities", "900", "2024-04-30"),  # 15 %: yellow
        ("yanshi.new-market-entities", "1200", "2024-05-31"),  # 20 %: yellow
        ("yanshi.new-market-entities", "3000", "2024-06-30"),  # 50 %: green again
        ("yiyang.beef-cattle", "4万头", "2024-03-31"),
        ("yiyang.beef-cattle", "6万头", "2024-06-30"),
        ("yichuan.high-standard-farmland", "1万亩", "2024-04-30"),  # 8.3 %: yellow
        ("yichuan.high-standard-farmland", "1.5万亩", "2024-05-31"),  # 12.5 %: yellow
        ("yichuan.high-standard-farmland", "2万亩", "2024-06-30"),  # 16.7 %: red
        ("xinan.aluminium-casting", "未启动", "2024-05-01"),  # a milestone not started: yellow
        ("mengjin.fruit-industry", "25亿元", "2024-06-30"),  # over the target: done
        ("yiyang.pepper-belt", "6万亩", "2024-06-30"),
        ("yiyang.zhichuang-park", "推进中", "2024-04-30"),
    ]:
        ok(huandu("update", goal, value, "--date", day))


# ------------------------------------------------------------------------ periods by name

PERIODS = {
    **{
        f"{m}月": f"2024-{m:02d}-{[31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]}"
        for m in range(1, 13)
    },
    "1-5月": "2024-05-31",
    "1—5月": "2024-05-31",
    "1–5月": "2024-05-31",
    "一至五月": "2024-05-31",
    "一季度": "2024-03-31",
    "二季度": "2024-06-30",
    "三季度": "2024-09-30",
    "四季度": "2024-12-31",
    "第二季度": "2024-06-30",
    "Q1": "2024-03-31",
    "Q2": "2024-06-30",
    "Q3": "2024-09-30",
    "Q4": "2024-12-31",
    "q3": "2024-09-30",
    "上半年": "2024-06-30",
    "下半年": "2024-12-31",
    "前三季度": "2024-09-30",
    "全年": "2024-12-31",
    "2024-06": "2024-06-30",
    "2024年5月": "2024-05-31",
    "五月": "2024-05-31",
    "十一月": "2024-11-30",
    "2024-06-15": "2024-06-15",
    "2024/6/15": "2024-06-15",
}


def test_every_period_name_offered_is_understood():
    assert set(PERIOD_NAMES) <= set(PERIODS)


@pytest.mark.parametrize(("name", "day"), list(PERIODS.items()))
def test_as_of_takes_a_period_name(huandu, name, day):
    data = as_json(huandu, "--as-of", name)
    assert data["as_of"] == day
    monthly = as_json(huandu, "--monthly", "--as-of", name)
    assert monthly["as_of"] == day


@pytest.mark.parametrize(
    ("name", "reason"),
    [("13月", "not a valid period"), ("5-3月", "not a valid period"), ("明年", "cannot read")],
)
def test_a_period_that_is_not_one_is_refused(huandu, name, reason):
    refused(huandu("report", "--as-of", name), name, reason)


# ------------------------------------------------------------------------- month by month


def test_the_months_run_from_the_plan_start_to_the_as_of_day():
    D = __import__("datetime").date
    assert month_points(D(2024, 1, 1), D(2024, 3, 31)) == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
    ]
    assert month_points(D(2024, 1, 1), D(2024, 3, 15)) == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 15),
    ]
    assert month_points(D(2024, 1, 1), D(2024, 1, 1)) == [D(2024, 1, 1)]
    assert month_points(D(2024, 1, 1), D(2023, 12, 31)) == []
    assert len(month_points(D(2024, 1, 1), D(2025, 2, 28))) == 14


def test_a_streak_counts_back_from_the_latest_month():
    assert streak_of(["green", "yellow", "red", "yellow"]) == 3
    assert streak_of(["yellow", "yellow", "green"]) == 0
    assert streak_of([None, "red"]) == 1
    assert streak_of(["red", None, "red", "red"]) == 2
    assert streak_of([]) == 0


def test_monthly_json_has_the_documented_shape(huandu, story):
    data = as_json(huandu, "--monthly", "--as-of", "6月")
    assert list(data) == ["as_of", "months", "escalate_after", "targets"]
    assert data["as_of"] == "2024-06-30"
    assert data["months"] == [
        "2024-01-31",
        "2024-02-29",
        "2024-03-31",
        "2024-04-30",
        "2024-05-31",
        "2024-06-30",
    ]
    assert data["escalate_after"] == 3
    assert len(data["targets"]) == 30
    for row in data["targets"]:
        assert list(row) == ["id", "county", "county_id", "title", "months", "streak", "escalate"]
        assert [cell["month"] for cell in row["months"]] == data["months"]
        for cell in row["months"]:
            assert list(cell) == ["month", "percent", "light", "status"]


def test_three_months_behind_escalates_and_is_listed_first(huandu, story):
    june = as_json(huandu, "--monthly", "--as-of", "6月")
    first, *rest = june["targets"]
    assert (first["id"], first["streak"], first["escalate"]) == (
        "yichuan.high-standard-farmland",
        3,
        True,
    )
    assert [c["light"] for c in first["months"]] == [None, None, None, "yellow", "yellow", "red"]
    assert not any(row["escalate"] for row in rest)
    rows = {row["id"]: row for row in june["targets"]}
    # Behind February to May, green again in June: the streak is broken.
    market = rows["yanshi.new-market-entities"]
    assert [c["light"] for c in market["months"]] == [
        None,
        "yellow",
        "yellow",
        "yellow",
        "yellow",
        "green",
    ]
    assert [c["percent"] for c in market["months"]] == [None, 5.0, 10.0, 15.0, 20.0, 50.0]
    assert (market["streak"], market["escalate"]) == (0, False)
    assert rows["xinan.aluminium-casting"]["streak"] == 2  # May and June: not yet
    # The other goals keep registry order after the escalations.
    order = [row["id"] for row in rest]
    assert order.index("xinan.industrial-projects") < order.index("yiyang.beef-cattle")

    may = as_json(huandu, "--monthly", "--as-of", "1-5月")
    escalated = [(row["id"], row["streak"]) for row in may["targets"] if row["escalate"]]
    assert escalated == [("yanshi.new-market-entities", 4)]
    assert may["targets"][0]["id"] == "yanshi.new-market-entities"


def test_longer_streaks_come_first(huandu, story):
    data = as_json(huandu, "--monthly", "--as-of", "2024-07-15")
    assert data["months"][-1] == "2024-07-15"  # the month in progress stands as of the day
    escalated = [(row["id"], row["streak"]) for row in data["targets"] if row["escalate"]]
    assert escalated == [("yichuan.high-standard-farmland", 4), ("xinan.aluminium-casting", 3)]


def test_every_month_reproduces_the_report_as_of_its_last_day(huandu, story):
    """A past 通报 is reproduced exactly: month N of --monthly is `report --as-of` month N's end."""
    monthly = as_json(huandu, "--monthly", "--as-of", "2024-07-15")
    for index, day in enumerate(monthly["months"]):
        report = {row["id"]: row for row in as_json(huandu, "--as-of", day)["targets"]}
        for row in monthly["targets"]:
            cell = row["months"][index]
            goal = report[row["id"]]
            assert (cell["percent"], cell["light"], cell["status"]) == (
                goal["percent"],
                goal["light"],
                goal["status"],
            ), (day, row["id"])


def test_filters_narrow_the_monthly_goals(huandu, story):
    data = as_json(huandu, "--monthly", "--as-of", "6月", "--county", "伊川")
    assert [row["id"] for row in data["targets"]] == [
        "yichuan.high-standard-farmland",
        "yichuan.longding-battery-box",
        "yichuan.waterfront-plan",
    ]
    data = as_json(huandu, "--monthly", "--as-of", "6月", "--status", "far_behind,behind")
    assert [row["id"] for row in data["targets"]] == [
        "yichuan.high-standard-farmland",
        "xinan.aluminium-casting",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_monthly_table_fits_80_columns_with_escalations_first(huandu, story, monkeypatch, lang):
    monkeypatch.setenv("COLUMNS", "80")
    out = ok(huandu("--lang", lang, "report", "--monthly", "--as-of", "全年", lang=lang)).stdout
    assert ESC not in out
    for line in out.splitlines():
        assert cell_len(line) <= 80, line
    lines = out.splitlines()
    escalation = "需督办" if lang == "zh" else "Needs escalation"
    heading = next(i for i, line in enumerate(lines) if line.startswith(escalation))
    others = next(i for i, line in enumerate(lines) if line.startswith(("其他目标", "Other goals")))
    assert heading < others
    # Only the latest months fit; the table says so and ends with December.
    months = "12月" if lang == "zh" else "Dec"
    header = next(line for line in lines[heading:] if months in line)
    assert not re.search(r"(?<!\d)1月|Jan", header)
    assert ("仅显示最近" if lang == "zh" else "Only the last") in out
    farmland = next(line for line in lines if ("高标准农田" in line or "High-standard" in line))
    assert farmland.rstrip().endswith("9")  # red from April to December
    assert ("17 红" if lang == "zh" else "17 R") in farmland


def test_a_wide_terminal_shows_every_month_and_a_partial_month_says_its_day(
    huandu, story, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "160")
    out = ok(
        huandu("--lang", "zh", "report", "--monthly", "--as-of", "2024-07-15", lang="zh")
    ).stdout
    assert "仅显示最近" not in out
    header = " ".join(out.splitlines()[3:5])
    for month in ("1月", "2月", "6月", "7月", "15日"):
        assert month in header
    market = next(line for line in out.splitlines() if "新增市场主体" in line)
    assert "5 黄" in market and "50 绿" in market


def test_monthly_csv_and_markdown(huandu, story):
    result = ok(huandu("report", "--monthly", "--as-of", "6月", "--format", "csv"))
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(result.stdout[1:], newline="")))
    assert len(rows) == 30
    farmland = rows[0]
    assert farmland["id"] == "yichuan.high-standard-farmland"
    assert (farmland["2024-06-30"], farmland["2024-06-30 light"]) == ("16.67", "red")
    assert (farmland["2024-01-31"], farmland["2024-01-31 light"]) == ("", "")
    assert (farmland["streak"], farmland["escalate"]) == ("3", "True")

    md = ok(
        huandu(
            "--lang",
            "zh",
            "report",
            "--monthly",
            "--as-of",
            "6月",
            "--format",
            "markdown",
            lang="zh",
        )
    ).stdout
    assert "### 需督办：连续 3 个月及以上亮黄灯或红灯（1 项）" in md
    assert "| 伊川 | 高标准农田改造 | — | — | — | 8.3% 黄 | 12.5% 黄 | 16.7% 红 | 3 |" in md
    assert "### 其他目标" in md


def test_monthly_before_the_plan_starts_says_so(huandu):
    data = as_json(huandu, "--monthly", "--as-of", "2023-12-31")
    assert data["months"] == [] and all(row["months"] == [] for row in data["targets"])
    out = ok(huandu("report", "--monthly", "--as-of", "2023-12-31")).stdout
    assert "before the plan starts (2024-01-01)" in out


def test_monthly_and_compare_are_one_or_the_other(huandu):
    refused(huandu("report", "--monthly", "--compare"), "--monthly", "--compare")


# ---------------------------------------------------------------------- like goals compared


def test_the_bundled_tags_each_group_goals_of_two_counties_or_more():
    from huandu.store.locations import bundled_registry
    from huandu.store.registry import parse_registry

    registry = parse_registry(bundled_registry().read_bytes())
    tags: dict[str, set[str]] = {}
    for goal in registry.targets:
        if goal.compare:
            tags.setdefault(goal.compare, set()).add(goal.county)
    assert set(tags) == {"肉牛", "农业产值", "产业带/高标准农田", "重点项目"}
    assert all(len(counties) >= 2 for counties in tags.values()), tags
    assert registry.get("mengjin.cattle-industry").compare == "肉牛"
    assert registry.get("yiyang.herb-belt").compare == "产业带/高标准农田"


def test_compare_groups_by_tag_and_ranks_by_completion(huandu, story):
    data = as_json(huandu, "--compare", "--as-of", "6月")
    assert list(data) == ["as_of", "groups", "years"]
    groups = {group["tag"]: group["targets"] for group in data["groups"]}
    assert list(groups) == ["重点项目", "农业产值", "肉牛", "产业带/高标准农田"]  # registry order
    belts = groups["产业带/高标准农田"]
    assert [(r["id"], r["rank"], r["percent"]) for r in belts] == [
        ("yiyang.pepper-belt", 1, 60.0),
        ("yichuan.high-standard-farmland", 2, 16.67),
        ("yiyang.herb-belt", None, None),  # no figure: last, unranked
    ]
    cattle = groups["肉牛"]
    assert [(r["county"], r["unit"], r["rank"]) for r in cattle] == [
        ("宜阳", "万头", 1),
        ("孟津", "亿元", None),
    ]
    projects = groups["重点项目"]
    assert [(r["id"], r["light"], r["status"]) for r in projects[:2]] == [
        ("yiyang.zhichuang-park", "green", "on_track"),
        ("xinan.aluminium-casting", "yellow", "far_behind"),
    ]
    for group in data["groups"]:
        for row in group["targets"]:
            assert list(row)[:4] == ["id", "county", "county_id", "title"]


def test_compare_table_csv_and_markdown(huandu, story, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = ok(huandu("--lang", "zh", "report", "--compare", "--as-of", "6月", lang="zh")).stdout
    for line in out.splitlines():
        assert cell_len(line) <= 80, line
    for tag in ("同类：重点项目", "同类：农业产值", "同类：肉牛", "同类：产业带/高标准农田"):
        assert tag in out
    pepper = next(line for line in out.splitlines() if "辣椒产业带" in line)
    assert "宜阳" in pepper and "6万亩" in pepper and "60.0%" in pepper and "正常" in pepper

    result = ok(huandu("report", "--compare", "--as-of", "6月", "--format", "csv"))
    rows = list(csv.DictReader(io.StringIO(result.stdout[1:], newline="")))
    assert list(rows[0])[:2] == ["tag", "id"]
    assert len(rows) == 11  # every tagged goal of the bundled registry

    md = ok(
        huandu("report", "--compare", "--as-of", "6月", "--format", "markdown", "--county", "宜阳")
    ).stdout
    assert "### Compared: 产业带/高标准农田" in md
    assert "| 1 | Yiyang County | Chili pepper belt |" in md
    assert "Yichuan" not in md  # narrowed to one county, ranks stay those of the whole group
    assert "| 2 | Yiyang County | Zhichuang" not in md


def test_compare_without_tags_says_how_to_add_them(huandu, tmp_path, registry_bytes):
    text = "\n".join(
        line
        for line in registry_bytes.decode("utf-8").splitlines()
        if not line.startswith("compare =")
    )
    path = tmp_path / "plain.toml"
    path.write_text(text + "\n", encoding="utf-8")
    out = ok(huandu("--registry", str(path), "report", "--compare")).stdout
    assert 'add compare = "TAG"' in out


# --------------------------------------------------------------------- county against ring


def test_each_county_is_ranked_with_its_distance_from_the_ring(huandu, story):
    data = as_json(huandu, "--as-of", "6月")
    ring = data["ring"]["mean_percent"]
    assert data["ring"]["vs_ring"] is None
    for row in data["counties"]:
        assert row["vs_ring"] == pytest.approx(row["mean_percent"] - ring, abs=0.011)
    assert [row["rank"] for row in data["counties"]] == [1, 2, 3, 4, 5]
    assert data["counties"][0]["county_id"] == "mengjin"
    vs = [row["vs_ring"] for row in data["counties"]]
    assert vs == sorted(vs, reverse=True) and vs[0] > 0 > vs[-1]

    out = ok(huandu("--lang", "zh", "report", "--as-of", "6月", lang="zh")).stdout
    header = next(line for line in out.splitlines() if line.startswith("排名"))
    assert header.rstrip().endswith("较合计")
    mengjin = next(line for line in out.splitlines() if "孟津区" in line and "%" in line)
    assert mengjin.rstrip().endswith(f"+{data['counties'][0]['vs_ring']:.1f}")
    last = data["counties"][-1]
    line = next(line for line in out.splitlines() if last["county_name"] in line and "%" in line)
    assert line.rstrip().endswith(f"\u2212{abs(last['vs_ring']):.1f}")


def test_a_county_without_figures_has_no_distance(huandu):
    ok(huandu("update", "yiyang.beef-cattle", "3万头", "--date", "2024-03-31"))
    data = as_json(huandu, "--as-of", "3月")
    rows = {row["county_id"]: row for row in data["counties"]}
    assert rows["yiyang"]["vs_ring"] == 0.0
    assert rows["xinan"]["vs_ring"] is None


# ---------------------------------------------------------------- the replay, on any journal


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    figures=st.lists(
        st.tuples(
            st.sampled_from(
                ["yiyang.beef-cattle", "xinan.coal-to-gas", "yanshi.new-market-entities"]
            ),
            st.floats(min_value=0, max_value=100, allow_nan=False),
            st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 9, 30)),
        ),
        max_size=25,
    ),
    undo=st.sets(st.integers(1, 25), max_size=5),
    as_of=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 9, 30)),
)
def test_every_month_of_any_journal_is_the_report_as_of_that_day(figures, undo, as_of):
    """Whatever was recorded (several figures a month, some after the as-of day in its own
    month, some undone), month N of --monthly is what the report says as of month N's day."""
    import tempfile

    from huandu.domain.entries import Record, Retraction
    from huandu.service import Session

    with tempfile.TemporaryDirectory() as home:
        session = Session(home)
        plan = session.registry().plan.id
        at = dt.datetime(2024, 10, 1, tzinfo=dt.UTC)
        entries: list = [
            Record(seq, plan, goal, value, day, at, stage="推进中" if "coal" in goal else None)
            for seq, (goal, value, day) in enumerate(figures, start=1)
        ]
        by_seq = {e.seq: e for e in entries}
        seq = len(entries)
        for number in sorted(undo):
            if number in by_seq:
                seq += 1
                entries.append(Retraction(seq, plan, by_seq[number].target, number, at))
        session.store().load(entries)
        monthly = session.monthly(as_of)
        for index, day in enumerate(monthly.points):
            report = {a.target.id: a for a in session.report(day).assessments}
            for row in monthly.rows:
                percent, _gap, status, light = row.verdicts[index]
                expected = report[row.target.id]
                assert (percent, light, status) == (
                    expected.percent,
                    expected.light,
                    expected.status,
                ), (day, row.target.id)
        session.close()
