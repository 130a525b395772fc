"""How things read to a person, in the current language: names, amounts, dates, lights, gaps,
months and the notes under a report. Shared by every output (Rich, Markdown, xlsx), so they all
say the same words; no Rich here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from huandu.domain.model import (
    AT_MOST,
    BELOW,
    CEILING,
    EXCEED,
    GROWTH,
    MONTHS,
    County,
    Plan,
    Registry,
    Target,
)
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
        text = _english_amount(value, symbol)
    else:
        text = f"{format_amount(value)}{symbol}"
    return MINUS + text[1:] if text.startswith("-") else text  # a fall of 3.5% reads −3.5%


_SIGNS = {EXCEED: ">", AT_MOST: "≤", BELOW: "<"}


def target_text(target: Target) -> str:
    """The goal as a short phrase: `>40亿元`, `≥9万头`, `约6000户` (左右), `≥4项（共6项）`, `≤5.5%`
    (a ceiling), `增长8%` / `下降3%` (a growth rate), or the word for a milestone (with how many
    dated nodes it has)."""
    if target.is_milestone or target.unit is None or target.target is None:
        if target.nodes:
            return t("kind.milestone_nodes", count=len(target.nodes))
        return t("kind.milestone")
    if target.kind == GROWTH:
        return growth_text(target)
    amount = amount_with_unit(target.target, target.unit.symbol)
    if target.approx:
        text = t("target.about", amount=amount)
        return f"≤{text}" if target.kind == CEILING else text
    sign = _SIGNS.get(target.comparison, "≥")
    if target.of is not None:
        return t("target.of_items", sign=sign, amount=amount,
                 of=amount_with_unit(target.of, target.unit.symbol))  # fmt: skip
    return f"{sign}{amount}"


def growth_text(target: Target) -> str:
    """A growth goal as the plan says it: 增长8%, 增长超过8%, 增长8%左右, 下降3%."""
    rate = target.target or 0
    falls = rate < 0
    strict = target.comparison in (EXCEED, BELOW)
    key = "target.fall" if falls else "target.growth"
    if falls != target.lower_is_better:  # 增长不超过5%, 降幅不超过3%: a cap on the rate
        return t(key + "_at_most", rate=format_amount(abs(rate)))
    if target.approx:
        key += "_about"
    elif strict:
        key += "_beyond"
    return t(key, rate=format_amount(abs(rate)))


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


def period_text(start: dt.date, end: dt.date) -> str:
    """A period as a table shows it: 2024-01-01—12-31 within one year, else both dates whole."""
    if start.year == end.year:
        return f"{start.isoformat()}—{end.strftime('%m-%d')}"
    return f"{start.isoformat()}—{end.isoformat()}"


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


def expected_words(a: Any) -> str:
    """What a goal should stand at by now: 时序进度 (or its nodes' progress) as a percent; a dash
    for a ceiling or a growth rate, which are held against their target, not the calendar."""
    if a.target.is_rate:
        return "—"
    return f"{a.expected:.1f}%"


def gap_words(a: Any) -> str:
    """A goal's gap as the report writes it: points against 时序进度 (or against the target rate
    for a growth goal or a ceiling in %), or, for a ceiling of an amount, the room left under it
    in its unit (+0.3万吨)."""
    return goal_gap_words(a.target, a.gap)


def goal_gap_words(goal: Target, gap: float | None) -> str:
    """`gap_words` of a gap not (yet) in an assessment: the prompt's, before a figure is stored."""
    if gap is None or goal.kind != CEILING or goal.unit is None or goal.unit.symbol == "%":
        return signed_points(gap)
    text = signed_points(gap, 2).rstrip("0").rstrip(".")
    return f"{text}{goal.unit.symbol}" if language() != "en" else f"{text} {goal.unit.symbol}"


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
    goals = list(goals)
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
    lines += kind_legend(plan, goals)
    if plan.time_progress == MONTHS:
        lines.append(t("report.legend_months"))
    lines.append(t("report.legend_vs_ring"))
    return lines


def kind_legend(plan: Plan, goals: list[Target]) -> list[str]:
    """How the goals of each kind other than a plain quantity or milestone are judged, one line
    per kind that the goals shown have (README "Goal kinds" says the same)."""
    lines = []
    if any(goal.kind == GROWTH for goal in goals):
        key = "report.legend_growth" if plan.rate_behind_points else "report.legend_growth_any"
        lines.append(t(key, behind=f"{plan.rate_behind_points:g}",
                       far=f"{plan.rate_far_behind_points:g}"))  # fmt: skip
    if any(goal.kind == CEILING for goal in goals):
        lines.append(t("report.legend_ceiling"))
    if any(goal.nodes for goal in goals):
        lines.append(t("report.legend_nodes"))
    if any(goal.approx for goal in goals):
        lines.append(t("report.legend_approx", rate=f"{plan.approx_rate_points:g}",
                       percent=f"{plan.approx_amount_percent:g}"))  # fmt: skip
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


def earlier_words(goal: Target, standing: dict[str, Any], *, status: bool = True) -> str:
    """An earlier goal's figure on a day, as text: 4.5万头 · 50.0% (· 逾期), or no data."""
    if standing["current"] is None:
        return t("compare.no_data")
    value = figure_text(standing["current"], goal.unit.symbol if goal.unit else None,
                        standing["stage"])  # fmt: skip
    percent = "—" if standing["percent"] is None else f"{standing['percent']:.1f}%"
    words = t("compare.earlier_value", value=value, percent=percent)
    if not status:
        return words
    return t("compare.earlier_status", value=words, status=t(f"status.{standing['status']}"))


def year_headers() -> list[str]:
    """The columns of the table of goals beside the earlier goals they continue."""
    return [
        t("col.county"),
        t("col.title"),
        t("col.target"),
        t("col.current"),
        t("col.completion"),
        t("col.earlier_goal"),
        t("col.earlier_same_day"),
        t("col.earlier_final"),
    ]


def year_cells(comparison: Any) -> list[list[str]]:
    """Each continued goal as text cells under `year_headers` (Markdown and HTML)."""
    rows = []
    for pair, row in zip(comparison.years, comparison.data["years"], strict=True):
        a, earlier, old = pair.current, row["earlier"], pair.final.target
        goal = a.target
        current = "—"
        if a.current is not None:
            current = figure_text(a.current, goal.unit.symbol if goal.unit else None,
                                  a.latest.stage if a.latest is not None else None)  # fmt: skip
        same = earlier["same_day"]
        rows.append(
            [
                county_label(comparison.registry.county_by_id(goal.county)),
                target_title(goal),
                target_text(goal),
                current,
                "—" if a.percent is None else f"{a.percent:.1f}%",
                t("compare.earlier_goal", year=pair.plan.year, target=target_text(old)),
                f"{earlier_words(old, same, status=False)} ({same['as_of']})",
                earlier_words(old, earlier["final"]),
            ]
        )
    return rows
