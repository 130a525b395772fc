"""The progress store as a user meets it: created by the first figure, migrated from huandu 0.1,
exported and restored as plain text, and never tricked into running or trusting what is planted.

Every figure here is synthetic.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
import tomli_w

from helpers import entries, ok, rows, snapshot, store_path
from huandu.store.sqlite import SCHEMA_VERSION, network_filesystem
from huandu.store.toml_journal import legacy_checksum

PLAN = "luoyang-huandu-2024"


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUANDU_TODAY", "2024-06-30")


def report(huandu, *args: str) -> dict:
    return json.loads(ok(huandu("report", "--format", "json", *args)).stdout)


# --------------------------------------------------------------------------- a fresh home


def test_reading_a_fresh_home_creates_nothing(huandu, home):
    for args in (("list",), ("report",), ("log",), ("info",), ("report", "--monthly")):
        ok(huandu(*args))
    assert not store_path(home).exists()


def test_the_first_figure_creates_the_store_and_says_where_once(huandu, home):
    first = ok(huandu("update", "肉牛", "8万头", "--date", "2024-05-31"))
    assert str(home) in first.stderr and "progress.sqlite3" in first.stderr
    second = ok(huandu("update", "肉牛", "8.5万头", "--date", "2024-06-30"))
    assert second.stderr == ""
    [(version,)] = rows(home, "PRAGMA user_version")
    assert version == SCHEMA_VERSION
    [(mode,)] = rows(home, "PRAGMA journal_mode")
    assert mode == "wal"  # readers never block a writer; a commit is fsynced to the WAL
    meta = dict(rows(home, "SELECT key, value FROM meta"))
    assert meta["created_by"].startswith("huandu ")


def test_a_store_made_by_a_newer_huandu_is_refused_in_one_line(huandu, home):
    ok(huandu("update", "肉牛", "8万头", "--date", "2024-05-31"))
    with sqlite3.connect(store_path(home)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    result = huandu("report")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "newer huandu" in line and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- huandu 0.1


def legacy_journal(path: Path, records: list[dict]) -> bytes:
    """A progress.toml as huandu 0.1 wrote it: a [journal] table, then [[entry]] tables each
    ending with the CRC `check` of its fields."""
    text = (
        "# huandu 进度记录 / progress journal. Append-only: correct a figure with `huandu undo`, "
        "not by\n# editing it here. Each [[entry]] ends with a check; huandu verifies it when "
        "reading.\n[journal]\nformat = 1\n"
    )
    for fields in records:
        fields = dict(fields)
        fields["check"] = legacy_checksum(fields)
        text += "\n" + tomli_w.dumps({"entry": [fields]})
    data = text.encode("utf-8")
    path.write_bytes(data)
    return data


AT = dt.datetime(2024, 6, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
OLD = [
    {"seq": 1, "action": "record", "target": "yiyang.beef-cattle", "value": 7.2, "unit": "万头",
     "input": "7.2万头", "date": dt.date(2024, 4, 30), "note": "四月", "source": "县农业农村局",
     "by": "小王", "recorded_at": AT},
    {"seq": 2, "action": "record", "target": "yiyang.beef-cattle", "value": 80, "unit": "万头",
     "input": "80万头", "date": dt.date(2024, 5, 31), "note": "", "source": "", "by": "小王",
     "recorded_at": AT},
    {"seq": 3, "action": "undo", "retracts": 2, "note": "typo", "by": "小王", "recorded_at": AT},
    {"seq": 4, "action": "record", "target": "xinan.coal-to-gas", "value": 50, "stage": "推进中",
     "input": "推进中", "date": dt.date(2024, 5, 31), "note": "", "source": "", "by": "小李",
     "recorded_at": AT},
]  # fmt: skip


def test_a_home_of_huandu_0_1_is_migrated_on_first_use_and_the_old_file_kept(huandu, home):
    old = legacy_journal(home / "progress.toml", OLD)
    result = ok(huandu("report", "--format", "json"))
    [line] = result.stderr.splitlines()
    assert "Moved 3 records and 1 undo" in line and "progress.toml" in line
    assert (home / "progress.toml").read_bytes() == old  # kept, untouched
    stored = entries(home)
    assert [e["seq"] for e in stored] == [1, 2, 3, 4]
    assert {e["plan"] for e in stored} == {PLAN}
    assert stored[0]["note"] == "四月" and stored[0]["source"] == "县农业农村局"
    assert stored[2] == {
        **stored[2],
        "action": "undo",
        "retracts": 2,
        "target": "yiyang.beef-cattle",
    }
    beef = {t["id"]: t for t in json.loads(result.stdout)["targets"]}["yiyang.beef-cattle"]
    assert beef["current"] == 7.2  # the undone 80 万头 does not count
    assert ok(huandu("report")).stderr == ""  # said once


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda text: text.replace('note = "四月"', 'note = "五月"'), "fails its check"),
        (lambda text: text[: text.rindex("recorded_at")], "fails its check"),
        (lambda text: text.replace("value = 7.2", "value = 1" + "0" * 30), "fails its check"),
    ],
    ids=["edited by hand", "cut short by a crash", "an oversized integer"],
)
def test_a_journal_that_fails_its_checks_is_not_migrated_and_the_line_is_named(
    huandu, home, damage, reason
):
    legacy_journal(home / "progress.toml", OLD)
    journal = home / "progress.toml"
    text = damage(journal.read_text("utf-8"))
    journal.write_text(text, "utf-8")
    for _ in range(2):  # and again: nothing half-migrated makes the second run pass
        result = huandu("report")
        assert result.exit_code == 1
        [line] = result.stderr.splitlines()
        assert "progress.toml:" in line and reason in line
        assert "Traceback" not in result.stderr
    assert not store_path(home).exists()
    assert journal.read_text("utf-8") == text


# --------------------------------------------------------------------------- plain text


def test_an_export_restored_into_a_new_home_gives_the_same_store(huandu, home, tmp_path):
    ok(huandu("update", "肉牛", "7万头", "--date", "2024-04-30", "--note", "四月"))
    ok(huandu("update", "辣椒", "+2万亩", "--date", "2024-05-31"))
    ok(huandu("undo"))
    ok(huandu("update", "三清两建", "推进中", "--date", "2024-05-31"))
    exported = ok(huandu("export")).stdout
    assert exported.startswith("# huandu:") and "[[entry]]" in exported
    backup = tmp_path / "备份.toml"
    saved = ok(huandu("export", "--output", str(backup)))
    assert "3 records and 1 undo" in saved.stderr
    other = tmp_path / "other"
    restored = ok(huandu("--home", str(other), "restore", str(backup)))
    assert "3 records and 1 undo" in restored.stdout
    assert entries(other) == entries(home)
    assert report(huandu, "--as-of", "6月") == json.loads(
        ok(huandu("--home", str(other), "report", "--format", "json", "--as-of", "6月")).stdout
    )


def test_restore_refuses_a_store_that_already_holds_records(huandu, home, tmp_path):
    ok(huandu("update", "肉牛", "7万头", "--date", "2024-04-30"))
    backup = tmp_path / "b.toml"
    ok(huandu("export", "--output", str(backup)))
    before = snapshot(home)
    result = huandu("restore", str(backup))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "already holds records" in line
    assert snapshot(home) == before


def test_a_damaged_export_is_refused_naming_its_line(huandu, home, tmp_path):
    source = tmp_path / "a"
    ok(huandu("--home", str(source), "update", "肉牛", "7万头", "--date", "2024-04-30"))
    text = ok(huandu("--home", str(source), "export")).stdout
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace("value = 7", "value = -7"), "utf-8")
    result = huandu("restore", str(broken))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    line_of_entry = text.splitlines().index("[[entry]]") + 1
    assert f"broken.toml:{line_of_entry}:" in line and "value" in line
    assert not store_path(home).exists()


# --------------------------------------------------------------------------- what others write


def test_an_entry_another_program_appended_is_counted(huandu, home):
    ok(huandu("update", "肉牛", "7万头", "--date", "2024-04-30"))
    with sqlite3.connect(store_path(home)) as conn:
        conn.execute(
            "INSERT INTO entries (seq, plan, action, target, value, unit, input, day, recorded_at)"
            " VALUES (2, ?, 'record', 'yiyang.beef-cattle', 8.5, '万头', '8.5万头', '2024-05-31',"
            " '2024-06-01T10:00:00+08:00')",
            (PLAN,),
        )
    beef = {t["id"]: t for t in report(huandu)["targets"]}["yiyang.beef-cattle"]
    assert (beef["current"], beef["records"]) == (8.5, 2)


def test_nothing_planted_in_the_home_is_ever_unpickled(huandu, home, tmp_path):
    """huandu 0.1 cached registries as pickles in <home>/.index/: a planted one ran code."""
    import pickle

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (Path.write_text, (marker, "pwned"))

    for folder in (home / ".index", home / "cache"):
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("registry.pickle", "registry-0.pickle", "journal.sqlite3"):
            (folder / name).write_bytes(pickle.dumps(Payload()))
    ok(huandu("list"))
    ok(huandu("update", "肉牛", "7万头", "--date", "2024-04-30"))
    ok(huandu("report"))
    assert not marker.exists()


def test_a_damaged_registry_cache_is_passed_over(huandu, home):
    ok(huandu("update", "肉牛", "7万头", "--date", "2024-04-30"))
    [cache] = (home / "cache").glob("registry-*.json")
    cache.write_text('{"stamp": "' + "x" * 10 + '", "registry": [[[', "utf-8")
    assert report(huandu)["plan"]["id"] == PLAN
    cache.write_text("not json at all \x00", "utf-8")
    assert len(report(huandu)["targets"]) == 30


# --------------------------------------------------------------------------- network shares

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:40 / /mnt/share rw,relatime shared:9 - nfs4 server:/export rw,vers=4.2
31 22 0:41 / /mnt/office\\040files rw - cifs //server/office rw
32 30 8:2 / /mnt/share/local rw - ext4 /dev/sdb1 rw
"""


@pytest.mark.parametrize(
    ("folder", "kind"),
    [
        ("/home/me/huandu", None),
        ("/mnt/share/huandu", "nfs4"),
        ("/mnt/office files/台账", "cifs"),
        ("/mnt/share/local/huandu", None),  # a local disk mounted inside the share
        ("/mnt/shared", None),  # a sibling, not inside /mnt/share
    ],
)
def test_a_home_on_a_network_share_is_recognised(folder, kind):
    assert network_filesystem(Path(folder), MOUNTINFO) == kind


def test_a_network_share_is_warned_about_and_written_without_wal(huandu, home, monkeypatch):
    import huandu.store.sqlite as sqlite_store

    monkeypatch.setattr(sqlite_store, "network_filesystem", lambda folder, mountinfo=None: "nfs4")
    result = ok(huandu("update", "肉牛", "7万头", "--date", "2024-04-30"))
    warning = [line for line in result.stderr.splitlines() if "network share" in line]
    assert len(warning) == 1 and "nfs4" in warning[0] and "locks" in warning[0]
    [(mode,)] = rows(home, "PRAGMA journal_mode")
    assert mode == "delete"
    assert len(entries(home)) == 1
