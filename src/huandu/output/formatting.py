"""How numbers, targets and dates read to a person, in the current language (no Rich here)."""

from __future__ import annotations

import datetime as dt

from huandu.domain.model import EXCEED, County, Plan, Target
from huandu.domain.units import UNITS, format_amount
from huandu.i18n import language, t


def county_label(county: County) -> str:
    return county.name_en or county.name if language() == "en" else county.name


def county_short(county: County) -> str:
    return county.name_en or county.short if language() == "en" else county.short


def target_title(target: Target) -> str:
    return target.title_en or target.title if language() == "en" else target.title


def _english_amount(value: float, symbol: str) -> str:
    """English readers count in thousands, millions, billions: 40亿元 → 4 billion yuan."""
    unit = UNITS.get(symbol)
    if unit is None or symbol == "%":
        return f"{format_amount(value)}{symbol}"
    base = UNITS[unit.base]
    amount = float(value) * float(unit.factor)
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(amount) >= scale:
            return f"{format_amount(amount / scale)} {word} {base.en}"
    return f"{format_amount(amount)} {base.en}"


def amount_with_unit(value: float | None, symbol: str | None) -> str:
    """`40亿元` in Chinese, `4 billion yuan` in English; milestones (no unit) read as percent."""
    if value is None:
        return ""
    if symbol is None:
        return f"{format_amount(value)}%"
    if language() == "en":
        return _english_amount(value, symbol)
    return f"{format_amount(value)}{symbol}"


def target_text(target: Target) -> str:
    """`>40亿元`, `≥9万头`, or the word for a milestone."""
    if target.is_milestone or target.unit is None or target.target is None:
        return t("kind.milestone")
    sign = ">" if target.comparison == EXCEED else "≥"
    return f"{sign}{amount_with_unit(target.target, target.unit.symbol)}"


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _known(key: str, fallback: str) -> str:
    from huandu.i18n.catalog import MESSAGES

    return t(key) if key in MESSAGES else fallback


def category_label(category: str) -> str:
    """产业 → Industry in English; a category the catalogue does not know is shown as written."""
    return _known(f"category.{category}", category)


def stage_label(stage: str) -> str:
    """未启动 / 推进中 / 已完成 read as not started / in progress / done in English."""
    return _known(f"stage.{stage}", stage)


def figure_text(value: float | None, unit: str | None, stage: str | None) -> str:
    """A recorded figure as people read it: `8.2万头`, or `推进中 (50%)` for a milestone."""
    if value is None:
        return ""
    if stage:
        return f"{stage_label(stage)} ({amount_with_unit(value, None)})"
    return amount_with_unit(value, unit)


def plan_source(plan: Plan) -> str:
    """Where the plan comes from, in English when the registry says it in English too."""
    return plan.source_en or plan.source if language() == "en" else plan.source
