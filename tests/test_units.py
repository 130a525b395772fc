"""A county reports a figure the way it has it at hand; huandu reads it in the goal's own unit.

`3500万元` on a 亿元 goal is 0.35, `82000头` on a 万头 goal is 8.2, `６，０００` typed with a
Chinese input method is 6000. Anything it cannot read exactly is refused with a reason, never
guessed and never a crash.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huandu.domain.units import (
    UNITS,
    format_amount,
    known_unit,
    parse_quantity,
    parse_rate,
    to_number,
)
from huandu.errors import HuanduError
from huandu.i18n import message


def amount(raw: str, unit: str) -> Decimal:
    parsed = parse_quantity(raw, UNITS[unit])
    assert not parsed.relative
    return parsed.amount


def refusal(raw: str, unit: str) -> str:
    with pytest.raises(HuanduError) as caught:
        parse_quantity(raw, UNITS[unit])
    return caught.value.key


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("3200", "个", "3200"),
        ("6,000", "户", "6000"),
        ("６０００", "户", "6000"),
        ("６，０００", "户", "6000"),
        (" 6000 ", "户", "6000"),
        ("6000户", "户", "6000"),
        ("0.6万户", "户", "6000"),
        ("0", "户", "0"),
        ("3500万元", "亿元", "0.35"),
        ("3500万", "亿元", "0.35"),
        ("1.2亿", "亿元", "1.2"),
        ("1.2亿元", "亿元", "1.2"),
        ("40", "亿元", "40"),
        ("40亿元", "亿元", "40"),
        ("5千元", "万元", "0.5"),
        ("8.2万头", "万头", "8.2"),
        ("82000头", "万头", "8.2"),
        ("82,000头", "万头", "8.2"),
        ("8.2万", "万头", "8.2"),
        ("12万亩", "万亩", "12"),
        ("120000亩", "万亩", "12"),
        ("45%", "%", "45"),
        ("45", "%", "45"),
        ("４５％", "%", "45"),
        ("1,234.5", "个", "1234.5"),
        (".5", "个", "0.5"),
    ],
)
def test_what_people_type_is_read_in_the_goals_unit(raw, unit, expected):
    assert amount(raw, unit) == Decimal(expected)


def test_conversions_are_exact_decimals():
    """3500万元 is exactly 0.35 亿元, not 0.35000000000000003."""
    assert str(amount("3500万元", "亿元")) == "0.35"
    assert to_number(amount("3500万元", "亿元")) == 0.35
    assert to_number(amount("82000头", "万头")) == 8.2
    assert isinstance(to_number(amount("6000", "户")), int)


def test_a_plus_sign_adds_to_the_latest_figure():
    parsed = parse_quantity("+500", UNITS["户"])
    assert parsed.relative and parsed.amount == 500
    parsed = parse_quantity("＋0.5万", UNITS["万头"])
    assert parsed.relative and parsed.amount == Decimal("0.5")


@pytest.mark.parametrize(
    ("raw", "unit", "key"),
    [
        ("abc", "个", "value.not_a_number"),
        ("", "个", "value.empty"),
        ("   ", "个", "value.empty"),
        ("-5", "个", "value.negative"),
        ("－5", "个", "value.negative"),
        ("nan", "个", "value.not_finite"),
        ("NaN", "个", "value.not_finite"),
        ("inf", "个", "value.not_finite"),
        ("-Infinity", "个", "value.not_finite"),
        ("1e400", "个", "value.too_large"),
        ("9" * 40, "个", "value.too_large"),
        ("99999999999亿元", "元", "value.too_large"),
        ("0.0000000000000000001", "个", "value.too_small"),
        ("3亩", "亿元", "value.wrong_unit"),
        ("45万", "%", "value.wrong_unit"),
        ("8头", "亿元", "value.wrong_unit"),
        ("5家", "个", "value.wrong_unit"),
        ("1" + "亿" * 200 + "元", "亿元", "value.wrong_unit"),
        ("1,00", "个", "value.not_a_number"),
        ("1.2.3", "个", "value.not_a_number"),
        ("5万3千", "个", "value.not_a_number"),
        ("+-5", "个", "value.not_a_number"),
        ("++5", "个", "value.not_a_number"),
        ("0x10", "个", "value.not_a_number"),
        ("+", "个", "value.not_a_number"),
    ],
)
def test_what_cannot_be_read_exactly_is_refused(raw, unit, key):
    assert refusal(raw, unit) == key


def test_a_refusal_reads_as_a_sentence_naming_the_value():
    with pytest.raises(HuanduError) as caught:
        parse_quantity("3亩", UNITS["亿元"])
    assert (
        message(caught.value) == "the unit of '3亩' does not fit this goal's unit (亿元, 100M yuan)"
    )


def test_zero_written_with_many_places_is_still_zero():
    assert amount("0." + "0" * 40, "个") == 0


def test_every_unit_is_known_by_its_symbol_and_counts_in_a_known_base():
    for symbol, unit in UNITS.items():
        assert known_unit(symbol) is unit and unit.symbol == symbol
        assert unit.base in UNITS and UNITS[unit.base].factor == 1
        assert unit.factor >= 1 and unit.en
    assert known_unit("万匹") is None


@pytest.mark.parametrize(
    ("value", "text"),
    [(6000, "6,000"), (8.2, "8.2"), (0.35, "0.35"), (40.0, "40"), (None, ""), (1 / 3, "0.33")],
)
def test_amounts_read_the_way_a_report_writes_them(value, text):
    assert format_amount(value) == text


# ---------------------------------------------------------------- properties

unit_symbols = st.sampled_from(sorted(UNITS))


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=40), unit_symbols)
def test_any_text_is_read_or_refused_never_a_crash(raw, symbol):
    try:
        parsed = parse_quantity(raw, UNITS[symbol])
    except HuanduError as exc:
        assert message(exc)  # the refusal has words in it
    else:
        assert parsed.amount.is_finite() and parsed.amount >= 0


typed = st.lists(
    st.sampled_from(
        [
            *"0123456789",
            "0123",
            "９",
            "+",
            "-",
            ".",
            ",",
            "，",
            "e",
            "E",
            "%",
            "％",
            " ",
            "万",
            "亿",
            "千",
            "百",
            "十",
            "元",
            "亩",
            "头",
            "户",
            "家",
            "万元",
            "亿元",
            "万头",
            "nan",
            "inf",
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(typed, unit_symbols)
def test_number_like_text_is_read_or_refused_never_a_crash(raw, symbol):
    with contextlib.suppress(HuanduError):  # a refusal is fine; any other exception fails
        parse_quantity(raw, UNITS[symbol])


@settings(max_examples=1000, deadline=None)
@given(
    st.decimals(min_value=0, max_value=Decimal("999999999999999"), places=6, allow_nan=False),
    unit_symbols,
)
def test_a_plain_decimal_comes_back_unchanged(value, symbol):
    """Whatever non-negative decimal a person writes out plainly is kept exactly, in any unit."""
    written = format(value, "f")
    assert parse_quantity(written, UNITS[symbol]).amount == value
    assert parse_quantity(f"+{written}", UNITS[symbol]).relative


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_thousands_read_as_the_same_number(value):
    assert amount(f"{value:,}", "元") == value
    assert amount(f"{value:,}".replace(",", "，"), "元") == value


# ------------------------------------------------------------------ growth rates

#: A rate from a fall of 100% to a growth of 1000%, with 0 to 2 decimals, as a Decimal.
rates = st.integers(0, 2).flatmap(
    lambda places: st.integers(-100 * 10**places, 1000 * 10**places).map(
        lambda n: Decimal(n).scaleb(-places)
    )
)


@settings(max_examples=1000, deadline=None)
@given(rates)
def test_a_rate_written_any_usual_way_reads_back_as_itself(rate):
    """±x%, x, 增长x% / 下降x%, with a real minus sign (−) too: the rate written is the rate read."""
    size = format(abs(rate), "f")
    sign = "-" if rate < 0 else "+"
    word = "下降" if rate < 0 else "增长"
    for written in (f"{sign}{size}%", f"{sign}{size}", f"{word}{size}%", f"{word}{size}"):
        assert parse_rate(written) == rate, written
    if rate < 0:
        assert parse_rate(f"\u2212{size}%") == rate
        assert parse_rate(f"同比下降{size}%") == rate
    else:
        assert parse_rate(f"{size}%") == rate


@pytest.mark.parametrize("typed", ["-100.01%", "下降101%", "−200", "负增长100.5%"])
def test_a_fall_of_more_than_everything_is_no_rate(typed):
    with pytest.raises(HuanduError) as caught:
        parse_rate(typed)
    assert caught.value.key == "value.rate_below_minus_100"


@pytest.mark.parametrize("typed", ["增长-2%", "下降+2%", "2%%", "八%", "+-2", "", "增长"])
def test_what_is_no_rate_is_refused(typed):
    with pytest.raises(HuanduError):
        parse_rate(typed)
