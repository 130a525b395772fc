"""Turning what a person typed into a progress record or a retraction, or refusing it.

Pure: given the registry, the journal as it stands and the clock, decide what would be written.
The store calls these under its lock, so a relative value (`+500`) adds to the latest figure as it
is at the moment of writing, not as it was when the command started.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from huandu.domain.model import Journal, ProgressRecord, Retraction, Stage, Target, latest
from huandu.domain.units import UnitName, parse_quantity, to_number
from huandu.errors import HuanduError
from huandu.i18n import t
from huandu.text import normalize_input

MAX_TEXT_BYTES = 4096


def check_text(raw: str, what: str) -> str:
    """Notes and sources are stored exactly; refuse only what cannot be stored faithfully.

    `what` names the field (note, source, by, value); the message says it in the user's language.
    """
    try:
        encoded = raw.encode("utf-8")
    except UnicodeEncodeError:
        raise HuanduError("text.not_utf8", what=t(f"field.{what}")) from None
    if len(encoded) > MAX_TEXT_BYTES:
        raise HuanduError(
            "text.too_long", what=t(f"field.{what}"), size=len(encoded), limit=MAX_TEXT_BYTES
        )
    return raw


@dataclass(frozen=True, slots=True)
class StageValue:
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


def make_record(
    target: Target,
    raw_value: str,
    *,
    journal: Journal,
    seq: int,
    day: dt.date,
    today: dt.date,
    now: dt.datetime,
    note: str = "",
    source: str = "",
    by: str = "",
) -> ProgressRecord:
    """Validate one update and build the record to append."""
    if day > today:
        raise HuanduError("date.future", value=day.isoformat(), today=today.isoformat())
    note = check_text(note, "note")
    source = check_text(source, "source")
    by = check_text(by, "by")
    raw_value = check_text(raw_value, "value")
    if target.is_milestone:
        stage = parse_stage(raw_value, target.stages)
        value: int | float = to_number(Decimal(str(stage.percent)))
        return ProgressRecord(
            seq=seq,
            target=target.id,
            value=value,
            date=day,
            recorded_at=now,
            stage=stage.stage,
            input=raw_value,
            note=note,
            source=source,
            by=by,
        )
    assert target.unit is not None
    if _looks_like_stage(raw_value, target):
        raise HuanduError("value.stage_on_quantity", value=raw_value, unit=UnitName(target.unit))
    parsed = parse_quantity(raw_value, target.unit)
    amount = parsed.amount
    if parsed.relative:
        previous = latest(journal.active(target.id), day)
        base = Decimal(str(previous.value)) if previous is not None else Decimal(0)
        amount = base + amount
    return ProgressRecord(
        seq=seq,
        target=target.id,
        value=to_number(amount),
        date=day,
        recorded_at=now,
        unit=target.unit.symbol,
        input=raw_value,
        note=note,
        source=source,
        by=by,
    )


def _looks_like_stage(raw: str, target: Target) -> bool:
    folded = normalize_input(raw).casefold()
    return any(
        folded in {s.name.casefold(), *(a.casefold() for a in s.aliases)} for s in target.stages
    )


def make_retraction(
    journal: Journal, seq: int, *, which: int | None, now: dt.datetime, note: str = "", by: str = ""
) -> Retraction:
    """Undo record `which`, or the most recent record that still counts."""
    gone = journal.retracted
    if which is None:
        candidates = [r for r in journal.records if r.seq not in gone]
        if not candidates:
            raise HuanduError("undo.nothing")
        which = max(r.seq for r in candidates)
    else:
        if any(r.seq == which for r in journal.retractions):
            raise HuanduError("undo.is_retraction", seq=which)
        if not any(r.seq == which for r in journal.records):
            raise HuanduError("undo.no_such", seq=which)
        if which in gone:
            raise HuanduError("undo.already", seq=which)
    return Retraction(
        seq=seq,
        retracts=which,
        recorded_at=now,
        note=check_text(note, "note"),
        by=check_text(by, "by"),
    )
