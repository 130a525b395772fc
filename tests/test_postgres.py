"""One office, many desks: the progress store on a real PostgreSQL server.

A throw-away cluster (tests/pgserver.py: Debian's server binaries, a data folder and a socket in
a temporary folder, a free loopback port; run as `nobody` when the tests run as root) is started
once for the session and each test gets a database of its own. No mocks: the server enforces
what it is said to (triggers, privileges, row-level security), and the tests issue SQL to it
directly to see that it does. Without the server binaries these tests skip, or fail where
.ci/run installed them on purpose (HUANDU_TEST_NEEDS_TOOLS=1). Every figure is synthetic.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pgserver
from helpers import missing_tool, ok
from test_reliability import WORKER, all_at_once
from test_reliability import environment as sqlite_environment

OWNER = "huandu_owner"
YIYANG = "liaison_yiyang"
YANSHI = "liaison_yanshi"
OFFICE = "office_desk"
PLAN = "luoyang-huandu-2024"
TODAY = "2024-12-31"
GOAL = "yanshi.new-market-entities"
CATTLE = "yiyang.beef-cattle"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def cluster():
    if pgserver.server_bin() is None:
        missing_tool(
            "the PostgreSQL server (initdb, pg_ctl) is not installed: apt-get install postgresql"
        )
    with pgserver.running() as server:
        for role in (OWNER, YIYANG, YANSHI, OFFICE):
            server.role(role)
        yield server


@pytest.fixture
def dsn(cluster: pgserver.Cluster) -> str:
    """A new database of the cluster owned by OWNER, with no store in it yet (its DSN)."""
    return cluster.database(f"office_{os.getpid()}_{next(_numbers)}", OWNER)


@pytest.fixture
def office(huandu, dsn: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The store created (`huandu store init`), HUANDU_STORE set to it, and the two liaisons
    and the office desk granted their lanes: its DSN as the owner."""
    monkeypatch.setenv("HUANDU_TODAY", TODAY)
    monkeypatch.setenv("HUANDU_STORE", dsn)
    ok(huandu("store", "init"))
    ok(huandu("store", "grant", YIYANG, "--county", "宜阳"))
    ok(huandu("store", "grant", YANSHI, "--county", "yanshi"))
    ok(huandu("store", "grant", OFFICE, "--office"))
    return dsn


def as_role(dsn: str, role: str) -> str:
    return dsn.replace(f"user={OWNER}", f"user={role}")


def query(dsn: str, statement: str, params: tuple = ()) -> list:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def counts(dsn: str) -> tuple:
    return tuple(query(dsn, "SELECT count(*), COALESCE(max(seq), 0) FROM entries")[0])


def report(huandu, *args: str) -> dict:
    return json.loads(ok(huandu("report", "--format", "json", *args)).stdout)


def one_line_refusal(result, *words: str) -> str:
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    [line] = result.stderr.splitlines()
    for word in words:
        assert word in line, line
    return line


# ------------------------------------------------------------------------ chosen in one place


def test_a_plain_list_or_report_never_imports_psycopg(tmp_path: Path):
    probe = (
        "import sys\nfrom huandu.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('psycopg' in sys.modules, file=sys.stderr)\n"
    )
    env = {**sqlite_environment(tmp_path / "home"), "HUANDU_TODAY": TODAY}
    for args in (["list"], ["report", "--format", "json"], ["update", CATTLE, "8万头"], ["log"]):
        proc = subprocess.run([sys.executable, "-c", probe, *args], env=env, capture_output=True,
                              text=True, timeout=60, check=False)  # fmt: skip
        assert proc.stderr.strip().splitlines()[-1] == "False", (args, proc.stderr)


def test_without_the_postgres_extra_a_server_store_is_one_line_naming_it(huandu, monkeypatch):
    """A desk that installed plain huandu and set HUANDU_STORE: told which extra to install."""
    monkeypatch.delitem(sys.modules, "huandu.store.postgres", raising=False)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    address = "host=db.example dbname=huandu user=liaison_yiyang"
    for args in (("--store", address, "list"), ("--store", address, "store", "init")):
        one_line_refusal(huandu(*args), "pip install 'huandu[postgres]'")
    one_line_refusal(huandu("store", "copy", "--to", address, lang="zh"), "psycopg")


