"""Whatever a person types survives the store unchanged, and no input makes huandu crash.

Property tests: the entries are generated (synthetic values, arbitrary text), never real figures.
They go into a SQLite store, out as a TOML export, and back into a fresh store: every field comes
back exactly as it went in.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from huandu.domain.entries import Record, Retraction
from huandu.domain.periods import parse_day
from huandu.domain.recording import draft_record
from huandu.domain.units import UNITS, parse_quantity
from huandu.errors import HuanduError
from huandu.i18n import message
from huandu.store.locations import bundled_registry
from huandu.store.registry import parse_registry
from huandu.store.sqlite import SqliteStore
from huandu.store.toml_journal import export_chunks, read_journal_file

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# TOML offsets are whole minutes; huandu writes the local offset of the machine.
zones = st.builds(
    dt.timezone,
    st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
        lambda m: dt.timedelta(minutes=m)
    ),
) | st.just(dt.UTC)
moments = st.datetimes(
    min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=zones
)
values = (
    st.integers(min_value=0, max_value=2**53)
    | st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False)
    | st.sampled_from([0.35, 8.2, 0.1, 1e-15, 5e-324])
)
texts = st.text()  # arbitrary unicode without surrogates: Hypothesis leaves out category Cs
nasty = st.sampled_from(
    ["", "\n[[entry]]\n", '"""', "'''", "\\", "\x00", "\x7f", "\r\n", "\u2028", "\ufeff", "#"]
)
anything = texts | nasty | st.lists(texts | nasty, max_size=4).map("".join)
names = st.sampled_from(["yiyang.beef-cattle", "宜阳.肉牛", "x"]) | anything.filter(bool)
plans = st.sampled_from(["luoyang-huandu-2024", "plan-2025"]) | anything.filter(bool)


@st.composite
def journals(draw, max_entries: int = 8) -> list[Record | Retraction]:
    """Records and undos as people write them: each undo retracts an earlier record, once."""
    entries: list[Record | Retraction] = []
    seq = 0
    for _ in range(draw(st.integers(min_value=0, max_value=max_entries))):
        seq += draw(st.integers(min_value=1, max_value=3))  # a restore keeps gaps in seqs
        undoable = [
            e
            for e in entries
            if isinstance(e, Record)
            and not any(isinstance(u, Retraction) and u.retracts == e.seq for u in entries)
        ]
        if undoable and draw(st.booleans()):
            undone = draw(st.sampled_from(undoable))
            entries.append(
                Retraction(
                    seq,
                    undone.plan,
                    undone.target,
                    undone.seq,
                    draw(moments),
                    note=draw(anything),
                    by=draw(anything),
                )
            )
            continue
        milestone = draw(st.booleans())
        entries.append(
            Record(
                seq=seq,
                plan=draw(plans),
                target=draw(names),
                value=draw(values),
                date=draw(st.dates()),
                recorded_at=draw(moments),
                unit=None if milestone else draw(st.none() | anything),
                stage=draw(anything) if milestone else None,
                input=draw(anything),
                note=draw(anything),
                source=draw(anything),
                by=draw(anything),
                forced=draw(st.booleans()),
            )
        )
    return entries


def _export(store: SqliteStore) -> str:
    stamp = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    return "".join(export_chunks(store.entries(), exported_at=stamp))


@FAST
@given(journals())
@example(
    [
        Record(
            1,
            "luoyang-huandu-2024",
            "yiyang.beef-cattle",
            8.2,
            dt.date(2024, 5, 31),
            dt.datetime(2024, 6, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
            unit="万头",
            input="８.２万头",
            note="[red]x[/red]\x1b[31m\x9b\u202e\n[[entry]]\nseq = 2",
        )
    ]
)
def test_any_journal_round_trips_through_the_store_an_export_and_a_restore(entries):
    with tempfile.TemporaryDirectory() as folder:
        first = SqliteStore(Path(folder) / "a" / "progress.sqlite3")
        first.load(entries)
        assert list(first.entries()) == entries
        text = _export(first)
        read = read_journal_file(text.encode("utf-8"), "export.toml", legacy_plan="unused")
        assert read.entries == entries
        second = SqliteStore(Path(folder) / "b" / "progress.sqlite3")
        second.load(read.entries)
        assert list(second.entries()) == entries
        assert _export(second) == text
        first.close()
        second.close()


# --------------------------------------------------------------------------- parse_quantity

typed_values = st.lists(
    st.sampled_from(
        list("0123456789.,+-eE ")
        + list("十百千万亿元亩头户家个人%吨只公里")
        + list("０１２３４５６７８９．，＋－％　")
        + ["nan", "inf", "infinity", "NaN", "\u202e", "\x00"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(typed_values | st.text(), st.sampled_from(sorted(UNITS)))
@example("1" * 400, "元")
@example("9" * 16 + "亿亿亿亿元", "元")
@example("1e999999999", "亿元")
@example("1e-999999999", "亿元")
@example(".", "元")
@example("+", "元")
@example("1,00", "户")
@example("1,000,", "户")
@example("%", "%")
@example("5万%", "%")
def test_parse_quantity_refuses_only_with_a_huandu_error(raw, symbol):
    try:
        parsed = parse_quantity(raw, UNITS[symbol])
    except HuanduError as exc:
        assert message(exc)  # every refusal has words
        return
    assert parsed.amount.is_finite() and parsed.amount >= 0


REGISTRY = parse_registry(bundled_registry().read_bytes())
NOW = dt.datetime(2024, 6, 30, 12, tzinfo=dt.UTC)
PLAN = REGISTRY.plan
HISTORY = {
    "yanshi.new-market-entities": [
        Record(1, PLAN.id, "yanshi.new-market-entities", 3200, dt.date(2024, 5, 31), NOW)
    ],
    "xinan.coal-to-gas": [
        Record(2, PLAN.id, "xinan.coal-to-gas", 50, dt.date(2024, 5, 31), NOW, stage="推进中")
    ],
}


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(REGISTRY.targets), typed_values | st.text() | nasty, st.booleans())
@example(REGISTRY.get("xinan.coal-to-gas"), "1e999999999%", False)
@example(REGISTRY.get("xinan.coal-to-gas"), "sNaN", False)
@example(REGISTRY.get("xinan.coal-to-gas"), "+10%", False)
@example(REGISTRY.get("yanshi.new-market-entities"), "+" + "9" * 15, True)
def test_any_typed_value_is_recorded_exactly_or_refused_with_a_huandu_error(goal, raw, force):
    try:
        record = draft_record(
            goal,
            raw,
            plan=PLAN,
            day=NOW.date(),
            today=NOW.date(),
            now=NOW,
            history=HISTORY.get(goal.id, []),
            seq=3,
            force=force,
        )
    except HuanduError as exc:
        assert message(exc)
        return
    assert record.value >= 0
    assert record.forced is force
    if goal.is_milestone:
        assert 0 <= record.value <= 100 and record.stage in {s.name for s in goal.stages}
    elif not force:
        assert record.value <= 10 * goal.target  # plausible, or refused
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder) / "progress.sqlite3")
        store.load([record])
        assert list(store.entries()) == [record]
        store.close()


@settings(max_examples=500, deadline=None)
@given(typed_values | st.text() | st.from_regex(r"\d{1,5}[-/.年]\d{1,3}[-/.月]\d{1,3}日?"))
def test_any_typed_date_is_read_or_refused_with_a_huandu_error(raw):
    try:
        parse_day(raw)
    except HuanduError as exc:
        assert message(exc)
