"""Who did what: every entry records who wrote it into the store and when, beside who reported it
(`--by`); `huandu log --since DAY --by-role ROLE` answers "what changed since the last 通报".

In a SQLite home the writer is the OS user (a database server records its role:
tests/test_postgres.py). Every figure here is synthetic.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sqlite3

import pytest
import tomli_w

from helpers import entries, ok, rows, store_path
from huandu.store.sqlite import MIGRATIONS, SCHEMA_VERSION, _statements

PLAN = "luoyang-huandu-2024"
GOAL = "yiyang.beef-cattle"


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")


def log_json(huandu, *args: str) -> list[dict]:
    return json.loads(ok(huandu("log", "--format", "json", *args)).stdout)


def export_file(path, records: list[dict]) -> None:
    """An export (format 3) of synthetic records, as `huandu export` writes them."""
    head = {"export": {"format": 3, "huandu": "test", "exported_at": dt.datetime(2024, 7, 1)}}
    text = tomli_w.dumps(head)
    for fields in records:
        text += "\n" + tomli_w.dumps({"entry": [fields]})
    path.write_text(text, encoding="utf-8")


def record(seq: int, value: float, at: dt.datetime, writer: str) -> dict:
    return {"seq": seq, "plan": PLAN, "action": "record", "target": GOAL, "value": value,
            "unit": "万头", "input": f"{value}万头", "date": dt.date(2024, 5, 31), "note": "",
            "source": "", "by": "县农业农村局", "recorded_at": at,
            "recorded_by": writer}  # fmt: skip


CST = dt.timezone(dt.timedelta(hours=8))


def test_each_entry_records_the_os_user_who_wrote_it_beside_who_reported_it(huandu, home):
    ok(huandu("update", "肉牛", "8万头", "--date", "2024-05-31", "--by", "宜阳县农业农村局"))
    ok(huandu("undo", "--by", "小王"))
    [first, undo] = log_json(huandu)
    user = getpass.getuser()
    assert (first["by"], first["recorded_by"]) == ("宜阳县农业农村局", user)
    assert (undo["by"], undo["recorded_by"]) == ("小王", user)
    assert dt.datetime.fromisoformat(first["recorded_at"]).tzinfo is not None
    assert [row[0] for row in rows(home, "SELECT recorded_by FROM entries")] == [user, user]
    table = ok(huandu("log")).stdout
    assert "Recorded" in table and user in table
    assert "录入" in ok(huandu("log", lang="zh")).stdout


def test_log_since_a_day_and_by_a_role_lists_what_changed_since_the_last_report(huandu, tmp_path):
    export_file(
        tmp_path / "backup.toml",
        [
            record(1, 7.0, dt.datetime(2024, 5, 31, 18, 0, tzinfo=CST), "liaison_yiyang"),
            record(2, 7.5, dt.datetime(2024, 6, 1, 0, 5, tzinfo=CST), "liaison_yiyang"),
            record(3, 7.6, dt.datetime(2024, 6, 3, 9, 0, tzinfo=CST), "office_desk"),
        ],
    )
    ok(huandu("restore", str(tmp_path / "backup.toml")))
    assert [r["seq"] for r in log_json(huandu, "--since", "2024-06-01")] == [2, 3]
    assert [r["seq"] for r in log_json(huandu, "--by-role", "liaison_yiyang")] == [1, 2]
    since_by = log_json(huandu, "--since", "2024年6月1日", "--by-role", "liaison_yiyang")
    assert [(r["seq"], r["recorded_by"]) for r in since_by] == [(2, "liaison_yiyang")]
    assert log_json(huandu, "--since", "2024-06-04") == []
    refused = huandu("log", "--since", "last Tuesday")
    assert refused.exit_code == 1 and len(refused.stderr.splitlines()) == 1
    # the export keeps who wrote each entry, so a restore of it gives the same log
    assert [e.get("recorded_by") for e in entries(tmp_path / "home")] == [
        "liaison_yiyang",
        "liaison_yiyang",
        "office_desk",
    ]


def test_a_version_3_store_is_migrated_and_its_entries_keep_an_empty_writer(huandu, home):
    """A store made before entries recorded their writer: migrated in place (a new version in
    MIGRATIONS), its entries kept as they were with no writer, the next one with the OS user."""
    assert SCHEMA_VERSION == 4 and sorted(MIGRATIONS) == [1, 2, 3, 4]
    conn = sqlite3.connect(store_path(home), isolation_level=None)
    for version in (1, 2, 3):
        for statement in _statements(MIGRATIONS[version]):
            conn.execute(statement)
    conn.execute(
        "INSERT INTO entries (seq, plan, action, target, value, unit, input, day, recorded_at)"
        " VALUES (1, ?, 'record', ?, 7.0, '万头', '7万头', '2024-05-31',"
        " '2024-05-31T18:00:00+08:00')",
        (PLAN, GOAL),
    )
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    ok(huandu("update", "肉牛", "7.5万头", "--date", "2024-06-30"))
    assert rows(home, "PRAGMA user_version") == [(4,)]
    assert [r["recorded_by"] for r in log_json(huandu)] == ["", getpass.getuser()]
    assert "recorded_by" not in entries(home)[0]  # nothing said where nothing was known


def test_every_log_key_is_documented_in_the_readme():
    from conftest import REPO
    from huandu.domain.history import LOG_KEYS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("- `huandu log --format json`") :][:1200]
    assert [key for key in LOG_KEYS if f"`{key}`" not in section] == []


def test_the_log_fits_an_80_column_terminal_with_who_wrote_each_entry_and_its_status(
    huandu, home, monkeypatch
):
    """Nine facts of an entry, a long Chinese reporter among them: nothing is cut off at the
    right edge, the role stays whole under the moment, the status is there for every entry."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    reporter = "宜阳县农业农村局畜牧发展股（合成）"
    ok(huandu("update", GOAL, "8万头", "--date", "2024-05-31", "--by", reporter,
              "--note", "月报数据（合成）", "--source", "县统计月报"))  # fmt: skip
    ok(huandu("update", GOAL, "8.3万头", "--date", "2024-06-30"))
    ok(huandu("undo"))
    for lang, statuses in (("zh", ("有效", "已撤销(#3)", "撤销")), ("en", ("active", "undone"))):
        out = ok(huandu("log", lang=lang)).stdout
        lines = out.splitlines()
        assert max(cell_len(line) for line in lines) <= 80, out
        assert [s for s in statuses if s in out] == list(statuses), out
        assert any(line.strip().endswith(getpass.getuser()) or getpass.getuser() in line
                   for line in lines), out  # fmt: skip
    # With no note or source anywhere, those columns are left out, and the room goes to the goal.
    monkeypatch.setenv("HUANDU_HOME", str(home.parent / "other"))
    ok(huandu("update", GOAL, "8万头", "--date", "2024-05-31"))
    out = ok(huandu("log", lang="zh")).stdout
    assert "备注" not in out and "来源" not in out and GOAL in out
