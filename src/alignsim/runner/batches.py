"""Batches of a sweep's runs: consecutive replicates of one grid point, run in one call.

A kind may step the replicates of one scenario as one array model
(:meth:`~alignsim.kinds.base.ScenarioKind.run_replicates`), so that a sweep of
many small runs pays Python's cost of a round once a batch, not once a run.
The runner groups the pending runs of each grid point into batches of
consecutive replicates, at most what the kind says for that point's scenario
(``replicates_per_batch``), and a worker runs a whole batch and sends back its
rows together. Numbers do not
depend on the batching: the kind's contract is the same numbers seed for seed.

A batch that raises is run again one run at a time (:func:`attempt_task`), so
one failing run gets its own one-line error row and its neighbours their
results, exactly as without batches.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from alignsim.kinds import kind_of
from alignsim.runner.executors import CHUNK_SHARE
from alignsim.runner.sweep_plan import RunTask, attempt_task, keep_metrics, row_of


def batch_size(most: int, tasks: int, workers: int) -> int:
    """Replicates a batch holds: at most ``most``, and small enough to share among the workers.

    A batch never holds more than the first of the guided chunks would
    (:func:`~alignsim.runner.executors.guided_chunks`): a small sweep still
    gives every worker several batches, so none idles while another works
    through one long batch.
    """
    return max(1, min(most, tasks // (CHUNK_SHARE * workers)))


def replicate_batches(tasks: list[RunTask], sizes: Mapping[int, int]) -> list[list[RunTask]]:
    """``tasks`` cut, in order, into batches of consecutive runs of one point.

    A batch of grid point ``p`` holds at most ``sizes[p]`` runs.

    Consecutive runs of one point are consecutive replicates (runs are
    numbered point by point), so a batch is equal scenarios but for the seed.
    Runs left from an interrupted or failed sweep may have gaps between them:
    a gap starts a new batch, so a batch's runs are always neighbours.
    """
    batches: list[list[RunTask]] = []
    for task in tasks:
        last = batches[-1] if batches else None
        if (
            last is not None
            and len(last) < sizes[task.point]
            and last[-1].point == task.point
            and last[-1].run + 1 == task.run
        ):
            last.append(task)
        else:
            batches.append([task])
    return batches


def run_batch(batch: list[RunTask]) -> list[dict[str, Any]]:
    """Run a batch's replicates in one call of their kind; return a row per run, in order."""
    scenarios = [task.scenario for task in batch]
    series = kind_of(scenarios[0]).run_replicates(scenarios)
    if len(series) != len(batch):
        raise ValueError(f"{len(series)} time series for a batch of {len(batch)} runs")
    return [
        row_of(task) | {"metrics": keep_metrics(timeseries, task.spec), "error": None}
        for task, timeseries in zip(batch, series, strict=True)
    ]


def attempt_batch(batch: list[RunTask]) -> list[dict[str, Any]]:
    """Run a batch (in a worker); if it raises, run each of its runs alone instead.

    A lone run is :func:`attempt_task` directly (trying it twice would only
    double the cost of a failure). Ctrl-C and exits pass through.
    """
    if len(batch) == 1:
        return [attempt_task(batch[0])]
    try:
        return run_batch(batch)
    except Exception:  # noqa: BLE001 - each run alone says which failed, and why
        return [attempt_task(task) for task in batch]
