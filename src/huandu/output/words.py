"""How things read to a person, in the current language: names, amounts, dates, lights, gaps,
months and the notes under a report. Shared by every output (Rich, Markdown, xlsx), so they all
say the same words; no Rich here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from huandu.domain.model import EXCEED, MONTHS, County, Plan, Registry, Target
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
    from huandu.i18n import has

    return t(key) if has(key) else fallback


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


def plan_title(plan: Plan) -> str:
    """The plan's title, in English when the registry gives one."""
    return plan.title_en or plan.title if language() == "en" else plan.title


def plan_source(plan: Plan) -> str:
    """Where the plan comes from, in English when the registry says it in English too."""
    return plan.source_en or plan.source if language() == "en" else plan.source


MINUS = "\u2212"  # a real minus sign: −12.0 reads better than -12.0 in a table
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def light_word(light: str | None) -> str:
    """绿 / 黄 / 红 (green / yellow / red); an empty string for a goal without a light."""
    return t(f"light.{light}") if light else ""


def light_letter(light: str | None) -> str:
    """The light in one character cell pair: 绿/黄/红 in Chinese, G/Y/R in English."""
    return t(f"light.short.{light}") if light else ""


def signed_points(value: float | None, digits: int = 1) -> str:
    """A gap in percentage points with its sign: +3.5, −12.0, 0.0; an em dash when unknown."""
    if value is None:
        return "—"
    rounded = round(value, digits)
    if rounded == 0:
        return f"{0:.{digits}f}"
    sign = "+" if rounded > 0 else MINUS
    return f"{sign}{abs(rounded):.{digits}f}"


def stale_text(days: int) -> str:
    """未更新45天 / stale 45d: how long a goal has gone without a new figure."""
    return t("report.stale", days=days)


def month_label(day: dt.date, plan_year: int, *, partial: bool = False, sep: str = "") -> str:
    """5月 / May for a month of the plan year (2025年1月 / Jan 2025 otherwise); `partial` adds the
    day, for a column that stands as of a date inside the month (6月15日 / Jun 15), after `sep`."""
    if language() == "en":
        short = _MONTHS_EN[day.month - 1]
        name = short if day.year == plan_year else f"{short} {day.year}"
        return f"{name}{sep or ' '}{day.day}" if partial else name
    name = f"{day.month}月" if day.year == plan_year else f"{day.year}年{day.month}月"
    return f"{name}{sep}{day.day}日" if partial else name


def legend_lines(registry: Registry, goals: Iterable[Target]) -> list[str]:
    """The notes under a report: what the statuses, lights, gap, stale and vs ring mean, and which
    of the goals shown set their own thresholds or update interval."""
    plan = registry.plan
    lines = [
        t("report.legend", behind=f"{plan.behind_points:g}", far=f"{plan.far_behind_points:g}"),
        t("report.legend_lights"),
        t("report.legend_stale", days=plan.update_interval_days),
    ]
    own = [
        goal
        for goal in goals
        if goal.behind_points is not None
        or goal.far_behind_points is not None
        or goal.update_interval_days is not None
    ]
    if own:
        lines.append(t("report.legend_goal_rules", goals=_rules(own, plan, target_title)))
    if plan.time_progress == MONTHS:
        lines.append(t("report.legend_months"))
    lines.append(t("report.legend_vs_ring"))
    return lines


def _rules(goals: list[Target], plan: Plan, title: Callable[[Target], str]) -> str:
    parts = []
    for goal in goals:
        behind, far = goal.thresholds(plan)
        parts.append(
            t(
                "report.goal_rule",
                title=title(goal),
                behind=f"{behind:g}",
                far=f"{far:g}",
                days=goal.update_interval(plan),
            )
        )
    return t("report.list_separator").join(parts)


def county_brief(county: County) -> str:
    """A county's name in a narrow column: 宜阳; in English the first word of its name (Yiyang)."""
    if language() == "en" and county.name_en:
        return county.name_en.split()[0]
    return county.short
