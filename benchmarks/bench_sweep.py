"""Sweep throughput: alignsim's sweep with 1 and 2 workers against Mesa's own batch_run.

Not a test. Runs the same model on the same grid (a group-weight sweep of the
built-in ``nash`` scenario) four ways in one process and prints runs per second
and ratios, all measured in this one run (best of ``--repeat`` interleaved rounds):

* ``alignsim sweep``, 1 worker (in this process);
* ``alignsim sweep``, 2 workers (a persistent local process pool);
* ``mesa.batch_run`` with ``number_processes=1`` and ``=2``, on a tiny adapter
  model class that builds the Scenario from batch_run's keyword arguments.

Each alignsim timing includes planning, the pool's start-up and writing every
run's JSON and the two CSV tables (no figures); each batch_run timing includes
its pool's start-up (batch_run forces the ``spawn`` start method, so each of its
workers imports Mesa and the model again; alignsim's pool forks from this
process on Linux). A tiny warm-up of both in this process comes first. Usage::

    python benchmarks/bench_sweep.py [--points 8] [--replicates 8] [--steps 60] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import mesa
import numpy as np

from alignsim.model import AlignmentModel
from alignsim.runner.executors import ProcessExecutor, SerialExecutor
from alignsim.runner.sweep import sweep
from alignsim.runner.sweep_plan import plan_sweep
from alignsim.scenario import load_scenario

SCENARIO = "nash"
KEY = "population.group_weight"


class BatchRunModel(AlignmentModel):
    """Adapter for mesa.batch_run: keyword parameters in, a Scenario built from them."""

    def __init__(self, group_weight: float = 1.0, steps: int = 60, rng: int | None = None):
        scenario = load_scenario(SCENARIO, [f"{KEY}={group_weight!r}"], steps=steps)
        super().__init__(scenario, rng=rng)


def time_alignsim(workers: int, points: int, replicates: int, steps: int) -> float:
    """Seconds for a whole alignsim sweep with ``workers`` workers (tables, no figures)."""
    start = time.perf_counter()
    plan = plan_sweep(
        SCENARIO, grid=(f"{KEY}=0:1:{points}pts",), replicates=replicates, steps=steps
    )
    executor = SerialExecutor() if workers == 1 else ProcessExecutor(workers)
    with tempfile.TemporaryDirectory() as folder, executor:
        sweep(plan, Path(folder) / "sweep", executor, plots=False)
    return time.perf_counter() - start


def time_batch_run(processes: int, points: int, replicates: int, steps: int) -> float:
    """Seconds for mesa.batch_run over the same grid, replicates and steps."""
    start = time.perf_counter()
    weights = [float(w) for w in np.linspace(0.0, 1.0, points)]
    mesa.batch_run(
        BatchRunModel,
        parameters={"group_weight": weights, "steps": steps},
        number_processes=processes,
        rng=list(range(replicates)),
        max_steps=steps,
        data_collection_period=-1,
        display_progress=False,
    )
    return time.perf_counter() - start


def main() -> None:
    """Time the four ways and print throughput and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=8)
    parser.add_argument("--replicates", type=int, default=8)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3, help="take the best of this many")
    args = parser.parse_args()
    runs = args.points * args.replicates
    ways = {
        "alignsim sweep, 1 worker": lambda: time_alignsim(
            1, args.points, args.replicates, args.steps
        ),
        "alignsim sweep, 2 workers": lambda: time_alignsim(
            2, args.points, args.replicates, args.steps
        ),
        "mesa.batch_run, 1 process": lambda: time_batch_run(
            1, args.points, args.replicates, args.steps
        ),
        "mesa.batch_run, 2 processes": lambda: time_batch_run(
            2, args.points, args.replicates, args.steps
        ),
    }
    time_alignsim(1, 2, 1, 5)  # warm-up: first-call imports and caches, in this process
    time_batch_run(1, 2, 1, 5)
    timings: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(args.repeat):  # interleaved, so a change in the machine's load hits all
        for name, way in ways.items():
            timings[name].append(way())
    seconds = {name: min(values) for name, values in timings.items()}
    print(
        f"{runs} runs of {args.steps} rounds ({args.points} points x {args.replicates} "
        f"replicates, scenario {SCENARIO}, {KEY})"
    )
    base = seconds["mesa.batch_run, 1 process"]
    for name, value in seconds.items():
        print(
            f"  {name:<28} {value:7.2f} s  {runs / value:7.1f} runs/s  "
            f"{base / value:5.2f}x batch_run(1)"
        )
    two, one = seconds["alignsim sweep, 2 workers"], seconds["alignsim sweep, 1 worker"]
    mesa_two = seconds["mesa.batch_run, 2 processes"]
    print(
        f"  speed-up from a 2nd worker: alignsim {one / two:.2f}x, batch_run {base / mesa_two:.2f}x"
    )


if __name__ == "__main__":
    main()
