"""督办单: which goals get a supervision notice, of which colour, numbered how.

The three-colour practice of a 督查督办 office: a goal whose light is red gets a red notice
(红色督办单), yellow a yellow one (黄色督办单); a goal not yet done whose deadline is at most the
plan's `notice_days` away gets a blue one (蓝色督办单, a reminder), when it has no other. Notices are
numbered over the whole plan in registry order, so a goal keeps its number whether the notices of
one county or of all are printed (督办〔2024〕第N号).

`needs_notice` is the one rule, shared with the summary of a 通报 (its 需督办 list).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from huandu.domain.model import Registry
from huandu.domain.progress import DONE, RED, YELLOW, Assessment

BLUE = "blue"
#: The colours of a notice, most urgent first.
COLOURS = (RED, YELLOW, BLUE)


def colour_of(a: Assessment, notice_days: int) -> str | None:
    """The notice a goal gets as assessed: red or yellow by its light, blue when due within
    `notice_days` and not done, else none."""
    if a.light == RED:
        return RED
    if a.light == YELLOW:
        return YELLOW
    if a.status != DONE and 0 <= (a.target.deadline - a.as_of).days <= notice_days:
        return BLUE
    return None


def needs_notice(a: Assessment) -> bool:
    """Whether a goal is 需督办 in a 通报: its light is yellow or red."""
    return a.light in (RED, YELLOW)


class Notice(NamedTuple):
    number: int  # 第N号
    colour: str  # RED, YELLOW or BLUE
    assessment: Assessment
    streak: int  # months running the light has been yellow or red (to the as-of month)
    lead: str
    contact: str


class Notices(NamedTuple):
    registry: Registry
    as_of: dt.date
    issued: dt.date  # the day the notices are dated
    reply_by: dt.date
    items: list[Notice]

    @property
    def year(self) -> int:
        return self.as_of.year

    @property
    def data(self) -> dict[str, Any]:
        """The JSON form (README, "JSON output")."""
        from huandu.domain.report import target_row

        out = []
        for item in self.items:
            row = target_row(self.registry, item.assessment)
            out.append(
                {
                    "number": item.number,
                    "colour": item.colour,
                    "streak": item.streak,
                    **row,
                    "quote": item.assessment.target.quote,
                }
            )
        return {
            "as_of": self.as_of.isoformat(),
            "issued": self.issued.isoformat(),
            "reply_by": self.reply_by.isoformat(),
            "year": self.year,
            "notices": out,
        }


def build_notices(
    registry: Registry,
    assessments: list[Assessment],
    streaks: dict[str, int],
    *,
    as_of: dt.date,
    issued: dt.date,
    reply_by: dt.date,
    county_ids: set[str] | None = None,
    first_number: int = 1,
) -> Notices:
    """The notices of every goal that needs one, numbered in registry order from
    `first_number`; `county_ids` narrows what is listed, not the numbering."""
    notice_days = registry.plan.notice_days
    items = []
    number = first_number
    for a in assessments:
        colour = colour_of(a, notice_days)
        if colour is None:
            continue
        lead, contact = registry.responsible(a.target)
        if county_ids is None or a.target.county in county_ids:
            items.append(Notice(number, colour, a, streaks.get(a.target.id, 0), lead, contact))
        number += 1
    return Notices(registry, as_of, issued, reply_by, items)
