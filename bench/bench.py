"""Benchmark: start-up and scale of huandu, measured as whole processes.

Run from the repository with huandu installed:

    python bench/bench.py [--runs N] [--records N] [--output FILE]

It builds two homes in a temporary folder, both with SYNTHETIC data (no figure is a real
county's):

- seed:     the bundled registry (5 counties, 30 goals) and 500 records;
- province: 157 counties x 20 goals (3,140 goals) and 200,000 records (a figure a month for
            every goal over five years), loaded through the store as `huandu restore` does.

Every comparison runs its two commands in turn, A B A B ..., `--runs` times each (15 by default)
after a warm-up, and reports both medians and the median of the pairwise ratios, so a drift of
the machine's speed during the run moves both sides alike. Peak memory is the largest resident
set of one process (`wait4`). The floor is `python -c "import typer, rich.console, rich.table"`,
what any Typer and Rich program pays before doing anything. The table goes to bench/RESULTS.md
with the machine it ran on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
TODAY = "2028-12-31"  # pinned "today", so five years of monthly figures are all in the past
SEED_TODAY = "2024-12-31"
FLOOR = [sys.executable, "-c", "import typer, rich.console, rich.table"]


def huandu_command() -> list[str]:
    script = Path(sys.executable).with_name("huandu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "huandu"]


# ------------------------------------------------------------------------ the homes


def write_province_registry(path: Path, counties: int, goals: int) -> list[tuple[str, bool]]:
    """A SYNTHETIC registry of a province's counties; returns (goal id, is milestone)."""
    lines = [
        "# SYNTHETIC province-scale registry for benchmarking; not a real plan.",
        "[plan]",
        'id = "bench-province"',
        'title = "基准测试：全省县域目标（合成数据）"',
        "year = 2024",
        "start = 2024-01-01",
        "end = 2028-12-31",
        'source = "synthetic benchmark data"',
        "",
    ]
    for c in range(1, counties + 1):
        lines += [
            "[[county]]",
            f'id = "c{c:03d}"',
            f'name = "合成县{c:03d}"',
            f'short = "合成{c:03d}"',
            f'aliases = ["hecheng{c:03d}"]',
            'positioning = "合成数据"',
            "",
        ]
    ids = []
    for c in range(1, counties + 1):
        for g in range(1, goals + 1):
            goal_id = f"c{c:03d}.goal-{g:02d}"
            milestone = g % 5 == 0
            ids.append((goal_id, milestone))
            lines += [
                "[[target]]",
                f'id = "{goal_id}"',
                f'county = "c{c:03d}"',
                f'title = "合成目标{c:03d}-{g:02d}"',
                'category = "产业"',
                f'kind = "{"milestone" if milestone else "quantity"}"',
            ]
            if not milestone:
                lines += [f"target = {10 + g}", 'unit = "亿元"']
            lines += ['quote = "synthetic"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return ids


#: Units of things counted one by one (户, 家, 个…): their figures are whole numbers.
WHOLE_UNITS = frozenset({"户", "家", "个", "项", "人", "头", "只"})


def synthetic_records(plan: str, goals: list[tuple[str, bool, str | None]], count: int):
    """`count` SYNTHETIC records: a figure on the 28th of each month, goal after goal, growing."""
    from huandu.domain.entries import Record

    stamp = dt.datetime(2029, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    seq = 0
    month = 0
    while seq < count:
        year, m = divmod(month, 12)
        day = dt.date(2024 + year % 5, m + 1, 28)
        for goal_id, milestone, unit in goals:
            if seq >= count:
                break
            seq += 1
            if milestone:
                value = min(100, month * 2)
                stage = "推进中" if value < 100 else "已完成"
                yield Record(seq, plan, goal_id, value, day, stamp, None, stage, str(value),
                             "synthetic", "bench", "bench")  # fmt: skip
            else:
                value = round(0.3 * (month + 1), 2)
                if unit in WHOLE_UNITS:  # households, enterprises: a whole number of them
                    value = month + 1
                yield Record(seq, plan, goal_id, value, day, stamp, unit, None, str(value),
                             "synthetic", "bench", "bench")  # fmt: skip
        month += 1


def make_homes(root: Path, province_records: int) -> tuple[Path, Path]:
    from huandu.service import Session
    from huandu.store.locations import bundled_registry

    seed = root / "seed"
    seed.mkdir()
    session = Session(str(seed), str(bundled_registry()))
    registry = session.registry()
    goals = [(t.id, t.is_milestone, t.unit.symbol if t.unit else None) for t in registry.targets]
    records = list(synthetic_records(registry.plan.id, goals, 500))
    # the seed home's figures fall in 2024: spread them over its twelve months
    records = [r._replace(date=r.date.replace(year=2024)) for r in records]
    session.store().load(records)
    session.close()

    return seed, make_province(root / "province", province_records)


def make_province(province: Path, records: int) -> Path:
    """The province home: 157 counties x 20 goals and `records` SYNTHETIC records in its SQLite
    store, loaded as `huandu restore` does (also what tests/test_postgres.py copies)."""
    from huandu.service import Session

    province.mkdir(parents=True)
    ids = write_province_registry(province / "targets.toml", 157, 20)
    session = Session(str(province))
    plan = session.registry().plan.id
    goals = [(goal_id, milestone, None if milestone else "亿元") for goal_id, milestone in ids]
    session.store().load(synthetic_records(plan, goals, records))
    session.close()
    return province


# ------------------------------------------------------------------------ timing


class Run(NamedTuple):
    seconds: float
    peak_mb: float


def run(cmd: list[str], env: dict[str, str]) -> Run:
    """One whole process: its wall time and peak resident memory."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"command failed ({code}): {' '.join(cmd)}\n{err}")
    return Run(elapsed, usage.ru_maxrss / 1024)


class Stats(NamedTuple):
    median: float
    low: float
    high: float
    peak_mb: float

    def text(self) -> str:
        return f"{self.median * 1000:.0f} ms ({self.low * 1000:.0f}–{self.high * 1000:.0f})"


def stats(runs: list[Run]) -> Stats:
    times = [r.seconds for r in runs]
    return Stats(statistics.median(times), min(times), max(times), max(r.peak_mb for r in runs))


class Pair(NamedTuple):
    a: Stats
    b: Stats
    ratio: float  # median of the pairwise ratios a/b


def pair(a: tuple[list[str], dict], b: tuple[list[str], dict], runs: int, warmup: int = 1) -> Pair:
    """A and B in turn, A B A B ...; the ratio is the median of each pair's a/b."""
    for _ in range(warmup):
        run(*a)
        run(*b)
    ra, rb = [], []
    for _ in range(runs):
        ra.append(run(*a))
        rb.append(run(*b))
    ratios = [x.seconds / y.seconds for x, y in zip(ra, rb, strict=True)]
    return Pair(stats(ra), stats(rb), statistics.median(ratios))


def postgres_case(hd: list[str], prov_env: dict, root: Path, runs: int) -> tuple | None:
    """The province home copied into a throw-away PostgreSQL cluster on loopback
    (tests/pgserver.py), then the same report from both stores, interleaved. None (the case
    left out) without the server binaries."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    import pgserver

    if pgserver.server_bin() is None:
        print("no PostgreSQL server binaries: the PostgreSQL case is left out", file=sys.stderr)
        return None
    # Its own temporary folder: the server runs as an unprivileged user where the bench runs as
    # root, and the bench's folder is private.
    with pgserver.running() as cluster:
        cluster.role("huandu_owner")
        dsn = cluster.database("province", "huandu_owner")
        copied = run([*hd, "store", "copy", "--to", dsn], prov_env)
        pg_env = {**prov_env, "HUANDU_STORE": dsn}
        report = [*hd, "report", "--format", "json"]
        return copied, pair((report, pg_env), (report, prov_env), runs)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}; "
        f"Python {platform.python_version()}"
    )


# ------------------------------------------------------------------------ the run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each side of a pair")
    parser.add_argument("--records", type=int, default=200_000, help="province records")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # the child that builds
    args = parser.parse_args()
    if args.build is not None:
        make_homes(args.build, args.records)
        return

    started = time.perf_counter()
    hd = huandu_command()
    root = Path(tempfile.mkdtemp(prefix="huandu-bench-"))
    try:
        t0 = time.perf_counter()
        # Built by a child process: a process forked from this one would count this one's
        # memory (the generated records) in its own peak.
        subprocess.run(
            [sys.executable, __file__, "--build", str(root), "--records", str(args.records)],
            check=True,
        )
        seed, province = root / "seed", root / "province"
        generated = time.perf_counter() - t0
        base = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
        for name in ("HUANDU_REGISTRY", "HUANDU_PLAN", "HUANDU_STORE", "HUANDU_LANG"):
            base.pop(name, None)
        # Users' Pythons cache bytecode; a developer shell with this set would time compiling.
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        seed_env = {**base, "HUANDU_HOME": str(seed), "HUANDU_TODAY": SEED_TODAY}
        prov_env = {**base, "HUANDU_HOME": str(province), "HUANDU_TODAY": TODAY}

        # Cold paths: the first run of a home whose registry has not been seen (parsed and
        # validated, then cached), and the first update of the province.
        cold = {
            "province `report --format json`, registry not yet cached": run(
                [*hd, "report", "--format", "json"], prov_env
            ),
            "seed `report`, registry not yet cached": run([*hd, "report"], seed_env),
        }
        shutil.rmtree(province / "cache", ignore_errors=True)
        cold["province `update`, registry not yet cached"] = run(
            [
                *hd,
                "update",
                "c002.goal-01",
                "+1",
                "--force",
                "--note",
                "bench (each run another figure)",
            ],
            prov_env,
        )

        floor = (FLOOR, base)
        version = pair(([*hd, "--version"], seed_env), floor, args.runs)
        listing = pair(([*hd, "list"], seed_env), floor, args.runs)
        report = pair(([*hd, "report"], seed_env), floor, args.runs)
        json_scale = pair(
            ([*hd, "report", "--format", "json"], prov_env),
            ([*hd, "report", "--format", "json"], seed_env),
            args.runs,
        )
        monthly = pair(
            ([*hd, "report", "--monthly", "--format", "json"], prov_env),
            ([*hd, "report", "--format", "json"], prov_env),
            args.runs,
        )
        table = pair(
            ([*hd, "report"], prov_env), ([*hd, "report", "--format", "json"], prov_env), args.runs
        )
        update = pair(
            (
                [
                    *hd,
                    "update",
                    "c001.goal-01",
                    "+1",
                    "--force",
                    "--note",
                    "bench (each run another figure)",
                ],
                prov_env,
            ),
            (
                [
                    *hd,
                    "update",
                    "yanshi.new-market-entities",
                    "+1",
                    "--force",
                    "--note",
                    "bench (each run another figure)",
                ],
                seed_env,
            ),
            args.runs,
        )
        log = stats([run([*hd, "log", "--format", "json"], prov_env) for _ in range(3)])
        server = postgres_case(hd, prov_env, root, args.runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    report_peak = max(json_scale.a.peak_mb, monthly.a.peak_mb, table.a.peak_mb)
    worst_cold = max(r.seconds for r in cold.values())
    rows = [
        ("`huandu --version` / floor", f"{version.a.text()} / {version.b.text()}",
         version.ratio, "≤ 1.3×", version.ratio <= 1.3),
        ("`huandu list` (seed) / floor", f"{listing.a.text()} / {listing.b.text()}",
         listing.ratio, "≤ 1.6×", listing.ratio <= 1.6),
        ("`huandu report` (seed) / floor", f"{report.a.text()} / {report.b.text()}",
         report.ratio, "≤ 1.6×", report.ratio <= 1.6),
        ("`report --format json`: province / seed", f"{json_scale.a.text()} / {json_scale.b.text()}",
         json_scale.ratio, "≤ 4×", json_scale.ratio <= 4),
        ("province: `report --monthly --format json` / `report --format json`",
         f"{monthly.a.text()} / {monthly.b.text()}", monthly.ratio, "≤ 2×", monthly.ratio <= 2),
        ("province: `report` (table) / `report --format json`",
         f"{table.a.text()} / {table.b.text()}", table.ratio, "≤ 2×", table.ratio <= 2),
        ("`update … +1`: province / seed", f"{update.a.text()} / {update.b.text()}",
         update.ratio, "≤ 1.3×", update.ratio <= 1.3),
        ("province `log --format json`: peak memory", f"{log.peak_mb:.0f} MB ({log.text()})",
         None, "< 150 MB", log.peak_mb < 150),
        ("peak memory of any province report (json, monthly, table)", f"{report_peak:.0f} MB",
         None, "< 200 MB", report_peak < 200),
        ("slowest cold path", f"{worst_cold * 1000:.0f} ms", None, "< 1 s", worst_cold < 1),
    ]  # fmt: skip
    if server is not None:
        copied, pg = server
        rows += [
            ("province `report --format json`: PostgreSQL store (loopback) / SQLite store",
             f"{pg.a.text()} / {pg.b.text()}", pg.ratio, "≤ 2×", pg.ratio <= 2),
            ("`store copy --to` of the province home into an empty PostgreSQL store",
             f"{copied.seconds:.1f} s", None, "< 60 s", copied.seconds < 60),
        ]  # fmt: skip
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `python bench/bench.py` "
        f"on: {machine()}.",
        "",
        f"Each comparison ran its two commands in turn (A B A B …), {args.runs} times each after a "
        "warm-up; times are whole processes, median (min–max); the ratio is the median of the "
        'pairwise ratios. The floor is `python -c "import typer, rich.console, rich.table"`. '
        "All data is synthetic.",
        "",
        "| measure | A / B | ratio | goal | met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, measured, value, goal, met in rows:
        ratio_text = f"{value:.2f}×" if value is not None else ""
        lines.append(f"| {name} | {measured} | {ratio_text} | {goal} | {'yes' if met else 'NO'} |")
    lines += [
        "",
        "Cold paths (one run each):",
        "",
        *(f"- {name}: {r.seconds * 1000:.0f} ms" for name, r in cold.items()),
        "",
        f"Province home: 3,140 goals, {args.records:,} records; seed home: 30 goals, 500 "
        f"records. Building both took {generated:.1f} s. The whole benchmark took "
        f"{time.perf_counter() - started:.0f} s.",
        "",
    ]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
