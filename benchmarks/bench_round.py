"""A round's cost, this code against an earlier commit measured in the same run.

Run on demand (not a test):

    python benchmarks/bench_round.py                     # against BASELINE, 3 repeats
    python benchmarks/bench_round.py --baseline main --repeats 5

Two configurations of the ``nash`` scenario: 100,000 followers and 100
leaders (the scale target), and the built-in 100 followers and 3 leaders for
60 rounds, run ``--small-runs`` times as a sweep of small runs does. The
baseline's ``src/`` is exported with ``git archive`` into a temporary folder
and each measurement runs in a fresh process (``benchmarks/_measure.py``) with
``PYTHONPATH`` pointing at one version or the other, alternating, so both see
the same load. Printed: milliseconds a round (median of the repeats; wall
clock and CPU), the CPU time of the DataCollector's ``collect`` alone, peak
memory, the ratio, the load average, and how far apart
the two versions' per-round metrics are (the mean of each column over the
run, largest relative difference).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BASELINE = "3742b14"  # main before the faster round (issue 16)
CONFIGS = {
    "100,000 followers": (
        ["--set", "population.n_followers=100000", "--set", "leaders.0.count=100"],
        "large",
    ),
    "100 followers": ([], "small"),
}


def export(rev: str, into: Path) -> Path:
    """The ``src/`` folder of commit ``rev`` (with its built-in scenarios), under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, "src", "scenarios"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def measure(src: Path, config: list[str], rounds: int, runs: int) -> dict:
    args = [sys.executable, str(HERE / "_measure.py"), "nash", str(rounds), *config]
    args += ["--runs", str(runs)]
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(args, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def largest_difference(a: dict, b: dict) -> tuple[float, str]:
    """Largest relative difference between two runs' column means, and its column."""
    worst, where = 0.0, "-"
    for name in a.keys() & b.keys():
        scale = max(abs(a[name]), abs(b[name]), 1e-12)
        gap = abs(a[name] - b[name]) / scale
        if gap > worst:
            worst, where = gap, name
    return worst, where


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="commit to compare with")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=30, help="rounds at 100,000 followers")
    parser.add_argument("--small-runs", type=int, default=40, help="runs at 100 followers")
    opts = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        versions = {"baseline": export(opts.baseline, Path(tmp)), "this code": REPO / "src"}
        results: dict[tuple[str, str], list[dict]] = {}
        for _ in range(opts.repeats):
            for label, (config, size) in CONFIGS.items():
                rounds, runs = (opts.rounds, 1) if size == "large" else (60, opts.small_runs)
                for version, src in versions.items():
                    results.setdefault((label, version), []).append(
                        measure(src, config, rounds, runs)
                    )
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"baseline: {opts.baseline}; medians of {opts.repeats} repeats")
    print(
        f"{'configuration':<18} {'version':<10} {'ms/round':>9} {'cpu ms':>8} "
        f"{'collect us':>10} {'peak MiB':>9} {'speed-up':>9} {'cpu x':>6}  metrics apart"
    )
    for label in CONFIGS:
        base = results[(label, "baseline")]
        for version in ("baseline", "this code"):
            rows = results[(label, version)]
            wall = statistics.median(r["seconds_per_round"] for r in rows) * 1000
            cpu = statistics.median(r["cpu_seconds_per_round"] for r in rows) * 1000
            collect = statistics.median(r["collect_cpu_seconds_per_round"] for r in rows) * 1e6
            peak = max(r["peak_rss_mib"] for r in rows)
            base_wall = statistics.median(r["seconds_per_round"] for r in base) * 1000
            base_cpu = statistics.median(r["cpu_seconds_per_round"] for r in base) * 1000
            gap, column = largest_difference(base[-1]["metrics_mean"], rows[-1]["metrics_mean"])
            print(
                f"{label:<18} {version:<10} {wall:>9.3f} {cpu:>8.3f} {collect:>10.1f} {peak:>9.0f} "
                f"{base_wall / wall:>8.2f}x {base_cpu / cpu:>5.2f}x  "
                f"{gap:.1e} ({column})"
            )


if __name__ == "__main__":
    main()
