"""What a figure typed by a person would record, or why it cannot be: the one check path.

`huandu update`, its step-by-step prompt and `huandu import` all call `draft_record`: it reads the
typed value in the goal's unit (or as a milestone's stage), checks the date and the texts, and
builds the record to append. Pure: what the store holds that matters (the standing figure a `+500`
adds to) is passed in, read inside the write's transaction, so a relative value adds to the
figure as it is at the moment of writing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from huandu.domain.entries import Entry, Record, Retraction, latest
from huandu.domain.model import GROWTH, Plan, Stage, Target
from huandu.domain.units import format_amount, parse_quantity, parse_rate, to_number, unit_name
from huandu.errors import HuanduError, Msg
from huandu.text import normalize_input

MAX_TEXT_BYTES = 4096


def check_text(raw: str, what: str) -> str:
    """Notes and sources are stored exactly; refuse only what cannot be stored faithfully.

    `what` names the field (note, source, by, value) for the message.
    """
    try:
        encoded = raw.encode("utf-8")
    except UnicodeEncodeError:
        raise HuanduError("text.not_utf8", what=Msg(f"field.{what}")) from None
    if len(encoded) > MAX_TEXT_BYTES:
        raise HuanduError(
            "text.too_long", what=Msg(f"field.{what}"), size=len(encoded), limit=MAX_TEXT_BYTES
        )
    return raw


class StageValue(NamedTuple):
    percent: float
    stage: str


def parse_stage(raw: str, stages: tuple[Stage, ...]) -> StageValue:
    """A milestone's progress: a stage name (未启动/推进中/已完成, not-started/in-progress/done) or a percent."""
    text = normalize_input(raw)
    if text.startswith("+"):
        # `+10%` would otherwise read as 10%: a milestone is reported as it stands, not as a step.
        raise HuanduError("value.relative_stage", value=raw)
    folded = text.casefold().replace("_", "-")
    for stage in stages:
        if folded in {stage.name.casefold(), *(a.casefold() for a in stage.aliases)}:
            return StageValue(stage.percent, stage.name)
    number = text[:-1] if text.endswith("%") else text
    try:
        percent = Decimal(number)
    except ArithmeticError:
        raise HuanduError(
            "value.not_a_stage", value=raw, choices=" / ".join(s.name for s in stages)
        ) from None
    if not percent.is_finite():
        raise HuanduError("value.not_finite", value=raw)
    if not 0 <= percent <= 100:
        raise HuanduError("value.percent_range", value=raw)
    value = float(percent)
    return StageValue(value, stage_for(value, stages))


def stage_for(percent: float, stages: tuple[Stage, ...]) -> str:
    """The stage a percent stands at: 0 → 未启动, 100 → 已完成, anything between → the furthest
    intermediate stage reached (or the first one, so 30% reads 推进中)."""
    ordered = sorted(stages, key=lambda s: s.percent)
    if percent >= ordered[-1].percent:
        return ordered[-1].name
    if percent <= ordered[0].percent:
        return ordered[0].name
    middle = ordered[1:-1]
    reached = [s for s in middle if s.percent <= percent]
    if reached:
        return reached[-1].name
    return middle[0].name if middle else ordered[0].name


def is_relative(typed: str) -> bool:
    """Whether a typed value adds to the standing figure (`+500`) instead of replacing it."""
    return normalize_input(typed).startswith("+")


#: How many times its target a goal's figure may reach before it is taken for a typing slip
#: (a goal's `max_ratio` may widen it), and the factor a figure may jump by from the one before.
MAX_RATIO = 10
MAX_JUMP = 100
#: How many points a growth rate may stand from its target before it is taken for a slip (a
#: growth of 64% typed for 6.4%).
MAX_RATE_SPAN = 30

#: The refusals `--force` overrides: what is possible but implausible, or outside the plan.
FORCEABLE = frozenset(
    {
        "value.implausible_ratio",
        "value.implausible_jump",
        "value.implausible_rate",
        "value.more_than_items",
        "value.fractional_count",
        "value.ambiguous_fraction",
        "date.before_plan",
        "date.after_plan",
        "update.repeat",
        "import.duplicate",
    }
)

#: What kind of cell a spreadsheet's value came from, when that matters: a number in a cell of
#: Excel's General format (0.45 on a % goal may mean 45% or 0.45%).
GENERAL_NUMBER = "general"


