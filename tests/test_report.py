"""A supervisor prepares the 通报: `huandu report` on the screen and as JSON, at several dates.

The journal below is recorded with `huandu update` and `huandu undo`, as a person would, and then
replayed at several `--as-of` dates. Every progress value in it is synthetic, made up to reach an
edge of the rules (a figure after the as-of date, an undone typo, a figure over target, a two-year
goal, a milestone stage); none is a real county's figure. The computation itself is tested in
tests/test_progress.py; these tests check what a person sees.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from helpers import ok
from huandu.domain.progress import STATUSES
from huandu.domain.report import COUNTY_KEYS, TARGET_KEYS

SNAPSHOTS = Path(__file__).parent / "snapshots"
ESC = "\x1b"
COUNTY_NAMES_EN = ("Xin'an County", "Yanshi District", "Mengjin District", "Yichuan County")
COUNTY_NAMES_ZH = ("新安县", "偃师区", "孟津区", "伊川县", "宜阳县")


@pytest.fixture(autouse=True)
def _end_of_year(monkeypatch: pytest.MonkeyPatch) -> None:
    # Figures are recorded "today" = the last day of the plan year, so every 2024 date is allowed.
    monkeypatch.setenv("HUANDU_TODAY", "2024-12-31")


def record(huandu, goal: str, value: str, day: str) -> None:
    ok(huandu("update", goal, value, "--date", day))


def record_the_year(huandu) -> None:
    """The journal of the story (synthetic figures), in the order they were typed in."""
    record(huandu, "yiyang.beef-cattle", "4万头", "2024-03-31")
    record(huandu, "yiyang.beef-cattle", "6万头", "2024-06-30")
    record(huandu, "xinan.coal-to-gas", "推进中", "2024-05-01")  # a milestone stage: 50
    record(huandu, "yanshi.new-market-entities", "2000", "2024-06-30")
    record(huandu, "yanshi.high-tech-enterprises", "50", "2024-06-01")  # a typo ...
    ok(huandu("undo", "--note", "typo"))  # ... taken back at once
    record(huandu, "yiyang.leading-industry-output", "50亿元", "2024-06-30")  # due end of 2025
    record(huandu, "mengjin.fruit-industry", "25亿元", "2024-06-30")  # over the target of 22
    record(huandu, "yichuan.high-standard-farmland", "2万亩", "2024-06-30")
    record(huandu, "xinan.special-agriculture-output", "30亿元", "2024-09-30")  # after mid-year


def report_json(huandu, *args: str) -> dict:
    result = ok(huandu("report", "--format", "json", *args))
    assert result.stderr == ""
    return json.loads(result.stdout)


def by_id(data: dict) -> dict[str, dict]:
    return {row["id"]: row for row in data["targets"]}


def by_county(data: dict) -> dict[str, dict]:
    return {row["county_id"]: row for row in data["counties"]}


def no_data(goal: str, county: str, expected: float) -> dict:
    """What a goal without figures looks like: nothing made up, only the calendar."""
    return {
        "id": goal,
        "county_id": county,
        "current": None,
        "stage": None,
        "percent": None,
        "expected": expected,
        "gap": None,
        "status": "no_data",
        "projected": None,
        "projected_percent": None,
        "updated": None,
        "records": 0,
    }


def assert_row(row: dict, expected: dict) -> None:
    assert tuple(row) == TARGET_KEYS
    assert {k: row[k] for k in expected} == expected


def counts(**nonzero: int) -> dict[str, int]:
    return {status: nonzero.get(status, 0) for status in STATUSES}


# ------------------------------------------------------------------- the journal replayed as JSON


def test_at_the_end_of_march_only_the_march_figure_counts(huandu):
    record_the_year(huandu)
    data = report_json(huandu, "--as-of", "2024-03-31")

    assert data["as_of"] == "2024-03-31"
    goals = by_id(data)
    assert len(goals) == 30
    # The June figure of the same goal is after the as-of date: it does not count yet.
    assert_row(
        goals["yiyang.beef-cattle"],
        {
            "id": "yiyang.beef-cattle",
            "county": "宜阳",
            "county_id": "yiyang",
            "title": "肉牛饲养量",
            "kind": "quantity",
            "target": 9,
            "unit": "万头",
            "comparison": "ge",
            "deadline": "2024-12-31",
            "current": 4,
            "stage": None,
            "percent": 44.44,
            "expected": 24.86,  # day 91 of 366
            "gap": 19.58,
            "status": "on_track",
            "projected": None,  # one date is not a trend
            "projected_percent": None,
            "updated": "2024-03-31",
            "records": 1,
        },
    )
    assert_row(goals["xinan.coal-to-gas"], no_data("xinan.coal-to-gas", "xinan", 24.86))
    assert_row(
        goals["xinan.special-agriculture-output"],
        no_data("xinan.special-agriculture-output", "xinan", 24.86),
    )
    assert sum(g["status"] == "no_data" for g in goals.values()) == 29

    counties = data["counties"]
    assert [c["county_id"] for c in counties] == ["yiyang", "xinan", "yanshi", "mengjin", "yichuan"]
    assert counties[0] == {
        "county": "宜阳",
        "county_id": "yiyang",
        "county_name": "宜阳县",
        "rank": 1,
        "targets": 10,
        **counts(on_track=1, no_data=9),
        "mean_percent": 44.44,
        "vs_ring": 0.0,
    }
    assert counties[1]["mean_percent"] is None and counties[1]["no_data"] == 7
    assert data["ring"] == {
        "county": None,
        "county_id": None,
        "county_name": None,
        "rank": None,
        "targets": 30,
        **counts(on_track=1, no_data=29),
        "mean_percent": 44.44,
        "vs_ring": None,
    }


def test_at_mid_year_every_kind_of_goal_has_its_status(huandu):
    record_the_year(huandu)
    data = report_json(huandu, "--as-of", "2024-06-30")

    assert data["as_of"] == "2024-06-30"
    assert data["plan"] == {
        "id": "luoyang-huandu-2024",
        "title": "环都市区五个县区2024年重点工作",
        "start": "2024-01-01",
        "end": "2024-12-31",
        "behind_points": 10,
        "far_behind_points": 30,
        "time_progress": "days",
        "update_interval_days": 31,
    }
    goals = by_id(data)
    assert [row["id"] for row in data["targets"]][:2] == [
        "xinan.industrial-projects",
        "xinan.tech-communities",
    ]  # registry order
    for row in data["targets"]:
        assert tuple(row) == TARGET_KEYS

    # Two dates make a trend: 4 → 6 万头 in 91 days reaches about 10.04 万头 by 31 December.
    assert_row(
        goals["yiyang.beef-cattle"],
        {
            "current": 6,
            "percent": 66.67,
            "expected": 49.73,  # day 182 of 366
            "gap": 16.94,
            "status": "on_track",
            "projected": 10.044,
            "projected_percent": 111.6,
            "updated": "2024-06-30",
            "records": 2,
        },
    )
    # A milestone stage reads as its percent.
    assert_row(
        goals["xinan.coal-to-gas"],
        {
            "county": "新安",
            "title": "稳妥推进煤改气",
            "kind": "milestone",
            "target": None,
            "unit": None,
            "comparison": None,
            "deadline": "2024-12-31",
            "current": 50,
            "stage": "推进中",
            "percent": 50.0,
            "expected": 49.73,
            "gap": 0.27,
            "status": "on_track",
            "updated": "2024-05-01",
            "records": 1,
        },
    )
    assert_row(
        goals["yanshi.new-market-entities"],
        {"current": 2000, "unit": "户", "percent": 33.33, "gap": -16.39, "status": "behind"},
    )
    assert_row(
        goals["yichuan.high-standard-farmland"],
        {"current": 2, "unit": "万亩", "percent": 16.67, "gap": -33.06, "status": "far_behind"},
    )
    # Over the target: done, and the percent is not capped.
    assert_row(
        goals["mengjin.fruit-industry"],
        {
            "target": 22,
            "unit": "亿元",
            "comparison": "gt",
            "current": 25,
            "percent": 113.64,
            "gap": 63.91,
            "status": "done",
        },
    )
    # The two-year goal: its calendar runs to the end of 2025, so mid-2024 expects only a quarter.
    assert_row(
        goals["yiyang.leading-industry-output"],
        {
            "target": 300,
            "deadline": "2025-12-31",
            "current": 50,
            "percent": 16.67,
            "expected": 24.9,  # day 182 of 731
            "gap": -8.23,
            "status": "on_track",
        },
    )
    # The undone typo counts for nothing; the September figure is still in the future.
    assert_row(
        goals["yanshi.high-tech-enterprises"],
        no_data("yanshi.high-tech-enterprises", "yanshi", 49.73),
    )
    assert_row(
        goals["xinan.special-agriculture-output"],
        no_data("xinan.special-agriculture-output", "xinan", 49.73),
    )

    counties = data["counties"]
    for row in [*counties, data["ring"]]:
        assert tuple(row) == COUNTY_KEYS
    assert [(c["rank"], c["county_id"], c["mean_percent"]) for c in counties] == [
        (1, "mengjin", 100.0),  # 113.6% counts as 100 in the mean
        (2, "xinan", 50.0),
        (3, "yiyang", 41.67),
        (4, "yanshi", 33.33),
        (5, "yichuan", 16.67),
    ]
    assert by_county(data)["yanshi"] == {
        "county": "偃师",
        "county_id": "yanshi",
        "county_name": "偃师区",
        "rank": 4,
        "targets": 6,
        **counts(behind=1, no_data=5),
        "mean_percent": 33.33,
        "vs_ring": -13.89,
    }
    assert data["ring"] == {
        "county": None,
        "county_id": None,
        "county_name": None,
        "rank": None,
        "targets": 30,
        **counts(done=1, on_track=3, behind=1, far_behind=1, no_data=24),
        "mean_percent": 47.22,
        "vs_ring": None,
    }


def test_on_the_last_day_of_the_year_the_september_figure_counts_and_nothing_is_overdue_yet(huandu):
    record_the_year(huandu)
    data = report_json(huandu, "--as-of", "2024-12-31")

    goals = by_id(data)
    assert_row(
        goals["xinan.special-agriculture-output"],
        {
            "current": 30,
            "percent": 75.0,
            "expected": 100.0,
            "gap": -25.0,
            "status": "behind",
            "updated": "2024-09-30",
            "records": 1,
        },
    )
    assert goals["yiyang.beef-cattle"]["status"] == "far_behind"  # the deadline is today
    assert goals["yiyang.leading-industry-output"]["expected"] == 50.07
    assert data["ring"] == {
        "county": None,
        "county_id": None,
        "county_name": None,
        "rank": None,
        "targets": 30,
        **counts(done=1, behind=1, far_behind=5, no_data=23),
        "mean_percent": 51.19,
        "vs_ring": None,
    }


def test_after_the_deadline_unmet_goals_are_overdue_but_the_two_year_goal_is_not(huandu):
    record_the_year(huandu)
    data = report_json(huandu, "--as-of", "2025-01-10")

    goals = by_id(data)
    for goal in (
        "yiyang.beef-cattle",
        "xinan.coal-to-gas",
        "xinan.special-agriculture-output",
        "yanshi.new-market-entities",
        "yichuan.high-standard-farmland",
    ):
        assert goals[goal]["status"] == "overdue", goal
        assert goals[goal]["expected"] == 100.0
    assert goals["mengjin.fruit-industry"]["status"] == "done"  # met stays met
    assert goals["yanshi.high-tech-enterprises"]["status"] == "no_data"
    assert_row(
        goals["yiyang.leading-industry-output"],
        {"expected": 51.44, "gap": -34.77, "status": "far_behind"},
    )
    assert by_county(data)["xinan"] == {
        "county": "新安",
        "county_id": "xinan",
        "county_name": "新安县",
        "rank": 2,
        "targets": 7,
        **counts(overdue=2, no_data=5),
        "mean_percent": 62.5,
        "vs_ring": 11.31,
    }
    assert data["ring"]["overdue"] == 5


def test_the_report_defaults_to_today(huandu, monkeypatch):
    record_the_year(huandu)
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")
    assert report_json(huandu) == report_json(huandu, "--as-of", "2024-06-30")


# ------------------------------------------------------------------------------- no figures yet


def test_before_any_figure_every_goal_has_no_data_and_nothing_is_made_up(huandu):
    data = report_json(huandu, "--as-of", "2024-06-30")

    assert len(data["targets"]) == 30
    for row in data["targets"]:
        assert_row(row, no_data(row["id"], row["county_id"], row["expected"]))
    assert by_id(data)["yiyang.beef-cattle"]["expected"] == 49.73
    for row in data["counties"]:
        assert row["mean_percent"] is None
        assert row["no_data"] == row["targets"]
    assert data["ring"] == {
        "county": None,
        "county_id": None,
        "county_name": None,
        "rank": None,
        "targets": 30,
        **counts(no_data=30),
        "mean_percent": None,
        "vs_ring": None,
    }


def test_before_any_figure_the_table_says_how_to_record_the_first_one(huandu):
    result = ok(huandu("report", "--as-of", "2024-06-30"))

    assert "No progress has been recorded yet" in result.stdout
    assert "huandu update" in result.stdout
    assert "no data" in result.stdout
    assert "█" not in result.stdout  # no completion bar: there is no completion to draw
    # Apart from targets (≥50%), the only percents on the page are the calendar's (时序进度):
    # 49.7% of 2024, 24.9% of the two-year goal. No completion is made up.
    shown = set(re.findall(r"(?<![≥>])\b\d+(?:\.\d+)?%", result.stdout))
    assert shown == {"49.7%", "24.9%"}

    zh = ok(huandu("--lang", "zh", "report", "--as-of", "2024-06-30", lang="zh"))
    assert "还没有任何进度记录" in zh.stdout
    assert "huandu update" in zh.stdout


def status_cells(text: str) -> str:
    """The report without its legend line (which names every status)."""
    return "\n".join(line for line in text.splitlines() if "Status:" not in line)


def test_a_filter_that_shows_only_goals_without_data_does_not_say_nothing_was_recorded(huandu):
    record_the_year(huandu)

    result = ok(huandu("report", "--as-of", "2024-06-30", "--status", "no_data"))
    assert "no data" in result.stdout
    assert "No progress has been recorded yet" not in result.stdout

    # Yichuan has no figure at the end of March, but other counties do.
    result = ok(huandu("report", "--as-of", "2024-03-31", "--county", "伊川"))
    assert "No progress has been recorded yet" not in result.stdout


def test_a_filter_that_matches_no_goal_says_so(huandu):
    record_the_year(huandu)

    result = ok(huandu("report", "--as-of", "2024-06-30", "--status", "overdue"))
    assert "No goal matches the chosen filters as of 2024-06-30." in result.stdout
    assert "No progress has been recorded yet" not in result.stdout
    assert "Summary by county" in result.stdout  # the totals are still there

    data = report_json(huandu, "--as-of", "2024-06-30", "--status", "overdue")
    assert data["targets"] == []


# ----------------------------------------------------------------------------------- filters


def test_one_county_narrows_both_the_goals_and_the_summary(huandu):
    record_the_year(huandu)
    everything = report_json(huandu, "--as-of", "2024-06-30")

    for name in ("宜阳", "宜阳县", "yiyang"):
        data = report_json(huandu, "--as-of", "2024-06-30", "--county", name)
        assert {row["county_id"] for row in data["targets"]} == {"yiyang"}
        assert len(data["targets"]) == 10
        assert data["counties"] == [by_county(everything)["yiyang"]]  # rank among all five
        assert data["ring"] == everything["ring"]  # the ring total is the whole plan's

    table = ok(huandu("report", "--as-of", "2024-06-30", "--county", "宜阳"))
    assert "Yiyang County: 以关键工作突破带动新的更大发展" in table.stdout
    for other in COUNTY_NAMES_EN:
        assert other not in table.stdout


def test_status_filter_lists_only_those_goals_but_county_totals_stay_whole(huandu):
    record_the_year(huandu)
    everything = report_json(huandu, "--as-of", "2024-06-30")

    data = report_json(huandu, "--as-of", "2024-06-30", "--status", "behind,far_behind")
    assert [(row["id"], row["status"]) for row in data["targets"]] == [
        ("yanshi.new-market-entities", "behind"),
        ("yichuan.high-standard-farmland", "far_behind"),
    ]
    assert data["counties"] == everything["counties"]
    assert data["ring"] == everything["ring"]

    # People write statuses loosely: spaces, hyphens, capitals.
    loose = report_json(huandu, "--as-of", "2024-06-30", "--status", "Behind, far-behind")
    assert loose == data
    # ... or in the words the Chinese report prints, with a Chinese comma or 、 between them.
    for words in ("滞后，严重滞后", "滞后、严重滞后", "far behind,滞后"):
        assert report_json(huandu, "--as-of", "2024-06-30", "--status", words) == data
    # A filter naming nothing filters nothing (it listed no goal at all).
    assert report_json(huandu, "--as-of", "2024-06-30", "--status", " , ") == everything

    table = ok(huandu("report", "--as-of", "2024-06-30", "--status", "behind,far_behind"))
    assert "New market entities" in table.stdout
    assert "High-standard farmland" in table.stdout
    assert "Beef cattle" not in table.stdout
    assert "Xin'an County: " not in table.stdout  # no goal of Xin'an is listed ...
    assert "Xin'an County" in table.stdout  # ... but its line in the summary stays


def refused(result, *needles: str) -> None:
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(("huandu: error: ", "huandu: 错误："))
    for needle in needles:
        assert needle in lines[0]


def test_an_unknown_status_is_refused_with_the_valid_ones(huandu):
    refused(huandu("report", "--status", "behind,late"), "'late'", "far_behind", "no_data")
    zh = huandu("--lang", "zh", "report", "--status", "迟到", lang="zh")
    refused(zh, "迟到", "严重滞后", "far_behind")


def test_an_unknown_county_is_refused(huandu):
    refused(huandu("report", "--county", "洛宁"), "洛宁", "(yiyang)", "(xinan)")


@pytest.mark.parametrize(
    ("as_of", "reason"),
    [
        ("2024-13-01", "not a real date"),
        ("yesterday", "write a date (2024-05-31) or a period"),
        ("13月", "not a valid period"),
    ],
)
def test_an_unreadable_as_of_date_is_refused(huandu, as_of, reason):
    refused(huandu("report", "--as-of", as_of), as_of, reason)


@pytest.mark.parametrize("fmt", ["html", "svg"])
def test_html_and_svg_need_a_file(huandu, fmt):
    refused(huandu("report", "--format", fmt), f"the {fmt} format needs --output FILE")


def test_an_unknown_format_is_refused(huandu):
    refused(huandu("report", "--format", "pdf"), "pdf", "table|json|csv|markdown|html|svg|xlsx")


# ------------------------------------------------------------------------------ the table


def test_the_table_has_the_summary_a_table_per_county_and_status_words(huandu):
    record_the_year(huandu)
    result = ok(huandu("report", "--as-of", "2024-06-30"))
    out = result.stdout
    assert result.stderr == ""

    heading = " ".join(line.rstrip() for line in out.splitlines()[:2])  # it wraps at 100 columns
    assert "progress as of 2024-06-30 (time elapsed in the plan year: 49.7%)" in heading
    assert "Summary by county" in out
    for name in (*COUNTY_NAMES_EN, "Yiyang County"):
        assert f"{name}: " in out  # its own table's heading
        assert re.search(rf"^ +\d  {re.escape(name)} ", out, re.M), name  # its summary line
    assert "Whole ring" in out
    assert "Time progress" in out
    # NO_COLOR is set: the statuses must still be told apart, by their words.
    for word in ("done", "on track", "behind", "far behind", "no data"):
        assert word in status_cells(out), word
    assert ESC not in out

    beef = next(line for line in out.splitlines() if line.startswith("Beef cattle"))
    assert "60,000 head" in beef
    assert "66.7%" in beef and "49.7%" in beef and "on track" in beef and "2024-06-30" in beef
    coal = next(line for line in out.splitlines() if line.startswith("Coal-to-gas"))
    assert "in progress" in coal and "50.0%" in coal  # the stage 推进中, in English


def test_the_chinese_table_has_the_time_progress_column(huandu):
    record_the_year(huandu)
    out = ok(huandu("--lang", "zh", "report", "--as-of", "2024-06-30", lang="zh")).stdout

    assert "各县区汇总" in out and "环都市区合计" in out
    for name in COUNTY_NAMES_ZH:
        assert f"{name}：" in out
    header = next(line for line in out.splitlines() if line.startswith("目标 "))
    assert "时序进度" in header and "完成率" in header and "状态" in header
    for word in ("已完成", "正常", "滞后", "严重滞后", "无数据"):
        assert word in out
    coal = next(line for line in out.splitlines() if line.startswith("稳妥推进煤改气"))
    assert "推进中" in coal and "50.0%" in coal


# ---------------------------------------------------------------------------- snapshots


def assert_snapshot(text: str, name: str) -> None:
    """Compare with tests/snapshots/NAME (trailing spaces dropped); UPDATE_SNAPSHOTS=1 rewrites it.

    After rewriting, read the file before committing it: the snapshot is what a person sees.
    """
    shown = "".join(line.rstrip() + "\n" for line in text.splitlines())
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(shown, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing; run the tests with UPDATE_SNAPSHOTS=1 to create it"
    assert shown == path.read_text(encoding="utf-8")


def table_blocks(text: str) -> list[list[str]]:
    """The tables of a report: each block of lines with a header rule, without its heading line."""
    blocks, current = [], []
    for line in [*text.splitlines(), ""]:
        if line:
            current.append(line)
            continue
        if any(set(row.strip()) == {"─"} for row in current):
            blocks.append(current[1:])
        current = []
    return blocks


def check_layout(text: str, width: int) -> None:
    assert ESC not in text
    for line in text.splitlines():
        assert cell_len(line) <= width, line
    blocks = table_blocks(text)
    assert len(blocks) == 6  # the summary and five counties
    for block in blocks:
        widths = {cell_len(line) for line in block}
        assert len(widths) == 1, block  # every row as wide as the header: columns line up


@pytest.mark.parametrize(
    ("lang", "snapshot"),
    [("en", "report-2024-06-30-en.txt"), ("zh", "report-2024-06-30-zh.txt")],
)
def test_the_mid_year_report_at_80_columns(huandu, monkeypatch, lang, snapshot):
    record_the_year(huandu)
    monkeypatch.setenv("COLUMNS", "80")
    out = ok(huandu("--lang", lang, "report", "--as-of", "2024-06-30", lang=lang)).stdout

    check_layout(out, 80)
    assert_snapshot(out, snapshot)


def test_a_wide_terminal_gets_wider_tables(huandu, monkeypatch):
    record_the_year(huandu)
    monkeypatch.setenv("COLUMNS", "80")
    narrow = ok(huandu("report", "--as-of", "2024-06-30")).stdout
    monkeypatch.setenv("COLUMNS", "120")
    wide = ok(huandu("report", "--as-of", "2024-06-30")).stdout

    check_layout(wide, 120)
    assert max(cell_len(line) for line in wide.splitlines()) > 80
    assert len(wide.splitlines()) < len(narrow.splitlines())  # goal titles wrap less


# ------------------------------------------------------------------------ plain when piped

SGR = re.compile("\x1b\\[([0-9;]*)m")
COLOUR = re.compile(r"(^|;)(3[0-9]|9[0-7]|4[0-9]|10[0-7])(;|$)")


def run_piped(home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ.update(HUANDU_HOME=str(home), PYTHONUTF8="1", TERM="xterm-256color", **env)
    return subprocess.run(
        [sys.executable, "-m", "huandu", "report", "--as-of", "2024-06-30"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ,
        timeout=60,
        check=False,
    )


def test_in_process_output_has_no_escape_codes(huandu):
    record_the_year(huandu)
    for args in (("report",), ("--lang", "zh", "report"), ("report", "--format", "markdown")):
        result = ok(huandu(*args, "--as-of", "2024-06-30"))
        assert ESC not in result.stdout + result.stderr


def test_piped_output_is_plain_text_even_without_no_color(huandu, home):
    record_the_year(huandu)
    piped = run_piped(home)

    assert piped.returncode == 0, piped.stderr
    assert "Summary by county" in piped.stdout
    assert "on track" in piped.stdout
    assert ESC not in piped.stdout + piped.stderr


def test_forced_colour_respects_no_color(huandu, home):
    record_the_year(huandu)
    coloured = run_piped(home, FORCE_COLOR="1")
    assert coloured.returncode == 0, coloured.stderr
    assert any(COLOUR.search(p) for p in SGR.findall(coloured.stdout))  # colour is on ...

    plain = run_piped(home, FORCE_COLOR="1", NO_COLOR="1")
    assert plain.returncode == 0, plain.stderr
    assert not any(COLOUR.search(p) for p in SGR.findall(plain.stdout))  # ... and NO_COLOR wins
    text = SGR.sub("", plain.stdout)
    for word in ("done", "on track", "behind", "far behind", "no data"):
        assert word in status_cells(text), word


# ---------------------------------------------------------------------------- untrusted text


def hostile_registry(tmp_path: Path, registry_bytes: bytes) -> Path:
    """The bundled registry, with markup and an escape sequence typed into Yiyang's strings."""
    text = registry_bytes.decode("utf-8")
    positioning = 'positioning = "以关键工作突破带动新的更大发展"'
    title = 'title = "肉牛饲养量"\ntitle_en = "Beef cattle herd"'
    assert positioning in text and title in text
    text = text.replace(positioning, 'positioning = "[red]x[/red] \\u001b[31m突破"')
    text = text.replace(title, 'title = "肉牛[bold]y[/bold]\\u001b[31m饲养量"')
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_markup_and_escapes_in_the_registry_are_shown_literally(huandu, tmp_path, registry_bytes):
    registry = str(hostile_registry(tmp_path, registry_bytes))
    ok(
        huandu(
            "--registry", registry, "update", "yiyang.beef-cattle", "3万头", "--date", "2024-06-30"
        )
    )

    out = ok(
        huandu("--registry", registry, "--lang", "zh", "report", "--as-of", "2024-06-30", lang="zh")
    ).stdout
    assert ESC not in out
    assert "宜阳县：[red]x[/red] \\x1b[31m突破" in out
    assert "肉牛[bold]y[/bold]\\x1b[31m饲养量" in out
    check_layout(out, 100)  # the escaped text is measured as it is shown

    page = tmp_path / "report.html"
    saved = ok(huandu("--registry", registry, "report", "--format", "html", "--output", str(page)))
    assert saved.stdout == ""
    html = page.read_text(encoding="utf-8")
    assert ESC not in html
    assert "[red]x[/red] \\x1b[31m突破" in html
    assert "肉牛[bold]y[/bold]\\x1b[31m饲养量" in html
