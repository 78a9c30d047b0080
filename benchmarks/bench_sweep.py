"""Sweep throughput: alignsim's sweep with 1 and 2 workers against Mesa's own batch_run.

Not a test. Runs the same model on the same grid (a group-weight sweep of the
built-in ``nash`` scenario) four ways and prints runs per second and ratios, all
measured in this one invocation: each way is timed in a fresh Python process
(after its imports, as a command would run it), in ``--repeat`` interleaved
rounds, best time kept:

* ``alignsim sweep``, 1 worker (in this process);
* ``alignsim sweep``, 2 workers (a persistent local process pool);
* ``mesa.batch_run`` with ``number_processes=1`` and ``=2``, on a tiny adapter
  model class that builds the Scenario from batch_run's keyword arguments.

Each alignsim timing includes planning, the pool's start-up and writing every
run's JSON and the two CSV tables (no figures); each batch_run timing includes
its pool's start-up (batch_run forces the ``spawn`` start method, so each of its
workers imports Mesa and the model again; alignsim's pool forks from the
process that has imported them, on Linux). Usage::

    python benchmarks/bench_sweep.py [--points 8] [--replicates 8] [--steps 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

# Kernels on one thread in every process (and in batch_run's spawned workers,
# which inherit the environment): the comparison is of how runs are spread over
# processes, not of numba's threads fighting over the same cores.
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import mesa  # noqa: E402
import numpy as np  # noqa: E402

from alignsim.model import AlignmentModel  # noqa: E402
from alignsim.runner.executors import ProcessExecutor, SerialExecutor  # noqa: E402
from alignsim.runner.sweep import sweep  # noqa: E402
from alignsim.runner.sweep_plan import plan_sweep  # noqa: E402
from alignsim.scenario import load_scenario  # noqa: E402

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


WAYS = {
    "alignsim sweep, 1 worker": ("alignsim", 1),
    "alignsim sweep, 2 workers": ("alignsim", 2),
    "mesa.batch_run, 1 process": ("batch_run", 1),
    "mesa.batch_run, 2 processes": ("batch_run", 2),
}


def measure_in_fresh_process(name: str, args: argparse.Namespace) -> float:
    """Time one way in a new Python process (imports done before the clock starts)."""
    command = [
        sys.executable,
        __file__,
        "--only",
        name,
        "--points",
        str(args.points),
        "--replicates",
        str(args.replicates),
        "--steps",
        str(args.steps),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def time_one(name: str, args: argparse.Namespace) -> float:
    """Seconds for one way, in this process."""
    kind, workers = WAYS[name]
    timer = time_alignsim if kind == "alignsim" else time_batch_run
    return timer(workers, args.points, args.replicates, args.steps)


def main() -> None:
    """Time the four ways, each in fresh processes, and print throughput and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=8)
    parser.add_argument("--replicates", type=int, default=8)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="take the best of this many")
    parser.add_argument("--only", choices=list(WAYS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        print(time_one(args.only, args))
        return
    runs = args.points * args.replicates
    timings: dict[str, list[float]] = {name: [] for name in WAYS}
    for _ in range(args.repeat):  # interleaved, so a change in the machine's load hits all
        for name in WAYS:
            timings[name].append(measure_in_fresh_process(name, args))
    seconds = {name: min(values) for name, values in timings.items()}
    print(
        f"{runs} runs of {args.steps} rounds ({args.points} points x {args.replicates} "
        f"replicates, scenario {SCENARIO}, {KEY}; best of {args.repeat})"
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
    print(f"  alignsim 2 workers vs batch_run 2 processes: {mesa_two / two:.2f}x")


if __name__ == "__main__":
    main()
