"""What was recorded is never lost or corrupted: many writers at once, a crash at any write, a full
or failing disk, a closed pipe behind a committed write, planted symbolic links, hand-made SQL.

These are users' stories told with real processes, a real SQLite database and real fault injection
(`strace -e inject=...`), never a mock. The slow ones are marked `slow` and left out of the default
run (`python -m pytest -q`); `.ci/run` runs them as a second step (`python -m pytest -q -m slow`).
A tool that is missing (strace, /dev/full, a tmpfs in a private mount namespace) skips its tests
with the reason.

A kill injected by strace stops the process at the entry of a system call: it is a process crash
(the kernel keeps what was written before), not a power cut. Every progress value is synthetic.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import entries, ok, sql, store_path

PYTHON = sys.executable
TODAY = "2024-12-31"
GOAL = "yanshi.new-market-entities"
# --force: each run is another figure, not the same one typed twice (which is refused).
PLUS_ONE = ("update", GOAL, "+1", "--date", "2024-06-30", "--force")
STORE_FILES = (
    "progress.sqlite3",
    "progress.sqlite3-wal",
    "progress.sqlite3-shm",
    "progress.sqlite3-journal",
)
# What huandu and SQLite call to change a file here, found with `strace -f -c` on real runs:
# pwrite64 for the WAL, its index (-shm) and the checkpoint into the database; fdatasync for the
# WAL, its folder and the database; ftruncate and unlink when the last connection closes; write
# for standard output; and, when the first write creates the store, fsync and link (the new file
# is fsynced and linked into place). Each run is killed at each invocation of each in turn.
KILL_POINTS = ("write", "pwrite64", "fsync", "fdatasync", "ftruncate", "unlink", "link")
# Five rows of a county's sheet (synthetic figures), as `huandu import` reads them.
SHEET = (
    "目标编号,数值,日期,备注\n"
    "yanshi.new-market-entities,+10,2024-07-31,synthetic\n"
    "yanshi.high-tech-enterprises,3,2024-07-31,synthetic\n"
    "xinan.industrial-projects,+2,2024-07-31,synthetic\n"
    "mengjin.cattle-industry,5.5,2024-07-31,synthetic\n"
    "yiyang.pepper-belt,2,2024-07-31,synthetic\n"
)


# ------------------------------------------------------------------------ running huandu


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUANDU_")}
    env.update(
        HUANDU_HOME=str(home),
        HUANDU_TODAY=TODAY,
        HUANDU_LANG="en",
        LANG="C.UTF-8",
        PYTHONDONTWRITEBYTECODE="1",  # no .pyc writes among the system calls counted
        NO_COLOR="1",
    )
    return env


def run(
    home: Path, *args: str, before: tuple[str, ...] = (), **kwargs
) -> subprocess.CompletedProcess:
    """`huandu ARGS` in its own process (behind `before`, e.g. strace), as a person runs it."""
    kwargs.setdefault("capture_output", True)
    return subprocess.run(
        [*before, PYTHON, "-m", "huandu", *args],
        env=environment(home),
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        **kwargs,
    )


def succeeded(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in (proc.stdout or "") + proc.stderr
    return proc


def integrity(home: Path) -> str:
    """SQLite's own check of the whole database file (and its WAL, which opening recovers)."""
    conn = sqlite3.connect(store_path(home))
    try:
        return "\n".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def logical(entry: dict) -> dict:
    """An entry as a person reads it, without the moment it was written (differs between runs)."""
    return {k: v for k, v in entry.items() if k != "recorded_at"}


def report_row(home: Path, goal: str) -> dict:
    report = json.loads(succeeded(run(home, "report", "--format", "json")).stdout)
    [row] = [t for t in report["targets"] if t["id"] == goal]
    return row


def standings(home: Path) -> dict[str, tuple]:
    """What `huandu report` shows for every goal with a figure (read from the derived table that
    each write rewrites in its own transaction): the figure, its date, how many records count."""
    report = json.loads(succeeded(run(home, "report", "--format", "json")).stdout)
    return {
        t["id"]: (t["current"], t["updated"], t["records"])
        for t in report["targets"]
        if t["records"]
    }


