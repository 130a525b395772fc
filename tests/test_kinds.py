"""The goals real plans state, beyond "reach so much": 增长8%左右, 失业率控制在5.5%以内, 能耗下降3%,
a project's dated nodes (6月底前开工、9月底前主体完工、年底前竣工), at least 4 of 6 items, a
growth rate reported as an amount, and a goal beside last year's that it continues.

The plan is that of 示例县, a fictional county (`helpers.KINDS`); every figure is synthetic.
Each expected value is worked out by hand from the rules (`progress.judge_for`'s docstring, the
README's "Goal kinds"): growth rates and ceilings are held against their target, not the calendar;
a 左右 rate is met within 0.5 points, a 左右 amount within 2%; a growth rate 0 points short is
behind, 2 points short far behind (the plan's defaults); a milestone with nodes is expected at the
completion of the last node whose date has passed.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import (
    BUNDLED_PLAN,
    KINDS,
    add_plan,
    entries,
    line_of,
    ok,
    plan_text,
    problems,
    record,
    snapshot,
    write_plan,
)

TEXT = plan_text(KINDS)
NODES = [
    {"name": "开工", "due": "2025-06-30", "percent": 33.33},
    {"name": "主体完工", "due": "2025-09-30", "percent": 66.67},
    {"name": "竣工", "due": "2025-12-31", "percent": 100.0},
]


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", "2026-01-31")  # any date of the stories may be recorded


@pytest.fixture
def kinds(huandu, tmp_path) -> Path:
    """A home whose current plan is 示例县's 2025 plan with a goal of every kind."""
    return add_plan(huandu, tmp_path, TEXT)


def goals(huandu, *args: str, lang: str = "en") -> dict[str, dict]:
    data = json.loads(ok(huandu("report", "--format", "json", *args, lang=lang)).stdout)
    return {row["id"]: row for row in data["targets"]}


