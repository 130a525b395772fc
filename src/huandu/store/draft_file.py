"""A planning article read from its bytes, and a registry draft written as TOML for review.

`read_article` takes a text as people save it: UTF-8 (with or without a BOM), else GB18030 (the
superset of GBK that Chinese Windows and many news systems save); anything else (UTF-16, a
binary file, bytes no Chinese encoding reads) is refused in one line.

`draft_toml` writes a `domain.draft.Draft` as a registry that `huandu validate` reads: tomli-w
writes every value, one key at a time, and each `# review:` comment (which tomli-w cannot write)
stands on the line above the key it concerns, or above the table when it concerns the whole goal.
The comments' words come from `words`, the command line's translator: the store speaks no
language.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from huandu.domain.draft import MILESTONE, Draft, DraftGoal, Note
from huandu.errors import HuanduError, Msg
from huandu.store.toml_writer import RULE, Words, Writer, inline_tables
from huandu.text import visible

#: Control characters no text file has (tab, line breaks and form feed aside).
_BINARY = r"[\x00-\x08\x0b\x0e-\x1f\x7f]"


def read_article(data: bytes, path: str) -> str:
    """The text of an article file; `HuanduError("draft.not_text")` if it is no UTF-8 or GBK
    text."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise HuanduError("draft.not_text", path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise HuanduError("draft.not_text", path=path) from None
    if re.search(_BINARY, text):
        raise HuanduError("draft.not_text", path=path)
    return text


def _goal_keys(goal: DraftGoal, end: Any) -> list[tuple[str, Any]]:
    p = goal.proposal
    keys: list[tuple[str, Any]] = [
        ("id", goal.id),
        ("county", goal.county),
        ("title", p.title),
        ("category", p.category),
        ("kind", p.kind),
    ]
    if p.kind != MILESTONE:
        keys += [("target", p.value), ("unit", p.unit), ("comparison", p.comparison)]
        if p.approx:
            keys.append(("approx", True))
    if p.deadline != end:
        keys.append(("deadline", p.deadline))
    if p.nodes:
        keys.append(("nodes", inline_tables({"name": n.name, "due": n.due} for n in p.nodes)))
    keys.append(("quote", p.quote))
    return keys


def draft_toml(draft: Draft, words: Words) -> bytes:
    """The draft as registry TOML (UTF-8), with its review comments in `words`' language."""
    out = Writer(words, "draft.review")
    plan = draft.plan
    out.comment(Msg("draft.file.header", source=plan.source))
    out.comment(Msg("draft.file.howto"))
    for headline in draft.reports:
        out.comment(Msg("draft.file.report", headline=headline))
    out.lines.append("")
    out.table(
        "[plan]",
        [
            ("id", plan.id),
            ("title", plan.title),
            ("year", plan.year),
            ("start", plan.start),
            ("end", plan.end),
            ("source", plan.source),
        ],
        plan.review,
    )
    for county in draft.counties:
        keys = [
            ("id", county.id),
            ("name", county.name),
            ("short", county.short),
            ("positioning", county.positioning),
        ]
        out.table("[[county]]", keys, county.review)
    for county in draft.counties:
        out.lines.append(f"# {RULE} {visible(county.name)}")
        out.lines.append("")
        for goal in draft.goals:
            if goal.county == county.id:
                notes = goal.proposal.review
                if goal.proposal.doubtful:
                    notes = (Note("", Msg("draft.doubtful")), *notes)
                out.table("[[target]]", _goal_keys(goal, plan.end), notes)
        left = [x for x in draft.left_out if x.county == county.short]
        if left:
            out.comment(Msg("draft.file.left_out", county=county.name))
            for x in left:
                out.comment(Msg("draft.file.left", figure=x.figure, reason=x.reason, quote=x.quote))
            out.lines.append("")
    return out.text()
