"""Agent-steps per second of the Nowak-May spatial Prisoner's Dilemma (scenarios/spatial_pd.yaml).

Usage: python benchmarks/bench_spatial_pd.py [WIDTH] [ROUNDS] [REPEATS]

Times ``AlignmentModel.run`` (the round, the metrics and the DataCollector;
not the set-up) on a WIDTH x WIDTH lattice with fixed edges and prints the
best of REPEATS runs. Mesa's own pd_grid example runs about 150,000
agent-steps per second.
"""

from __future__ import annotations

import sys
import time

from alignsim.model import AlignmentModel
from alignsim.scenario import load_scenario


def main(width: int = 100, rounds: int = 500, repeats: int = 3) -> float:
    """Best agent-steps per second over ``repeats`` runs; prints one line."""
    scenario = load_scenario(
        "spatial_pd",
        [f"population.n_followers={width * width}", f"network.width={width}"],
        steps=rounds,
    )
    best = 0.0
    for seed in range(repeats):
        model = AlignmentModel(scenario, rng=seed)
        start = time.perf_counter()
        model.run()
        elapsed = time.perf_counter() - start
        best = max(best, width * width * rounds / elapsed)
    print(f"spatial_pd {width}x{width}, {rounds} rounds: {best / 1e6:.1f}M agent-steps/s")
    return best


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:4]))
