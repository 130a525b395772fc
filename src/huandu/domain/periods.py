"""Periods as people in this work name them: 5月, 1—5月, 一季度, Q3, 上半年, 前三季度, 全年, 2024-06.

Each names the last day of that period of the plan year, which is the date a monthly 通报 is "as
of". Plain dates (2024-06-30, 2024/6/30, 2024年6月30日) are accepted too, so every option that takes a
date takes either.

`huandu report` imports this module even without `--as-of`, so nothing is prepared at import: the
patterns stay source text until a period is read (`re` compiles and caches them then).
"""

from __future__ import annotations

import datetime as dt
import re

from huandu.errors import HuanduError
from huandu.text import normalize_input

_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def _cn_number(text: str) -> int | None:
    """1–12 written in digits or Chinese (五, 十一, 十二)."""
    if text.isdigit():
        return int(text)
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if len(text) == 2 and text[0] == "十" and text[1] in _CN_DIGITS:
        return 10 + _CN_DIGITS[text[1]]
    return None


def _month_end(year: int, month: int) -> dt.date:
    import calendar

    return dt.date(year, month, calendar.monthrange(year, month)[1])


_NAMED = {
    "上半年": 6,
    "h1": 6,
    "下半年": 12,
    "h2": 12,
    "前三季度": 9,
    "全年": 12,
    "年底": 12,
    "年末": 12,
    "fy": 12,
}
_QUARTER = r"^(?:第?([一二三四1-4])季度|q([1-4]))$"
_MONTH = r"^(?:(\d{4})年)?([一二三四五六七八九十]{1,2}|\d{1,2})月(?:份|底|末)?$"
_RANGE = r"^(?:(\d{4})年)?(\d{1,2}|[一二三四五六七八九十]{1,2})[-—–~至到](\d{1,2}|[一二三四五六七八九十]{1,2})月$"
_YEAR_MONTH = r"^(\d{4})[-/.](\d{1,2})$"

# Documented in README ("Periods"); shell completion offers these.
PERIOD_NAMES = (
    *(f"{m}月" for m in range(1, 13)),
    "1-5月",
    "一季度",
    "二季度",
    "三季度",
    "四季度",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "上半年",
    "前三季度",
    "下半年",
    "全年",
)


def period_end(raw: str, year: int) -> dt.date | None:
    """The last day of the period `raw` names in `year`, or None if `raw` names no period."""
    text = normalize_input(raw).replace(" ", "")
    folded = text.casefold()
    if folded in _NAMED:
        return _month_end(year, _NAMED[folded])
    match = re.match(_QUARTER, folded)
    if match:
        quarter = _cn_number(match.group(1) or match.group(2))
        assert quarter is not None
        return _month_end(year, quarter * 3)
    match = re.match(_MONTH, text)
    if match:
        month = _cn_number(match.group(2))
        return _checked_month(int(match.group(1) or year), month, raw)
    match = re.match(_RANGE, text)
    if match:
        first, last = _cn_number(match.group(2)), _cn_number(match.group(3))
        if first is None or last is None or not 1 <= first <= last:
            raise HuanduError("period.bad", value=raw)
        return _checked_month(int(match.group(1) or year), last, raw)
    match = re.match(_YEAR_MONTH, text)
    if match:
        return _checked_month(int(match.group(1)), int(match.group(2)), raw)
    return None


def _checked_month(year: int, month: int | None, raw: str) -> dt.date:
    if month is None or not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise HuanduError("period.bad", value=raw)
    return _month_end(year, month)


def parse_when(raw: str, year: int) -> dt.date:
    """A period name (in the plan year) or a calendar date."""
    end = period_end(raw, year)
    if end is not None:
        return end
    try:
        return parse_day(raw)
    except HuanduError as exc:
        if exc.key == "date.unreadable":
            raise HuanduError("period.unreadable", value=raw) from None
        raise


_DATE_FORMS = (
    r"^(\d{4})-(\d{1,2})-(\d{1,2})$",
    r"^(\d{4})/(\d{1,2})/(\d{1,2})$",
    r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$",
    r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$",
)


def parse_day(raw: str) -> dt.date:
    """A calendar date as people write it: 2024-05-31, 2024/5/31, 2024.5.31, 2024年5月31日."""
    text = normalize_input(raw)
    for form in _DATE_FORMS:
        match = re.match(form, text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise HuanduError("date.impossible", value=raw) from None
    raise HuanduError("date.unreadable", value=raw)
