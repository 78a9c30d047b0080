"""How time and memory grow with the population: the nash scenario at 1,000 to 100,000 agents.

Run on demand (not a test):

    python benchmarks/bench_scale.py            # 1k, 10k, 100k followers, 100 leaders
    python benchmarks/bench_scale.py --rounds 1000 --sizes 100000   # the 60 s / 2 GiB target
    python benchmarks/bench_scale.py --network watts_strogatz       # on a sparse graph

Each size runs in a fresh process, so peak memory is that size's own. Ratios
are printed against the smallest size measured in the same run: a linear
model shows time and memory ratios close to the size ratio.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_SECONDS_PER_1000 = 60.0
TARGET_MIB = 2048.0


def measure(followers: int, leaders: int, rounds: int, network: str | None) -> dict:
    overrides = [f"population.n_followers={followers}", f"leaders.0.count={leaders}"]
    if network:
        overrides += [f"network.kind={network}", "network.degree=10"]
    args = [sys.executable, str(HERE / "_measure.py"), "nash", str(rounds)]
    for item in overrides:
        args += ["--set", item]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--leaders", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--network", default=None, help="network.kind, e.g. watts_strogatz")
    opts = parser.parse_args()

    rows = [measure(n, opts.leaders, opts.rounds, opts.network) for n in opts.sizes]
    base = rows[0]
    kind = opts.network or "complete (well mixed)"
    print(f"nash scenario, {opts.leaders} leaders, network {kind}, {opts.rounds} rounds")
    print(f"{'agents':>8} {'s/round':>9} {'s/1000 rounds':>14} {'peak MiB':>9} "
          f"{'size x':>7} {'time x':>7} {'memory x':>9}")
    for row in rows:
        per_1000 = row["seconds_per_round"] * 1000
        print(
            f"{row['agents']:>8} {row['seconds_per_round']:>9.4f} {per_1000:>14.1f} "
            f"{row['peak_rss_mib']:>9.0f} {row['agents'] / base['agents']:>7.1f} "
            f"{row['seconds_per_round'] / base['seconds_per_round']:>7.1f} "
            f"{row['peak_rss_mib'] / base['peak_rss_mib']:>9.1f}"
        )
    largest = rows[-1]
    per_1000 = largest["seconds_per_round"] * 1000
    print(f"target at {largest['agents']} agents: 1,000 rounds in under "
          f"{TARGET_SECONDS_PER_1000:.0f} s ({per_1000:.1f} s: "
          f"{'met' if per_1000 < TARGET_SECONDS_PER_1000 else 'not met'}), under "
          f"{TARGET_MIB:.0f} MiB ({largest['peak_rss_mib']:.0f} MiB: "
          f"{'met' if largest['peak_rss_mib'] < TARGET_MIB else 'not met'})")


if __name__ == "__main__":
    main()
