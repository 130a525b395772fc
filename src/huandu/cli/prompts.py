"""`huandu update` with no arguments: asks step by step, the way a colleague would.

County, then goal (numbered, with target and latest figure), then value (asked again until it is
valid), date (default today), note and source; then a summary and a confirmation. Every answer is
checked by the same function that records it (`Session.check`, then `Session.record`). Ctrl-C or
end of input at any point writes nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import typer

from huandu.errors import HuanduError
from huandu.i18n import message, t
from huandu.text import visible

if TYPE_CHECKING:
    from huandu.service import Session

from huandu.cli.progress import value_text

T = TypeVar("T")


class _Cancelled(Exception):
    pass


def _ask(prompt: str, default: str = "") -> str:
    suffix = f" [{default}]" if default else ""
    sys.stdout.write(f"{prompt}{suffix}: ")
    sys.stdout.flush()
    try:
        line = input()
    except (EOFError, KeyboardInterrupt):
        sys.stdout.write("\n")
        raise _Cancelled from None
    except UnicodeDecodeError:  # a terminal set to GBK; what follows in the stream is unreliable
        sys.stdout.write("\n")
        raise HuanduError("interactive.not_utf8") from None
    return line.strip() or default


def _until_valid(prompt: str, parse: Callable[[str], T], default: str = "") -> T:
    while True:
        answer = _ask(prompt, default)
        try:
            return parse(answer)
        except HuanduError as exc:
            print(t("interactive.retry", message=visible(message(exc))))


def ask_update(session: Session, author: str) -> None:
    try:
        _ask_update(session, author)
    except _Cancelled:
        print(t("interactive.cancelled"), file=sys.stderr)
        raise typer.Exit(1) from None


def _ask_update(session: Session, author: str) -> None:
    from huandu.cli.common import after_commit
    from huandu.cli.progress import recorded_line, value_text
    from huandu.domain.recording import check_text
    from huandu.output.words import county_label, figure_text, target_text, target_title
    from huandu.service import today

    registry = session.registry()
    # The counties the plan gives goals to (a plan being filled in may not have them all yet).
    counties = [c for c in registry.counties if registry.targets_of(c)]
    for number, county in enumerate(counties, start=1):
        print(f"  {number}) {visible(county_label(county))}")

    def pick_county(answer: str):
        if answer.isdigit() and 1 <= int(answer) <= len(counties):
            return counties[int(answer) - 1]
        found = registry.county(answer)
        if found not in counties:
            raise HuanduError("interactive.county_without_goals", county=county_label(found))
        return found

    county = _until_valid(t("interactive.county"), pick_county)
    goals = registry.targets_of(county)
    standing = session.report(session.as_of(None), county_ids={county.id}).assessments
    latest = {a.target.id: a.latest for a in standing}
    for number, goal in enumerate(goals, start=1):
        current = latest.get(goal.id)
        shown = t("interactive.no_figure")
        if current is not None:
            value = figure_text(current.value, current.unit, current.stage)
            shown = t("interactive.latest", value=visible(value), date=current.date.isoformat())
        print(
            f"  {number:>2}) {visible(target_title(goal))}  {visible(target_text(goal))}  ({shown})"
        )

    def pick_goal(answer: str):
        if answer.isdigit() and 1 <= int(answer) <= len(goals):
            return goals[int(answer) - 1]
        return registry.resolve(answer, county)

    goal = _until_valid(t("interactive.goal"), pick_goal)
    when = today()
    forced = False

    def checked(answer: str, day):
        """The record the answer would make; an implausible one is shown and confirmed."""
        nonlocal forced
        from huandu.domain.recording import FORCEABLE

        try:
            return session.check(goal, answer, day, force=forced)
        except HuanduError as exc:
            if exc.key not in FORCEABLE:
                raise
            print(t("interactive.implausible", message=visible(message(exc))))
            if _ask(t("interactive.record_anyway"), default="n").lower() not in _YES:
                raise
            forced = True
            return session.check(goal, answer, day, force=True)

    def check_value(answer: str) -> str:
        checked(answer, when)
        return answer

    if goal.is_milestone:
        stages = " / ".join(visible(s.name) for s in goal.stages)
        value = _until_valid(t("interactive.stage", stages=stages), check_value)
    else:
        assert goal.unit is not None
        question = t("interactive.value", unit=goal.unit.symbol)
        if goal.kind == "growth":
            question = t("interactive.rate")
        value = _until_valid(question, check_value)

    def check_day(answer: str):
        day = session.day(answer)
        return day, checked(value, day)

    day, record = _until_valid(t("interactive.date"), check_day, default=when.isoformat())
    print(effect_line(session, goal, record))
    note = _until_valid(t("interactive.note"), lambda answer: check_text(answer, "note"))
    source = _until_valid(t("interactive.source"), lambda answer: check_text(answer, "source"))
    print()
    print(
        t(
            "interactive.summary",
            county=visible(county_label(county)),
            title=visible(target_title(goal)),
            value=value_text(record),
            date=day.isoformat(),
            note=visible(note) or "-",
            source=visible(source) or "-",
        )
    )
    if forced:
        print(t("interactive.forced"))
    answer = _ask(t("interactive.confirm"), default="y")
    if answer.lower() not in _YES:
        print(t("interactive.cancelled"), file=sys.stderr)
        raise typer.Exit(1)
    done = session.record(goal, value, day, note=note, source=source, by=author, force=forced)
    after_commit([recorded_line(done)])


_YES = ("y", "yes", "是", "好", "确认")


def effect_line(session: Session, goal, record) -> str:
    """What the figure means once stored: `= 0.35亿元（填写为 3500万元），完成率 8.8%，时序进度 41.7%`."""
    from huandu.domain.progress import judge
    from huandu.output.words import goal_gap_words

    plan = session.registry().plan
    verdict = judge(goal, record.value, record.date, plan)
    if goal.is_rate:  # held against its target, not the calendar: say how far and what it means
        gap = goal_gap_words(goal, verdict.gap)
        return t("interactive.effect_rate", value=value_text(record), typed=visible(record.input),
                 gap=gap, status=t(f"status.{verdict.status}"))  # fmt: skip
    return t(
        "interactive.effect",
        value=value_text(record),
        typed=visible(record.input),
        percent=f"{verdict.percent:.1f}",
        expected=f"{verdict.expected:.1f}",
    )
