"""Whatever a person types survives the journal unchanged, and no input makes huandu crash.

Property tests: the records are generated (synthetic values, arbitrary text), never real figures.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from huandu.domain.model import Journal, ProgressRecord, Retraction
from huandu.domain.periods import parse_day
from huandu.domain.recording import make_record
from huandu.domain.units import UNITS, parse_quantity
from huandu.errors import HuanduError
from huandu.store.journal import HEADER, JournalCorrupt, encode_entry, read_journal
from huandu.store.locations import bundled_registry
from huandu.store.registry import parse_registry

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

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


@st.composite
def records(draw, seq: int | None = None) -> ProgressRecord:
    milestone = draw(st.booleans())
    return ProgressRecord(
        seq=seq if seq is not None else draw(st.integers(min_value=1, max_value=2**31)),
        target=draw(anything.filter(bool)),
        value=draw(values),
        date=draw(st.dates()),
        recorded_at=draw(moments),
        unit=None if milestone else draw(st.none() | anything),
        stage=draw(anything) if milestone else None,
        input=draw(anything),
        note=draw(anything),
        source=draw(anything),
        by=draw(anything),
    )


@st.composite
def retractions(draw, seq: int) -> Retraction:
    return Retraction(
        seq=seq,
        retracts=draw(st.integers(min_value=-(2**31), max_value=2**31)),
        recorded_at=draw(moments),
        note=draw(anything),
        by=draw(anything),
    )


def journal_bytes(entries) -> bytes:
    return HEADER.encode("utf-8") + b"".join(encode_entry(e) for e in entries)


@FAST
@given(records())
@example(
    ProgressRecord(
        1,
        "yiyang.beef-cattle",
        8.2,
        dt.date(2024, 5, 31),
        dt.datetime(2024, 6, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        unit="万头",
        input="８.２万头",
        note="[red]x[/red]\x1b[31m\x9b\u202e\n[[entry]]\nseq = 2",
    )
)
def test_any_record_round_trips_unchanged(record):
    result = read_journal(journal_bytes([record]))
    assert result.journal.records == (record,)
    assert result.journal.retractions == ()
    assert result.warnings == [] and result.torn == b""


@FAST
@given(st.data(), st.integers(min_value=1, max_value=6))
def test_a_journal_of_many_entries_round_trips(data, count):
    entries = []
    for seq in range(1, count + 1):
        if data.draw(st.booleans()):
            entries.append(data.draw(retractions(seq)))
        else:
            entries.append(data.draw(records(seq)))
    result = read_journal(journal_bytes(entries))
    assert result.journal.records == tuple(e for e in entries if isinstance(e, ProgressRecord))
    assert result.journal.retractions == tuple(e for e in entries if isinstance(e, Retraction))
    assert result.warnings == [] and result.torn == b""
    assert result.good_length == len(journal_bytes(entries))


@FAST
@given(texts)
def test_any_note_round_trips(note):
    record = ProgressRecord(
        1, "yiyang.beef-cattle", 8.2, dt.date(2024, 5, 31), dt.datetime.now(dt.UTC), note=note
    )
    assert read_journal(journal_bytes([record])).journal.records[0].note == note


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
        assert exc.message  # every refusal has words
        return
    assert parsed.amount.is_finite() and parsed.amount >= 0


REGISTRY = parse_registry(bundled_registry().read_bytes())
NOW = dt.datetime(2024, 6, 30, 12, tzinfo=dt.UTC)
HISTORY = Journal(
    (
        ProgressRecord(1, "yanshi.new-market-entities", 3200, dt.date(2024, 5, 31), NOW),
        ProgressRecord(2, "xinan.coal-to-gas", 50, dt.date(2024, 5, 31), NOW, stage="推进中"),
    )
)


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(REGISTRY.targets), typed_values | st.text() | nasty)
@example(REGISTRY.get("xinan.coal-to-gas"), "1e999999999%")
@example(REGISTRY.get("xinan.coal-to-gas"), "sNaN")
@example(REGISTRY.get("xinan.coal-to-gas"), "+10%")
@example(REGISTRY.get("yanshi.new-market-entities"), "+" + "9" * 15)
def test_any_typed_value_is_recorded_or_refused_with_a_huandu_error(goal, raw):
    try:
        record = make_record(
            goal, raw, journal=HISTORY, seq=3, day=NOW.date(), today=NOW.date(), now=NOW
        )
    except HuanduError as exc:
        assert exc.message
        return
    assert read_journal(journal_bytes([record])).journal.records == (record,)
    assert record.value >= 0
    if goal.is_milestone:
        assert 0 <= record.value <= 100 and record.stage in {s.name for s in goal.stages}


@settings(max_examples=500, deadline=None)
@given(typed_values | st.text() | st.from_regex(r"\d{1,5}[-/.年]\d{1,3}[-/.月]\d{1,3}日?"))
def test_any_typed_date_is_read_or_refused_with_a_huandu_error(raw):
    try:
        parse_day(raw)
    except HuanduError as exc:
        assert exc.message


# --------------------------------------------------------------------------- arbitrary damage

fragments = st.sampled_from(
    [
        b"\n",
        b"\r\n",
        b"[[entry]]",
        b"[entry]",
        b"[journal]",
        b"[",
        b"]",
        b"seq = 1",
        b"seq = 9",
        b'action = "record"',
        b'action = "undo"',
        b"retracts = 1",
        b'target = "x"',
        b"value = -1",
        b"value = nan",
        b"date = 2024-02-30",
        b"date = 2024-05-31",
        b"recorded_at = 2024-06-01T09:00:00+08:00",
        b'check = "00000000"',
        b'"',
        b"'''",
        b'"""',
        b"=",
        b"x = [[[[[[[[",
        b"\xff",
        b"\xe4\xb8",
        b"\x00",
        b"#",
        b" ",
    ]
)
damage = st.binary(max_size=200) | st.lists(fragments, max_size=25).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(st.data(), damage)
def test_any_bytes_appended_to_a_journal_read_or_refuse_cleanly(data, tail):
    entries = [data.draw(records(1)), data.draw(records(2)), data.draw(retractions(3))]
    sound = journal_bytes(entries)
    try:
        result = read_journal(sound + tail)
    except JournalCorrupt as exc:
        assert exc.message
        return
    # Only the last entry can be taken for torn; everything before it is read as it was.
    assert result.journal.records == tuple(entries[:2])
    assert result.good_length <= len(sound) + len(tail)
    if result.torn:
        assert (sound + tail)[result.good_length :] == result.torn


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_at_all_read_or_refuse_cleanly(blob):
    with contextlib.suppress(JournalCorrupt):
        read_journal(blob)