def refused(huandu, home: Path, *args: str) -> str:
    """Refused in one line, exit 1, the store untouched."""
    before = snapshot(home)
    result = huandu(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert snapshot(home) == before
    [line] = result.stderr.splitlines()
    return line


# ------------------------------------------------------------------ 12. what the registry may say

# (what is wrong, the text replaced, its replacement, the text on the line to blame, the message)
MISTAKES = [
    (
        "nodes on a quantity",
        'unit = "户"\napprox',
        'unit = "户"\nnodes = [{name = "开工", due = 2025-06-30}]\napprox',
        ("nodes = [{", 2),
        "target 'demo.entities' is not a milestone",
    ),
    (
        "of on a ceiling",
        'unit = "%"\nquote = "城镇',
        'unit = "%"\nof = 6\nquote = "城镇',
        "of = 6",
        "of (out of how many) is only for goals counted in whole things",
    ),
    (
        "of on an amount",
        'unit = "户"\napprox',
        'unit = "万元"\nof = 6000\napprox',
        "of = 6000",
        "of (out of how many) is only for goals counted in whole things",
    ),
    (
        "of below the target",
        "of = 6",
        "of = 3",
        "of = 3",
        "must be a whole number at least the target",
    ),
    ("of not whole", "of = 6", "of = 6.5", "of = 6.5", "'of' should be an integer, not a number"),
    (
        "base on a quantity",
        'unit = "户"\napprox',
        'unit = "户"\nbase = 4000\napprox',
        "base = 4000",
        "base is only for growth goals",
    ),
    (
        "base_unit on a ceiling",
        'unit = "%"\nquote = "城镇',
        'unit = "%"\nbase_unit = "亿元"\nquote = "城镇',
        'base_unit = "亿元"',
        "base_unit is only for growth goals",
    ),
    (
        "zero base",
        "base = 500",
        "base = 0",
        "base = 0",
        "'demo.retail': base (last year's amount) must be greater than 0",
    ),
    (
        "a base without its unit",
        'base_unit = "亿元"\n',
        "",
        ("[[target]]", 7),
        "'demo.retail' is missing 'base_unit'",
    ),
    (
        "ge on a ceiling",
        'unit = "%"\nquote = "城镇',
        'unit = "%"\ncomparison = "ge"\nquote = "城镇',
        'comparison = "ge"',
        "comparison 'ge' does not fit this kind of goal; use one of: le, lt",
    ),
    (
        "le on a quantity",
        "of = 6",
        'of = 6\ncomparison = "le"',
        ('comparison = "le"', 2),
        "comparison 'le' does not fit this kind of goal; use one of: ge, gt",
    ),
    (
        "a word for a growth comparison",
        'comparison = "le"',
        'comparison = "下降"',
        'comparison = "下降"',
        "use one of: ge, gt, le, lt",
    ),
    (
        "zero growth",
        "target = 8\napprox",
        "target = 0\napprox",
        "target = 0",
        "a growth target is a rate in percent, not zero, at most 1000 either way",
    ),
    (
        "growth beyond 1000%",
        "target = 8\napprox",
        "target = 1500\napprox",
        "target = 1500",
        "at most 1000 either way",
    ),
    (
        "growth in yuan",
        "target = 8\napprox",
        'target = 8\nunit = "亿元"\napprox',
        'unit = "亿元"',
        "'demo.gdp' is a growth rate: its unit can only be %",
    ),
    (
        "negative ceiling",
        "target = 5.5",
        "target = -5.5",
        "target = -5.5",
        "'demo.unemployment': a ceiling cannot be negative",
    ),
    (
        "nodes out of order",
        'due = 2025-09-30}, {name = "竣工"',
        'due = 2025-05-31}, {name = "竣工"',
        "nodes = [{",
        "nodes must be in date order with different names",
    ),
    (
        "two nodes of one name",
        '{name = "主体完工"',
        '{name = "开工"',
        "nodes = [{",
        "nodes must be in date order with different names",
    ),
    (
        "some nodes with a percent",
        'due = 2025-06-30}, {name = "主体',
        'due = 2025-06-30, percent = 20}, {name = "主体',
        "nodes = [{",
        "give every node a percent, or none",
    ),
    (
        "percents going down",
        'due = 2025-06-30}, {name = "主体完工", due = 2025-09-30}, {name = "竣工", due = 2025-12-31}',
        'due = 2025-06-30, percent = 50}, {name = "主体完工", due = 2025-09-30, percent = 40},'
        ' {name = "竣工", due = 2025-12-31, percent = 100}',
        "nodes = [{",
        "each percent above the one before and the last 100",
    ),
    (
        "the last node not 100",
        'due = 2025-06-30}, {name = "主体完工", due = 2025-09-30}, {name = "竣工", due = 2025-12-31}',
        'due = 2025-06-30, percent = 20}, {name = "主体完工", due = 2025-09-30, percent = 60},'
        ' {name = "竣工", due = 2025-12-31, percent = 90}',
        "nodes = [{",
        "the last 100",
    ),
    (
        "a node of no percent",
        'due = 2025-06-30}, {name = "主体完工", due = 2025-09-30}, {name = "竣工", due = 2025-12-31}',
        'due = 2025-06-30, percent = 0}, {name = "主体完工", due = 2025-09-30, percent = 50},'
        ' {name = "竣工", due = 2025-12-31, percent = 100}',
        "nodes = [{",
        "node 1 needs a name and a due date, and may have a percent (0 to 100)",
    ),
    (
        "a node without a date",
        '{name = "主体完工", due = 2025-09-30}',
        '{name = "主体完工"}',
        "nodes = [{",
        "node 2",
    ),
    (
        "a node before the plan",
        "due = 2025-06-30}",
        "due = 2024-06-30}",
        "nodes = [{",
        "its first node is before the plan starts (2025-01-01)",
    ),
    (
        "a deadline that is not the last node's",
        "nodes = [{",
        "deadline = 2025-11-30\nnodes = [{",
        "deadline = 2025-11-30",
        "its deadline differs from its last node's date, 2025-12-31",
    ),
    (
        "stages and nodes",
        "nodes = [{",
        'stages = [{name = "未启动", percent = 0}, {name = "完成", percent = 100}]\nnodes = [{',
        "stages = [{",
        "'demo.project' has both nodes and stages",
    ),
    (
        "tolerance without approx",
        "of = 6",
        "of = 6\ntolerance = 1",
        "tolerance = 1",
        "'demo.reforms' has a tolerance but is not approximate",
    ),
    (
        "a tolerance beyond 100",
        "target = 8\napprox = true",
        "target = 8\napprox = true\ntolerance = 150",
        "tolerance = 150",
        "tolerance must be from 0 to 100",
    ),
    (
        "approx on a milestone",
        'kind = "milestone"',
        'kind = "milestone"\napprox = true',
        "approx = true\nnodes",
        "'demo.project' is a milestone and must not have 'approx'",
    ),
    (
        "continues without a goal",
        "base = 500",
        'base = 500\ncontinues = "luoyang-huandu-2024"',
        'continues = "luoyang',
        'continues is "PLAN:GOAL"',
    ),
    (
        "continues with a space",
        "base = 500",
        'base = 500\ncontinues = "luoyang huandu:yiyang.beef-cattle"',
        'continues = "luoyang',
        "not 'luoyang huandu:yiyang.beef-cattle'",
    ),
    (
        "a plan's rate thresholds the wrong way round",
        'source = "示例',
        'rate_behind_points = 3\nrate_far_behind_points = 1\nsource = "示例',
        "rate_behind_points = 3",
        "0 ≤ rate_behind_points ≤ rate_far_behind_points",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "blamed", "message"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_of_a_kind_is_one_line_naming_its_line(
    huandu, tmp_path, old, new, blamed, message
):
    assert TEXT.count(old) == 1, old
    text = TEXT.replace(old, new)
    result = huandu("validate", write_plan(tmp_path, text))
    assert result.exit_code == 1 and result.stdout == ""
    [(line, said)] = problems(result)
    needle, occurrence = blamed if isinstance(blamed, tuple) else (blamed, 1)
    assert line == line_of(text, needle, occurrence), result.stderr
    assert message in said


def test_the_plan_of_every_kind_is_valid(huandu, tmp_path):
    result = ok(huandu("validate", write_plan(tmp_path, TEXT)))
    assert result.stdout.endswith("valid, 1 county, 7 goals.\n")


def test_what_the_registry_says_is_what_list_shows(huandu, kinds):
    listed = {row["id"]: row for row in json.loads(ok(huandu("list", "--format", "json")).stdout)}
    gdp, unemployment, energy = (
        listed["demo.gdp"],
        listed["demo.unemployment"],
        listed["demo.energy"],
    )
    assert (gdp["kind"], gdp["target"], gdp["unit"], gdp["comparison"], gdp["approx"]) == (
        "growth", 8, "%", "ge", True,
    )  # fmt: skip
    assert (unemployment["kind"], unemployment["comparison"]) == ("ceiling", "le")  # its default
    assert (energy["target"], energy["comparison"]) == (-3, "le")
    assert listed["demo.project"]["nodes"] == NODES
    assert listed["demo.project"]["deadline"] == "2025-12-31"  # the last node's date
    assert (listed["demo.reforms"]["of"], listed["demo.reforms"]["target"]) == (6, 4)
    assert (listed["demo.retail"]["base"], listed["demo.retail"]["base_unit"]) == (500, "亿元")
    assert (
        listed["demo.entities"]["approx"] is True and listed["demo.entities"]["tolerance"] is None
    )


# ------------------------------------------------------------------ 13. recording


@pytest.mark.parametrize(
    ("typed", "rate"),
    [
        ("6.4", 6.4),
        ("6.4%", 6.4),
        ("+6.4%", 6.4),
        ("增长6.4%", 6.4),
        ("同比增长6.4%", 6.4),
        ("-2%", -2),
        ("下降2%", -2),
        ("−2%", -2),  # U+2212, a real minus sign
        ("负增长1.5%", -1.5),
        ("持平", 0),
    ],
)
def test_a_growth_rate_is_stored_as_the_rate_it_says(huandu, home, kinds, typed, rate):
    ok(huandu("update", "demo.gdp", typed, "--date", "2025-06-30"))
    [entry] = entries(home)
    assert (entry["value"], entry["unit"], entry["input"]) == (rate, "%", typed)


def test_an_amount_on_a_goal_with_a_base_is_the_rate_it_means(huandu, home, kinds):
    """Last year 500亿元; 540亿元 this year is a growth of 8%, 485亿元 a fall of 3%."""
    result = ok(huandu("update", "demo.retail", "540亿元", "--date", "2025-06-30"))
    assert "= 8% (as of 2025-06-30), 100.0% complete" in result.stdout
    ok(huandu("update", "demo.retail", "48500000000元", "--date", "2025-07-31"))
    assert [(e["value"], e["input"]) for e in entries(home)] == [
        (8, "540亿元"),
        (-3, "48500000000元"),
    ]


def test_a_rate_typed_ten_times_over_is_refused_unless_forced(huandu, home, kinds):
    line = refused(huandu, home, "update", "demo.gdp", "64", "--date", "2025-06-30")
    assert "'64' is a rate of 64%, more than 30 points from the target of 8%" in line
    assert "--force" in line
    ok(huandu("update", "demo.gdp", "64", "--date", "2025-06-30", "--force"))
    assert [(e["value"], e["forced"]) for e in entries(home)] == [(64, True)]


def test_a_fall_of_more_than_everything_is_refused_even_forced(huandu, home, kinds):
    for typed in ("-101%", "下降100.5%"):
        for force in ((), ("--force",)):
            args = ("update", "demo.energy", typed, "--date", "2025-06-30", *force)
            assert "is a fall of more than 100%" in refused(huandu, home, *args)


def test_more_items_than_there_are_is_refused_unless_forced(huandu, home, kinds):
    line = refused(huandu, home, "update", "demo.reforms", "7项", "--date", "2025-06-30")
    assert "'7项' is 7 项, projects, more than the goal's 6 items in all" in line
    ok(huandu("update", "demo.reforms", "7项", "--date", "2025-06-30", "--force"))
    assert entries(home)[0]["value"] == 7


@pytest.mark.parametrize(
    ("typed", "stage", "value"),
    [
        ("开工", "开工", 100 / 3),
        ("已开工", "开工", 100 / 3),
        ("主体完工", "主体完工", 200 / 3),
        ("已主体完工", "主体完工", 200 / 3),
        ("竣工", "竣工", 100),
        ("已完成", "竣工", 100),  # the plan's word for done names the last node
        ("done", "竣工", 100),
        ("未启动", "未启动", 0),
    ],
)
def test_a_node_is_recorded_by_its_name(huandu, home, kinds, typed, stage, value):
    ok(huandu("update", "demo.project", typed, "--date", "2025-06-30"))
    [entry] = entries(home)
    assert entry["stage"] == stage and entry["value"] == pytest.approx(value)


def test_a_stage_that_is_no_node_is_refused_naming_the_nodes(huandu, home, kinds):
    line = refused(huandu, home, "update", "demo.project", "推进中", "--date", "2025-06-30")
    assert "'推进中' is neither a stage nor a percent; use 未启动 / 开工 / 主体完工 / 竣工" in line


# ------------------------------------------------------------------ 14. status and light

T = 181 * 100 / 365  # 时序进度 of a 2025 goal on 2025-06-30: 181 of its 365 days

# (goal, figure, its date, as of, status, light, percent, gap): every number by hand.
# fmt: off
STORIES = [
    # 增长8%左右: met from 7.5; short by less than 2 points behind, by 2 or more far behind.
    ("demo.gdp", "7.6", "2025-06-30", "2025-06-30", "on_track", "green", 95.0, -0.4),
    ("demo.gdp", "7.5", "2025-06-30", "2025-06-30", "on_track", "green", 93.75, -0.5),
    ("demo.gdp", "8.6", "2025-06-30", "2025-06-30", "on_track", "green", 107.5, 0.6),
    ("demo.gdp", "7.4", "2025-06-30", "2025-06-30", "behind", "yellow", 92.5, -0.6),
    ("demo.gdp", "6.1", "2025-06-30", "2025-06-30", "behind", "yellow", 76.25, -1.9),
    ("demo.gdp", "6", "2025-06-30", "2025-06-30", "far_behind", "red", 75.0, -2.0),
    ("demo.gdp", "5.9", "2025-06-30", "2025-06-30", "far_behind", "red", 73.75, -2.1),
    ("demo.gdp", "-1", "2025-06-30", "2025-06-30", "far_behind", "red", 0.0, -9.0),
    ("demo.gdp", "7.6", "2025-12-31", "2025-12-31", "done", "green", 95.0, -0.4),
    ("demo.gdp", "7.6", "2025-12-31", "2026-01-15", "done", "green", 95.0, -0.4),
    ("demo.gdp", "7.4", "2025-12-31", "2025-12-31", "behind", "yellow", 92.5, -0.6),
    ("demo.gdp", "7.4", "2025-12-31", "2026-01-15", "overdue", "red", 92.5, -0.6),
    # 控制在5.5%以内: within it on track (done at the deadline), above it over the ceiling.
    ("demo.unemployment", "5.2", "2025-06-30", "2025-06-30", "on_track", "green", 100.0, 0.3),
    ("demo.unemployment", "5.5", "2025-06-30", "2025-06-30", "on_track", "green", 100.0, 0.0),
    ("demo.unemployment", "5.8", "2025-06-30", "2025-06-30", "over_ceiling", "red",
     5.5 * 100 / 5.8, -0.3),
    ("demo.unemployment", "5.2", "2025-12-31", "2025-12-31", "done", "green", 100.0, 0.3),
    ("demo.unemployment", "5.8", "2025-12-31", "2026-01-15", "over_ceiling", "red",
     5.5 * 100 / 5.8, -0.3),
    # 能耗下降3%: a fall of 3% or more meets it.
    ("demo.energy", "-3.5", "2025-06-30", "2025-06-30", "on_track", "green", 350 / 3, 0.5),
    ("demo.energy", "下降3%", "2025-06-30", "2025-06-30", "on_track", "green", 100.0, 0.0),
    ("demo.energy", "-2", "2025-06-30", "2025-06-30", "behind", "yellow", 200 / 3, -1.0),
    ("demo.energy", "1", "2025-06-30", "2025-06-30", "far_behind", "red", 0.0, -4.0),
    ("demo.energy", "-3.5", "2025-12-31", "2025-12-31", "done", "green", 350 / 3, 0.5),
    # 6月底前开工、9月底前主体完工、年底前竣工: expected is the last node whose date has passed.
    ("demo.project", "开工", "2025-06-30", "2025-06-30", "on_track", "green", 100 / 3, 100 / 3),
    ("demo.project", "未启动", "2025-06-30", "2025-06-30", "on_track", "green", 0.0, 0.0),
    ("demo.project", "未启动", "2025-06-30", "2025-07-15", "behind", "yellow", 0.0, -100 / 3),
    ("demo.project", "开工", "2025-07-01", "2025-07-15", "on_track", "green", 100 / 3, 0.0),
    ("demo.project", "开工", "2025-07-01", "2025-10-05", "behind", "yellow", 100 / 3, -100 / 3),
    ("demo.project", "主体完工", "2025-09-30", "2025-10-05", "on_track", "green", 200 / 3, 0.0),
    ("demo.project", "主体完工", "2025-12-31", "2026-01-05", "overdue", "red", 200 / 3,
     -100 / 3),
    ("demo.project", "竣工", "2025-11-20", "2025-11-20", "done", "green", 100.0, 100 - 200 / 3),
    # 6项至少完成4项.
    ("demo.reforms", "4", "2025-06-30", "2025-06-30", "done", "green", 100.0, 100 - T),
    ("demo.reforms", "3", "2025-06-30", "2025-06-30", "on_track", "green", 75.0, 75 - T),
    ("demo.reforms", "3", "2025-12-31", "2026-01-15", "overdue", "red", 75.0, -25.0),
    # 新增市场主体5000户左右: met from 4,900 (2% short).
    ("demo.entities", "4900", "2025-06-30", "2025-06-30", "done", "green", 98.0, 98 - T),
    ("demo.entities", "4899", "2025-06-30", "2025-06-30", "on_track", "green", 97.98, 97.98 - T),
    ("demo.entities", "4899", "2025-12-31", "2026-01-15", "overdue", "red", 97.98, -2.02),
    # 社会消费品零售总额增长8% (reported as amounts against last year's 500亿元).
    ("demo.retail", "540亿元", "2025-06-30", "2025-06-30", "on_track", "green", 100.0, 0.0),
    ("demo.retail", "535亿元", "2025-06-30", "2025-06-30", "behind", "yellow", 87.5, -1.0),
    ("demo.retail", "530亿元", "2025-06-30", "2025-06-30", "far_behind", "red", 75.0, -2.0),
]
# fmt: on


@pytest.mark.parametrize(
    ("goal", "typed", "day", "as_of", "status", "light", "percent", "gap"),
    STORIES,
    ids=[f"{s[0]} {s[1]} as of {s[3]}" for s in STORIES],
)
def test_each_kind_is_judged_by_its_own_rule(
    huandu, kinds, goal, typed, day, as_of, status, light, percent, gap
):
    ok(huandu("update", goal, typed, "--date", day))
    row = goals(huandu, "--as-of", as_of)[goal]
    assert (row["status"], row["light"]) == (status, light)
    assert row["percent"] == round(percent, 2)
    assert row["gap"] == pytest.approx(gap, abs=0.006)


def test_the_gap_of_each_kind_says_what_it_is_measured_against(huandu, kinds):
    found = goals(huandu, "--as-of", "2025-07-15")
    basis = {goal: row["gap_basis"] for goal, row in found.items()}
    assert basis == {
        "demo.gdp": "target",
        "demo.unemployment": "target",
        "demo.energy": "target",
        "demo.project": "nodes",
        "demo.reforms": "schedule",
        "demo.entities": "schedule",
        "demo.retail": "target",
    }
    # Before a figure the expected progress is the nodes' (开工 passed on 06-30) or the calendar's.
    assert found["demo.project"]["expected"] == 33.33
    assert found["demo.reforms"]["expected"] == round(196 * 100 / 365, 2)


# ------------------------------------------------------------------ 15. every output

FIGURES = [
    ("demo.gdp", "7.4", "2025-06-30"),  # behind, yellow
    ("demo.unemployment", "5.8", "2025-06-30"),  # over the ceiling, red
    ("demo.energy", "-3.5", "2025-06-30"),  # on track
    ("demo.project", "开工", "2025-07-01"),  # on track, its first node reached
    ("demo.reforms", "4", "2025-07-01"),  # done
    ("demo.entities", "4950", "2025-07-01"),  # done (about 5,000)
    ("demo.retail", "540亿元", "2025-06-30"),  # on track
]
AS_OF = ("--as-of", "2025-07-15")
PHRASES = [
    "增长8%左右",
    "≤5.5%",
    "下降3%",
    "里程碑（3个节点）",
    "≥4项（共6项）",
    "约5,000户",
    "增长8%",
]


@pytest.fixture
def reported(huandu, kinds) -> Path:
    record(huandu, FIGURES)
    return kinds


def test_the_report_table_says_each_goal_as_the_plan_does(huandu, reported, monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")
    text = ok(huandu("report", *AS_OF, lang="zh")).stdout
    lines = text.splitlines()
    for phrase in PHRASES:
        assert any(line.split() == [phrase] for line in lines), phrase

    def row(title: str) -> str:
        [found] = [line for line in lines if line.startswith(title + " ")]
        return found

    expected = f"{196 * 100 / 365:.1f}%"  # 时序进度 on 2025-07-15
    for title in (
        "地区生产总值增速",
        "城镇调查失业率",
        "单位地区生产总值能耗",
        "社会消费品零售总额增速",
    ):
        assert " — " in row(title) and expected not in row(title)
    assert expected in row("重点改革事项")
    assert "33.3%" in row("示例项目")  # the expected progress of its nodes
    assert "超标" in row("城镇调查失业率") and "−0.3" in row("城镇调查失业率")
    assert "滞后" in row("地区生产总值增速") and "黄" in row("地区生产总值增速")
    english = ok(huandu("report", *AS_OF)).stdout
    for phrase in ("growth ≈ 8%", "≤5.5%", "fall ≥ 3%", "milestone (3 nodes)", "over the ceiling"):
        assert phrase in english


def test_the_json_report_carries_each_kind_s_keys(huandu, reported):
    found = goals(huandu, *AS_OF)
    gdp = found["demo.gdp"]
    assert {k: gdp[k] for k in ("kind", "comparison", "approx", "tolerance", "unit")} == {
        "kind": "growth", "comparison": "ge", "approx": True, "tolerance": None, "unit": "%",
    }  # fmt: skip
    assert (found["demo.unemployment"]["kind"], found["demo.unemployment"]["comparison"]) == (
        "ceiling",
        "le",
    )
    assert found["demo.energy"]["comparison"] == "le" and found["demo.energy"]["target"] == -3
    project = found["demo.project"]
    assert (project["nodes"], project["comparison"], project["stage"]) == (NODES, None, "开工")
    assert (found["demo.reforms"]["of"], found["demo.retail"]["base"]) == (6, 500)
    assert found["demo.retail"]["base_unit"] == "亿元" and found["demo.gdp"]["base_unit"] is None
    assert {row["status"] for row in found.values()} == {
        "behind",
        "over_ceiling",
        "on_track",
        "done",
    }


def test_the_csv_report_writes_nodes_in_one_cell(huandu, reported):
    text = ok(huandu("report", *AS_OF, "--format", "csv")).stdout.removeprefix("\ufeff")
    by_id = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert by_id["demo.project"]["nodes"] == "开工 2025-06-30; 主体完工 2025-09-30; 竣工 2025-12-31"
    assert by_id["demo.gdp"]["nodes"] == ""
    assert by_id["demo.energy"]["target"] == "-3"  # a plain number, no formula guard
    assert by_id["demo.unemployment"]["status"] == "over_ceiling"
    assert by_id["demo.reforms"]["of"] == "6"
    assert by_id["demo.project"]["gap_basis"] == "nodes"


def test_markdown_writes_the_phrases_and_a_dash_for_the_calendar_of_rates(huandu, reported):
    text = ok(huandu("report", *AS_OF, "--format", "markdown", lang="zh")).stdout
    for phrase in PHRASES:
        assert f"| {phrase} |" in text, phrase
    [gdp] = [line for line in text.splitlines() if line.startswith("| 地区生产总值增速 |")]
    assert gdp.split(" | ")[4] == "—"  # its 时序进度
    assert "| 超标 |" in text  # the summary's column, and the goal's status


def test_html_writes_the_phrases_escaped(huandu, tmp_path):
    """A ceiling held below (以下, lt) reads <5.5%: in HTML, &lt;5.5%."""
    add_plan(
        huandu,
        tmp_path,
        plan_text(KINDS.replace('unit = "%"\n', 'unit = "%"\ncomparison = "lt"\n', 1)),
    )
    ok(huandu("update", "demo.unemployment", "5.2", "--date", "2025-06-30"))
    out = tmp_path / "r.html"
    ok(huandu("report", *AS_OF, "--format", "html", "--output", str(out), lang="zh"))
    page = out.read_text("utf-8")
    assert "&lt;5.5%" in page
    assert "<5.5%" not in page
    for phrase in ("增长8%左右", "下降3%", "≥4项（共6项）", "里程碑（3个节点）"):
        assert phrase in page


def test_xlsx_leaves_the_expected_cell_of_a_rate_empty(huandu, reported, tmp_path):
    import openpyxl

    out = tmp_path / "r.xlsx"
    ok(huandu("report", *AS_OF, "--format", "xlsx", "--output", str(out), lang="zh"))
    sheet = openpyxl.load_workbook(out)["示例"]
    header = [cell.value for cell in sheet[2]]
    by_id = {row[0].value: row for row in sheet.iter_rows(min_row=3) if row[0].value}
    expected = header.index("时序进度")
    for goal in ("demo.gdp", "demo.unemployment", "demo.energy", "demo.retail"):
        assert by_id[goal][expected].value is None, goal
    assert by_id["demo.reforms"][expected].value == pytest.approx(196 / 365, abs=1e-4)
    assert by_id["demo.project"][expected].value == pytest.approx(1 / 3, abs=1e-4)
    status = header.index("状态")
    assert by_id["demo.unemployment"][status].value == "超标"
    assert by_id["demo.energy"][header.index("当前")].value == -3.5


def test_docx_writes_the_phrases(huandu, reported, tmp_path):
    import docx
    from docx.shared import Mm

    out = tmp_path / "r.docx"
    ok(huandu("report", *AS_OF, "--format", "docx", "--output", str(out), lang="zh"))
    document = docx.Document(str(out))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    text = "\n".join(cells)
    for phrase in ("增长8%左右", "≤5.5%", "下降3%", "≥4项（共6项）", "超标"):
        assert phrase in text, phrase
    # The summary has a column for over the ceiling, and still fits the portrait page's 156 mm.
    summary = document.tables[0]
    assert "超标" in [cell.text for cell in summary.rows[0].cells]
    assert sum(column.width for column in summary.columns) <= Mm(156)


def test_month_by_month_each_kind_follows_its_rule(huandu, kinds):
    """Each month-end judged as a report as of that day would judge it."""
    record(
        huandu,
        [
            ("demo.unemployment", "5.2", "2025-03-31"),
            ("demo.unemployment", "5.8", "2025-05-20"),
            ("demo.gdp", "7.4", "2025-03-31"),
            ("demo.gdp", "7.6", "2025-06-30"),
            ("demo.project", "开工", "2025-06-15"),
        ],
    )
    data = json.loads(
        ok(huandu("report", "--monthly", "--as-of", "2025-10-31", "--format", "json")).stdout
    )
    months = {row["id"]: row["months"] for row in data["targets"]}

    def seen(goal: str, first: int) -> list[tuple[str, str]]:
        """(status, light) of each month-end from the `first` month to October."""
        return [(m["status"], m["light"]) for m in months[goal][first - 1 :]]

    assert [m["month"] for m in months["demo.gdp"]][-1] == "2025-10-31"
    # 5.2% from March, 5.8% from 20 May: over the ceiling from the end of May on.
    assert (
        seen("demo.unemployment", 3) == [("on_track", "green")] * 2 + [("over_ceiling", "red")] * 6
    )
    # 7.4% (0.6 short of 7.5) in March, 7.6% (within 0.5 of 8) from June.
    assert seen("demo.gdp", 3) == [("behind", "yellow")] * 3 + [("on_track", "green")] * 5
    # 开工 on 06-15 meets every node due by the end of September; 主体完工 (09-30) is then late.
    assert seen("demo.project", 6) == [("on_track", "green")] * 4 + [("behind", "yellow")]
    lights = {goal: seen(goal, 10)[0] for goal in months}
    for goal in ("demo.unemployment", "demo.gdp", "demo.project"):
        row = goals(huandu, "--as-of", "2025-10-31")[goal]
        assert (row["status"], row["light"]) == lights[goal]


def test_the_status_filter_finds_goals_over_their_ceiling(huandu, reported):
    found = goals(huandu, *AS_OF, "--status", "over_ceiling")
    assert list(found) == ["demo.unemployment"]
    table = ok(huandu("report", *AS_OF, "--status", "over_ceiling", lang="zh")).stdout
    assert "城镇调查失业率" in table and "地区生产总值增速" not in table


def test_a_summary_has_an_over_the_ceiling_column_only_where_there_is_a_ceiling(
    huandu, reported, tmp_path
):
    with_ceiling = ok(huandu("report", *AS_OF, lang="zh")).stdout
    assert "超标" in with_ceiling.split("示例县：")[0]  # the summary, before the goals
    bundled = ok(huandu("--plan", BUNDLED_PLAN, "report", "--as-of", "2024-06-30", lang="zh"))
    assert "超标" not in bundled.stdout
    markdown = ok(huandu("--plan", BUNDLED_PLAN, "report", "--as-of", "2024-06-30",
                         "--format", "markdown", lang="zh")).stdout  # fmt: skip
    assert "超标" not in markdown
    summary = json.loads(ok(huandu("--plan", BUNDLED_PLAN, "report", "--format", "json",
                                   "--as-of", "2024-06-30")).stdout)["ring"]  # fmt: skip
    assert summary["over_ceiling"] == 0  # the JSON keeps every key of its contract


# ------------------------------------------------------------------ 16. a goal that continues


CATTLE = """
[[target]]
id = "demo.cattle"
county = "demo"
title = "肉牛饲养量"
category = "农业"
kind = "quantity"
target = 10
unit = "万头"
quote = "肉牛饲养量达到10万头"
continues = "luoyang-huandu-2024:yiyang.beef-cattle"
"""


@pytest.fixture
def continued(huandu, tmp_path, monkeypatch) -> Path:
    """The 2025 goal of 示例县 that continues the 2024 goal of the bundled plan, with figures
    (synthetic) for both years."""
    monkeypatch.setenv("HUANDU_TODAY", "2025-06-30")
    path = add_plan(huandu, tmp_path, plan_text(CATTLE))
    monkeypatch.setenv("HUANDU_PLAN", BUNDLED_PLAN)
    record(huandu, [("yiyang.beef-cattle", "5万头", "2024-06-30"),
                    ("yiyang.beef-cattle", "9.5万头", "2024-12-31")])  # fmt: skip
    monkeypatch.delenv("HUANDU_PLAN")
    ok(huandu("update", "demo.cattle", "6万头", "--date", "2025-06-30"))
    return path


def test_show_sets_the_goal_beside_the_one_it_continues(huandu, continued):
    text = ok(huandu("show", "demo.cattle", lang="zh")).stdout
    assert "2024" in text and "肉牛饲养量" in text
    assert "2024-06-30" in text and "50,000头" not in text  # figures read in the goal's unit
    assert "5万头" in text and "55.6%" in text  # 5 of 9 万头 on the same day of 2024
    assert "9.5万头" in text and "105.6%" in text  # the full year
    detail = json.loads(ok(huandu("show", "demo.cattle", "--format", "json")).stdout)
    earlier = detail["earlier"]
    assert (earlier["plan"], earlier["id"], earlier["target"]) == (
        BUNDLED_PLAN,
        "yiyang.beef-cattle",
        9,
    )
    assert earlier["same_day"]["as_of"] == "2024-06-30" and earlier["same_day"]["current"] == 5
    assert earlier["final"]["as_of"] == "2024-12-31" and earlier["final"]["current"] == 9.5
    assert detail["continues"] == "luoyang-huandu-2024:yiyang.beef-cattle"


def test_the_comparison_has_a_row_for_each_goal_that_continues_one(huandu, continued):
    data = json.loads(ok(huandu("report", "--compare", "--format", "json")).stdout)
    [row] = data["years"]
    assert (row["id"], row["current"], row["percent"]) == ("demo.cattle", 6, 60.0)
    same, final = row["earlier"]["same_day"], row["earlier"]["final"]
    assert (same["as_of"], same["current"], same["percent"], same["status"]) == (
        "2024-06-30", 5, 55.56, "on_track",
    )  # fmt: skip
    assert (final["as_of"], final["current"], final["percent"], final["status"]) == (
        "2024-12-31", 9.5, 105.56, "done",
    )  # fmt: skip
    text = ok(huandu("report", "--compare", "--format", "csv")).stdout.removeprefix("\ufeff")
    [csv_row] = [r for r in csv.DictReader(io.StringIO(text)) if r["id"] == "demo.cattle"]
    assert (csv_row["earlier_same_day_current"], csv_row["earlier_final_current"]) == ("5", "9.5")


def test_a_goal_continuing_a_plan_the_home_lacks_is_said_once_and_left_out(
    huandu, tmp_path, monkeypatch
):
    monkeypatch.setenv("HUANDU_TODAY", "2025-06-30")
    add_plan(huandu, tmp_path, plan_text(CATTLE.replace("luoyang-huandu-2024", "demo-2024")))
    result = ok(huandu("report", "--compare", "--format", "json"))
    assert json.loads(result.stdout)["years"] == []
    assert result.stderr == (
        "goal demo.cattle continues demo-2024, which is not among this home's plans"
        " (huandu plan list); it is not compared\n"
    )
    shown = ok(huandu("show", "demo.cattle", "--format", "json"))
    assert json.loads(shown.stdout)["earlier"] is None
    assert shown.stderr.count("demo-2024") == 1


def test_the_comparison_table_puts_the_same_day_in_its_header(huandu, continued, monkeypatch):
    """Every continued goal's same day is one date: the column says it once, in its header."""
    monkeypatch.setenv("COLUMNS", "150")
    text = ok(huandu("report", "--compare", lang="zh")).stdout
    assert "\\n" not in text  # a line break, not the two characters
    lines = text.splitlines()
    [line] = [line for line in lines if "5万头 · 55.6%" in line]
    header = lines[: lines.index(line)]
    assert any("（2024-06-30）" in above for above in header)


def test_an_earlier_goal_of_another_kind_reads_as_its_own_kind(huandu, tmp_path, monkeypatch):
    """2025: 肉牛饲养量增长10%, carrying on 2024's 9万头: the earlier goal is a herd, not a rate."""
    monkeypatch.setenv("HUANDU_TODAY", "2025-06-30")
    growth = CATTLE.replace(
        'kind = "quantity"\ntarget = 10\nunit = "万头"', 'kind = "growth"\ntarget = 10'
    )
    add_plan(huandu, tmp_path, plan_text(growth))
    ok(
        huandu(
            "--plan", BUNDLED_PLAN, "update", "yiyang.beef-cattle", "5万头", "--date", "2024-06-30"
        )
    )
    shown = ok(huandu("show", "demo.cattle", lang="zh")).stdout
    assert "2024年《肉牛饲养量》：≥9万头" in shown and "增长9%" not in shown
    detail = json.loads(ok(huandu("show", "demo.cattle", "--format", "json")).stdout)
    assert (detail["kind"], detail["earlier"]["kind"]) == ("growth", "quantity")
    monkeypatch.setenv("COLUMNS", "150")
    compared = ok(huandu("report", "--compare", lang="zh")).stdout
    assert "2024年目标 ≥9万头" in compared