@pytest.mark.parametrize(
    "address",
    [
        "postgresql://huandu_owner:s3cret-synthetic@db.example/huandu",
        "postgresql://huandu_owner@db.example/huandu?password=s3cret-synthetic",
        "host=db.example dbname=huandu user=huandu_owner password=s3cret-synthetic",
    ],
)
def test_a_dsn_with_a_password_is_refused_in_one_line_that_never_shows_it(
    huandu, monkeypatch, address
):
    for args in (("--store", address, "report"), ("--store", address, "list")):
        line = one_line_refusal(huandu(*args), "~/.pgpass", "PGPASSWORD")
        assert "s3cret" not in line
    monkeypatch.setenv("HUANDU_STORE", address)
    line = one_line_refusal(huandu("store", "init", lang="zh"), "~/.pgpass")
    assert "s3cret" not in line
    line = one_line_refusal(huandu("store", "copy", "--to", address))
    assert "s3cret" not in line


# ------------------------------------------------------------------------ setting the store up


def test_store_init_is_idempotent_and_its_sql_is_what_an_administrator_runs(
    huandu, cluster, dsn, monkeypatch
):
    monkeypatch.setenv("HUANDU_TODAY", TODAY)
    refused = huandu("--store", dsn, "update", CATTLE, "8万头")
    one_line_refusal(refused, "store init")
    first = ok(huandu("--store", dsn, "store", "init"))
    assert "0 → 1" in first.stdout
    again = ok(huandu("--store", dsn, "store", "init"))
    assert "up to date" in again.stdout
    assert query(dsn, "SELECT value FROM huandu_meta WHERE key = 'schema_version'") == [("1",)]
    # The SQL printed for an administrator makes the same store in another database.
    script = ok(huandu("store", "init", "--print-sql")).stdout
    assert script.startswith("-- huandu store schema, version 1") and "CREATE POLICY" in script
    other = cluster.database(f"by_hand_{os.getpid()}_{next(_numbers)}", OWNER)
    import psycopg

    with psycopg.connect(other, autocommit=True) as conn:
        conn.execute(script)
    assert ok(huandu("--store", other, "store", "init")).stdout.count("up to date") == 1
    ok(huandu("--store", other, "update", CATTLE, "8万头", "--date", "2024-05-31"))
    assert counts(other) == (1, 1)


def test_every_use_case_gives_the_same_answers_from_either_store(huandu, office, tmp_path):
    """The same commands on a SQLite home and on the server: the same reports, log and plans."""
    plan = tmp_path / "plan-b.toml"
    from huandu.store.locations import bundled_registry

    plan.write_text(
        bundled_registry()
        .read_text(encoding="utf-8")
        .replace(f'id = "{PLAN}"', 'id = "luoyang-huandu-2024-b"'),
        encoding="utf-8",
    )
    steps = [
        ("update", CATTLE, "7.2万头", "--date", "2024-05-31", "--note", "synthetic"),
        ("update", CATTLE, "+0.3万头", "--date", "2024-06-30"),
        ("update", GOAL, "2500", "--date", "2024-06-30", "--by", "偃师区市场监管局"),
        ("update", "yiyang.zhichuang-park", "50%", "--date", "2024-06-30"),
        ("update", "xinan.industrial-projects", "12", "--date", "2024-06-30"),
        ("undo",),
        ("plan", "add", str(plan)),
        ("--plan", PLAN, "update", "mengjin.cattle-industry", "5.5", "--date", "2024-07-31"),
    ]
    home = tmp_path / "sqlite-home"
    for step in steps:
        ok(huandu(*step))
    for step in steps:
        ok(huandu_sqlite(huandu, home, *step))
    views = [
        ("--plan", PLAN, "report", "--format", "json", "--as-of", "2024-07-31"),
        ("--plan", PLAN, "report", "--monthly", "--format", "json", "--as-of", "2024-07-15"),
        ("--plan", PLAN, "report", "--compare", "--format", "json"),
        ("--plan", PLAN, "show", CATTLE, "--format", "json"),
        ("plan", "list", "--format", "json"),
    ]
    for view in views[:3]:  # reports: the same text, to the byte
        assert ok(huandu(*view)).stdout == ok(huandu_sqlite(huandu, home, *view)).stdout, view
    for view in (*views[3:], ("--plan", PLAN, "log", "--format", "json")):
        server = json.loads(ok(huandu(*view)).stdout)
        sqlite = json.loads(ok(huandu_sqlite(huandu, home, *view)).stdout)
        assert logical(server) == logical(sqlite), view
    server_log = json.loads(ok(huandu("--plan", PLAN, "log", "--format", "json")).stdout)
    assert len(server_log) == 7
    assert {r["recorded_by"] for r in server_log} == {OWNER}
    # export and restore work against either store, and give the same entries
    exported = ok(huandu("export")).stdout
    assert exported.count("[[entry]]") == 7 and exported.count("[[plan]]") == 1
    restored = tmp_path / "restored-home"
    (tmp_path / "backup.toml").write_text(exported, encoding="utf-8")
    ok(huandu_sqlite(huandu, restored, "restore", str(tmp_path / "backup.toml")))
    assert _body(ok(huandu_sqlite(huandu, restored, "export")).stdout) == _body(exported)


