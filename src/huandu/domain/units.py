"""Units as Chinese planning documents write them, and values as people type them.

A goal keeps its unit exactly as the article writes it (40 亿元, 12 万亩, 9 万头, 6000 户). A person
reporting progress types whatever is at hand: `3500万元` on a 亿元 goal, `82000头` on a 万头 goal,
`６，０００` with full-width digits. `parse_quantity` turns any of these into the goal's own unit, or
refuses with a clear reason. Decimal arithmetic keeps 3500万元 → 0.35 亿元 exact.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from huandu.errors import HuanduError, Localized
from huandu.text import normalize_input


class Unit(NamedTuple):
    """A unit as written (`万头`), the base it counts in (`头`) and how many bases it holds.
    `count`: its base is counted in whole things (head, households, enterprises, items), so a
    value must come to a whole number of them."""

    symbol: str
    base: str
    factor: Decimal
    en: str
    count: bool = False


def unit_name(unit: Unit) -> Localized:
    """A unit named in a message: 万头 to a Chinese reader, "万头, 10k head" to an English one."""
    if unit.en == unit.symbol:
        return Localized(unit.symbol, unit.symbol)
    return Localized(
        unit.symbol, f"{unit.symbol}, {unit.en}"
    )  # as the article writes it, and in English


def _unit(symbol: str, base: str, factor: int, en: str) -> Unit:
    return Unit(symbol, base, Decimal(factor), en, base in COUNTED)


#: Bases counted in whole things: 8.2万头 is 82,000 head, but 4.92个 is no number of projects.
COUNTED = frozenset("头只户家个人项")

# Every unit a registry may use. A new unit is one line here (and its English name).
UNITS: dict[str, Unit] = {
    u.symbol: u
    for u in (
        _unit("元", "元", 1, "yuan"),
        _unit("千元", "元", 1_000, "thousand yuan"),
        _unit("万元", "元", 10_000, "10k yuan"),
        _unit("亿元", "元", 100_000_000, "100M yuan"),
        _unit("亩", "亩", 1, "mu"),
        _unit("万亩", "亩", 10_000, "10k mu"),
        _unit("头", "头", 1, "head"),
        _unit("万头", "头", 10_000, "10k head"),
        _unit("只", "只", 1, "birds"),
        _unit("万只", "只", 10_000, "10k birds"),
        _unit("吨", "吨", 1, "tonnes"),
        _unit("万吨", "吨", 10_000, "10k tonnes"),
        _unit("户", "户", 1, "households"),
        _unit("万户", "户", 10_000, "10k households"),
        _unit("家", "家", 1, "enterprises"),
        _unit("个", "个", 1, "items"),
        _unit("项", "项", 1, "projects"),
        _unit("人", "人", 1, "people"),
        _unit("万人", "人", 10_000, "10k people"),
        _unit("公里", "公里", 1, "km"),
        _unit("%", "%", 1, "%"),
    )
}

# Multipliers people put in front of a base unit (or alone): 3500万, 1.2亿, 5千.
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}

# Patterns stay source text until a value is parsed (`re` compiles and caches them then): a
# report never parses one, and compiling at import would slow every command's start.
_NUMBER = r"^(?P<sign>[+-]?)(?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(?P<rest>.*)$"
_GROUPED = r"^\d{1,3}(,\d{3})+(\.\d*)?"
# Values are kept to 15 significant places either side of the point (what a float holds exactly),
# and a typed unit with its multipliers (千万亿元) is never longer than a few characters.
_MAX_DIGITS = 15
_MAX_SUFFIX = 8


class ParsedQuantity(NamedTuple):
    """A typed value in the goal's unit; `relative` means it is added to the latest value."""

    amount: Decimal
    relative: bool


def known_unit(symbol: str) -> Unit | None:
    return UNITS.get(symbol)


def _multiplier(prefix: str) -> Decimal | None:
    factor = Decimal(1)
    for ch in prefix:
        if ch not in _MULTIPLIERS:
            return None
        factor *= _MULTIPLIERS[ch]
    return factor


