"""Benchmark: start-up and scale of huandu, measured as whole processes.

Run from the repository with huandu installed:  python bench/bench.py  [--runs N] [--scale-runs N] [--records N] [--output FILE]

It generates two homes in a temporary folder, both with SYNTHETIC data (no figure is a real
county's):
- seed:     the bundled registry (5 counties, 30 goals) and a journal of 500 records;
- province: 157 counties x 20 goals (3,140 goals) and a journal of 200,000 records
            (monthly figures for five years).
Then it times each command several times (median, min-max), compares against the floor
`python -c "import typer, rich.console, rich.table"` measured in the same run, measures the peak
memory of the province report, and writes the table to bench/RESULTS.md.
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

HERE = Path(__file__).resolve().parent
TODAY = "2028-12-31"  # pinned "today" so five years of monthly figures are all in the past


def huandu_command() -> list[str]:
    script = Path(sys.executable).with_name("huandu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "huandu"]


def _write_registry(path: Path, counties: int, goals: int) -> list[str]:
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
    ids = []
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
    for c in range(1, counties + 1):
        for g in range(1, goals + 1):
            goal_id = f"c{c:03d}.goal-{g:02d}"
            ids.append(goal_id)
            milestone = g % 5 == 0
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


def _write_journal(path: Path, goal_ids: list[str], records: int, milestones: set[str]) -> None:
    from huandu.domain.model import ProgressRecord
    from huandu.store.journal import HEADER, encode_entry

    start = dt.date(2024, 1, 31)
    months = max(1, records // max(1, len(goal_ids)))
    stamp = dt.datetime(2029, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    chunks = [HEADER.encode("utf-8")]
    seq = 0
    for month in range(months + 1):
        year, m = divmod(start.month - 1 + month, 12)
        day = dt.date(start.year + year, m + 1, 28)
        for goal_id in goal_ids:
            if seq >= records:
                break
            seq += 1
            is_milestone = goal_id in milestones
            value = min(100, month * 2) if is_milestone else round(0.3 * (month + 1), 2)
            chunks.append(
                encode_entry(
                    ProgressRecord(
                        seq=seq,
                        target=goal_id,
                        value=value,
                        date=day,
                        recorded_at=stamp,
                        unit=None if is_milestone else "亿元",
                        stage=("推进中" if value < 100 else "已完成") if is_milestone else None,
                        input=str(value),
                        note="synthetic",
                        source="bench",
                        by="bench",
                    )
                )
            )
    path.write_bytes(b"".join(chunks))


def make_homes(root: Path, province_records: int) -> tuple[Path, Path]:
    from huandu.store.locations import bundled_registry
    from huandu.store.registry import parse_registry

    seed = root / "seed"
    seed.mkdir()
    registry = parse_registry(bundled_registry().read_bytes())
    ids = [t.id for t in registry.targets]
    milestones = {t.id for t in registry.targets if t.is_milestone}
    _write_journal(seed / "progress.toml", ids, 500, milestones)

    province = root / "province"
    province.mkdir()
    ids = _write_registry(province / "targets.toml", 157, 20)
    milestones = {i for i in ids if int(i.rsplit("-", 1)[1]) % 5 == 0}
    _write_journal(province / "progress.toml", ids, province_records, milestones)
    return seed, province


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time of one process and its peak resident memory (KiB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss


def measure(cmd: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    times, peaks = [], []
    for _ in range(runs):
        elapsed, peak = run(cmd, env)
        times.append(elapsed)
        peaks.append(peak)
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "peak_mb": max(peaks) / 1024,
    }


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


def fmt(m: dict[str, float]) -> str:
    return f"{m['median'] * 1000:.0f} ms ({m['min'] * 1000:.0f}–{m['max'] * 1000:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per start-up measurement")
    parser.add_argument("--scale-runs", type=int, default=7, help="runs per scale measurement")
    parser.add_argument("--records", type=int, default=200_000, help="province journal size")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()

    started = time.perf_counter()
    huandu = huandu_command()
    root = Path(tempfile.mkdtemp(prefix="huandu-bench-"))
    try:
        t0 = time.perf_counter()
        seed, province = make_homes(root, args.records)
        generated = time.perf_counter() - t0
        base_env = {**os.environ, "HUANDU_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "100"}
        base_env.pop("HUANDU_REGISTRY", None)
        # Users' Pythons cache bytecode; a developer shell with this set would time compiling.
        base_env.pop("PYTHONDONTWRITEBYTECODE", None)
        seed_env = {**base_env, "HUANDU_HOME": str(seed)}
        prov_env = {**base_env, "HUANDU_HOME": str(province)}

        # First runs after the journals were written: these build the caches.
        cold_seed, _ = run([*huandu, "report", "--format", "json"], seed_env)
        cold_prov, _ = run([*huandu, "report", "--format", "json"], prov_env)
        for warm in (["list"], ["report"], ["--version"]):  # and write bytecode caches
            run([*huandu, *warm], seed_env)

        floor = measure(
            [sys.executable, "-c", "import typer, rich.console, rich.table"], base_env, args.runs
        )
        version = measure([*huandu, "--version"], seed_env, args.runs)
        listing = measure([*huandu, "list"], seed_env, args.runs)
        report = measure([*huandu, "report"], seed_env, args.runs)
        seed_json = measure([*huandu, "report", "--format", "json"], seed_env, args.scale_runs)
        prov_json = measure([*huandu, "report", "--format", "json"], prov_env, args.scale_runs)
        seed_update = measure(
            [*huandu, "update", "yanshi.new-market-entities", "+1", "--note", "bench"],
            seed_env,
            args.scale_runs,
        )
        prov_update = measure(
            [*huandu, "update", "c001.goal-01", "+1", "--note", "bench"], prov_env, args.scale_runs
        )
        prov_report = measure([*huandu, "report"], prov_env, args.scale_runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    def ratio(a: dict, b: dict) -> float:
        return a["median"] / b["median"]

    rows = [
        (
            "`huandu --version` / floor",
            fmt(version),
            ratio(version, floor),
            "≤ 1.3×",
            ratio(version, floor) <= 1.3,
        ),
        (
            "`huandu list` (seed) / floor",
            fmt(listing),
            ratio(listing, floor),
            "≤ 1.6×",
            ratio(listing, floor) <= 1.6,
        ),
        (
            "`huandu report` (seed) / floor",
            fmt(report),
            ratio(report, floor),
            "≤ 1.6×",
            ratio(report, floor) <= 1.6,
        ),
        (
            "`huandu update` province / seed",
            f"{fmt(prov_update)} vs {fmt(seed_update)}",
            ratio(prov_update, seed_update),
            "≤ 1.3×",
            ratio(prov_update, seed_update) <= 1.3,
        ),
        (
            "`huandu report --format json` province / seed",
            f"{fmt(prov_json)} vs {fmt(seed_json)}",
            ratio(prov_json, seed_json),
            "< 10×",
            ratio(prov_json, seed_json) < 10,
        ),
        (
            "`huandu report --format json` province, absolute",
            fmt(prov_json),
            None,
            "< 1.5 s",
            prov_json["median"] < 1.5,
        ),
        (
            "peak memory of `huandu report` (province)",
            f"{prov_report['peak_mb']:.0f} MB",
            None,
            "< 300 MB",
            prov_report["peak_mb"] < 300,
        ),
    ]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `python bench/bench.py` on: {machine()}.",
        "",
        f'Floor (`python -c "import typer, rich.console, rich.table"`): {fmt(floor)}. '
        f"Times are whole processes, median of {args.runs} runs (start-up) or {args.scale_runs} runs "
        "(scale), with min–max in brackets. All data is synthetic.",
        "",
        "| measure | measured | ratio | goal | met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, measured, value, goal, met in rows:
        ratio_text = f"{value:.2f}×" if value is not None else ""
        lines.append(f"| {name} | {measured} | {ratio_text} | {goal} | {'yes' if met else 'NO'} |")
    lines += [
        "",
        f"Province home: 3,140 goals, {args.records:,} records; seed home: 30 goals, 500 records. "
        f"Generating both took {generated:.1f} s. The first `report` after the journals were "
        f"written (which builds the index) took {cold_prov * 1000:.0f} ms on the province home "
        f"and {cold_seed * 1000:.0f} ms on the seed home.",
        f"`huandu report` (table) on the province home: {fmt(prov_report)}.",
        "",
        f"The whole benchmark took {time.perf_counter() - started:.0f} s.",
        "",
    ]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