def logical(data):
    """What a person reads, without when and by whom (or which OS user) it was written."""
    if isinstance(data, list):
        return [logical(item) for item in data]
    if isinstance(data, dict):
        moments = ("recorded_at", "recorded_by", "added_at", "added_by")
        return {k: logical(v) for k, v in data.items() if k not in moments}
    return data


def huandu_sqlite(huandu, home: Path, *args: str):
    """`huandu ARGS` on a SQLite home, whatever HUANDU_STORE says."""
    saved = os.environ.pop("HUANDU_STORE", None)
    try:
        return huandu("--home", str(home), *args)
    finally:
        if saved is not None:
            os.environ["HUANDU_STORE"] = saved


def _body(export: str) -> str:
    """An export without the moment it was written."""
    return "\n".join(line for line in export.splitlines() if not line.startswith("exported_at"))


# ------------------------------------------------------------------------ who did what


def test_each_entry_records_the_role_that_wrote_it_and_the_servers_time(
    huandu, office, monkeypatch
):
    ok(huandu("--store", as_role(office, YIYANG), "update", CATTLE, "7万头", "--date", "5月"))
    ok(huandu("--store", as_role(office, OFFICE), "update", GOAL, "2500", "--by", "小王"))
    ok(huandu("--store", as_role(office, YIYANG), "undo", "1", "--note", "typo"))
    rows = json.loads(ok(huandu("log", "--format", "json")).stdout)
    assert [(r["seq"], r["recorded_by"], r["by"]) for r in rows][1:] == [
        (2, OFFICE, "小王"),
        (3, YIYANG, rows[2]["by"]),
    ]
    assert rows[0]["recorded_by"] == YIYANG
    server_now = query(office, "SELECT now()")[0][0]
    for row in rows:
        at = __import__("datetime").datetime.fromisoformat(row["recorded_at"])
        assert abs((server_now - at).total_seconds()) < 60  # the server's clock, not TODAY's
    mine = json.loads(ok(huandu("log", "--by-role", YIYANG, "--format", "json")).stdout)
    assert [r["seq"] for r in mine] == [1, 3]
    since = server_now.date().isoformat()
    assert len(json.loads(ok(huandu("log", "--since", since, "--format", "json")).stdout)) == 3
    monkeypatch.setenv("COLUMNS", "200")
    assert YIYANG in ok(huandu("log")).stdout
    # a plan added by a desk names that desk's role, stamped with the server's time
    from huandu.store.locations import bundled_registry

    plan = Path(os.environ["HUANDU_HOME"]).parent / "plan-b.toml"
    text = bundled_registry().read_text(encoding="utf-8")
    plan.write_text(text.replace(f'id = "{PLAN}"', 'id = "luoyang-huandu-2024-b"'), "utf-8")
    ok(huandu("--store", as_role(office, OFFICE), "plan", "add", str(plan)))
    [added] = [p for p in json.loads(ok(huandu("plan", "list", "--format", "json")).stdout)
               if p["id"] == "luoyang-huandu-2024-b"]  # fmt: skip
    assert added["added_by"] == OFFICE
    at = __import__("datetime").datetime.fromisoformat(added["added_at"])
    assert abs((server_now - at).total_seconds()) < 60


# ------------------------------------------------------------------------ each county in its lane