def parse_quantity(raw: str, unit: Unit) -> ParsedQuantity:
    """Read what a person typed for a goal kept in `unit`.

    A bare number is in the goal's unit. A number with a unit or multiplier (`3500万元`, `8.2万`,
    `82000头`, `45%`) is converted. `+500` is relative. Refuses negatives, NaN, infinity, and units
    of another kind (亩 on a 亿元 goal).
    """
    text = normalize_input(raw).replace(" ", "")
    if not text:
        raise HuanduError("value.empty")
    if text.lower().lstrip("+-") in {"nan", "inf", "infinity"}:
        raise HuanduError("value.not_finite", value=raw)
    sign = ""
    if text[0] in "+-":
        sign, text = text[0], text[1:]
    grouped = re.match(_GROUPED, text)
    if grouped:
        text = grouped.group(0).replace(",", "") + text[grouped.end() :]
    match = re.match(_NUMBER, text)
    if not match:
        raise HuanduError("value.not_a_number", value=raw)
    if match.group("sign"):  # a second sign: "+-5", "++5"
        raise HuanduError("value.not_a_number", value=raw)
    try:
        amount = Decimal(match.group("num"))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        raise HuanduError("value.not_a_number", value=raw) from None
    if amount.adjusted() > _MAX_DIGITS:
        raise HuanduError("value.too_large", value=raw)
    if amount and amount.adjusted() < -_MAX_DIGITS:
        raise HuanduError("value.too_small", value=raw)
    if re.search(r"[\d,.]", match.group("rest")):
        raise HuanduError("value.not_a_number", value=raw)
    if sign == "-":
        raise HuanduError("value.negative", value=raw)
    amount = _convert(amount, match.group("rest"), unit, raw)
    if amount.adjusted() > _MAX_DIGITS:  # 999999亿元 typed on a 元 goal
        raise HuanduError("value.too_large", value=raw)
    return ParsedQuantity(amount=amount, relative=sign == "+")


def _convert(amount: Decimal, suffix: str, unit: Unit, raw: str) -> Decimal:
    if not suffix:
        return amount
    if suffix == unit.symbol:
        return amount
    if len(suffix) > _MAX_SUFFIX:  # no real unit is this long; stops 亿亿亿… overflowing
        raise HuanduError("value.wrong_unit", value=raw, unit=unit_name(unit))
    # Split the suffix into multiplier characters and a base unit (元, 亩, 头, ...).
    for cut in range(len(suffix) + 1):
        prefix, base = suffix[:cut], suffix[cut:]
        factor = _multiplier(prefix)
        if factor is None:
            break
        if base in ("", unit.base) or (base in UNITS and UNITS[base].base == unit.base):
            base_factor = UNITS[base].factor if base in UNITS else Decimal(1)
            if base == "" and unit.base == "%":
                break
            return amount * factor * base_factor / unit.factor
    raise HuanduError("value.wrong_unit", value=raw, unit=unit_name(unit))


# How a growth rate is written: 增长6.4%, 同比下降2%, 负增长1.5%, or a signed number (+6.4, -2).
_RATE_WORDS = (
    ("同比负增长", -1),
    ("负增长", -1),
    ("同比下降", -1),
    ("同比减少", -1),
    ("下降", -1),
    ("减少", -1),
    ("降低", -1),
    ("回落", -1),
    ("同比增长", 1),
    ("增长", 1),
    ("增加", 1),
    ("提高", 1),
    ("上升", 1),
)
_RATE = r"^(?P<sign>[+-]?)(?P<num>\d+(?:\.\d+)?|\.\d+)(?P<pct>%?)$"
#: A growth rate below this is no rate at all: nothing falls by more than all of itself.
LOWEST_RATE = Decimal(-100)


def parse_rate(raw: str) -> Decimal:
    """A year-on-year rate as people write it, in percent: `6.4`, `6.4%`, `+6.4%`, `增长6.4%`;
    `-2%`, `−2%`, `下降2%`, `负增长2%`; `持平` is 0. Refuses anything else, and a fall of more
    than 100%."""
    text = normalize_input(raw).replace(" ", "").replace("\u2212", "-")
    if not text:
        raise HuanduError("value.empty")
    if text in ("持平", "同比持平"):
        return Decimal(0)
    sign = 1
    worded = False
    for word, word_sign in _RATE_WORDS:
        if text.startswith(word):
            text, sign, worded = text[len(word) :], word_sign, True
            break
    match = re.match(_RATE, text)
    if not match or (worded and match.group("sign")):
        raise HuanduError("value.not_a_rate", value=raw)
    amount = Decimal(match.group("num"))
    if amount.adjusted() > 6:
        raise HuanduError("value.too_large", value=raw)
    if match.group("sign") == "-":
        sign = -1
    rate = amount * sign
    if rate < LOWEST_RATE:
        raise HuanduError("value.rate_below_minus_100", value=raw)
    return rate


def to_number(amount: Decimal) -> int | float:
    """The value as TOML and JSON should hold it: an int when whole, else the nearest float."""
    if amount == amount.to_integral_value() and abs(amount) < 2**53:
        return int(amount)
    return float(amount)


def format_amount(value: float | int | None, *, digits: int = 2) -> str:
    """A number the way a report writes it: 6,000 · 8.2 · 0.35 (no trailing zeros)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"