def copy_home(seed: Path, where: Path) -> Path:
    shutil.copytree(seed, where, symlinks=True)
    return where


def missing(reason: str):
    """Skip: a tool is missing here. Where it must be there (`.ci/run` installs strace and sets
    HUANDU_TEST_NEEDS_STRACE=1), fail instead, so CI never passes with the tests unrun."""
    if os.environ.get("HUANDU_TEST_NEEDS_STRACE") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def strace_or_skip() -> str:
    strace = shutil.which("strace")
    if strace is None:
        missing("strace is not installed (apt-get install strace): no fault injection here")
    probe = subprocess.run(
        [
            strace,
            "-f",
            "-qq",
            "-o",
            os.devnull,
            "-e",
            "inject=pwrite64:error=EIO:when=1",
            PYTHON,
            "-c",
            "pass",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if probe.returncode != 0:
        missing(f"strace cannot trace processes here: {probe.stderr.strip()[:200]}")
    return strace


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with a few records already, written by normal updates and an undo: #1 and #2 (105)
    for the new market entities, #3 and #4 for Xin'an's industrial projects, #5 undoing #4."""
    home = tmp_path_factory.mktemp("seeded") / "home"
    for args in (
        ("update", GOAL, "100", "--date", "2024-05-31"),
        ("update", GOAL, "+5", "--date", "2024-06-30"),
        ("update", "xinan.industrial-projects", "10", "--date", "2024-06-30"),
        ("update", "xinan.industrial-projects", "12", "--date", "2024-06-30"),
        ("undo",),
    ):
        succeeded(run(home, *args))
    assert [e["seq"] for e in entries(home)] == [1, 2, 3, 4, 5]
    return home


# ------------------------------------------------------------------------ 1. many writers at once

# Each worker is its own process with its own SQLite connection. It waits for the starting gun,
# then runs its updates one after another: every `every`-th as a real `python -m huandu` process,
# the others through `huandu.cli.main` in the worker itself (a full run of the command line, but
# without the ~100 ms of interpreter start-up; 800 real start-ups take ~70 s on two cores).
WORKER = r"""
import contextlib, io, json, subprocess, sys

from huandu.cli import main

args, runs, every = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
results = []
for i in range(runs):
    if i % every == 0:
        proc = subprocess.run([sys.executable, "-m", "huandu", *args], capture_output=True,
                              text=True, encoding="utf-8")
        results.append(["process", proc.returncode, proc.stderr])
        continue
    out, err, code = io.StringIO(), io.StringIO(), 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    results.append(["in-process", code, err.getvalue()])
sys.stdout.write(json.dumps(results))
"""

FIRST_RUN = "huandu keeps your progress in"


def all_at_once(worker: Path, envs: list[dict[str, str]], runs: int, every: int, timeout: float):
    """One WORKER process per environment, all started together (each says "ready", then one
    "go" to all): each one's (returncode, results, stderr), once all have ended."""
    procs = [
        subprocess.Popen(
            [PYTHON, str(worker), json.dumps(PLUS_ONE), str(runs), str(every)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            encoding="utf-8", env=env,
        )
        for env in envs
    ]  # fmt: skip
    try:
        for proc in procs:
            assert proc.stdout.readline() == "ready\n"
        for proc in procs:  # the starting gun
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outputs = [proc.communicate(timeout=timeout) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]


@pytest.mark.slow
def test_sixteen_people_adding_one_at_once_lose_nothing(tmp_path: Path):
    """Sixteen people each run `huandu update yanshi.new-market-entities +1` fifty times, all at
    the same moment, on a home that has no store yet: every run succeeds, the log holds exactly
    800 records whose figures are 1, 2, ..., 800 in order (no `+1` read a stale figure), the
    report shows 800, the first-run notice is said once, and SQLite finds the file sound."""
    home = tmp_path / "home"
    worker = tmp_path / "worker.py"
    worker.write_text(WORKER, encoding="utf-8")
    people, runs, every = 16, 50, 5
    started = time.monotonic()
    ended = all_at_once(worker, [environment(home)] * people, runs, every, timeout=240)
    elapsed = time.monotonic() - started
    results = []
    for returncode, out, err in ended:
        assert returncode == 0, err
        assert err == ""
        results.extend(json.loads(out))
    assert len(results) == people * runs
    assert sum(kind == "process" for kind, _, _ in results) == people * runs // every
    failed = [r for r in results if r[1] != 0 or (r[2] and not r[2].startswith(FIRST_RUN))]
    assert failed == []
    assert sum(bool(stderr) for _, _, stderr in results) == 1  # the store was created once

    log = json.loads(succeeded(run(home, "log", "--format", "json")).stdout)
    assert len(log) == people * runs
    assert [e["action"] for e in log] == ["record"] * len(log)
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    assert [e["value"] for e in log] == list(range(1, len(log) + 1))
    row = report_row(home, GOAL)
    assert (row["current"], row["records"]) == (people * runs, people * runs)
    assert integrity(home) == "ok"
    assert not [p.name for p in home.iterdir() if p.name.endswith(".tmp")]
    assert elapsed < 120, f"{people * runs} updates took {elapsed:.0f} s"


# ------------------------------------------------------------------------ 2. a crash at any write


def crash_at_every_write(strace: str, start: Path, work: Path, args: tuple[str, ...], check):
    """Run `huandu ARGS` once per write system call it makes, on a fresh copy of `start` each
    time, killed (SIGKILL) on entering that call; `check(home, crashed_at)` looks at what is
    left. Returns, per system call, how many runs were killed."""
    kills: dict[str, int] = {}
    for syscall in KILL_POINTS:
        n = 0
        while True:
            n += 1
            assert n < 400, f"{syscall}: still killed at invocation {n}"
            home = work / f"{syscall}-{n}"
            if start.exists():
                copy_home(start, home)
            inject = f"inject={syscall}:signal=KILL:when={n}"
            proc = run(home, *args, before=(strace, "-f", "-qq", "-o", os.devnull, "-e", inject))
            if proc.returncode == 0:
                break  # the call is made fewer than n times: nothing left to kill
            assert proc.returncode in (-signal.SIGKILL, 128 + signal.SIGKILL), proc.stderr
            check(home, f"{syscall} #{n}")
            shutil.rmtree(home, ignore_errors=True)
        kills[syscall] = n - 1
    return kills


@pytest.mark.slow
def test_a_crash_at_any_write_of_an_update_keeps_every_record(seeded: Path, tmp_path: Path):
    """huandu is killed at each write, fsync, truncation and unlink of one `+1` update in turn.
    Afterwards every earlier record is exactly as it was and the new one is either absent or
    there once with its right figure (once it is there, no later crash takes it away); the report
    shows the figures that go with those records; SQLite finds the file sound; and the next `+1`
    lands on the figure that stands."""
    strace = strace_or_skip()
    before = entries(seeded)
    reference = copy_home(seeded, tmp_path / "reference")
    succeeded(run(reference, *PLUS_ONE))
    [new] = [logical(e) for e in entries(reference)[len(before) :]]
    assert (new["target"], new["value"]) == (GOAL, 106)
    shown = {False: standings(seeded), True: standings(reference)}
    assert shown[False] != shown[True]
    outcomes: dict[str, list[bool]] = {}

    def check(home: Path, crashed_at: str) -> None:
        after = entries(home)
        assert after[: len(before)] == before, crashed_at
        assert [logical(e) for e in after[len(before) :]] in ([], [new]), crashed_at
        landed = len(after) > len(before)
        outcomes.setdefault(crashed_at.split()[0], []).append(landed)
        assert integrity(home) == "ok", crashed_at
        assert standings(home) == shown[landed], crashed_at
        succeeded(run(home, *PLUS_ONE))
        again = entries(home)
        assert again[: len(after)] == after, crashed_at
        [following] = again[len(after) :]
        assert following["value"] == (107 if landed else 106), crashed_at

    kills = crash_at_every_write(strace, seeded, tmp_path, PLUS_ONE, check)
    assert kills["pwrite64"] > 10 and kills["fdatasync"] > 1, kills
    for syscall, landed in outcomes.items():
        assert landed == sorted(landed), f"{syscall}: a later crash lost a committed record"
    assert any(not landed[0] for landed in outcomes.values())  # some crashes came before commit
    assert any(landed[-1] for landed in outcomes.values())  # and some after


@pytest.mark.slow
def test_a_crash_at_any_write_of_an_import_keeps_all_rows_or_none(seeded: Path, tmp_path: Path):
    """huandu is killed at each write of `huandu import` of a five-row sheet in turn. Afterwards
    the earlier records are exactly as they were and either all five rows are there or none; the
    report shows the figures that go with them; the file is sound; the next update lands on the
    figure that stands."""
    strace = strace_or_skip()
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    before = entries(seeded)
    reference = copy_home(seeded, tmp_path / "reference")
    succeeded(run(reference, "import", str(sheet)))
    rows = [logical(e) for e in entries(reference)[len(before) :]]
    assert len(rows) == 5 and rows[0]["value"] == 115
    shown = {False: standings(seeded), True: standings(reference)}
    assert len(shown[True]) == len(shown[False]) + 3  # three of the goals had no figure yet
    outcomes: list[bool] = []

    def check(home: Path, crashed_at: str) -> None:
        after = entries(home)
        assert after[: len(before)] == before, crashed_at
        imported = [logical(e) for e in after[len(before) :]]
        assert imported in ([], rows), crashed_at
        outcomes.append(bool(imported))
        assert integrity(home) == "ok", crashed_at
        assert standings(home) == shown[bool(imported)], crashed_at
        succeeded(run(home, "update", GOAL, "+1", "--date", "2024-07-31", "--force"))
        [following] = entries(home)[len(after) :]
        assert following["value"] == (116 if imported else 106), crashed_at

    kills = crash_at_every_write(strace, seeded, tmp_path, ("import", str(sheet)), check)
    assert kills["pwrite64"] > 10, kills
    assert False in outcomes and True in outcomes  # crashes before and after the commit


@pytest.mark.slow
def test_a_crash_during_the_very_first_update_leaves_no_or_a_whole_store(tmp_path: Path):
    """On a new home the first update creates the store. Killed at any write of that run, huandu
    leaves either no store or a sound one with nothing or the one record; the next update
    works and counts from what is there."""
    strace = strace_or_skip()
    new_home = tmp_path / "never-created"

    def check(home: Path, crashed_at: str) -> None:
        after = [logical(e) for e in entries(home)]
        assert [(e["seq"], e["value"]) for e in after] in ([], [(1, 1)]), crashed_at
        if store_path(home).exists():
            assert integrity(home) == "ok", crashed_at
        succeeded(run(home, *PLUS_ONE))
        values = [e["value"] for e in entries(home)]
        assert values == ([1, 2] if after else [1]), crashed_at

    kills = crash_at_every_write(strace, new_home, tmp_path, PLUS_ONE, check)
    assert kills["pwrite64"] > 10 and kills["link"] >= 1, kills


# ------------------------------------------------------------------------ 3. a full or failing disk

DISK_FULL = "the disk is full"
IO_ERROR = "input/output error on the disk"


def inject_errors(strace: str, seed: Path, work: Path, syscall: str, errno_name: str):
    """Run one `+1` update per invocation of `syscall`, that invocation failing with `errno_name`.
    Yields (n, the finished process, its home) for each run in which the error was injected."""
    n = 0
    while True:
        n += 1
        assert n < 400
        home = copy_home(seed, work / f"{syscall}-{errno_name}-{n}")
        trace = work / f"{syscall}-{errno_name}-{n}.strace"
        proc = run(
            home,
            *PLUS_ONE,
            before=(
                strace,
                "-f",
                "-qq",
                "-o",
                str(trace),
                "-e",
                f"trace={syscall}",
                "-e",
                f"inject={syscall}:error={errno_name}:when={n}",
            ),
        )
        if "(INJECTED)" not in trace.read_text(encoding="utf-8", errors="replace"):
            succeeded(proc)
            return
        yield n, proc, home
        shutil.rmtree(home)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("syscall", "errno_name"),
    [("pwrite64", "ENOSPC"), ("pwrite64", "EIO"), ("fdatasync", "EIO"), ("fdatasync", "ENOSPC")],
)
def test_a_full_or_failing_disk_is_said_in_one_line_and_changes_nothing(
    seeded: Path, tmp_path: Path, syscall: str, errno_name: str
):
    """Each write (or sync) of one `+1` update fails in turn with "no space left" or an I/O
    error. Whenever huandu says it failed (exit 1), it says so in exactly one line naming the
    store and the reason, and the records are exactly as before; whenever it says nothing went
    wrong (exit 0: the failure hit after the commit, while tidying up), the record is there.
    Either way the file is sound and the next update lands."""
    strace = strace_or_skip()
    before = entries(seeded)
    refused: list[str] = []
    for n, proc, home in inject_errors(strace, seeded, tmp_path, syscall, errno_name):
        where = f"{syscall} #{n} -> {errno_name}"
        assert "Traceback" not in proc.stdout + proc.stderr, where
        after = entries(home)
        assert proc.returncode in (0, 1), where
        if proc.returncode == 1:
            [line] = proc.stderr.splitlines()
            prefix = f"huandu: error: could not write the progress store {store_path(home)}: "
            assert line.startswith(prefix), where
            reason = line.removeprefix(prefix)
            # A write to the WAL that finds no room is SQLITE_FULL, "the disk is full". Met while
            # sizing the WAL index or at an fsync, the same error is an I/O error to SQLite, and
            # Python's sqlite3 drops the errno: huandu calls it a full disk only when the disk
            # has no room (strace fakes the error; the disk here has room).
            expected = (DISK_FULL, IO_ERROR) if errno_name == "ENOSPC" else (IO_ERROR,)
            assert reason in [f"{r}. The existing records are unchanged" for r in expected], where
            refused.append(reason)
            assert after == before, where
        else:
            assert proc.stderr == "", where
            assert after[: len(before)] == before, where
            assert [(e["target"], e["value"]) for e in after[len(before) :]] == [(GOAL, 106)]
        assert integrity(home) == "ok", where
        succeeded(run(home, *PLUS_ONE))
        assert entries(home)[-1]["value"] == (106 if proc.returncode else 107), where
    assert refused, f"no {syscall} failure made the update fail"
    if (syscall, errno_name) == ("pwrite64", "ENOSPC"):
        assert any(r.startswith(DISK_FULL) for r in refused)


# Runs inside a private mount namespace (`unshare`): a small tmpfs, really filled up.
FULL_DISK = r"""
import json, os, shutil, subprocess, sys

mount, seed, out = sys.argv[1:4]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount], check=True)
home = os.path.join(mount, "home")
shutil.copytree(seed, home)
filler = os.path.join(mount, "filler")
fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
for size in (65536, 4096, 512, 1):  # to the last byte
    try:
        while True:
            os.write(fd, b"\0" * size)
    except OSError:
        pass
os.close(fd)
env = dict(os.environ, HUANDU_HOME=home)
def huandu(*args):
    p = subprocess.run([sys.executable, "-m", "huandu", *args], env=env, capture_output=True,
                       text=True, encoding="utf-8")
    return {"code": p.returncode, "stdout": p.stdout, "stderr": p.stderr}
results = {"home": home, "full": huandu(*json.loads(sys.argv[4]))}
results["read"] = huandu("report", "--format", "json")
os.unlink(filler)
results["kept"] = huandu("log", "--format", "json")
results["again"] = huandu(*json.loads(sys.argv[4]))
results["log"] = huandu("log", "--format", "json")
import sqlite3
conn = sqlite3.connect(os.path.join(home, "progress.sqlite3"))
results["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
conn.close()
with open(out, "w", encoding="utf-8") as f:
    json.dump(results, f)
"""


def private_mount_or_skip(tmp_path: Path) -> list[str]:
    """`unshare` arguments under which this process may mount a tmpfs of its own."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed: no private tmpfs to fill up")
    probe_dir = tmp_path / "probe"
    probe_dir.mkdir()
    tried = []
    for flags in (["--user", "--map-root-user", "--mount"], ["--mount"]):
        cmd = [unshare, *flags, "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe_dir)]
        probe = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=60)
        if probe.returncode == 0:
            return [unshare, *flags]
        tried.append(probe.stderr.strip()[:120])
    pytest.skip(f"cannot mount a private tmpfs here: {'; '.join(tried)}")


@pytest.mark.slow
def test_a_really_full_disk_is_called_full_and_loses_nothing(seeded: Path, tmp_path: Path):
    """The home is on a small disk that is filled to the last byte. `huandu update` says, in one
    line, that the disk is full and that nothing changed; once space is freed every record is
    still there, the file is sound and the next update lands."""
    unshare = private_mount_or_skip(tmp_path)
    mount = tmp_path / "disk"
    mount.mkdir()
    script = tmp_path / "full_disk.py"
    script.write_text(FULL_DISK, encoding="utf-8")
    out = tmp_path / "results.json"
    subprocess.run(
        [*unshare, PYTHON, str(script), str(mount), str(seeded), str(out), json.dumps(PLUS_ONE)],
        env=environment(seeded),
        check=True,
        timeout=300,
    )
    results = json.loads(out.read_text(encoding="utf-8"))
    store = Path(results["home"]) / "progress.sqlite3"
    full = results["full"]
    assert full["code"] == 1, full
    assert full["stderr"].splitlines() == [
        f"huandu: error: could not write the progress store {store}: {DISK_FULL}."
        " The existing records are unchanged"
    ]
    read = results["read"]  # a report needs SQLite's WAL index too: it may be refused, in a line
    assert "Traceback" not in read["stderr"]
    assert read["code"] == 0 or read["stderr"].splitlines() == [
        f"huandu: error: could not read the progress store {store}: {DISK_FULL}."
        " The records are unchanged"
    ], read
    before = json.loads(succeeded(run(seeded, "log", "--format", "json")).stdout)
    kept = json.loads(results["kept"]["stdout"])
    assert kept == before
    assert results["integrity"] == "ok"
    assert results["again"]["code"] == 0, results["again"]
    log = json.loads(results["log"]["stdout"])
    assert log[: len(before)] == before
    assert [(e["target"], e["value"]) for e in log[len(before) :]] == [(GOAL, 106)]


# ------------------------------------------------------------------------ 4. committed is committed


def closed_pipe() -> int:
    """The writing end of a pipe nobody reads (its reading end already closed)."""
    read, write = os.pipe()
    os.close(read)
    return write


def devfull_or_skip() -> str:
    if not os.path.exists("/dev/full"):
        pytest.skip("/dev/full does not exist on this system")
    return "/dev/full"


def after_commit_warning(stderr: str) -> None:
    """One line: the warning that the write is recorded though it could not be shown (nothing
    written to /dev/full or to a pipe without a reader ever succeeds, so it is always said)."""
    assert "Traceback" not in stderr
    [line] = stderr.splitlines()
    assert line.startswith("huandu: warning: recorded, but the result could not be shown (")
    assert line.endswith("); do not run it again, huandu log shows it")


@pytest.mark.parametrize("stdout", ["/dev/full", "closed pipe"])
def test_a_committed_write_is_reported_as_committed_when_its_output_cannot_be_shown(
    seeded: Path, tmp_path: Path, stdout: str
):
    """`huandu update`, `huandu undo` and `huandu import` with standard output going to a full
    disk or into a pipe nobody reads: each exits 0 (running it again would record it twice), says
    so in one line of warning, and what it did is in the store exactly once."""
    home = copy_home(seeded, tmp_path / "home")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(SHEET, encoding="utf-8")

    def runs(*args: str) -> subprocess.CompletedProcess:
        if stdout == "/dev/full":
            with open(devfull_or_skip(), "w") as full:
                return run(home, *args, stdout=full, stderr=subprocess.PIPE, capture_output=False)
        fd = closed_pipe()
        try:
            return run(home, *args, stdout=fd, stderr=subprocess.PIPE, capture_output=False)
        finally:
            os.close(fd)

    before = entries(home)
    for args, expected in (
        (PLUS_ONE, [("record", GOAL, 106, None)]),
        (("undo",), [("undo", GOAL, None, 6)]),
        (("import", str(sheet)), [("record", GOAL, 115, None)] + [("record",)] * 4),
    ):
        proc = runs(*args)
        assert proc.returncode == 0, (args, proc.stderr)
        after_commit_warning(proc.stderr)
        after = entries(home)
        assert after[: len(before)] == before
        added = after[len(before) :]
        assert len(added) == len(expected), args
        for entry, want in zip(added, expected, strict=True):
            got = (entry["action"], entry["target"], entry.get("value"), entry.get("retracts"))
            assert got[: len(want)] == want, args
        before = after


# ------------------------------------------------------------------------ 5. planted links


def plant(link: Path, victim: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(victim)


VICTIM = b"a file of someone else's, outside the home (synthetic)\n"


@pytest.mark.parametrize("name", STORE_FILES)
@pytest.mark.parametrize("victim_exists", [True, False], ids=["victim", "dangling"])
def test_a_planted_link_in_place_of_a_store_file_is_refused(
    huandu, home: Path, tmp_path: Path, name: str, victim_exists: bool, monkeypatch
):
    """Someone replaced one of the store's files in a new home by a symbolic link to a file
    elsewhere. `huandu update` refuses in one line naming the link, and the file it points to is
    untouched (or, if it did not exist, still does not)."""
    monkeypatch.setenv("HUANDU_TODAY", TODAY)
    victim = tmp_path / "elsewhere" / "victim.bin"
    victim.parent.mkdir()
    if victim_exists:
        victim.write_bytes(VICTIM)
    plant(home / name, victim)
    result = huandu(*PLUS_ONE)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"huandu: error: {home / name} is a symbolic link; huandu does not use it, so as not to"
        " write somewhere else. Replace it with a regular file (or move it away)"
    ]
    assert (home / name).is_symlink()
    if name != "progress.sqlite3":  # refused before anything was created beside the link
        assert not (home / "progress.sqlite3").exists()
    if victim_exists:
        assert victim.read_bytes() == VICTIM
    else:
        assert not victim.exists()
    assert [p.name for p in victim.parent.iterdir()] == (["victim.bin"] if victim_exists else [])


@pytest.mark.parametrize(
    "args",
    [("report", "--format", "csv", "--output"), ("export", "--output")],
    ids=["report", "export"],
)
def test_an_output_file_that_is_a_link_is_replaced_never_written_through(
    huandu, home: Path, tmp_path: Path, args: tuple[str, ...], monkeypatch
):
    """`huandu report --output out.csv` (or `huandu export --output x.toml`) where that name is a
    symbolic link to someone else's file: refused like any existing file, and with --force the
    link itself is replaced by the new file; the file it pointed to keeps every byte."""
    monkeypatch.setenv("HUANDU_TODAY", TODAY)
    ok(huandu(*PLUS_ONE))
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    victim.write_bytes(VICTIM)
    output = tmp_path / ("out.csv" if args[0] == "report" else "x.toml")
    plant(output, victim)
    refused = huandu(*args, str(output))
    assert refused.exit_code == 1 and len(refused.stderr.splitlines()) == 1
    assert victim.read_bytes() == VICTIM and output.is_symlink()
    ok(huandu(*args, str(output), "--force"))
    assert victim.read_bytes() == VICTIM
    assert not output.is_symlink()
    written = output.read_bytes()
    assert GOAL.encode() in written or "偃师".encode() in written


def test_a_first_write_that_crashed_leaves_nothing_behind_for_long(huandu, home: Path, monkeypatch):
    """A first update killed between creating its temporary store and linking it into place
    leaves `.progress.*.sqlite3.tmp` in the home; the next first write removes it once it is an
    hour old (a younger one may still be being written by another creator)."""
    import os
    import time

    monkeypatch.setenv("HUANDU_TODAY", TODAY)
    home.mkdir(parents=True, exist_ok=True)
    old, young = home / ".progress.abc123.sqlite3.tmp", home / ".progress.def456.sqlite3.tmp"
    for leftover in (old, young):
        leftover.write_bytes(b"partial (synthetic)")
    hours_ago = time.time() - 7200
    os.utime(old, (hours_ago, hours_ago))
    ok(huandu(*PLUS_ONE))
    assert not old.exists() and young.exists()


def test_a_template_is_never_written_through_a_planted_link(huandu, tmp_path: Path):
    """`huandu import --template t.csv` where t.csv is a link: refused (a template never replaces
    a file), and the file it points to keeps every byte."""
    victim = tmp_path / "victim.csv"
    victim.write_bytes(VICTIM)
    link = tmp_path / "t.csv"
    plant(link, victim)
    result = huandu("import", "--template", str(link))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert victim.read_bytes() == VICTIM and link.is_symlink()


# ------------------------------------------------------------------------ 6. append-only in SQL


@pytest.fixture
def book(huandu, home: Path, monkeypatch) -> Path:
    """A store with two records and an undo of the second, written by huandu."""
    monkeypatch.setenv("HUANDU_TODAY", TODAY)
    ok(huandu("update", GOAL, "100", "--date", "2024-05-31"))
    ok(huandu("update", GOAL, "+5", "--date", "2024-06-30"))
    ok(huandu("undo"))
    return home


UNDO_SQL = (
    "INSERT INTO entries (plan, action, target, recorded_at, retracts)"
    " SELECT plan, 'undo', target, recorded_at, ? FROM entries WHERE seq = 1"
)


@pytest.mark.parametrize(
    ("statement", "params", "says"),
    [
        ("UPDATE entries SET value = 999 WHERE seq = 1", (), "append-only"),
        ("UPDATE entries SET note = 'edited' ", (), "append-only"),
        ("DELETE FROM entries WHERE seq = 2", (), "append-only"),
        ("DELETE FROM entries", (), "append-only"),
        (UNDO_SQL, (999,), "an undo must retract a record"),
        (UNDO_SQL, (3,), "an undo must retract a record"),  # #3 is an undo, not a record
        (UNDO_SQL, (2,), "UNIQUE constraint failed"),  # #2 is undone already (by #3)
        (
            "INSERT INTO entries (plan, action, target, value, day, recorded_at)"
            " SELECT plan, 'record', target, -1, '2024-06-30', recorded_at FROM entries"
            " WHERE seq = 1",
            (),
            "CHECK constraint failed",
        ),
    ],
    ids=[
        "update-one",
        "update-all",
        "delete-one",
        "delete-all",
        "undo-nothing",
        "undo-an-undo",
        "undo-twice",
        "negative",
    ],
)
def test_the_database_itself_refuses_to_rewrite_history(
    book: Path, statement: str, params: tuple, says: str
):
    """Someone opens progress.sqlite3 with the sqlite3 tool and tries to change a figure, delete
    a record, retract something that is not a record or retract a record twice: SQLite refuses
    with a reason, and every entry is exactly as before."""
    before = entries(book)
    with pytest.raises(sqlite3.DatabaseError, match=says) as refused:
        sql(book, statement, *params)
    assert isinstance(refused.value, sqlite3.IntegrityError)
    assert entries(book) == before
