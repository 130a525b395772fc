"""Nothing recorded is ever lost: eight terminals at once, a crash mid-write, a full disk, a hand edit.

Every progress value in these tests is synthetic; none is a real county's figure.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import typer.main

import huandu.store.journal_store as store
from helpers import ok
from huandu.cli import build_app

TODAY = "2024-06-30"
MARKET = "yanshi.new-market-entities"


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", TODAY)


def journal_file(home: Path) -> Path:
    return home / "progress.toml"


def snapshot(home: Path) -> bytes | None:
    path = journal_file(home)
    return path.read_bytes() if path.exists() else None


def entries(home: Path) -> list[dict]:
    return tomllib.loads(journal_file(home).read_text("utf-8"))["entry"]


def clean(result) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def has_command(name: str) -> bool:
    return name in typer.main.get_command(build_app()).commands  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- (a) concurrency

WORKER = """
import sys
from huandu.cli import main

for _ in range(int(sys.argv[1])):
    try:
        main(["update", "yanshi.new-market-entities", "+1", "--note", "synthetic"])
    except SystemExit as exc:
        if exc.code not in (0, None):
            sys.exit(f"update failed with exit {exc.code}")
"""


@pytest.mark.slow
def test_eight_writers_adding_one_fifty_times_each_count_to_four_hundred(huandu, home):
    processes, rounds = 8, 50
    env = {**os.environ, "HUANDU_HOME": str(home), "HUANDU_LOCK_TIMEOUT": "60"}
    deadline = time.monotonic() + 180  # normally well under a minute, even on two cores
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(rounds)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    problems = []
    try:
        for worker in workers:
            _, err = worker.communicate(timeout=max(1.0, deadline - time.monotonic()))
            if worker.returncode != 0 or "Traceback" in err:
                problems.append(err)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate()
    assert not problems, problems[0]

    records = entries(home)
    assert len(records) == processes * rounds
    assert [e["seq"] for e in records] == list(range(1, processes * rounds + 1))
    assert [e["value"] for e in records] == list(range(1, processes * rounds + 1))
    detail = json.loads(ok(huandu("show", MARKET, "--format", "json")).stdout)
    assert detail["current"] == processes * rounds
    assert (home / store.LOCK_NAME).exists()
    assert not list(home.glob("*.torn-*")) and not list(home.glob(".*.tmp"))


# --------------------------------------------------------------------------- (b) torn tail


def build_journal(huandu) -> None:
    ok(huandu("update", "肉牛", "7", "--date", "2024-04-30"))
    ok(huandu("update", MARKET, "3200", "--date", "2024-05-31"))
    ok(huandu("undo", "1"))
    # The last entry has multi-byte text, so some cuts fall inside a character.
    ok(huandu("update", "肉牛", "8.2万头", "--note", "合成", "--by", "王"))


def split_last_entry(data: bytes) -> tuple[bytes, bytes]:
    start = data.rindex(b"\n[[entry]]")
    return data[:start], data[start:]


@pytest.mark.slow
def test_every_cut_inside_the_last_entry_is_read_and_then_repaired(huandu, home):
    build_journal(huandu)
    whole = journal_file(home).read_bytes()
    base, last = split_last_entry(whole)
    with_report = has_command("report")

    for cut in range(1, len(last)):
        torn = last[:cut]
        complete = cut == len(last) - 1  # only the final newline is missing
        warned = not complete and bool(torn.strip())
        journal_file(home).write_bytes(base + torn)

        log = huandu("log", "--format", "json")
        show = huandu("show", "肉牛", "--format", "json")
        readers = [log, show]
        if with_report and cut % 5 == 0:
            readers.append(huandu("report", "--format", "json"))
        for result in readers:
            assert result.exit_code == 0, (cut, result.stderr)
            clean(result)
            assert ("incomplete" in result.stderr) == warned, (cut, result.stderr)
        seqs = [row["seq"] for row in json.loads(log.stdout)]
        assert seqs == ([1, 2, 3, 4] if complete else [1, 2, 3]), cut
        assert json.loads(show.stdout)["current"] == (8.2 if complete else None), cut

        ok(huandu("update", MARKET, "+1"))
        kept = list(home.glob("progress.toml.torn-*"))
        if warned:
            assert len(kept) == 1, cut
            assert kept[0].read_bytes() == torn, cut
            kept[0].unlink()
        else:
            assert kept == [], cut
        after = journal_file(home).read_bytes()
        assert after.startswith(base)
        repaired = tomllib.loads(after.decode("utf-8"))["entry"]
        expected = [1, 2, 3, 4, 5] if complete else [1, 2, 3, 4]
        assert [e["seq"] for e in repaired] == expected, cut
        assert all("check" in e for e in repaired)
        assert repaired[-1]["target"] == MARKET and repaired[-1]["value"] == 3201


def test_a_torn_header_line_is_set_aside_too(huandu, home):
    build_journal(huandu)
    base, _ = split_last_entry(journal_file(home).read_bytes())
    journal_file(home).write_bytes(base + b"\n[[ent")
    result = ok(huandu("log", "--format", "json"))
    assert "incomplete" in result.stderr
    ok(huandu("update", MARKET, "+1"))
    assert [e["seq"] for e in entries(home)] == [1, 2, 3, 4]
    [kept] = home.glob("progress.toml.torn-*")
    assert kept.read_bytes() == b"\n[[ent"


def test_a_torn_first_entry_leaves_an_empty_journal(huandu, home):
    ok(huandu("update", "肉牛", "7"))
    data = journal_file(home).read_bytes()
    journal_file(home).write_bytes(data[: data.index(b"value")])
    result = ok(huandu("log", "--format", "json"))
    assert json.loads(result.stdout) == [] and "incomplete" in result.stderr
    ok(huandu("update", "肉牛", "8"))
    assert [(e["seq"], e["value"]) for e in entries(home)] == [(1, 8)]


# --------------------------------------------------------------------------- (c) hand edits


def line_of(data: bytes, needle: bytes) -> int:
    return data[: data.index(needle)].count(b"\n") + 1


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"value = 3200\n", b"value = 3200 3300\n"),  # not TOML
        (b'target = "yanshi', b'target = "yanshi\n'),  # an unterminated string
        (b"value = 3200\n", b"value = \xff\n"),  # not UTF-8
    ],
)
def test_a_journal_broken_in_the_middle_is_refused_with_its_line(huandu, home, old, new):
    build_journal(huandu)
    broken = journal_file(home).read_bytes().replace(old, new, 1)
    journal_file(home).write_bytes(broken)
    line = line_of(broken, new)

    for args in (("log",), ("log", "--format", "json"), ("show", "市场主体"), ("info",)):
        result = huandu(*args)
        assert result.exit_code == 1, args
        clean(result)
        assert f"progress.toml:{line}:" in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1
    for args in (("update", MARKET, "+1"), ("undo",), ("undo", "2")):
        result = huandu(*args)
        assert result.exit_code == 1, args
        clean(result)
        assert f"progress.toml:{line}:" in result.stderr
        assert journal_file(home).read_bytes() == broken
    assert not list(home.glob("progress.toml.torn-*"))


def test_an_entry_missing_a_key_in_the_middle_is_refused(huandu, home):
    build_journal(huandu)
    data = journal_file(home).read_bytes()
    broken = data.replace(b'target = "yanshi.new-market-entities"\n', b"", 1)
    journal_file(home).write_bytes(broken)
    result = huandu("update", MARKET, "+1")
    assert result.exit_code == 1
    assert "target" in result.stderr
    assert f"progress.toml:{line_of(broken, b'seq = 2') - 1}:" in result.stderr
    assert journal_file(home).read_bytes() == broken


def test_a_duplicate_seq_is_refused(huandu, home):
    build_journal(huandu)
    broken = journal_file(home).read_bytes().replace(b"seq = 2\n", b"seq = 1\n", 1)
    journal_file(home).write_bytes(broken)
    result = huandu("log")
    assert result.exit_code == 1 and "duplicate seq 1" in result.stderr
    assert huandu("update", MARKET, "+1").exit_code == 1
    assert journal_file(home).read_bytes() == broken


def test_a_changed_figure_is_read_with_a_warning(huandu, home):
    build_journal(huandu)
    edited = journal_file(home).read_bytes().replace(b"value = 3200\n", b"value = 3300\n", 1)
    journal_file(home).write_bytes(edited)
    result = ok(huandu("log", "--format", "json"))
    assert "entry 2 fails its check" in result.stderr
    assert json.loads(result.stdout)[1]["value"] == 3300


# --------------------------------------------------------------------------- (d) faults


class Faults:
    """Wraps the store's file operations: counts calls and fails the chosen one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, failing: str | None = None, code=0):
        self.calls = {"open": 0, "write": 0, "fsync": 0, "close": 0}
        self.failing, self.code = failing, code
        for name, real in (
            ("open", os.open),
            ("write", os.write),
            ("fsync", os.fsync),
            ("close", os.close),
        ):
            monkeypatch.setattr(store, f"_{name}", self._wrap(name, real))

    def _wrap(self, name, real):
        def call(*args, **kwargs):
            self.calls[name] += 1
            if name == self.failing:
                if name == "close":  # the descriptor is gone even when close reports an error
                    real(*args, **kwargs)
                raise OSError(self.code, os.strerror(self.code))
            return real(*args, **kwargs)

        return call


