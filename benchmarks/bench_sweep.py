"""Sweep throughput: alignsim's sweep with 1 and 2 workers against Mesa's own batch_run.

Not a test. Runs the same model on the same grid (a group-weight sweep of the
built-in ``nash`` scenario: 100 followers, 3 leaders; by default 10 points x 50
replicates of 60 rounds, the small runs of an essay's sweep) five ways, each
timed in a fresh Python process after its imports (as a command would run it),
in ``--repeat`` interleaved rounds, best time kept:

* ``alignsim sweep``, 1 worker (in this process), no figures;
* ``alignsim sweep``, 2 workers (the persistent local pool, tasks in chunks);
* ``mesa.batch_run`` with ``number_processes=2``, on an adapter model class
  that builds the model from batch_run's keyword arguments (each process keeps
  the validated scenario of each grid point, so batch_run pays no YAML per run);
* the same batches of models alone, no runner (no pool, files or tables),
  in this process and on 2 processes forked after the imports, each taking
  every other batch and paying numba's start-up itself. Their ratio is what
  a second core gives these models on this machine at this moment: the
  ceiling of any sweep runner's 2 against 1, measured in the same run.

Each round's two ratios (alignsim's 2 workers against 1, the models alone on
2 processes against 1) are printed too, with their medians: this machine's
speed moves by up to two times within seconds, so best times can pair a fast
moment of one way with a slow moment of another.

Each alignsim timing includes planning, the pool's start-up, writing every
run's checksummed file and the two CSV tables; batch_run's includes its pool's
start-up (it forces ``spawn``: each worker imports Mesa and the model again).
Every process loads numba's kernels when its first run starts (numba's own
start-up, about a quarter of a second), inside the timings of all the ways.

Each way also reports the CPU time of all its processes a run (the workers'
are counted once they have ended). On a machine shared with other busy
sessions, Linux's scheduler (autogroup, on by default) gives each session an
equal share of the cores, so a second worker adds little wall-clock speed;
the CPU a run still compares the ways' costs. The 1-worker process also
reports the per-run overhead: its sweep's wall time,
less the time spent building and stepping the models (timed inside that same
sweep), divided by the runs; and the first run's extra time over the median
run (numba's start-up). The 2-worker process reports its main process's
CPU time per run (what it takes from the two cores the workers use).

alignsim hands its workers batches of one grid point's replicates, up to what
the kind says for the scenario (``replicates_per_batch``; never more than the
first guided chunk); ``--batch N`` sets that most instead, so ``--batch 1`` against the
default shows what batching gives. The batch sizes used are printed.

Usage::

    python benchmarks/bench_sweep.py [--points 10] [--replicates 50] [--steps 60] [--repeat 3]
                                     [--batch N] [--no-batch-run]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

# Kernels on one thread in every process (and in batch_run's spawned workers,
# which inherit the environment): the comparison is of how runs are spread over
# processes, not of numba's threads fighting over the same cores.
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import functools  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import mesa  # noqa: E402
import numpy as np  # noqa: E402

from alignsim.kinds import kind_named  # noqa: E402
from alignsim.model import AlignmentModel  # noqa: E402
from alignsim.runner.batches import batch_size, replicate_batches  # noqa: E402
from alignsim.runner.executors import ProcessExecutor, SerialExecutor  # noqa: E402
from alignsim.runner.sweep import batch_sizes, sweep  # noqa: E402
from alignsim.runner.sweep_plan import plan_sweep  # noqa: E402
from alignsim.scenario import Scenario, load_scenario  # noqa: E402

SCENARIO = "nash"
KEY = "population.group_weight"


@functools.lru_cache
def point_scenario(group_weight: float, steps: int) -> Scenario:
    """The validated scenario of one grid point (kept: batch_run calls the class per run)."""
    return load_scenario(SCENARIO, [f"{KEY}={group_weight!r}"], steps=steps)


class BatchRunModel(AlignmentModel):
    """Adapter for mesa.batch_run: keyword parameters in, the grid point's scenario built once."""

    def __init__(self, group_weight: float = 1.0, steps: int = 60, rng: int | None = None):
        super().__init__(point_scenario(group_weight, steps), rng=rng)


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    """CPU time so far (user and system) of this process, or of its ended children."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def all_cpu_seconds() -> float:
    """CPU time of this process and of every child it has waited for (pool workers)."""
    return cpu_seconds() + cpu_seconds(resource.RUSAGE_CHILDREN)


def timed_models() -> list[float]:
    """Make this process time every model it builds and steps: seconds, a model each."""
    spent: list[float] = []
    build = AlignmentModel.__init__

    def timed_init(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202 - a patch
        start = time.perf_counter()
        build(self, *args, **kwargs)
        spent.append(time.perf_counter() - start)
        step = self.step  # Mesa's own step: its event list, then the model's round

        def timed_step() -> None:
            begin = time.perf_counter()
            step()
            spent[-1] += time.perf_counter() - begin

        self.step = timed_step

    AlignmentModel.__init__ = timed_init
    return spent


def time_alignsim(workers: int, args: argparse.Namespace) -> dict[str, float]:
    """Seconds for a whole alignsim sweep with ``workers`` workers (tables, no figures)."""
    spent = timed_models() if workers == 1 else [0.0]
    cpu, everything, start = cpu_seconds(), all_cpu_seconds(), time.perf_counter()
    plan = plan_sweep(
        SCENARIO,
        grid=(f"{KEY}=0:1:{args.points}pts",),
        replicates=args.replicates,
        steps=args.steps,
    )
    executor = SerialExecutor() if workers == 1 else ProcessExecutor(workers)
    with tempfile.TemporaryDirectory() as folder, executor:
        sweep(plan, Path(folder) / "sweep", executor, plots=False, batch=args.batch)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "model_seconds": sum(spent),
        "first_run_extra": spent[0] - float(np.median(spent)),
        "main_cpu": cpu_seconds() - cpu,
        "all_cpu": all_cpu_seconds() - everything,
    }


def time_model_alone(processes: int, args: argparse.Namespace) -> dict[str, float]:
    """Seconds to run the sweep's batches of models alone on ``processes`` forked processes.

    No runner: no pool, no files, no tables. Each process takes every
    ``processes``-th batch and pays numba's start-up itself, as a worker does.
    The speed-up of 2 processes over 1 here is what this machine gives a
    second core at this moment, the ceiling for any sweep runner.
    """
    plan = plan_sweep(
        SCENARIO,
        grid=(f"{KEY}=0:1:{args.points}pts",),
        replicates=args.replicates,
        steps=args.steps,
    )
    batches = replicate_batches(plan.tasks, batch_sizes(plan, plan.tasks, processes, args.batch))

    def run(share: list[list]) -> None:
        for batch in share:
            plan.kind.run_replicates([task.scenario for task in batch])

    everything, start = all_cpu_seconds(), time.perf_counter()
    if processes == 1:
        run(batches)
    else:
        children = []
        for index in range(processes):
            child = os.fork()
            if child == 0:  # pragma: no cover - the forked process
                try:
                    run(batches[index::processes])
                finally:
                    os._exit(0)
            children.append(child)
        for child in children:
            os.waitpid(child, 0)
    return {"seconds": time.perf_counter() - start, "all_cpu": all_cpu_seconds() - everything}


def time_batch_run(processes: int, args: argparse.Namespace) -> dict[str, float]:
    """Seconds for mesa.batch_run over the same grid, replicates and steps."""
    everything, start = all_cpu_seconds(), time.perf_counter()
    weights = [float(w) for w in np.linspace(0.0, 1.0, args.points)]
    mesa.batch_run(
        BatchRunModel,
        parameters={"group_weight": weights, "steps": args.steps},
        number_processes=processes,
        rng=list(range(args.replicates)),
        max_steps=args.steps,
        data_collection_period=-1,
        display_progress=False,
    )
    return {"seconds": time.perf_counter() - start, "all_cpu": all_cpu_seconds() - everything}


WAYS = {
    "alignsim sweep, 1 worker": ("alignsim", 1),
    "alignsim sweep, 2 workers": ("alignsim", 2),
    "mesa.batch_run, 2 processes": ("batch_run", 2),
    "the models alone, 1 process": ("model", 1),
    "the models alone, 2 processes": ("model", 2),
}
TIMERS = {"alignsim": time_alignsim, "batch_run": time_batch_run, "model": time_model_alone}


def measure_in_fresh_process(name: str, args: argparse.Namespace) -> dict[str, float]:
    """Time one way in a new Python process (imports done before the clock starts)."""
    command = [sys.executable, __file__, "--only", name]
    for option in ("points", "replicates", "steps", "batch"):
        if getattr(args, option) is not None:
            command += [f"--{option}", str(getattr(args, option))]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` shows them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    """Time the ways, each in fresh processes, and print throughput, overhead and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10)
    parser.add_argument("--replicates", type=int, default=50)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3, help="take the best of this many")
    parser.add_argument(
        "--batch", type=int, help="most replicates a batch holds (default: the kind's)"
    )
    parser.add_argument(
        "--no-batch-run",
        action="store_true",
        help="leave out Mesa's batch_run (slow on large grids)",
    )
    parser.add_argument("--only", choices=list(WAYS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        kind, workers = WAYS[args.only]
        print(json.dumps(TIMERS[kind](workers, args)))
        return
    runs = args.points * args.replicates
    before = load_average()
    ways = [name for name in WAYS if not (args.no_batch_run and WAYS[name][0] == "batch_run")]
    results: dict[str, list[dict[str, float]]] = {name: [] for name in ways}
    for _ in range(args.repeat):  # interleaved, so a change in the machine's load hits all
        for name in ways:
            results[name].append(measure_in_fresh_process(name, args))
    best = {name: min(found, key=lambda r: r["seconds"]) for name, found in results.items()}
    seconds = {name: result["seconds"] for name, result in best.items()}
    print(
        f"{runs} runs of {args.steps} rounds ({args.points} points x {args.replicates} "
        f"replicates, scenario {SCENARIO}, {KEY}); best of {args.repeat}; "
        f"load average {before} -> {load_average()}"
    )
    default = kind_named("teams").replicates_per_batch(point_scenario(0.0, args.steps))
    most = default if args.batch is None else args.batch
    print(
        f"  batches of up to {most} replicates (the kind's default: {default}): "
        f"{batch_size(most, runs, 1)} with 1 worker, {batch_size(most, runs, 2)} with 2"
    )
    for name, value in seconds.items():
        cpu = best[name]["all_cpu"] / runs
        print(
            f"  {name:<28} {value:7.2f} s  {runs / value:7.1f} runs/s  "
            f"{cpu * 1000:6.1f} ms of CPU a run, all processes"
        )
    one, two = seconds["alignsim sweep, 1 worker"], seconds["alignsim sweep, 2 workers"]
    serial = best["alignsim sweep, 1 worker"]
    overhead = (serial["seconds"] - serial["model_seconds"]) / runs
    model = serial["model_seconds"] / runs
    main_cpu = best["alignsim sweep, 2 workers"]["main_cpu"] / runs
    print(f"  model per run (1 worker): {model * 1000:.1f} ms, building and stepping it")
    print(f"  numba's start-up (first run's extra time): {serial['first_run_extra']:.2f} s")
    print(f"  per-run overhead beyond the model (1 worker): {overhead * 1000:.2f} ms (target < 5)")
    print(f"  main process CPU per run (2 workers): {main_cpu * 1000:.2f} ms")
    print(f"  2 workers vs 1 worker: {one / two:.2f}x (target >= 1.8)")
    alone_one = seconds["the models alone, 1 process"]
    alone_two = seconds["the models alone, 2 processes"]
    ceiling = alone_one / alone_two
    print(
        f"  the models alone (no runner), 2 processes vs 1: {ceiling:.2f}x: what a second core "
        f"gives here now; alignsim's 2 workers reach {one / two / ceiling:.0%} of it"
    )
    rounds = [
        (
            found["alignsim sweep, 1 worker"]["seconds"]
            / found["alignsim sweep, 2 workers"]["seconds"],
            found["the models alone, 1 process"]["seconds"]
            / found["the models alone, 2 processes"]["seconds"],
        )
        for found in ({name: results[name][k] for name in ways} for k in range(args.repeat))
    ]
    print(
        "  each round, 2 vs 1 (alignsim; the models alone): "
        + ", ".join(f"{sweep_ratio:.2f}; {alone_ratio:.2f}" for sweep_ratio, alone_ratio in rounds)
        + f"; median {statistics.median(r for r, _ in rounds):.2f}; "
        f"{statistics.median(r for _, r in rounds):.2f}"
    )
    cpu_two = best["alignsim sweep, 2 workers"]["all_cpu"]
    cpu_one = best["alignsim sweep, 1 worker"]["all_cpu"]
    print(f"  CPU a run, alignsim 2 workers over 1: {cpu_two / cpu_one:.2f}x")
    if "mesa.batch_run, 2 processes" in best:
        mesa_two = best["mesa.batch_run, 2 processes"]
        print(
            f"  2 workers vs batch_run, 2 processes: {mesa_two['seconds'] / two:.2f}x (target >= 3)"
        )
        print(
            f"  CPU a run, batch_run over alignsim (2 processes each): "
            f"{mesa_two['all_cpu'] / cpu_two:.2f}x"
        )
    print(
        "  (wall-clock ratios need an idle machine: Linux gives each session an equal share of\n"
        "   the cores when they are all busy (autogroup), so a second worker then adds no CPU)"
    )


if __name__ == "__main__":
    main()
