"""A 通报 is "as of" a period: 5月, 1—5月, 一季度, 上半年 ... each means that period's last day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huandu.domain.periods import PERIOD_NAMES, parse_when, period_end
from huandu.errors import HuanduError

D = dt.date


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("1月", D(2024, 1, 31)),
        ("2月", D(2024, 2, 29)),  # 2024 is a leap year
        ("12月", D(2024, 12, 31)),
        ("五月", D(2024, 5, 31)),
        ("十一月", D(2024, 11, 30)),
        ("5月底", D(2024, 5, 31)),
        ("1-5月", D(2024, 5, 31)),
        ("1—5月", D(2024, 5, 31)),
        ("1–5月", D(2024, 5, 31)),
        ("一季度", D(2024, 3, 31)),
        ("二季度", D(2024, 6, 30)),
        ("第三季度", D(2024, 9, 30)),
        ("四季度", D(2024, 12, 31)),
        ("Q1", D(2024, 3, 31)),
        ("q2", D(2024, 6, 30)),
        ("Ｑ３", D(2024, 9, 30)),  # full-width, as an IME may type it
        ("上半年", D(2024, 6, 30)),
        ("前三季度", D(2024, 9, 30)),
        ("下半年", D(2024, 12, 31)),
        ("全年", D(2024, 12, 31)),
        ("2024-06", D(2024, 6, 30)),
        ("2025-02", D(2025, 2, 28)),
        ("2024年6月", D(2024, 6, 30)),
    ],
)
def test_period_names_mean_the_last_day_of_the_period(name, expected):
    assert parse_when(name, 2024) == expected


def test_plain_dates_still_work():
    assert parse_when("2024-06-15", 2024) == D(2024, 6, 15)
    assert parse_when("2024/6/15", 2024) == D(2024, 6, 15)
    assert parse_when("2024年6月15日", 2024) == D(2024, 6, 15)


def test_the_plan_year_decides_which_year_a_bare_month_means():
    assert parse_when("5月", 2025) == D(2025, 5, 31)
    assert parse_when("2024-05", 2025) == D(2024, 5, 31)


@pytest.mark.parametrize("bad", ["13月", "0月", "5-3月", "2024-13", "Q5", "五季度"])
def test_impossible_periods_are_refused(bad):
    with pytest.raises(HuanduError):
        parse_when(bad, 2024)


def test_unreadable_text_gets_a_message_naming_the_forms():
    with pytest.raises(HuanduError) as caught:
        parse_when("next tuesday", 2024)
    assert caught.value.key == "period.unreadable"


def test_every_documented_period_name_is_understood():
    for name in PERIOD_NAMES:
        assert period_end(name, 2024) is not None, name


@given(st.text(max_size=20))
def test_any_text_is_a_date_or_a_clear_refusal(text):
    try:
        result = parse_when(text, 2024)
    except HuanduError:
        return
    assert isinstance(result, dt.date)
