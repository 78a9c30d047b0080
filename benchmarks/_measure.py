"""Run one configuration in this process and print its timings as JSON (used by the benchmarks).

Usage: python benchmarks/_measure.py SCENARIO ROUNDS [--set key=value ...] [--runs N]

With ``--runs N`` the scenario is built and run N times (seeds 0 .. N-1 added
to its own), as a sweep of small runs does; the rounds are timed apart from
building the model, and the first round of the first run (numba's kernels
load) is left out. ``metrics_mean`` is the mean of each per-round column of
the last run, to compare two versions of the code; ``collect`` is the CPU
time of the DataCollector's ``collect`` alone.
"""

from __future__ import annotations

import json
import math
import resource
import sys
import time

from alignsim.model import AlignmentModel
from alignsim.scenario import load_scenario


def main(argv: list[str]) -> None:
    scenario, rounds, *rest = argv
    overrides = [rest[i + 1] for i in range(0, len(rest), 2) if rest[i] == "--set"]
    runs = int(dict(zip(rest[::2], rest[1::2], strict=False)).get("--runs", 1))
    rounds = int(rounds)
    resolved = load_scenario(scenario, overrides, steps=rounds)
    start = time.perf_counter()
    model = AlignmentModel(resolved)
    model.step()  # first round compiles the kernels; timed apart
    built = time.perf_counter()
    wall = cpu = 0.0
    timed_rounds = 0
    collecting = [0.0]
    for run in range(runs):
        if run:
            model = AlignmentModel(resolved, rng=resolved.seed + run)
        model.datacollector.collect = _timed(model.datacollector.collect, collecting)
        todo = rounds - 1 if run == 0 else rounds
        t0, c0 = time.perf_counter(), time.process_time()
        model.run(todo)
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        timed_rounds += todo
    frame = model.datacollector.get_model_vars_dataframe()
    means = {
        name: float(frame[name].mean())
        for name in frame.columns
        if frame[name].dtype.kind in "fi" and not math.isnan(float(frame[name].mean()))
    }
    print(
        json.dumps(
            {
                "agents": int(model.state.n_agents),
                "rounds": rounds,
                "runs": runs,
                "setup_and_first_round_s": built - start,
                "seconds": wall,
                "seconds_per_round": wall / max(timed_rounds, 1),
                "cpu_seconds_per_round": cpu / max(timed_rounds, 1),
                "collect_cpu_seconds_per_round": collecting[0] / max(timed_rounds, 1),
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "follow_rate": model.metrics["follow_rate"],
                "metrics_mean": means,
            }
        )
    )


def _timed(collect, total: list[float]):
    """``collect`` that adds the CPU time it takes to ``total[0]``."""

    def timed(model) -> None:
        start = time.process_time()
        collect(model)
        total[0] += time.process_time() - start

    return timed


if __name__ == "__main__":
    main(sys.argv[1:])
