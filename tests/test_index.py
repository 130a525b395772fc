"""The journal index and the registry cache only ever save work: never a stale answer.

Journals here are generated with synthetic values (not real county figures). Each test compares
what huandu reads through its index with what a fresh parse of the TOML journal says.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
from pathlib import Path

import pytest

from huandu.domain.model import ProgressRecord, Retraction
from huandu.store.journal import HEADER, encode_entry, read_journal
from huandu.store.journal_index import INDEX_DIR, JournalIndex, _signature_text
from huandu.store.journal_store import JournalStore
from huandu.store.locations import bundled_registry
from huandu.store.registry import parse_registry

REGISTRY = parse_registry(bundled_registry().read_bytes())
STAMP = dt.datetime(2024, 7, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def random_journal(rng: random.Random, count: int) -> bytes:
    """A journal of `count` synthetic entries: records on random goals, some undone."""
    chunks = [HEADER.encode()]
    records: list[int] = []
    for seq in range(1, count + 1):
        if records and rng.random() < 0.1:
            undone = records.pop(rng.randrange(len(records)))
            chunks.append(encode_entry(Retraction(seq, undone, STAMP, note="synthetic", by="t")))
            continue
        goal = rng.choice(REGISTRY.targets)
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(366))
        if goal.is_milestone:
            value, unit, stage = rng.choice([0, 50, 100]), None, "推进中"
        else:
            value, unit, stage = round(rng.uniform(0, 2) * goal.target, 3), goal.unit.symbol, None
        note = rng.choice(["", "synthetic", "[red]x[/red]", "备注\x1b[31m"])
        chunks.append(
            encode_entry(
                ProgressRecord(
                    seq, goal.id, value, day, STAMP, unit, stage, str(value), note, "s", "t"
                )
            )
        )
        records.append(seq)
    return b"".join(chunks)


def report_json(huandu, as_of: str = "2024-12-31") -> dict:
    result = huandu("report", "--format", "json", "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("seed", range(8))
def test_cached_and_uncached_reads_are_identical_on_random_journals(home, huandu, seed):
    rng = random.Random(seed)
    journal = home / "progress.toml"
    journal.write_bytes(random_journal(rng, rng.randrange(1, 120)))
    parsed = read_journal(journal.read_bytes(), str(journal))

    store = JournalStore(journal)
    first = store.read()  # parses, builds the index
    assert JournalIndex(journal).open_valid() is not None
    second = store.read()  # answered by the index
    assert first.journal == parsed.journal == second.journal
    figures, _ = store.figures()
    active = [r for r in parsed.journal.records if r.seq not in parsed.journal.retracted]
    assert [(f.seq, f.target, f.value, f.date, f.stage) for f in figures] == [
        (r.seq, r.target, r.value, r.date, r.stage) for r in active
    ]

    with_index = [report_json(huandu, day) for day in ("2024-03-31", "2024-06-30", "2024-12-31")]
    shutil.rmtree(home / INDEX_DIR)
    without = [report_json(huandu, day) for day in ("2024-03-31", "2024-06-30", "2024-12-31")]
    assert with_index == without


def test_an_update_keeps_the_index_in_step(home, huandu, monkeypatch):
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")
    assert huandu("update", "肉牛", "7万头", "--date", "2024-05-31").exit_code == 0
    assert huandu("update", "肉牛", "+0.5").exit_code == 0
    state = JournalIndex(home / "progress.toml").open_valid()
    assert state is not None
    try:
        assert [r.value for r in state.journal().records] == [7, 7.5]
    finally:
        state.conn.close()


def _indexed(home: Path, huandu) -> Path:
    """A journal of two synthetic records and an index in step with it."""
    assert huandu("update", "肉牛", "7万头", "--date", "2024-05-31").exit_code == 0
    assert huandu("update", "市场主体", "3000", "--date", "2024-05-31").exit_code == 0
    journal = home / "progress.toml"
    assert JournalIndex(journal).open_valid() is not None
    return journal


def test_an_edit_that_keeps_size_and_mtime_is_still_noticed(home, huandu, monkeypatch):
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")
    journal = _indexed(home, huandu)
    before = os.stat(journal)
    text = journal.read_text(encoding="utf-8")
    journal.write_text(text.replace("value = 3000", "value = 4000"), encoding="utf-8")
    os.utime(journal, ns=(before.st_atime_ns, before.st_mtime_ns))  # hide the edit's mtime
    assert os.stat(journal).st_size == before.st_size
    assert JournalIndex(journal).open_valid() is None  # ctime moved: the index is not trusted
    report = report_json(huandu)
    entities = next(t for t in report["targets"] if t["id"] == "yanshi.new-market-entities")
    assert entities["current"] == 4000


def test_a_record_appended_by_another_program_is_seen(home, huandu, monkeypatch):
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")
    journal = _indexed(home, huandu)
    extra = ProgressRecord(3, "yiyang.beef-cattle", 8, dt.date(2024, 6, 30), STAMP, "万头")
    with open(journal, "ab") as f:
        f.write(encode_entry(extra))
    cattle = next(t for t in report_json(huandu)["targets"] if t["id"] == "yiyang.beef-cattle")
    assert cattle["current"] == 8


def test_a_torn_tail_written_behind_the_index_is_seen(home, huandu, monkeypatch):
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")
    journal = _indexed(home, huandu)
    with open(journal, "ab") as f:
        f.write(b'\n[[entry]]\nseq = 3\naction = "rec')
    result = huandu("log", "--format", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2
    assert "incomplete" in result.stderr


def test_a_replaced_journal_is_read_afresh(home, huandu, monkeypatch):
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")
    journal = _indexed(home, huandu)
    replacement = home / "other.toml"
    replacement.write_bytes(random_journal(random.Random(1), 5))
    os.replace(replacement, journal)
    expected = read_journal(journal.read_bytes()).journal
    assert JournalStore(journal).read().journal == expected


@pytest.mark.parametrize(
    "damage", [b"", b"not a database at all" * 50, b"SQLite format 3\x00" + b"\xff" * 200]
)
def test_a_damaged_index_is_rebuilt_silently(home, huandu, monkeypatch, damage):
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")
    journal = _indexed(home, huandu)
    expected = report_json(huandu)
    (home / INDEX_DIR / "journal.sqlite3").write_bytes(damage)
    result = huandu("report", "--format", "json", "--as-of", "2024-12-31")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout) == expected
    assert huandu("update", "肉牛", "+1").exit_code == 0
    assert len(read_journal(journal.read_bytes()).journal.records) == 3


def _big_registry(path: Path, target: int) -> None:
    """A synthetic registry: the bundled plan plus filler goals."""
    text = bundled_registry().read_text(encoding="utf-8")
    filler = []
    for n in range(200):
        filler.append(
            f'\n[[target]]\nid = "xinan.filler-{n:03d}"\ncounty = "xinan"\ntitle = "合成{n}"\n'
            f'category = "产业"\nkind = "quantity"\ntarget = {target}\nunit = "个"\nquote = "synthetic"\n'
        )
    path.write_text(text + "".join(filler), encoding="utf-8")


def test_a_cached_registry_follows_every_change_of_its_file(home, huandu):
    registry = home / "targets.toml"
    _big_registry(registry, 100)
    listed = json.loads(huandu("list", "--format", "json").stdout)
    assert next(g for g in listed if g["id"] == "xinan.filler-000")["target"] == 100
    assert list((home / INDEX_DIR).glob("registry-*.pickle"))  # cached
    before = os.stat(registry)
    _big_registry(registry, 200)  # same size, new figures
    os.utime(registry, ns=(before.st_atime_ns, before.st_mtime_ns))
    listed = json.loads(huandu("list", "--format", "json").stdout)
    assert next(g for g in listed if g["id"] == "xinan.filler-000")["target"] == 200
    registry.write_text(
        registry.read_text(encoding="utf-8") + "\n[[target]]\nid = 1\n", encoding="utf-8"
    )
    broken = huandu("list")
    assert broken.exit_code == 1 and "targets.toml" in broken.stderr


def test_the_bundled_registry_is_cached_once_there_is_a_home(home, huandu):
    """Even 30 goals: unpickling is ten times quicker than parsing, and start-up counts."""
    home.rmdir()
    assert huandu("list").exit_code == 0
    assert not home.exists()  # listing the plan creates no home
    assert huandu("update", "肉牛", "1", "--note", "synthetic").exit_code == 0
    assert huandu("list").exit_code == 0
    (cache,) = (home / INDEX_DIR).glob("registry-*.pickle")
    cache.write_bytes(b"not a pickle")  # a damaged cache is parsed around, then rewritten
    assert huandu("list", "--format", "json").exit_code == 0
    assert cache.read_bytes().startswith(b"\x80")


def test_a_cache_written_by_another_version_or_model_is_not_read(home, huandu):
    """The cache carries huandu's version and the fields of every class it holds; a cache whose
    stamp differs (an upgrade, a development change to the model) is parsed around."""
    import pickle

    from huandu.store.files import _cache_version

    registry = home / "targets.toml"
    _big_registry(registry, 100)
    assert huandu("list").exit_code == 0
    (cache,) = (home / INDEX_DIR).glob("registry-*.pickle")
    version, sig, cached = pickle.loads(cache.read_bytes())
    assert version == _cache_version() and "Unit:" in version and "Registry:" in version
    forged = cached._replace(targets=cached.targets[:1])  # what an older model might have held
    for stamp in ("0.0.0|" + version.split("|", 1)[1], version.replace("Unit:", "Unit:x,")):
        cache.write_bytes(pickle.dumps((stamp, sig, forged)))
        listed = json.loads(huandu("list", "--format", "json").stdout)
        assert len(listed) == len(REGISTRY.targets) + 200


@pytest.mark.parametrize("sig", [(0, 0, 0, 0, 0), (98304, 1795786579121641803, -1, 2**63, 7)])
def test_the_signature_is_stored_as_json_writes_it(sig):
    """Indexes written when the signature went through json.dumps stay valid, and vice versa."""
    assert _signature_text(sig) == json.dumps(list(sig))
    assert json.loads(_signature_text(sig)) == list(sig)
