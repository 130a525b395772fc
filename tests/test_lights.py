"""Traffic lights, thresholds, 时序进度 by months, milestone rules and stale figures.

A supervisor reads a 通报 by its lights (绿/黄/红) and by how far each goal is ahead of or behind
the calendar in percentage points; a goal nobody has updated for a month is flagged. Every progress
value below is synthetic, made up to reach an edge of the rules; none is a real county's figure.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from helpers import assess_records, messages, ok, problem_lines
from huandu.domain.entries import Record
from huandu.domain.progress import (
    GREEN,
    RED,
    YELLOW,
    expected_progress,
    light_of,
    month_ends_between,
    month_progress,
)
from huandu.errors import RegistryError
from huandu.store.locations import bundled_registry
from huandu.store.registry import parse_registry

D = dt.date
AT = dt.datetime(2024, 7, 1, 9, 30, tzinfo=dt.UTC)
START = D(2024, 1, 1)
YEAR_END = D(2024, 12, 31)
BUNDLED = bundled_registry().read_bytes().decode("utf-8")


def registry_text(*, plan: str = "", goals: dict[str, str] | None = None) -> str:
    """The bundled registry with extra `[plan]` lines and extra lines for some goals."""
    text = BUNDLED
    if plan:
        anchor = "far_behind_points = 30\n"
        assert text.count(anchor) == 1
        text = text.replace(anchor, anchor + plan.strip() + "\n")
    for goal, lines in (goals or {}).items():
        anchor = f'id = "{goal}"\n'
        assert text.count(anchor) == 1, goal
        text = text.replace(anchor, anchor + lines.strip() + "\n")
    return text


def registry(**kwargs):
    return parse_registry(registry_text(**kwargs).encode("utf-8"), "targets.toml")


def journal(*entries: tuple[str, float, dt.date] | tuple[str, float, dt.date, str]) -> list[Record]:
    records = []
    for seq, entry in enumerate(entries, start=1):
        goal, value, day, *stage = entry
        stage_name = stage[0] if stage else None
        records.append(Record(seq, "luoyang-huandu-2024", goal, value, day, AT, stage=stage_name))
    return records


def assessed(reg, book: list[Record], as_of: dt.date):
    return {a.target.id: a for a in assess_records(reg, book, [], as_of)}


def write_registry(tmp_path: Path, **kwargs) -> str:
    path = tmp_path / "targets.toml"
    path.write_text(registry_text(**kwargs), encoding="utf-8")
    return str(path)


@pytest.fixture(autouse=True)
def _end_of_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", "2024-12-31")


# ----------------------------------------------------------------- 时序进度 counted in months


def test_month_ends_are_counted_inclusively():
    assert month_ends_between(START, D(2024, 5, 31)) == 5
    assert month_ends_between(START, D(2024, 5, 30)) == 4
    assert month_ends_between(START, D(2024, 1, 30)) == 0
    assert month_ends_between(D(2024, 3, 15), D(2024, 3, 31)) == 1
    assert month_ends_between(START, D(2025, 12, 31)) == 24
    assert month_ends_between(D(2024, 6, 1), D(2024, 5, 31)) == 0


def test_month_progress_counts_only_completed_months():
    assert month_progress(START, YEAR_END, D(2024, 5, 31)) == pytest.approx(5 / 12 * 100)
    assert round(month_progress(START, YEAR_END, D(2024, 5, 31)), 2) == 41.67
    assert month_progress(START, YEAR_END, D(2024, 5, 15)) == pytest.approx(4 / 12 * 100)
    assert month_progress(START, YEAR_END, D(2024, 1, 15)) == 0.0  # no month has ended yet
    assert month_progress(START, YEAR_END, D(2023, 12, 31)) == 0.0
    assert month_progress(START, YEAR_END, YEAR_END) == 100.0
    assert month_progress(START, YEAR_END, D(2025, 3, 1)) == 100.0
    # The two-year goal has 24 months; a deadline inside a month adds that month.
    assert month_progress(START, D(2025, 12, 31), D(2024, 6, 30)) == pytest.approx(25.0)
    assert month_progress(START, D(2024, 6, 15), D(2024, 5, 31)) == pytest.approx(5 / 6 * 100)
    assert month_progress(START, D(2024, 6, 15), D(2024, 6, 15)) == 100.0


def test_the_plan_chooses_days_or_months():
    days = registry()
    months = registry(plan='time_progress = "months"')
    assert days.plan.time_progress == "days" and months.plan.time_progress == "months"
    assert expected_progress(days.plan, YEAR_END, D(2024, 5, 31)) == pytest.approx(152 / 366 * 100)
    assert expected_progress(months.plan, YEAR_END, D(2024, 5, 31)) == pytest.approx(500 / 12)


@pytest.mark.parametrize(
    ("as_of", "expected", "two_year"),
    [("2024-05-31", 5 / 12, 5 / 24), ("2024-05-15", 4 / 12, 4 / 24), ("1-5月", 5 / 12, 5 / 24)],
)
def test_a_months_registry_reports_month_counted_time_progress(
    huandu, tmp_path, as_of, expected, two_year
):
    path = write_registry(tmp_path, plan='time_progress = "months"')
    ok(huandu("--registry", path, "update", "yiyang.beef-cattle", "3万头", "--date", "2024-05-01"))
    result = ok(huandu("--registry", path, "report", "--as-of", as_of, "--format", "json"))
    data = json.loads(result.stdout)
    assert data["plan"]["time_progress"] == "months"
    goals = {row["id"]: row for row in data["targets"]}
    assert goals["yiyang.beef-cattle"]["expected"] == round(expected * 100, 2)  # 41.67 or 33.33
    assert goals["yiyang.beef-cattle"]["gap"] == round(100 / 3 - expected * 100, 2)
    assert goals["yiyang.leading-industry-output"]["expected"] == round(two_year * 100, 2)

    table = ok(huandu("--registry", path, "report", "--as-of", as_of)).stdout
    assert "whole months" in table  # the legend says how it is counted


# ------------------------------------------------------------------------- lights of goals


@pytest.mark.parametrize(
    ("value", "status", "light", "gap"),
    [
        (7000, "done", GREEN, 16.67),
        (5401, "on_track", GREEN, -9.98),
        (5400, "behind", YELLOW, -10.0),
        (4201, "behind", YELLOW, -29.98),
        (4200, "far_behind", RED, -30.0),
    ],
)
def test_a_quantity_takes_the_light_of_its_status(value, status, light, gap):
    reg = registry()
    a = assessed(reg, journal(("yanshi.new-market-entities", value, D(2024, 12, 1))), YEAR_END)[
        "yanshi.new-market-entities"
    ]
    assert (a.status, a.light) == (status, light)
    assert round(a.gap, 2) == gap


def test_overdue_is_red_and_no_data_has_no_light():
    reg = registry()
    book = journal(("yanshi.new-market-entities", 5999, D(2024, 12, 1)))
    after = assessed(reg, book, D(2025, 1, 5))
    assert (
        after["yanshi.new-market-entities"].status,
        after["yanshi.new-market-entities"].light,
    ) == (
        "overdue",
        RED,
    )
    assert after["yanshi.high-tech-enterprises"].light is None


def test_the_plan_sets_the_thresholds_of_every_light():
    # 4,500 of 6,000 is 75 %, 25 points behind the last day of the year.
    book = journal(("yanshi.new-market-entities", 4500, D(2024, 12, 1)))
    default = assessed(registry(), book, YEAR_END)["yanshi.new-market-entities"]
    assert (default.status, default.light) == ("behind", YELLOW)

    text = registry_text().replace(
        "behind_points = 10\nfar_behind_points = 30", "behind_points = 5\nfar_behind_points = 20"
    )
    stricter = parse_registry(text.encode("utf-8"))
    assert (stricter.plan.behind_points, stricter.plan.far_behind_points) == (5, 20)
    a = assessed(stricter, book, YEAR_END)["yanshi.new-market-entities"]
    assert (a.status, a.light) == ("far_behind", RED)

    lenient = parse_registry(
        registry_text()
        .replace("behind_points = 10\nfar_behind_points = 30", "behind_points = 26")
        .encode("utf-8")
    )
    a = assessed(lenient, book, YEAR_END)["yanshi.new-market-entities"]
    assert (a.status, a.light) == ("on_track", GREEN)


def test_a_goal_can_set_its_own_thresholds():
    reg = registry(
        goals={
            "yanshi.new-market-entities": "behind_points = 30\nfar_behind_points = 50",
            "yanshi.high-tech-enterprises": "far_behind_points = 20",  # behind stays the plan's 10
        }
    )
    goal = reg.get("yanshi.new-market-entities")
    assert (goal.behind_points, goal.far_behind_points) == (30.0, 50.0)
    assert goal.thresholds(reg.plan) == (30.0, 50.0)
    assert reg.get("yanshi.high-tech-enterprises").thresholds(reg.plan) == (10.0, 20.0)
    assert reg.get("yiyang.beef-cattle").thresholds(reg.plan) == (10.0, 30.0)

    book = journal(
        ("yanshi.new-market-entities", 4500, D(2024, 12, 1)),  # 75 %: 25 points behind
        ("yanshi.high-tech-enterprises", 13.5, D(2024, 12, 1)),  # 75 %: 25 points behind
        ("yanshi.specialized-enterprises", 3, D(2024, 12, 1)),  # 75 %: the plan's thresholds
    )
    report = assessed(reg, book, YEAR_END)
    assert (
        report["yanshi.new-market-entities"].status,
        report["yanshi.new-market-entities"].light,
    ) == (
        "on_track",
        GREEN,
    )
    assert report["yanshi.high-tech-enterprises"].light == RED
    assert report["yanshi.specialized-enterprises"].light == YELLOW


def test_a_goals_own_thresholds_are_in_the_json_and_the_legend(huandu, tmp_path):
    path = write_registry(
        tmp_path, goals={"yanshi.new-market-entities": "behind_points = 30\nfar_behind_points = 50"}
    )
    ok(
        huandu(
            "--registry",
            path,
            "update",
            "yanshi.new-market-entities",
            "4500",
            "--date",
            "2024-12-01",
        )
    )
    data = json.loads(
        ok(huandu("--registry", path, "report", "--as-of", "2024-12-31", "--format", "json")).stdout
    )
    row = next(r for r in data["targets"] if r["id"] == "yanshi.new-market-entities")
    assert (row["status"], row["light"], row["gap"]) == ("on_track", "green", -25.0)
    table = ok(huandu("--registry", path, "report", "--as-of", "2024-12-31")).stdout
    assert "Goals with their own thresholds or update interval: New market entities" in " ".join(
        table.split()
    )


# ------------------------------------------------------------------------ milestone lights


def test_a_milestone_not_started_after_its_planned_start_is_yellow():
    reg = registry(goals={"yichuan.waterfront-plan": "start = 2024-07-01"})
    assert reg.get("yichuan.waterfront-plan").start == D(2024, 7, 1)
    book = journal(("yichuan.waterfront-plan", 0, D(2024, 3, 1), "未启动"))

    def light(day: dt.date) -> str | None:
        return assessed(reg, book, day)["yichuan.waterfront-plan"].light

    assert light(D(2024, 6, 30)) == GREEN  # not started, but not planned to start yet
    assert light(D(2024, 7, 1)) == GREEN  # the planned day itself
    assert light(D(2024, 7, 2)) == YELLOW
    assert light(YEAR_END) == YELLOW  # still within its deadline: yellow, not red
    assert light(D(2025, 1, 1)) == RED  # past the deadline and not done


def test_without_a_start_a_milestone_is_planned_to_start_with_the_plan():
    reg = registry()
    book = journal(("yichuan.waterfront-plan", 0, D(2024, 1, 1), "未启动"))
    assert assessed(reg, book, D(2024, 1, 1))["yichuan.waterfront-plan"].light == GREEN
    assert assessed(reg, book, D(2024, 1, 2))["yichuan.waterfront-plan"].light == YELLOW


def test_a_started_milestone_is_green_until_its_deadline_and_red_after_unless_done():
    reg = registry()
    book = journal(("xinan.coal-to-gas", 50, D(2024, 3, 1), "推进中"))
    november = assessed(reg, book, D(2024, 11, 30))["xinan.coal-to-gas"]
    # Its status still holds the stage against the calendar (50 against 91.5: far behind) ...
    assert november.status == "far_behind"
    # ... but a stage is no measure of pace: started and not late is green.
    assert november.light == GREEN
    assert assessed(reg, book, D(2025, 1, 1))["xinan.coal-to-gas"].light == RED

    done = journal(("xinan.coal-to-gas", 100, D(2024, 3, 1), "已完成"))
    assert assessed(reg, done, D(2025, 6, 1))["xinan.coal-to-gas"].light == GREEN


def test_light_of_is_total():
    reg = registry()
    goal = reg.get("xinan.coal-to-gas")
    assert light_of(goal, "no_data", None, YEAR_END, reg.plan) is None
    assert light_of(goal, "done", 100.0, D(2026, 1, 1), reg.plan) == GREEN


# -------------------------------------------------------------------------- stale figures


def test_a_figure_older_than_the_update_interval_is_stale():
    reg = registry()
    book = journal(("yiyang.beef-cattle", 3, D(2024, 3, 31)))
    fresh = assessed(reg, book, D(2024, 5, 1))["yiyang.beef-cattle"]
    assert (fresh.stale, fresh.days_since_update) == (False, 31)
    stale = assessed(reg, book, D(2024, 5, 2))["yiyang.beef-cattle"]
    assert (stale.stale, stale.days_since_update) == (True, 32)
    nothing = assessed(reg, book, D(2024, 5, 2))["yiyang.pepper-belt"]
    assert (nothing.stale, nothing.days_since_update) == (False, None)


def test_the_plan_and_a_goal_set_the_update_interval():
    reg = registry(
        plan="update_interval_days = 60", goals={"yiyang.beef-cattle": "update_interval_days = 7"}
    )
    assert reg.plan.update_interval_days == 60
    book = journal(
        ("yiyang.beef-cattle", 3, D(2024, 3, 31)), ("yiyang.pepper-belt", 3, D(2024, 3, 31))
    )
    report = assessed(reg, book, D(2024, 4, 8))
    assert (report["yiyang.beef-cattle"].stale, report["yiyang.beef-cattle"].days_since_update) == (
        True,
        8,
    )
    assert report["yiyang.pepper-belt"].stale is False
    assert assessed(reg, book, D(2024, 5, 30))["yiyang.pepper-belt"].stale is False  # 60 days
    assert assessed(reg, book, D(2024, 5, 31))["yiyang.pepper-belt"].stale is True  # 61 days


def test_a_goal_already_done_is_never_stale():
    reg = registry()
    book = journal(("yiyang.beef-cattle", 9.5, D(2024, 3, 31)))
    a = assessed(reg, book, D(2024, 11, 30))["yiyang.beef-cattle"]
    assert (a.status, a.stale, a.days_since_update) == ("done", False, 244)


def test_the_report_marks_stale_goals_with_the_days_since_their_figure(huandu):
    ok(huandu("update", "yiyang.beef-cattle", "3万头", "--date", "2024-03-31"))
    ok(huandu("update", "yanshi.new-market-entities", "3000", "--date", "2024-06-30"))
    data = json.loads(ok(huandu("report", "--as-of", "2024-06-30", "--format", "json")).stdout)
    rows = {row["id"]: row for row in data["targets"]}
    assert (
        rows["yiyang.beef-cattle"]["stale"],
        rows["yiyang.beef-cattle"]["days_since_update"],
    ) == (
        True,
        91,
    )
    assert rows["yanshi.new-market-entities"]["stale"] is False
    assert rows["yanshi.new-market-entities"]["days_since_update"] == 0
    assert rows["yiyang.pepper-belt"]["days_since_update"] is None
    assert data["plan"]["update_interval_days"] == 31

    out = ok(huandu("report", "--as-of", "2024-06-30", "--county", "宜阳")).stdout
    beef = out.splitlines().index(
        next(line for line in out.splitlines() if line.startswith("Beef"))
    )
    below = "\n".join(out.splitlines()[beef : beef + 4])
    assert "2024-03-31" in below and "stale" in below and "91 days" in below

    zh = ok(
        huandu("--lang", "zh", "report", "--as-of", "2024-06-30", "--county", "宜阳", lang="zh")
    )
    assert "未更新" in zh.stdout and "91天" in zh.stdout

    md = ok(
        huandu("--lang", "zh", "report", "--as-of", "2024-06-30", "--format", "markdown", lang="zh")
    )
    assert (
        "| 肉牛饲养量 | ≥9万头 | 3万头 | 33.3% | 49.7% | 滞后 | 2024-03-31 | −16.4 | 黄 | 未更新 91天 |"
        in md.stdout
    )


# ----------------------------------------------------------------- lights in the report


def test_the_json_has_a_light_for_every_goal_and_the_table_shows_it_as_a_word(huandu):
    ok(huandu("update", "yiyang.beef-cattle", "6万头", "--date", "2024-06-30"))  # 66.7 %
    ok(huandu("update", "yanshi.new-market-entities", "2000", "--date", "2024-06-30"))  # 33.3 %
    ok(
        huandu("update", "yichuan.high-standard-farmland", "2万亩", "--date", "2024-06-30")
    )  # 16.7 %
    data = json.loads(ok(huandu("report", "--as-of", "6月", "--format", "json")).stdout)
    lights = {row["id"]: row["light"] for row in data["targets"]}
    assert lights["yiyang.beef-cattle"] == "green"
    assert lights["yanshi.new-market-entities"] == "yellow"
    assert lights["yichuan.high-standard-farmland"] == "red"
    assert lights["yiyang.pepper-belt"] is None
    assert set(lights.values()) <= {"green", "yellow", "red", None}

    for lang, words in (("en", ("green", "yellow", "red")), ("zh", ("绿", "黄", "红"))):
        out = ok(huandu("--lang", lang, "report", "--as-of", "6月", lang=lang)).stdout
        lines = out.splitlines()
        for title, word, gap in (
            (("Beef cattle", "肉牛饲养量"), words[0], "+16.9"),
            (("New market", "新增市场主体"), words[1], "−16.4"),
            (("High-standard", "高标准农田改造"), words[2], "−33.1"),
        ):
            line = next(line for line in lines if line.startswith(title))
            assert f" {word} " in line, line
            assert gap in line, line


def test_gaps_are_signed_points_with_a_real_minus():
    from huandu.output.words import signed_points

    assert signed_points(3.46) == "+3.5"
    assert signed_points(-12.0) == "\u221212.0"
    assert signed_points(0.04) == "0.0"
    assert signed_points(-0.04) == "0.0"
    assert signed_points(None) == "—"


def test_a_gap_that_prints_as_zero_is_not_red():
    """Yiyang at the ring mean showed a red "0.0": the colour followed −0.04, not what is printed."""
    from huandu.output.console import gap_text, shows_negative

    assert [shows_negative(v) for v in (-0.04, 0.04, -0.05, -3.0, None)] == [
        False,
        False,
        True,
        True,
        False,
    ]
    from types import SimpleNamespace

    from huandu.store.locations import bundled_registry
    from huandu.store.registry import load_registry

    goal = load_registry(bundled_registry()).targets[0]
    assert str(gap_text(SimpleNamespace(gap=-0.04, target=goal)).style) == ""
    assert str(gap_text(SimpleNamespace(gap=-0.2, target=goal)).style) == "red"


# --------------------------------------------------------------------- registry validation


def refused(**kwargs) -> list[str]:
    with pytest.raises(RegistryError) as caught:
        registry(**kwargs)
    return problem_lines(caught.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"plan": 'time_progress = "weeks"'}, "time_progress must be days or months, not 'weeks'"),
        ({"plan": "update_interval_days = 0"}, "must be a whole number of days, at least 1"),
        ({"plan": "update_interval_days = 7.5"}, "'update_interval_days' should be an integer"),
        (
            {"goals": {"yiyang.beef-cattle": "update_interval_days = -3"}},
            "target 'yiyang.beef-cattle': 'update_interval_days' must be a whole number of days",
        ),
        (
            {"goals": {"yiyang.beef-cattle": "behind_points = 40"}},  # above the plan's 30
            "target 'yiyang.beef-cattle': thresholds must satisfy 0 <= behind_points <= far_behind_points",
        ),
        (
            {"goals": {"yiyang.beef-cattle": "behind_points = 20\nfar_behind_points = 15"}},
            "thresholds must satisfy",
        ),
        (
            {"goals": {"yiyang.beef-cattle": "far_behind_points = nan"}},
            "'far_behind_points' must be a finite number",
        ),
        (
            {"goals": {"yiyang.beef-cattle": 'behind_points = "10"'}},
            "'behind_points' should be a number, not a string",
        ),
        (
            {"goals": {"yiyang.beef-cattle": "start = 2024-03-01"}},
            "'start' (the planned start) applies only to milestones",
        ),
        (
            {"goals": {"yiyang.zhichuang-park": "start = 2025-03-01"}},
            "'start' is after the deadline (2024-12-31)",
        ),
        (
            {"goals": {"yiyang.zhichuang-park": 'start = "soon"'}},
            "'start' is not a valid date: soon",
        ),
        ({"goals": {"yiyang.herb-park": 'compare = "  "'}}, "'compare' must not be empty"),
        ({"goals": {"yiyang.pepper-park": "compare = 3"}}, "'compare' should be a string"),
    ],
)
def test_new_keys_are_validated_with_one_line_each(kwargs, message):
    problems = refused(**kwargs)
    assert len(problems) == 1, problems
    assert message in problems[0]
    assert problems[0].startswith("targets.toml:")


def test_new_keys_name_their_line(huandu, tmp_path):
    path = write_registry(tmp_path, goals={"yiyang.zhichuang-park": "start = 2025-03-01"})
    result = huandu("validate", path)
    assert result.exit_code == 1
    line = Path(path).read_text(encoding="utf-8").splitlines().index("start = 2025-03-01") + 1
    assert result.stderr.startswith(f"huandu: error: {path}:{line}: ")


def test_valid_new_keys_are_read():
    reg = registry(
        plan='time_progress = "days"\nupdate_interval_days = 45',
        goals={
            "yiyang.pepper-park": 'start = "2024-04-01"\ncompare = "园区"',
            "yiyang.beef-cattle": "behind_points = 0\nfar_behind_points = 0\nupdate_interval_days = 1",
        },
    )
    park = reg.get("yiyang.pepper-park")
    assert (park.start, park.compare) == (D(2024, 4, 1), "园区")
    beef = reg.get("yiyang.beef-cattle")
    assert (beef.behind_points, beef.far_behind_points, beef.update_interval_days) == (0, 0, 1)
    assert reg.plan.update_interval_days == 45


def test_every_light_has_its_words_in_both_languages():
    MESSAGES = messages()

    from huandu.domain.progress import LIGHTS

    for light in LIGHTS:
        assert MESSAGES[f"light.{light}"][1] == light
        assert MESSAGES[f"light.{light}"][0] in ("绿", "黄", "红")
        assert MESSAGES[f"light.short.{light}"] == (MESSAGES[f"light.{light}"][0], light[0].upper())