@pytest.mark.parametrize("cut", [1, 2, 10, 50])
def test_a_cut_record_keeps_every_earlier_one(cut):
    first = ProgressRecord(1, "a", 1, dt.date(2024, 1, 1), dt.datetime.now(dt.UTC))
    second = ProgressRecord(2, "b", 2, dt.date(2024, 1, 2), dt.datetime.now(dt.UTC), note="备注")
    result = read_journal(journal_bytes([first]) + encode_entry(second)[:cut])
    assert result.journal.records == (first,)


# ------------------------------------------------------------ reading without tomllib
# A journal as huandu writes it is read by `_as_written`, one regular expression an entry; every
# other journal by tomllib. The two must never disagree.


def read_by_tomllib(data: bytes):
    """`read_journal` as it was before the quick reader: tomllib for everything."""
    import huandu.store.journal as journal

    quick, journal._as_written = journal._as_written, lambda text: None
    try:
        return read_journal(data)
    finally:
        journal._as_written = quick


def outcome(read, data: bytes):
    try:
        result = read(data)
    except JournalCorrupt as exc:
        return ("refused", exc.message, exc.params)
    return (result.journal, result.good_length, result.torn, result.warnings)


@FAST
@given(st.data(), st.integers(min_value=0, max_value=6))
def test_huandus_own_entries_are_read_as_tomllib_reads_them(data, count):
    import tomllib

    from huandu.store.journal import _as_written

    entries = [
        data.draw(records(seq) if data.draw(st.booleans()) else retractions(seq))
        for seq in range(1, count + 1)
    ]
    text = journal_bytes(entries).decode("utf-8")
    assert _as_written(text) == tomllib.loads(text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.data(),
    st.lists(
        st.tuples(
            st.integers(min_value=0),
            st.integers(0, 3),
            anything | nasty | st.text('\n ="[]#.,-0123456789eE:TZ+ \t'),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_a_journal_edited_by_hand_is_read_as_tomllib_reads_it(data, edits):
    """Characters inserted, deleted or replaced anywhere: the quick reader either hands the text
    to tomllib or reads exactly what tomllib reads, refusals and warnings (with their lines)
    included."""
    entries = [data.draw(records(1)), data.draw(retractions(2)), data.draw(records(3))]
    text = journal_bytes(entries).decode("utf-8")
    for where, how, what in edits:
        at = where % (len(text) + 1)
        if how == 0:
            text = text[:at] + what + text[at:]
        elif how == 1:
            text = text[:at] + text[at + len(what) + 1 :]
        else:
            text = text[:at] + what + text[at + len(what) :]
    raw = text.encode("utf-8", "surrogatepass")
    assert outcome(read_journal, raw) == outcome(read_by_tomllib, raw)


def test_plain_entries_are_read_without_tomllib(monkeypatch):
    """Guard for the tests above: the quick reader really reads huandu's own entries itself."""
    import tomllib

    from huandu.store.journal import _as_written

    def refuse(text: str) -> dict:
        raise AssertionError("tomllib was asked")

    entry = ProgressRecord(
        1, "yiyang.beef-cattle", 8.2, dt.date(2024, 5, 31), dt.datetime.now(dt.UTC)
    )
    undo = Retraction(2, 1, dt.datetime.now(dt.UTC), note="typo", by="synthetic")
    text = journal_bytes([entry, undo]).decode("utf-8")
    expected = tomllib.loads(text)
    monkeypatch.setattr(tomllib, "loads", refuse)
    assert _as_written(text) == expected