def draft_record(
    target: Target,
    typed: str,
    *,
    plan: Plan,
    day: dt.date,
    today: dt.date,
    now: dt.datetime,
    history: Iterable[Record] = (),
    seq: int = 0,
    note: str = "",
    source: str = "",
    by: str = "",
    force: bool = False,
    cell: str = "",
    repeats: bool = True,
) -> Record:
    """Check one figure and build the record that would be appended.

    `history` is the goal's records that still count, as the store holds them at the moment of
    writing (and, for a sheet, the rows above this one): what `+500` adds to, what a jump is
    measured from, what a repeat is. `seq` is the number the record will get (0 until the store
    gives it one). Refused: what cannot be read, a date after today, a unit of another kind; and,
    unless `force` (then the record is marked forced), a figure more than `MAX_RATIO` times its
    target (the goal's `max_ratio`), one `MAX_JUMP` times the figure before it or a hundredth of
    it, a fractional count of whole things, a General spreadsheet cell's fraction on a percent
    goal (`cell`), a date before the plan begins (less its `opening_grace_days`), and (with
    `repeats`) a `+N` typed again for the same date on the same day.
    """
    if day > today:
        raise HuanduError("date.future", value=day.isoformat(), today=today.isoformat())
    note = check_text(note, "note")
    source = check_text(source, "source")
    by = check_text(by, "by")
    typed = check_text(typed, "value")
    records = list(history)
    if target.is_milestone:
        stage = parse_stage(typed, target.stages)
        record = Record(
            seq=seq,
            plan=plan.id,
            target=target.id,
            value=to_number(Decimal(str(stage.percent))),
            date=day,
            recorded_at=now,
            stage=stage.stage,
            input=typed,
            note=note,
            source=source,
            by=by,
        )
        if not force:
            if cell == GENERAL_NUMBER and 0 < stage.percent <= 1:  # 45% or 0.45% done?
                raise HuanduError("value.ambiguous_fraction", value=typed,
                                  percent=format_amount(Decimal(str(stage.percent)) * 100))  # fmt: skip
            _inside_plan(day, plan, target)
        return record._replace(forced=force)
    assert target.unit is not None
    if target.kind == GROWTH:
        rate, shown_input = _rate(typed, target)
        record = Record(seq=seq, plan=plan.id, target=target.id, value=to_number(rate), date=day,
                        recorded_at=now, unit="%", input=shown_input, note=note, source=source,
                        by=by)  # fmt: skip
        if not force:
            _plausible_rate(target, rate, typed)
            _inside_plan(day, plan, target)
        return record._replace(forced=force)
    if _looks_like_stage(typed, target):
        raise HuanduError("value.stage_on_quantity", value=typed, unit=unit_name(target.unit))
    parsed = parse_quantity(typed, target.unit)
    amount = parsed.amount
    standing = latest(records, day)
    if parsed.relative:
        amount = (Decimal(str(standing.value)) if standing is not None else Decimal(0)) + amount
    record = Record(
        seq=seq,
        plan=plan.id,
        target=target.id,
        value=to_number(amount),
        date=day,
        recorded_at=now,
        unit=target.unit.symbol,
        input=typed,
        note=note,
        source=source,
        by=by,
    )
    if not force:
        _plausible(target, amount, typed, standing, cell)
        _inside_plan(day, plan, target)
        if parsed.relative and repeats:
            _not_a_repeat(record, records)
    return record._replace(forced=force)


def _shown(amount: Decimal | float, target: Target) -> Msg:
    """A value as it would be stored, for a message: `5亿 万亩` reads as 500,000 万亩."""
    from huandu.domain.units import format_amount

    return Msg("value.stored_as", value=format_amount(to_number(Decimal(str(amount))), digits=6),
               unit=unit_name(target.unit))  # fmt: skip


def _rate(typed: str, target: Target) -> tuple[Decimal, str]:
    """A growth goal's figure: the rate as typed, or (with a `base`) an amount in the base's unit
    turned into the rate it means (540亿元 on a base of 500亿元 is 8%)."""
    from huandu.domain.units import LOWEST_RATE

    try:
        return parse_rate(typed), typed
    except HuanduError as exc:
        if target.base is None or target.base_unit is None or exc.key != "value.not_a_rate":
            raise
    parsed = parse_quantity(typed, target.base_unit)
    if parsed.relative:
        raise HuanduError("value.not_a_rate", value=typed)
    rate = (parsed.amount / Decimal(str(target.base)) - 1) * 100
    rate = rate.quantize(Decimal("0.01"))
    if rate < LOWEST_RATE:  # pragma: no cover - an amount is never below zero
        raise HuanduError("value.rate_below_minus_100", value=typed)
    return rate, typed


