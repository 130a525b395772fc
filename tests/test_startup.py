"""`huandu report` starts quickly: it imports and builds nothing a table report does not use.

Every module-level import, `re.compile` or `@dataclass` on the report path is paid by every run
(README "Performance"); these tests run a real report in a fresh interpreter and look at what it
loaded. Progress values here are synthetic.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ok

CHILD = """
import sys
import typer, rich.console, rich.table  # the floor the benchmark compares against
import dataclasses

created = []
original = dataclasses.dataclass


def spy(cls=None, /, **options):
    def wrap(c):
        created.append(f"{c.__module__}.{c.__qualname__}")
        return original(**options)(c)

    return wrap if cls is None else wrap(cls)


dataclasses.dataclass = spy
before = set(sys.modules)
from huandu.cli import main

try:
    main(sys.argv[1:])
except SystemExit as exit:
    assert not exit.code, exit.code
print("modules:", *sorted(set(sys.modules) - before), file=sys.stderr)
print("dataclasses:", *created, file=sys.stderr)
"""


def loaded_by(home: Path, *args: str) -> tuple[set[str], list[str]]:
    """The modules a fresh `huandu ARGS` imports after the floor, and the dataclasses it creates."""
    env = {**os.environ, "HUANDU_HOME": str(home), "HUANDU_TODAY": "2024-06-30", "NO_COLOR": "1"}
    run = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and run.stdout.strip()
    lines = dict(line.split(":", 1) for line in run.stderr.splitlines() if ":" in line)
    return set(lines["modules"].split()), lines["dataclasses"].split()


def test_a_table_report_loads_no_module_it_does_not_use(huandu, home):
    ok(huandu("update", "肉牛", "3", "--date", "2024-05-31"))  # a journal, and its index
    modules, _ = loaded_by(home, "report")
    assert "huandu.domain.progress" in modules  # the report really ran
    assert (
        not {"json", "csv", "calendar", "huandu.domain.monthly", "huandu.domain.compare"} & modules
    )


@pytest.mark.parametrize("view", [(), ("--monthly",), ("--compare",)])
def test_a_report_creates_no_dataclass(huandu, home, view):
    ok(huandu("update", "肉牛", "3", "--date", "2024-05-31"))
    _, created = loaded_by(home, "report", *view)
    assert [name for name in created if name.startswith("huandu.")] == []
