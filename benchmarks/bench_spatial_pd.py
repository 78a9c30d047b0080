"""Spatial Prisoner's Dilemma: alignsim against Mesa's own pd_grid example, side by side.

Run on demand (not a test):

    python benchmarks/bench_spatial_pd.py [--width 100] [--rounds 100] [--repeats 3]

Both models run the Nowak-May game on a WIDTH x WIDTH torus with synchronous
("Simultaneous") updating for ROUNDS rounds, in this process, alternately; the
figure is agent-steps per second (agents x rounds / seconds of ``run``, set-up
excluded, metrics and DataCollector included), the median over REPEATS runs
each. The target is a ratio of at least 100.
"""

from __future__ import annotations

import argparse
import statistics
import time

from mesa.examples.advanced.pd_grid.model import PdGrid

from alignsim.model import AlignmentModel
from alignsim.scenario import load_scenario

TARGET_RATIO = 100.0


def alignsim_rate(width: int, rounds: int, seed: int) -> float:
    """Agent-steps per second of the spatial_pd scenario."""
    scenario = load_scenario(
        "spatial_pd",
        [f"population.n_followers={width * width}", f"network.width={width}", "network.torus=true"],
        steps=rounds,
    )
    model = AlignmentModel(scenario, rng=seed)
    start = time.perf_counter()
    model.run()
    return width * width * rounds / (time.perf_counter() - start)


def mesa_rate(width: int, rounds: int, seed: int) -> float:
    """Agent-steps per second of Mesa's pd_grid example, simultaneous activation."""
    model = PdGrid(width, width, "Simultaneous", rng=seed)
    start = time.perf_counter()
    for _ in range(rounds):
        model.step()
    return width * width * rounds / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    opts = parser.parse_args()
    ours, theirs = [], []
    for seed in range(opts.repeats):
        ours.append(alignsim_rate(opts.width, opts.rounds, seed))
        theirs.append(mesa_rate(opts.width, opts.rounds, seed))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"spatial PD {opts.width}x{opts.width} torus, {opts.rounds} rounds, synchronous, "
          f"median of {opts.repeats}")
    print(f"  alignsim spatial_pd : {a:>14,.0f} agent-steps/s")
    print(f"  mesa pd_grid        : {b:>14,.0f} agent-steps/s")
    print(f"  ratio               : {a / b:>14.1f}  (target >= {TARGET_RATIO:.0f}: "
          f"{'met' if a / b >= TARGET_RATIO else 'not met'})")


if __name__ == "__main__":
    main()