def _plausible_rate(target: Target, rate: Decimal, typed: str) -> None:
    from huandu.domain.units import format_amount

    goal = Decimal(str(target.target))
    if abs(rate - goal) > MAX_RATE_SPAN:
        raise HuanduError("value.implausible_rate", value=typed, rate=format_amount(float(rate)),
                          target=format_amount(float(goal)), span=MAX_RATE_SPAN)  # fmt: skip


def _plausible(
    target: Target, amount: Decimal, typed: str, standing: Record | None, cell: str
) -> None:
    from huandu.domain.units import format_amount

    unit = target.unit
    assert unit is not None and target.target is not None
    if cell == GENERAL_NUMBER and unit.symbol == "%" and 0 < amount <= 1:
        raise HuanduError(
            "value.ambiguous_fraction", value=typed, percent=format_amount(amount * 100)
        )
    if unit.count and (amount * unit.factor) != (amount * unit.factor).to_integral_value():
        whole = amount * unit.factor
        raise HuanduError(
            "value.fractional_count",
            value=typed,
            stored=_shown(amount, target),
            base=format_amount(float(whole), digits=6),
            unit=unit.base,
        )
    if target.of is not None and amount > target.of:
        raise HuanduError("value.more_than_items", value=typed, stored=_shown(amount, target),
                          of=target.of)  # fmt: skip
    ratio = target.max_ratio if target.max_ratio is not None else MAX_RATIO
    goal = Decimal(str(target.target))
    if goal > 0 and amount > goal * Decimal(str(ratio)):
        raise HuanduError(
            "value.implausible_ratio",
            value=typed,
            stored=_shown(amount, target),
            times=format_amount(float(amount / goal), digits=0),
            ratio=format_amount(ratio),
        )
    if standing is not None and standing.value > 0 and amount > 0:
        before = Decimal(str(standing.value))
        jump = amount / before
        if jump >= MAX_JUMP or jump <= Decimal(1) / MAX_JUMP:
            raise HuanduError(
                "value.implausible_jump",
                value=typed,
                stored=_shown(amount, target),
                before=_shown(before, target),
                date=standing.date.isoformat(),
            )


def _inside_plan(day: dt.date, plan: Plan, target: Target) -> None:
    """A figure's date within the plan: from its start (less `opening_grace_days`) to its end,
    or the goal's own deadline when that is later (a goal of two years)."""
    opens = plan.start - dt.timedelta(days=plan.opening_grace_days)
    if day < opens:
        raise HuanduError(
            "date.before_plan", value=day.isoformat(), start=plan.start.isoformat(),
            opens=opens.isoformat(),
        )  # fmt: skip
    closes = max(plan.end, target.deadline)
    if day > closes:
        raise HuanduError("date.after_plan", value=day.isoformat(), end=closes.isoformat())


def _not_a_repeat(record: Record, records: list[Record]) -> None:
    """The same `+N` for the same goal and date, recorded again the same day: typed twice."""
    for old in records:
        if (
            old.date == record.date
            and old.input == record.input
            and old.recorded_at.date() == record.recorded_at.date()
        ):
            raise HuanduError(
                "update.repeat", value=record.input, date=record.date.isoformat(), seq=old.seq
            )


def _looks_like_stage(raw: str, target: Target) -> bool:
    folded = normalize_input(raw).casefold()
    return any(
        folded in {s.name.casefold(), *(a.casefold() for a in s.aliases)} for s in target.stages
    )


def draft_retraction(
    asked: int | None,
    found: Entry | None,
    retracted_by: int | None,
    *,
    seq: int = 0,
    now: dt.datetime,
    note: str = "",
    by: str = "",
) -> Retraction:
    """Undo `found`: the record `asked` for, or (asked None) the latest record that still counts.

    `retracted_by` is the seq of an undo that already retracted it, if any.
    """
    if found is None:
        if asked is None:
            raise HuanduError("undo.nothing")
        raise HuanduError("undo.no_such", seq=asked)
    if isinstance(found, Retraction):
        raise HuanduError("undo.is_retraction", seq=found.seq)
    if retracted_by is not None:
        raise HuanduError("undo.already", seq=found.seq)
    return Retraction(
        seq=seq,
        plan=found.plan,
        target=found.target,
        retracts=found.seq,
        recorded_at=now,
        note=check_text(note, "note"),
        by=check_text(by, "by"),
    )
