"""Small things the test modules share: how a test looks at what a command did."""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path

STORE = "progress.sqlite3"


def missing_tool(why: str):
    """A test that needs a program that is not installed skips, saying why; where the tools were
    installed on purpose (`.ci/run` sets HUANDU_TEST_NEEDS_TOOLS=1) it fails instead, so CI never
    passes with the documents unlooked at."""
    import os

    import pytest

    if os.environ.get("HUANDU_TEST_NEEDS_TOOLS") == "1":
        pytest.fail(why)
    pytest.skip(why)


def ok(result):
    """A command that must succeed: exit 0, and no traceback anywhere in its output."""
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result


def store_path(home: Path) -> Path:
    return home / STORE


def entries(home: Path) -> list[dict]:
    """Every entry of the home's store as `huandu export` writes it (`[[entry]]` tables), oldest
    first: what a person reading the export would see. An absent store has none."""
    from huandu.service import Session

    pieces: list[str] = []
    session = Session(str(home))
    try:
        session.export(pieces.append)
    finally:
        session.close()  # as the command line does: no connection left open behind the test
    return tomllib.loads("".join(pieces)).get("entry", [])


def snapshot(home: Path) -> dict[str, bytes] | None:
    """The store's files, byte for byte (None when there is no store): a refusal must leave
    them exactly as they were. Reading a store never changes the database or its WAL."""
    path = store_path(home)
    if not path.exists():
        return None
    files = {}
    for suffix in ("", "-wal"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            files[suffix] = part.read_bytes()
    return files


def rows(home: Path, sql: str, *params) -> list[tuple]:
    """A query on the store, read-only (for the tests that look at the schema itself)."""
    uri = f"file:{store_path(home)}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        return conn.execute(sql, params).fetchall()


def assess_records(registry, records, retractions, as_of):
    """Every goal assessed from entries held in memory, as the store would give them: records
    that a retraction undid do not count. (For tests of the computation itself.)"""
    from huandu.domain.progress import assess_all, standings_as_of

    undone = {r.retracts for r in retractions}
    active = [r for r in records if r.seq not in undone]
    return assess_all(registry, standings_as_of(active, as_of), as_of)


def messages() -> dict[str, tuple[str, str]]:
    """Every message key with its Chinese and English text."""
    from huandu.i18n.en import MESSAGES as EN
    from huandu.i18n.zh import MESSAGES as ZH

    return {key: (ZH[key], EN.get(key, "")) for key in ZH} | {
        key: (ZH.get(key, ""), EN[key]) for key in EN if key not in ZH
    }


def problem_lines(error) -> list[str]:
    """A registry's problems as `huandu validate` prints them (in the current language)."""
    from huandu.i18n import problem_line

    return [problem_line(p) for p in error.problems]
