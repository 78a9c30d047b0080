"""Replicates as one array model against the same replicates run one after another.

Not a test. For each batch size R, runs the same ``--runs`` replicates of the
``nash`` scenario (100 followers, 3 leaders, ``--rounds`` rounds; seeds 0 ..
runs-1) two ways in this process, interleaved, ``--repeat`` times, best kept:

* one :class:`~alignsim.model.AlignmentModel` a replicate (the baseline, what
  ``mesa.batch_run`` and a sweep without batching do);
* batches of R replicates, each batch one model with a replicate axis
  (:mod:`alignsim.model.replicates`).

Prints the CPU milliseconds a run (building and stepping the model) each
way, the ratio, and whether every replicate's time series equals its separate
run's exactly (it must). An earlier version of this benchmark bounded the
gain, before the replicate axis existed, by timing one population R times as
large: 1.7, 3.1, 5.1 and 7.7 x for R = 2, 4, 8, 16.

Usage::

    python benchmarks/bench_replicates.py [--runs 64] [--rounds 60] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import time  # noqa: E402

from alignsim.model import AlignmentModel  # noqa: E402
from alignsim.scenario import Scenario, load_scenario  # noqa: E402

BATCHES = (2, 4, 8, 16, 32)


def separately(scenario: Scenario, seeds: list[int]) -> tuple[float, list]:
    """CPU seconds for one model a replicate, and each replicate's time series."""
    start, frames = time.process_time(), []
    for seed in seeds:
        model = AlignmentModel(scenario, rng=seed)
        model.run()
        frames.append(model.datacollector.get_model_vars_dataframe())
    return time.process_time() - start, frames


def batched(scenario: Scenario, seeds: list[int], size: int) -> tuple[float, list]:
    """CPU seconds for batches of ``size`` replicates, and each replicate's time series."""
    start, columns = time.process_time(), []
    for first in range(0, len(seeds), size):
        model = AlignmentModel(scenario, replicates=seeds[first : first + size])
        model.run()
        columns.extend(collector for collector in model.collectors)
    spent = time.process_time() - start
    return spent, [collector.get_model_vars_dataframe() for collector in columns]


def main() -> None:
    """Time both ways for each batch size and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scenario = load_scenario("nash", steps=args.rounds)
    seeds = list(range(args.runs))
    AlignmentModel(scenario, replicates=[0, 1]).run(2)  # numba's kernels load once
    before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    best_alone, best = float("inf"), dict.fromkeys(BATCHES, float("inf"))
    same = dict.fromkeys(BATCHES, True)
    for _ in range(args.repeat):
        alone, expected = separately(scenario, seeds)
        best_alone = min(best_alone, alone)
        for size in BATCHES:
            spent, frames = batched(scenario, seeds, size)
            best[size] = min(best[size], spent)
            same[size] &= all(a.equals(b) for a, b in zip(frames, expected, strict=True))
    after = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    per_run = 1000 / args.runs
    print(
        f"nash, 100 followers, 3 leaders, {args.rounds} rounds, {args.runs} runs, "
        f"best of {args.repeat}; load average {before} -> {after}"
    )
    print(f"  one model a run (baseline): {best_alone * per_run:6.2f} ms of CPU a run")
    print("  R   ms of CPU a run   faster than one model a run   same numbers")
    for size in BATCHES:
        print(
            f"  {size:<3} {best[size] * per_run:15.2f}   {best_alone / best[size]:25.2f}x"
            f"   {'yes' if same[size] else 'NO'}"
        )


if __name__ == "__main__":
    main()
