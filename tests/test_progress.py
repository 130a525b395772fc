"""A supervisor asks where every goal stands on a given day, and how the counties compare.

These tests replay a progress journal against the bundled registry at several dates. Every progress
value below is synthetic, made up to hit an edge of the rules; none is a real county's figure.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import assess_records
from huandu.domain.entries import Record, Retraction
from huandu.domain.progress import (
    STATUSES,
    Assessment,
    CountySummary,
    assess,
    standing_as_of,
    summarize,
    time_progress,
)
from huandu.store.locations import bundled_registry
from huandu.store.registry import parse_registry

D = dt.date
AT = dt.datetime(2024, 7, 1, 9, 30, tzinfo=dt.UTC)
START = D(2024, 1, 1)
YEAR_END = D(2024, 12, 31)
MID_YEAR = D(2024, 6, 30)  # day 182 of 366
JULY_1 = D(2024, 7, 1)  # day 183 of 366: 时序进度 exactly 50
AFTER = D(2025, 1, 15)

REGISTRY = parse_registry(bundled_registry().read_bytes())
PLAN = REGISTRY.plan


class Book:
    """A journal as people fill it in: every entry and every undo takes the next seq."""

    def __init__(self) -> None:
        self.records: list[Record] = []
        self.retractions: list[Retraction] = []
        self.seq = 0

    def write(self, target: str, value: float, day: dt.date, stage: str | None = None):
        self.seq += 1
        record = Record(self.seq, PLAN.id, target, value, day, AT, stage=stage)
        self.records.append(record)
        return record

    def undo(self, record: Record) -> None:
        self.seq += 1
        self.retractions.append(
            Retraction(self.seq, PLAN.id, record.target, record.seq, AT, note="typo")
        )

    def assessments(self, as_of: dt.date) -> list[Assessment]:
        return assess_records(REGISTRY, self.records, self.retractions, as_of)

    def report(self, as_of: dt.date) -> dict[str, Assessment]:
        return {a.target.id: a for a in self.assessments(as_of)}

    def goal(self, target_id: str, as_of: dt.date) -> Assessment:
        return self.report(as_of)[target_id]


# --------------------------------------------------------------------------- 时序进度


def test_time_progress_counts_days_inclusive_of_the_as_of_day():
    assert time_progress(START, YEAR_END, YEAR_END) == 100.0
    assert time_progress(START, YEAR_END, START) == pytest.approx(100 / 366)
    assert time_progress(START, YEAR_END, JULY_1) == 50.0
    assert time_progress(START, YEAR_END, D(2023, 12, 31)) == 0.0
    assert time_progress(START, YEAR_END, AFTER) == 100.0
    # The two-year goal is about a quarter through at mid-2024.
    assert time_progress(START, D(2025, 12, 31), MID_YEAR) == pytest.approx(182 / 731 * 100)
    assert round(time_progress(START, D(2025, 12, 31), MID_YEAR), 1) == 24.9


# --------------------------------------------------------------------------- one goal


def test_a_goal_nobody_reported_has_no_data_but_still_has_time_progress():
    a = Book().goal("yanshi.new-market-entities", MID_YEAR)
    assert a.status == "no_data"
    assert a.expected == pytest.approx(182 / 366 * 100)
    assert (a.current, a.percent, a.gap, a.projected, a.projected_percent) == (None,) * 5
    assert (a.updated, a.records, a.latest) == (None, 0, None)
    assert a.as_of == MID_YEAR


def test_a_figure_dated_after_the_as_of_day_does_not_count_yet():
    book = Book()
    book.write("yiyang.beef-cattle", 3, D(2024, 3, 31))
    book.write("yiyang.beef-cattle", 6, D(2024, 7, 31))

    early = book.goal("yiyang.beef-cattle", MID_YEAR)
    assert (early.current, early.updated, early.records) == (3, D(2024, 3, 31), 1)
    assert early.percent == pytest.approx(100 / 3)
    assert early.projected is None

    later = book.goal("yiyang.beef-cattle", D(2024, 7, 31))
    assert (later.current, later.updated, later.records) == (6, D(2024, 7, 31), 2)

    before_any = book.goal("yiyang.beef-cattle", D(2024, 3, 30))
    assert before_any.status == "no_data" and before_any.records == 0


def test_an_undone_figure_falls_back_to_the_one_before():
    book = Book()
    book.write("yanshi.new-market-entities", 2000, D(2024, 3, 31))
    typo = book.write("yanshi.new-market-entities", 45000, D(2024, 6, 30))
    assert book.goal("yanshi.new-market-entities", MID_YEAR).status == "done"

    book.undo(typo)
    a = book.goal("yanshi.new-market-entities", MID_YEAR)
    assert (a.current, a.updated, a.records) == (2000, D(2024, 3, 31), 1)
    assert a.latest is book.records[0]
    assert a.percent == pytest.approx(100 / 3)
    assert a.status == "behind"  # 33.3 against 49.7


def test_a_later_entry_for_the_same_day_corrects_the_earlier_one():
    book = Book()
    book.write("yanshi.new-market-entities", 3100, MID_YEAR)
    book.write("yanshi.new-market-entities", 3000, MID_YEAR)
    a = book.goal("yanshi.new-market-entities", MID_YEAR)
    assert (a.current, a.percent, a.records) == (3000, 50.0, 2)
    assert a.latest.seq == 2
    assert a.projected is None  # two figures, but one day: no pace to speak of


def test_every_number_of_a_goal_halfway_through_the_year():
    book = Book()
    book.write("yanshi.new-market-entities", 3300, MID_YEAR)
    a = book.goal("yanshi.new-market-entities", MID_YEAR)
    expected = 182 / 366 * 100
    assert a.current == 3300
    assert a.percent == 55.0
    assert a.expected == pytest.approx(expected)
    assert a.gap == pytest.approx(55.0 - expected)
    assert a.status == "on_track"
    assert a.updated == MID_YEAR and a.records == 1
    assert a.target.id == "yanshi.new-market-entities"


def test_more_than_the_target_is_over_a_hundred_percent_and_done():
    book = Book()
    book.write("yanshi.new-market-entities", 7500, MID_YEAR)
    a = book.goal("yanshi.new-market-entities", MID_YEAR)
    assert a.percent == 125.0
    assert a.status == "done"
    assert a.gap == pytest.approx(125 - 182 / 366 * 100)


def test_reaching_a_target_is_enough_for_ge_but_not_for_gt():
    book = Book()
    book.write("yiyang.beef-cattle", 9, MID_YEAR)  # 9 万头: 达到
    book.write("xinan.special-agriculture-output", 40, MID_YEAR)  # 超过 40 亿元
    report = book.report(MID_YEAR)
    assert report["yiyang.beef-cattle"].status == "done"
    agriculture = report["xinan.special-agriculture-output"]
    assert agriculture.percent == 100.0
    assert agriculture.status == "on_track"
    # Still exactly 40 once the year is over: not exceeded, so overdue.
    assert book.goal("xinan.special-agriculture-output", AFTER).status == "overdue"

    book.write("xinan.special-agriculture-output", 40.5, D(2024, 9, 30))
    assert book.goal("xinan.special-agriculture-output", AFTER).status == "done"


def test_past_the_deadline_unmet_is_overdue_but_met_stays_done():
    book = Book()
    book.write("yichuan.high-standard-farmland", 10, D(2024, 11, 30))
    book.write("yiyang.pepper-belt", 10, D(2024, 11, 30))

    on_the_day = book.report(YEAR_END)
    assert on_the_day["yichuan.high-standard-farmland"].status == "behind"  # 83.3 vs 100
    assert on_the_day["yiyang.pepper-belt"].status == "done"

    after = book.report(AFTER)
    farmland = after["yichuan.high-standard-farmland"]
    assert farmland.status == "overdue"
    assert farmland.expected == 100.0
    assert farmland.gap == pytest.approx(10 / 12 * 100 - 100)
    assert after["yiyang.pepper-belt"].status == "done"


def test_the_two_year_goal_is_measured_against_its_own_deadline():
    book = Book()
    book.write("yiyang.leading-industry-output", 80, MID_YEAR)
    mid = book.goal("yiyang.leading-industry-output", MID_YEAR)
    assert mid.target.deadline == D(2025, 12, 31)
    assert mid.expected == pytest.approx(24.9, abs=0.05)
    assert mid.percent == pytest.approx(80 / 3)
    assert mid.status == "on_track"

    january = book.goal("yiyang.leading-industry-output", AFTER)
    assert january.expected == pytest.approx(381 / 731 * 100)
    assert january.status == "behind"  # 26.7 against 52.1: behind, but not overdue

    book.write("yiyang.leading-industry-output", 150, YEAR_END)
    assert book.goal("yiyang.leading-industry-output", AFTER).status == "on_track"
    assert book.goal("yiyang.leading-industry-output", D(2026, 1, 1)).status == "overdue"


def test_a_milestone_counts_its_stage_percent():
    book = Book()
    book.write("xinan.aluminium-casting", 50, MID_YEAR, stage="推进中")
    a = book.goal("xinan.aluminium-casting", MID_YEAR)
    assert (a.current, a.percent, a.status) == (50, 50.0, "on_track")
    assert a.latest.stage == "推进中"

    book.write("xinan.aluminium-casting", 100, D(2024, 10, 8), stage="已完成")
    done = book.goal("xinan.aluminium-casting", D(2024, 10, 8))
    assert (done.percent, done.status) == (100.0, "done")
    assert book.goal("xinan.aluminium-casting", AFTER).status == "done"


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (5401, "on_track"),  # 90.02 %: just under 10 points behind
        (5400, "behind"),  # exactly 10 points behind
        (4201, "behind"),
        (4200, "far_behind"),  # exactly 30 points behind
        (0, "far_behind"),
    ],
)
def test_behind_and_far_behind_start_exactly_at_10_and_30_points(value, status):
    book = Book()
    book.write("yanshi.new-market-entities", value, D(2024, 12, 1))
    a = book.goal("yanshi.new-market-entities", YEAR_END)
    assert a.expected == 100.0
    assert a.status == status


@pytest.mark.parametrize(
    ("value", "status"), [(40.01, "on_track"), (40, "behind"), (20, "far_behind")]
)
def test_milestone_boundaries_on_the_first_of_july(value, status):
    book = Book()
    book.write("yichuan.waterfront-plan", value, JULY_1)
    a = book.goal("yichuan.waterfront-plan", JULY_1)
    assert a.expected == 50.0
    assert a.status == status


def test_a_boundary_is_not_lost_to_floating_point():
    # 4.4 of 22 亿元 is 20 % (the float says 20.000000000000004); on 1 July that is 30 points behind.
    book = Book()
    book.write("mengjin.fruit-industry", 4.4, JULY_1)
    a = book.goal("mengjin.fruit-industry", JULY_1)
    assert a.gap == pytest.approx(-30)
    assert a.status == "far_behind"


def test_thresholds_come_from_the_plan_unless_the_goal_sets_its_own():
    target = REGISTRY.get("yanshi.new-market-entities")
    records = [Record(1, PLAN.id, target.id, 5400, D(2024, 12, 1), AT)]
    standing = standing_as_of(records, YEAR_END)
    assert assess(target, standing, YEAR_END, PLAN).status == "behind"
    lenient = target._replace(behind_points=15)
    assert assess(lenient, standing, YEAR_END, PLAN).status == "on_track"
    strict = target._replace(far_behind_points=10)
    assert assess(strict, standing, YEAR_END, PLAN).status == "far_behind"
    stricter = PLAN._replace(behind_points=5, far_behind_points=8)
    assert assess(target, standing, YEAR_END, stricter).status == "far_behind"


def test_assess_ignores_later_records():
    target = REGISTRY.get("yiyang.beef-cattle")
    records = [
        Record(1, PLAN.id, target.id, 3, D(2024, 3, 31), AT),
        Record(2, PLAN.id, target.id, 8, D(2024, 8, 31), AT),
    ]
    a = assess(target, standing_as_of(records, MID_YEAR), MID_YEAR, PLAN)
    assert (a.current, a.records) == (3, 1)
    assert assess(target, None, MID_YEAR, PLAN).status == "no_data"


# --------------------------------------------------------------------------- projection


def test_a_steady_pace_projects_a_straight_line_to_the_deadline():
    # 5 more projects every 73 days; the deadline is 365 days after the first figure.
    book = Book()
    book.write("xinan.industrial-projects", 5, D(2024, 1, 1))
    book.write("xinan.industrial-projects", 10, D(2024, 3, 14))
    book.write("xinan.industrial-projects", 15, D(2024, 5, 26))
    a = book.goal("xinan.industrial-projects", MID_YEAR)
    assert a.projected == pytest.approx(30)
    assert a.projected_percent == pytest.approx(30 / 41 * 100)
    assert a.records == 3

    # As of 14 March only the first two figures count, and they lie on the same line.
    assert book.goal("xinan.industrial-projects", D(2024, 3, 14)).projected == pytest.approx(30)
    # One figure is no pace.
    assert book.goal("xinan.industrial-projects", D(2024, 3, 13)).projected is None


def test_the_projection_is_a_least_squares_fit_of_scattered_figures():
    book = Book()
    for day, value in ((D(2024, 1, 1), 0), (D(2024, 3, 14), 3), (D(2024, 5, 26), 2)):
        book.write("yanshi.high-tech-enterprises", value, day)
    # x = 0, 73, 146 days; y = 0, 3, 2: slope 1/73 a day, line through (73, 5/3); deadline x = 365.
    a = book.goal("yanshi.high-tech-enterprises", MID_YEAR)
    assert a.projected == pytest.approx(5 / 3 + 292 / 73)
    assert a.projected_percent == pytest.approx((5 / 3 + 4) / 18 * 100)


def test_a_same_day_correction_does_not_bend_the_projection():
    book = Book()
    book.write("xinan.industrial-projects", 5, D(2024, 1, 1))
    book.write("xinan.industrial-projects", 99, D(2024, 3, 14))
    book.write("xinan.industrial-projects", 10, D(2024, 3, 14))
    a = book.goal("xinan.industrial-projects", MID_YEAR)
    assert a.records == 3
    assert a.projected == pytest.approx(30)


def test_projections_are_clamped():
    book = Book()
    book.write("xinan.coal-to-gas", 10, D(2024, 1, 1))
    book.write("xinan.coal-to-gas", 60, D(2024, 3, 14))
    book.write("mengjin.cattle-industry", 40, D(2024, 1, 1))
    book.write("mengjin.cattle-industry", 20, D(2024, 3, 14))
    report = book.report(MID_YEAR)
    milestone = report["xinan.coal-to-gas"]
    assert (milestone.projected, milestone.projected_percent) == (100.0, 100.0)
    falling = report["mengjin.cattle-industry"]
    assert (falling.projected, falling.projected_percent) == (0.0, 0.0)


def test_an_undone_figure_leaves_the_projection_too():
    book = Book()
    book.write("xinan.industrial-projects", 5, D(2024, 1, 1))
    wrong = book.write("xinan.industrial-projects", 50, D(2024, 2, 1))
    assert book.goal("xinan.industrial-projects", MID_YEAR).projected is not None
    book.undo(wrong)
    a = book.goal("xinan.industrial-projects", MID_YEAR)
    assert (a.projected, a.records, a.current) == (None, 1, 5)


# --------------------------------------------------------------------------- counties and ring


def _ring_book() -> Book:
    book = Book()
    # 宜阳: three goals met (one over target); seven without data.
    book.write("yiyang.beef-cattle", 9, D(2024, 6, 1))
    book.write("yiyang.pepper-park", 100, D(2024, 5, 1), stage="已完成")
    book.write("yiyang.pepper-belt", 15, D(2024, 6, 15))
    # 新安: halfway on two goals.
    book.write("xinan.special-agriculture-output", 20, D(2024, 6, 30))
    book.write("xinan.coal-to-gas", 50, D(2024, 4, 1), stage="推进中")
    # 偃师: one behind, one far behind; a typo that was undone; a figure from the future.
    book.write("yanshi.new-market-entities", 1500, D(2024, 6, 20))
    typo = book.write("yanshi.yipin-campaign", 100, D(2024, 6, 21))
    book.undo(typo)
    book.write("yanshi.yipin-campaign", 0, D(2024, 2, 1), stage="未启动")
    book.write("yanshi.high-tech-enterprises", 18, D(2024, 8, 1))
    # 孟津: halfway on two goals, the same mean as 新安.
    book.write("mengjin.cattle-industry", 20, D(2024, 6, 10))
    book.write("mengjin.village-collective-income", 25, D(2024, 6, 10))
    # 伊川: nothing yet.
    return book


def test_counties_are_counted_averaged_and_ranked():
    assessments = _ring_book().assessments(MID_YEAR)
    assert len(assessments) == 30
    assert [a.target.id for a in assessments] == [t.id for t in REGISTRY.targets]

    counties, ring = summarize(REGISTRY, assessments)
    by_id = {s.county.id: s for s in counties}
    assert [s.county.id for s in counties] == ["yiyang", "xinan", "mengjin", "yanshi", "yichuan"]
    assert [s.rank for s in counties] == [1, 2, 3, 4, 5]

    yiyang = by_id["yiyang"]
    assert yiyang.targets == 10
    assert yiyang.mean_percent == 100.0  # 150 % counts as 100
    assert yiyang.counts == {
        "done": 3,
        "on_track": 0,
        "behind": 0,
        "far_behind": 0,
        "over_ceiling": 0,
        "overdue": 0,
        "no_data": 7,
    }
    assert by_id["xinan"].targets == 7 and by_id["xinan"].mean_percent == 50.0
    assert by_id["xinan"].counts["on_track"] == 2 and by_id["xinan"].counts["no_data"] == 5
    assert by_id["mengjin"].targets == 4 and by_id["mengjin"].mean_percent == 50.0
    yanshi = by_id["yanshi"]
    assert yanshi.targets == 6 and yanshi.mean_percent == 12.5
    assert (yanshi.counts["behind"], yanshi.counts["far_behind"], yanshi.counts["no_data"]) == (
        1,
        1,
        4,
    )
    yichuan = by_id["yichuan"]
    assert (yichuan.targets, yichuan.mean_percent, yichuan.counts["no_data"]) == (3, None, 3)

    assert ring.county is None and ring.rank is None
    assert ring.targets == 30
    assert ring.counts == {
        "done": 3,
        "on_track": 4,
        "behind": 1,
        "far_behind": 1,
        "over_ceiling": 0,
        "overdue": 0,
        "no_data": 21,
    }
    assert ring.mean_percent == pytest.approx((3 * 100 + 4 * 50 + 25 + 0) / 9)
    for summary in [*counties, ring]:
        assert tuple(summary.counts) == STATUSES
        assert sum(summary.counts.values()) == summary.targets


def test_the_ring_replayed_through_the_year():
    book = _ring_book()

    counties, ring = summarize(REGISTRY, book.assessments(D(2023, 12, 31)))
    assert [s.county.id for s in counties] == [c.id for c in REGISTRY.counties]
    assert all(s.mean_percent is None for s in counties) and ring.mean_percent is None
    assert ring.counts["no_data"] == 30

    # By the new year, everything short of its goal is overdue; the future figure now counts.
    counties, ring = summarize(REGISTRY, book.assessments(AFTER))
    assert ring.counts == {
        "done": 4,
        "on_track": 0,
        "behind": 0,
        "far_behind": 0,
        "over_ceiling": 0,
        "overdue": 6,
        "no_data": 20,
    }
    assert [s.county.id for s in counties] == ["yiyang", "xinan", "mengjin", "yanshi", "yichuan"]
    assert {s.county.id: s.mean_percent for s in counties}["yanshi"] == pytest.approx(125 / 3)


def test_summaries_of_a_subset_still_list_every_county():
    assessments = _ring_book().assessments(MID_YEAR)
    only_yanshi = [a for a in assessments if a.target.county == "yanshi"]
    counties, ring = summarize(REGISTRY, only_yanshi)
    assert counties[0].county.id == "yanshi" and counties[0].rank == 1
    assert [s.targets for s in counties[1:]] == [0, 0, 0, 0]
    assert ring.targets == 6 and ring.mean_percent == 12.5
    assert isinstance(ring, CountySummary)


# --------------------------------------------------------------------------- properties

_DAYS = st.dates(min_value=D(2023, 6, 1), max_value=D(2026, 6, 30))


@given(
    deadline=st.dates(min_value=START, max_value=D(2027, 12, 31)),
    first=_DAYS,
    second=_DAYS,
)
def test_time_progress_never_goes_back_and_stays_within_0_and_100(deadline, first, second):
    early, late = sorted((first, second))
    a = time_progress(START, deadline, early)
    b = time_progress(START, deadline, late)
    assert 0.0 <= a <= b <= 100.0


_RECORDS = st.lists(
    st.tuples(
        st.sampled_from([t.id for t in REGISTRY.targets]),
        st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
        _DAYS,
    ),
    max_size=30,
)


@given(entries=_RECORDS, undo=st.sets(st.integers(1, 30)), as_of=_DAYS)
def test_every_goal_gets_a_known_status(entries, undo, as_of):
    records = [
        Record(seq, PLAN.id, target, value, day, AT)
        for seq, (target, value, day) in enumerate(entries, start=1)
    ]
    by_seq = {r.seq: r for r in records}
    retractions = [
        Retraction(100 + n, PLAN.id, by_seq[n].target, n, AT) for n in sorted(undo) if n in by_seq
    ]
    assessments = assess_records(REGISTRY, records, retractions, as_of)
    for a in assessments:
        assert a.status in STATUSES
        assert 0.0 <= a.expected <= 100.0
        assert (a.status == "no_data") == (a.current is None) == (a.records == 0)
        if a.projected is not None:
            assert a.projected >= 0
            assert not a.target.is_milestone or a.projected <= 100
    counties, ring = summarize(REGISTRY, assessments)
    assert sorted(s.rank for s in counties) == [1, 2, 3, 4, 5]
    assert sum(ring.counts.values()) == ring.targets == 30


@given(
    st.sampled_from(REGISTRY.targets),
    st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
    | st.sampled_from([0, 9, 6000, 40, 22, 300, 12, 10, 100, 99.99999999999999]),
    _DAYS,
)
def test_the_rules_of_a_report_agree_with_completion_and_met(goal, value, day):
    """judge_for writes the quantity rules out for speed: they are completion's and is_met's."""
    from huandu.domain.progress import completion, is_met, judge

    if goal.is_milestone:
        value = min(value, 100)
    verdict = judge(goal, value, day, PLAN)
    assert verdict.percent == completion(goal, value)
    assert (verdict.status == "done") == is_met(goal, value, PLAN)