def test_a_liaison_records_only_its_own_countys_goals(huandu, office):
    yiyang = as_role(office, YIYANG)
    ok(huandu("--store", yiyang, "update", CATTLE, "7万头", "--date", "2024-05-31"))
    before = counts(office)
    line = one_line_refusal(
        huandu("--store", yiyang, "update", GOAL, "2500", lang="zh"),
        "只能记录宜阳县的目标",
        "偃师区",
    )
    assert YIYANG in line
    one_line_refusal(huandu("--store", yiyang, "update", GOAL, "2500"), "Yiyang County")
    sheet = "目标编号,数值,日期\nyiyang.pepper-belt,2,2024-07-31\nyanshi.high-tech-enterprises,3,2024-07-31\n"
    path = Path(os.environ["HUANDU_HOME"]).parent / "sheet.csv"
    path.write_text(sheet, encoding="utf-8-sig")
    one_line_refusal(huandu("--store", yiyang, "import", str(path)), "Yanshi District")
    assert counts(office) == before  # nothing written, not even the 宜阳 row of the sheet
    ok(huandu("--store", as_role(office, YANSHI), "update", GOAL, "2500"))
    ok(huandu("--store", as_role(office, OFFICE), "import", str(path)))
    assert counts(office)[0] == before[0] + 3
    # a liaison cannot grant itself more, nor add a plan
    one_line_refusal(huandu("--store", yiyang, "store", "grant", YIYANG, "--office"))
    one_line_refusal(huandu("--store", yiyang, "undo", "2"))  # 偃师's record is not its to undo


