"""催报: which goals have no figure dated in a period, county by county, to ask for.

A goal is missing when its latest figure on or before the as-of date is dated before the period
began (or it has none). A goal already done is not asked for: it needs no new figure to stay
done (the same rule as 未更新, stale).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from huandu.domain.model import County, Registry
from huandu.domain.progress import DONE, Assessment


class Missing(NamedTuple):
    registry: Registry
    since: dt.date  # the period's first day
    as_of: dt.date  # its last
    reply_by: dt.date
    groups: list[tuple[County, list[Assessment]]]  # counties with goals missing, in order

    @property
    def count(self) -> int:
        return sum(len(goals) for _, goals in self.groups)

    @property
    def data(self) -> dict[str, Any]:
        """The JSON form (README, "JSON output")."""
        counties = []
        for county, goals in self.groups:
            counties.append(
                {
                    "county": county.short,
                    "county_id": county.id,
                    "county_name": county.name,
                    "targets": [
                        {
                            "id": a.target.id,
                            "title": a.target.title,
                            "updated": a.updated.isoformat() if a.updated else None,
                            "status": a.status,
                        }
                        for a in goals
                    ],
                }
            )
        return {
            "since": self.since.isoformat(),
            "as_of": self.as_of.isoformat(),
            "reply_by": self.reply_by.isoformat(),
            "counties": counties,
        }

    def rows(self) -> list[dict[str, Any]]:
        """One row per goal missing (CSV)."""
        return [
            {
                "county": county.short,
                "county_id": county.id,
                "id": a.target.id,
                "title": a.target.title,
                "updated": a.updated.isoformat() if a.updated else None,
                "status": a.status,
            }
            for county, goals in self.groups
            for a in goals
        ]


MISSING_KEYS = ("county", "county_id", "id", "title", "updated", "status")


def build_missing(
    registry: Registry,
    assessments: list[Assessment],
    *,
    since: dt.date,
    as_of: dt.date,
    reply_by: dt.date,
) -> Missing:
    """Every listed goal not done whose standing figure is older than `since`, by county."""
    by_county: dict[str, list[Assessment]] = {}
    for a in assessments:
        if a.status == DONE:
            continue
        if a.updated is None or a.updated < since:
            by_county.setdefault(a.target.county, []).append(a)
    groups = [(c, by_county[c.id]) for c in registry.counties if c.id in by_county]
    return Missing(registry, since, as_of, reply_by, groups)