FAILING = [
    (step, code)
    for step in ("open", "write", "fsync", "close")
    for code in (errno.ENOSPC, errno.EIO)
]


def assert_failed_cleanly(result, home: Path, code: int) -> None:
    assert result.exit_code == 1
    clean(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(journal_file(home)) in lines[0]
    assert os.strerror(code) in lines[0]
    assert result.stdout == ""
    assert not list(home.glob(".*.tmp"))
    assert not list(home.glob("progress.toml.torn-*"))


@pytest.mark.parametrize(("step", "code"), FAILING)
def test_a_failed_append_leaves_the_journal_byte_identical(huandu, home, monkeypatch, step, code):
    build_journal(huandu)
    before = snapshot(home)
    faults = Faults(monkeypatch, step, code)
    result = huandu("update", MARKET, "+1")
    assert_failed_cleanly(result, home, code)
    assert snapshot(home) == before
    assert faults.calls["fsync"] <= 1  # never retried
    if step in ("fsync", "close"):
        assert faults.calls["fsync"] == 1
    faults.failing = None
    ok(huandu("update", MARKET, "+1"))  # the next write is fine
    assert [e["seq"] for e in entries(home)] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(("step", "code"), FAILING)
def test_a_failed_first_append_leaves_no_journal(huandu, home, monkeypatch, step, code):
    Faults(monkeypatch, step, code)
    result = huandu("update", MARKET, "3200")
    assert_failed_cleanly(result, home, code)
    assert not journal_file(home).exists()


@pytest.mark.parametrize("step", ["open", "fsync"])
def test_a_failed_append_to_an_empty_journal_leaves_it_empty(huandu, home, monkeypatch, step):
    journal_file(home).write_bytes(b"")
    Faults(monkeypatch, step, errno.ENOSPC)
    result = huandu("update", MARKET, "3200")
    assert_failed_cleanly(result, home, errno.ENOSPC)
    assert snapshot(home) == b""


def test_a_write_that_makes_no_progress_is_an_error_not_a_hang(huandu, home, monkeypatch):
    build_journal(huandu)
    before = snapshot(home)
    monkeypatch.setattr(store, "_write", lambda fd, data: 0)
    result = huandu("update", MARKET, "+1")
    assert_failed_cleanly(result, home, errno.EIO)
    assert snapshot(home) == before


def test_a_disk_full_after_part_of_the_entry_cuts_the_part_off(huandu, home, monkeypatch):
    build_journal(huandu)
    before = snapshot(home)
    calls = []

    def half_then_full(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return os.write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store, "_write", half_then_full)
    result = huandu("update", MARKET, "+1")
    assert_failed_cleanly(result, home, errno.ENOSPC)
    assert len(calls) == 2
    assert snapshot(home) == before


def test_a_short_write_still_writes_the_whole_entry(huandu, home, monkeypatch):
    build_journal(huandu)
    before = snapshot(home)
    faults = Faults(monkeypatch)
    sizes = []

    def short_first(fd, data):
        sizes.append(len(data))
        if len(sizes) == 1:
            return os.write(fd, bytes(data[:7]))
        return os.write(fd, data)

    monkeypatch.setattr(store, "_write", short_first)
    ok(huandu("update", MARKET, "+1", "--note", "短写（合成）"))
    assert len(sizes) == 2 and sizes[1] == sizes[0] - 7
    assert faults.calls["fsync"] == 1
    after = snapshot(home)
    assert after is not None and before is not None and after.startswith(before)
    records = entries(home)
    assert [e["seq"] for e in records] == [1, 2, 3, 4, 5]
    assert records[-1]["note"] == "短写（合成）" and records[-1]["value"] == 3201
    assert "fails its check" not in huandu("log").stderr


def test_fsync_is_called_once_per_append(huandu, home, monkeypatch):
    faults = Faults(monkeypatch)
    ok(huandu("update", MARKET, "3200"))
    ok(huandu("update", MARKET, "+1"))
    ok(huandu("undo"))
    assert faults.calls["fsync"] == 3
    assert faults.calls["open"] == 3 and faults.calls["close"] == 3


# --------------------------------------------------------------------------- (e) the lock


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl")
def test_a_held_lock_makes_update_refuse_and_write_nothing(huandu, home, monkeypatch):
    import fcntl

    ok(huandu("update", MARKET, "3200"))
    before = snapshot(home)
    lock_path = home / store.LOCK_NAME
    assert lock_path.exists()
    monkeypatch.setenv("HUANDU_LOCK_TIMEOUT", "0.2")
    with open(lock_path, "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        for args in (("update", MARKET, "+1"), ("undo",)):
            started = time.monotonic()
            result = huandu(*args)
            assert time.monotonic() - started < 3
            assert result.exit_code == 1
            clean(result)
            assert "another huandu is writing" in result.stderr
            assert len(result.stderr.strip().splitlines()) == 1
            assert snapshot(home) == before
        # Readers do not need the lock.
        ok(huandu("log"))
        fcntl.flock(held.fileno(), fcntl.LOCK_UN)
    ok(huandu("update", MARKET, "+1"))
    assert [e["value"] for e in entries(home)] == [3200, 3201]
    assert lock_path.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl")
def test_a_held_lock_on_a_fresh_home_creates_no_journal(huandu, home, monkeypatch):
    import fcntl

    monkeypatch.setenv("HUANDU_LOCK_TIMEOUT", "0.2")
    with open(home / store.LOCK_NAME, "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = huandu("update", MARKET, "3200")
    assert result.exit_code == 1 and "another huandu is writing" in result.stderr
    assert not journal_file(home).exists()


def test_the_lock_file_is_never_deleted(huandu, home):
    lock_path = home / store.LOCK_NAME
    ok(huandu("update", MARKET, "3200"))
    assert lock_path.exists()
    inode = lock_path.stat().st_ino
    ok(huandu("update", MARKET, "+1"))
    ok(huandu("undo"))
    assert huandu("update", MARKET, "abc").exit_code == 1
    assert huandu("undo", "99").exit_code == 1
    assert lock_path.exists() and lock_path.stat().st_ino == inode


def test_a_stale_lock_file_left_by_a_crash_does_not_block(huandu, home, monkeypatch):
    (home / store.LOCK_NAME).write_bytes(b"")
    monkeypatch.setenv("HUANDU_LOCK_TIMEOUT", "0.2")
    ok(huandu("update", MARKET, "3200"))