def test_the_server_itself_refuses_what_a_role_may_not_do(huandu, office):
    """SQL issued directly with psycopg, as each role: the lanes, append-only and the stamps
    are the server's, not huandu's."""
    import psycopg

    ok(huandu("update", CATTLE, "7万头", "--date", "2024-05-31"))
    insert = (
        "INSERT INTO entries (seq, plan, action, target, value, unit, input, day, recorded_at,"
        " recorded_by) VALUES (%s, %s, 'record', %s, %s, %s, '', '2024-06-30',"
        " '2000-01-01T00:00:00Z', 'someone_else')"
    )
    with psycopg.connect(as_role(office, YIYANG), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(insert, (2, PLAN, GOAL, 2500.0, "户"))
        conn.execute(insert, (2, PLAN, CATTLE, 7.5, "万头"))  # its own county: allowed
        for statement in ("UPDATE entries SET note = 'x'", "DELETE FROM entries", "TRUNCATE entries",
                          "DELETE FROM lanes", "INSERT INTO plan_goals VALUES ('p', 'g', 'c')"):  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with psycopg.connect(as_role(office, OFFICE), autocommit=True) as conn:
        for statement in ("UPDATE entries SET note = 'x'", "DELETE FROM entries"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with psycopg.connect(office, autocommit=True) as conn:  # the owner: the triggers refuse
        for statement in (
            "UPDATE entries SET note = 'x'",
            "DELETE FROM entries",
            "TRUNCATE entries",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(statement)
    # the direct insert was stamped by the server, and a report brings its goal in step
    assert query(office, "SELECT recorded_by, recorded_at > '2001-01-01' FROM entries"
                 " WHERE seq = 2") == [(YIYANG, True)]  # fmt: skip
    [row] = [t for t in report(huandu)["targets"] if t["id"] == CATTLE]
    assert (row["current"], row["records"]) == (7.5, 2)
    assert query(office, "SELECT count(*) FROM stale_goals") == [(0,)]


# ------------------------------------------------------------------------ store copy


def test_store_copy_moves_a_home_keeping_seqs_and_checks_it(
    huandu, cluster, dsn, monkeypatch, tmp_path
):
    monkeypatch.setenv("HUANDU_TODAY", TODAY)
    home = Path(os.environ["HUANDU_HOME"])
    for step in (
        ("update", CATTLE, "7万头", "--date", "2024-05-31", "--note", "synthetic"),
        ("update", GOAL, "2500", "--date", "2024-06-30"),
        ("update", GOAL, "+500", "--date", "2024-07-31"),
        ("undo", "2"),
    ):
        ok(huandu(*step))
    copied = ok(huandu("store", "copy", "--to", dsn))
    assert "3 records, 1 undo" in copied.stdout and "digest" in copied.stdout
    assert _body(ok(huandu("--store", dsn, "export")).stdout) == _body(ok(huandu("export")).stdout)
    assert (
        ok(huandu("--store", dsn, "report", "--format", "json")).stdout
        == ok(huandu("report", "--format", "json")).stdout
    )
    # a second copy into the now full store is refused, and changes nothing
    before = counts(dsn)
    one_line_refusal(huandu("store", "copy", "--to", dsn), "empty")
    assert counts(dsn) == before
    # only the owner may load a history
    other = cluster.database(f"copy_{os.getpid()}_{next(_numbers)}", OWNER)
    ok(huandu("--store", other, "store", "init"))
    ok(huandu("--store", other, "store", "grant", OFFICE, "--office"))
    one_line_refusal(huandu("store", "copy", "--to", as_role(other, OFFICE)), "owner")
    assert counts(other) == (0, 0)
    assert home.joinpath("progress.sqlite3").exists()


def test_a_copy_that_does_not_check_out_leaves_the_database_as_it_was(
    huandu, cluster, dsn, monkeypatch
):
    """A digest that differs (here made to, after the entries went in) rolls the whole copy
    back: not even the schema is left."""
    import huandu.service as service

    monkeypatch.setenv("HUANDU_TODAY", TODAY)
    ok(huandu("update", CATTLE, "7万头", "--date", "2024-05-31"))
    real = service._export_digest

    def differing(store, moment):
        digest = real(store, moment)
        return digest[::-1] if type(store).__name__ == "PostgresStore" else digest

    monkeypatch.setattr(service, "_export_digest", differing)
    one_line_refusal(huandu("store", "copy", "--to", dsn), "does not match")
    assert query(dsn, "SELECT to_regclass('public.entries') IS NULL") == [(True,)]


# ------------------------------------------------------------------------ failures, one line each


def test_an_unreachable_server_or_a_wrong_password_is_one_line(huandu, cluster, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "wrong-synthetic-password")
    wrong = cluster.tcp_dsn("postgres")
    one_line_refusal(huandu("--store", wrong, "report"), "refused the login", "~/.pgpass")
    one_line_refusal(huandu("--store", wrong, "update", CATTLE, "1"), "password authentication")
    closed = f"host=127.0.0.1 port={pgserver.free_port()} dbname=x user=y"
    line = one_line_refusal(huandu("--store", closed, "update", CATTLE, "1"), "cannot reach")
    assert "refused" in line and "Nothing was written" in line
    # a read that cannot reach the server says so, without speaking of writing
    for args in (("report",), ("list",), ("log",)):
        line = one_line_refusal(huandu("--store", closed, *args, lang="zh"), "无法连接进度库")
        assert "写入" not in line
    line = one_line_refusal(huandu("--store", wrong, "log"), "refused the login")
    assert "written" not in line
    monkeypatch.setenv("PGPASSWORD", pgserver.PASSWORD)
    ok(huandu("--store", wrong, "info"))  # the password from PGPASSWORD, never from the DSN


# ------------------------------------------------------------------------ slow: many desks, crashes


def server_environment(tmp_path: Path, dsn: str) -> dict[str, str]:
    env = sqlite_environment(tmp_path / "home")
    env["HUANDU_STORE"] = dsn
    return env


def run(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("timeout", 120)
    return subprocess.run([sys.executable, "-m", "huandu", *args], env=env, text=True,
                          encoding="utf-8", check=False, **kwargs)  # fmt: skip


def succeeded(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def goal_row(env: dict[str, str], goal: str = GOAL) -> dict:
    data = json.loads(succeeded(run(env, "report", "--format", "json")).stdout)
    [row] = [t for t in data["targets"] if t["id"] == goal]
    return row


@pytest.mark.slow
def test_sixteen_desks_adding_one_at_once_through_the_server_lose_nothing(office, tmp_path):
    """Sixteen desks (half of them the 偃师 liaison, half the office) each run `update … +1
    --force` fifty times at the same moment: 800 of 800 land, figures 1 … 800 in order."""
    worker = tmp_path / "worker.py"
    worker.write_text(WORKER, encoding="utf-8")
    people, runs, every = 16, 50, 5
    started = time.monotonic()
    envs = [server_environment(tmp_path, as_role(office, YANSHI if i % 2 else OFFICE))
            for i in range(people)]  # fmt: skip
    ended = all_at_once(worker, envs, runs, every, timeout=300)
    elapsed = time.monotonic() - started
    results = []
    for returncode, out, err in ended:
        assert returncode == 0, err
        results.extend(json.loads(out))
    assert [r for r in results if r[1] != 0 or r[2]] == []
    assert len(results) == people * runs
    env = server_environment(tmp_path, office)
    log = json.loads(succeeded(run(env, "log", "--format", "json")).stdout)
    assert [e["value"] for e in log] == list(range(1, people * runs + 1))
    assert [e["seq"] for e in log] == list(range(1, people * runs + 1))
    assert {e["recorded_by"] for e in log} == {YANSHI, OFFICE}
    row = goal_row(env)
    assert (row["current"], row["records"]) == (people * runs, people * runs)
    print(f"\n800 updates through the server by 16 desks: {elapsed:.1f} s")
    assert elapsed < 180


@pytest.mark.slow
def test_a_client_killed_mid_transaction_leaves_nothing_half_written(office, tmp_path):
    """The update has appended its entry and waits to rewrite the goal's standings (held back by
    a lock the test takes); it is killed there. The server rolls back: no entry, no standing."""
    import psycopg

    env = server_environment(tmp_path, office)
    succeeded(run(env, "update", GOAL, "100", "--date", "2024-06-30"))
    before = counts(office)
    with psycopg.connect(office) as blocker:
        blocker.execute("LOCK TABLE standings IN SHARE MODE")
        proc = subprocess.Popen([sys.executable, "-m", "huandu", "update", GOAL, "+5",
                                 "--date", "2024-07-31"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            waiting = query(office, "SELECT count(*) FROM pg_stat_activity WHERE"
                            " application_name = 'huandu' AND wait_event_type = 'Lock'")  # fmt: skip
            if waiting[0][0] == 1:
                break
            assert proc.poll() is None and time.monotonic() < deadline, "the update never waited"
            time.sleep(0.05)
        inserted = query(office, "SELECT count(*) FROM pg_locks WHERE mode = 'RowExclusiveLock'"
                         " AND relation = 'entries'::regclass")  # fmt: skip
        assert inserted[0][0] >= 1  # its entry is in, uncommitted
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        blocker.rollback()
    deadline = time.monotonic() + 30
    while query(office, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'huandu'")[
        0
    ][0]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert counts(office) == before
    assert query(office, "SELECT count(*) FROM stale_goals") == [(0,)]
    assert goal_row(env)["current"] == 100
    succeeded(run(env, "update", GOAL, "+5", "--date", "2024-07-31"))
    assert goal_row(env)["current"] == 105


@pytest.mark.slow
def test_the_server_restarted_or_down_between_two_updates_loses_and_doubles_nothing(
    office, cluster, tmp_path
):
    env = server_environment(tmp_path, office)
    succeeded(run(env, "update", GOAL, "100", "--date", "2024-06-30"))
    cluster.restart()
    succeeded(run(env, "update", GOAL, "+5", "--date", "2024-07-31"))
    cluster.stop()
    try:
        down = run(env, "update", GOAL, "+5", "--date", "2024-08-31")
        assert down.returncode == 1 and "Traceback" not in down.stderr
        [line] = down.stderr.splitlines()
        assert "cannot reach" in line and "Nothing was written" in line
        report_down = run(env, "report")
        assert report_down.returncode == 1 and len(report_down.stderr.splitlines()) == 1
    finally:
        cluster.start()
    succeeded(run(env, "update", GOAL, "+5", "--date", "2024-08-31"))
    log = json.loads(succeeded(run(env, "log", "--format", "json")).stdout)
    assert [e["value"] for e in log] == [100, 105, 110]
    assert goal_row(env)["records"] == 3


@pytest.mark.slow
def test_store_copy_of_a_province_home_gives_the_same_report(cluster, tmp_path):
    """200,000 synthetic records of 157 counties (bench/bench.py's builder) copied into the
    server: the same `report --format json` from both stores, and `--monthly` too."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import bench

    province = bench.make_province(tmp_path / "province", 200_000)
    dsn = cluster.database(f"province_{os.getpid()}_{next(_numbers)}", OWNER)
    env = {**sqlite_environment(province), "HUANDU_TODAY": bench.TODAY}
    started = time.monotonic()
    copied = succeeded(run(env, "store", "copy", "--to", dsn, timeout=900))
    elapsed = time.monotonic() - started
    assert "200,000" in copied.stdout or "200000" in copied.stdout
    server = {**env, "HUANDU_STORE": dsn}
    for view in (("report", "--format", "json"), ("report", "--monthly", "--format", "json")):
        assert succeeded(run(server, *view)).stdout == succeeded(run(env, *view)).stdout, view
    print(f"\nstore copy of 200,000 records: {elapsed:.1f} s")
