"""Run a planned sweep, saving each run as it finishes, and write its tables and figures.

A sweep folder holds::

    sweep.json      the resolved sweep spec, root seed, versions, predictions
    scenario.yaml   the base scenario, resolved (all defaults filled in)
    runs/           a small file per finished batch of runs, written atomically, a checksum a run
    runs.csv        a row per run, sorted by run: ids, seed, parameters, metrics, error, command
    aggregate.csv   a row per grid point: n, and per metric mean, sd, 95% CI
    figures/        PNG and SVG (and PDF on request) of the aggregate

Each batch's file appears whole or not at all, so a sweep stopped by Ctrl-C
or a crash resumes (``resume=True``) redoing no finished run and losing none;
a run whose saved line was damaged since (:mod:`alignsim.runner.sweep_folder`)
is redone. A run
that fails is recorded with its reason and the sweep goes on.
``runs.csv`` depends only on the plan, never on the executor or the order in
which runs finished.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from alignsim.kinds.base import versions
from alignsim.outputs.aggregate import aggregate
from alignsim.outputs.ownership import OutputFolder, check_destination
from alignsim.outputs.storage import OutputError, json_text, os_problem, remove_partial_files
from alignsim.runner.batches import attempt_batch, batch_size, replicate_batches
from alignsim.runner.executors import Executor
from alignsim.runner.sweep_folder import (
    RUN_FILES,
    RUNS,
    SPEC,
    SavedRuns,
    folder_lock,
    open_folder,
    write_runs,
)
from alignsim.runner.sweep_plan import (
    RunTask,
    SweepPlan,
    rerun_command,
    sweep_command,
)


@dataclass
class SweepOutcome:
    """What a sweep left behind.

    ``ran`` counts the runs done by this call (``redone`` of them because their
    file was damaged, ``retried`` because they had failed before); ``reused``
    the runs kept from an earlier call; ``failures`` the rows of runs that
    failed, by run.
    """

    folder: Path
    ran: int
    reused: int
    runs: pd.DataFrame
    aggregate: pd.DataFrame
    figures: list[Path]
    redone: int = 0
    retried: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)


def spec_document(plan: SweepPlan) -> dict[str, Any]:
    """The content of ``sweep.json``."""
    return {
        "fingerprint": plan.fingerprint(),
        "kind": plan.kind.name,
        "spec": plan.resolved(),
        "keys": plan.keys,
        "command": sweep_command(plan),
        "predictions": plan.kind.sweep_predictions(plan.base),
        "point_predictions": point_predictions(plan),
        "versions": versions(),
    }


def point_predictions(plan: SweepPlan) -> list[dict[str, Any]]:
    """Each grid point's own theory: the kind's predictions for that point's scenario.

    A grid that moves a prediction's inputs (team size, return, cut) moves the
    prediction, so the report sets each point's runs beside that point's
    theory, not the base scenario's. Empty where the kind predicts nothing.
    """
    first: dict[int, RunTask] = {}
    for task in plan.tasks:
        first.setdefault(task.point, task)
    found = [
        {
            "point": point,
            "params": task.params,
            "predictions": plan.kind.sweep_predictions(task.scenario),
        }
        for point, task in sorted(first.items())
    ]
    return found if any(entry["predictions"] for entry in found) else []


def sweep_folder(folder: Path, plan: SweepPlan) -> OutputFolder:
    """The sweep's folder, claimed for this sweep (:mod:`alignsim.outputs.ownership`)."""
    return OutputFolder.claim(folder, "sweep", plan.fingerprint(), patterns=(RUN_FILES,))


@contextmanager
def open_sweep(plan: SweepPlan, folder: Path, resume: bool = False) -> Iterator[SavedRuns]:
    """Lock ``folder`` for this sweep, check it, write ``sweep.json``; yield what is saved.

    A folder alignsim did not write, or that holds another sweep, is refused
    before anything is created in it. The lock is held until the block ends:
    run the sweep inside it.

    Raises:
        ScenarioError: the folder is in use, holds something else or another
            sweep, or its ``sweep.json`` is damaged.

    """
    folder = Path(folder)
    check_destination(folder, "sweep", plan.fingerprint())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(folder, os_problem(err)) from err
    with folder_lock(folder):
        owned = sweep_folder(folder, plan)  # checked again, now that no other sweep writes
        saved = open_folder(folder, plan.tasks, plan.fingerprint(), resume)
        owned.subfolder(RUNS)
        remove_partial_files(folder / RUNS)
        owned.write(SPEC, json_text(spec_document(plan)))
        owned.write(
            "scenario.yaml",
            yaml.safe_dump(json.loads(plan.base.model_dump_json()), sort_keys=False),
        )
        yield saved


def pending_tasks(plan: SweepPlan, saved: SavedRuns) -> list[RunTask]:
    """The tasks still to run: those without a good saved row (failed ones are tried again)."""
    return [task for task in plan.tasks if task.run not in saved.rows]


def execute_sweep(
    plan: SweepPlan,
    folder: Path,
    saved: SavedRuns,
    executor: Executor,
    on_run: Callable[[int, int], None] | None = None,
    batch: int | None = None,
) -> dict[int, dict[str, Any]]:
    """Run every pending task in an opened folder, in batches, saving each row as it arrives.

    Pending runs go to the executor in batches of one grid point's consecutive
    replicates (:mod:`alignsim.runner.batches`); each batch's rows are saved,
    one file a batch, as soon as the batch is back, so an interrupt loses at
    most the batches still running.

    Args:
        plan: the planned sweep.
        folder: the sweep folder, opened with :func:`open_sweep`.
        saved: what :func:`open_sweep` found saved.
        executor: where runs execute (:mod:`alignsim.runner.executors`), already
            entered (``with executor:``); the caller decides how long it lives.
        on_run: called as ``on_run(done, total)`` after each saved batch (and once at start).
        batch: the most replicates a batch holds (default: what the kind says
            for each grid point's scenario); 1 runs every run alone.

    Returns:
        Every run's row, by run number; a failed run's row has its ``error``.

    """
    rows = dict(saved.rows)
    todo = pending_tasks(plan, saved)
    total, fingerprint = len(plan.tasks), plan.fingerprint()
    if on_run is not None:
        on_run(len(rows), total)
    batches = replicate_batches(todo, batch_sizes(plan, todo, executor.workers, batch))
    try:
        for done in executor.imap_unordered(attempt_batch, batches):
            for row in done:
                row["command"] = rerun_command(
                    plan.source, row["seed"], plan.steps, [*plan.base_overrides, *row["overrides"]]
                )
            rows.update((row["run"], row) for row in write_runs(folder, done, fingerprint))
            if on_run is not None:
                on_run(len(rows), total)
    except BaseException:
        remove_partial_files(Path(folder) / RUNS)  # an interrupt may land mid-write
        raise
    return rows


def batch_sizes(
    plan: SweepPlan, todo: list[RunTask], workers: int, batch: int | None = None
) -> dict[int, int]:
    """The most runs a batch of each pending grid point holds (:func:`batch_size`).

    The kind's ``replicates_per_batch`` of the point's scenario, or ``batch``
    when given, never more than the first guided chunk of ``todo`` would hold.
    """
    first = {}
    for task in todo:
        first.setdefault(task.point, task)
    kind = plan.kind
    return {
        point: batch_size(
            kind.replicates_per_batch(task.scenario) if batch is None else batch,
            len(todo),
            workers,
        )
        for point, task in first.items()
    }


def runs_table(plan: SweepPlan, rows: dict[int, dict[str, Any]]) -> pd.DataFrame:
    """``runs.csv``: a row per run, sorted by run; a failed run has empty metrics and its error."""
    records = []
    for run in sorted(rows):
        row = rows[run]
        record = {k: row[k] for k in ("run", "point", "replicate", "seed")}
        record.update({key: row["params"][key] for key in plan.keys})
        metrics = row.get("metrics") or {}
        record.update({column: metrics.get(column) for column in plan.spec.columns()})
        record["error"] = row.get("error")
        record["command"] = row["command"]
        records.append(record)
    return pd.DataFrame(records)


def finish_sweep(
    plan: SweepPlan,
    folder: Path,
    rows: dict[int, dict[str, Any]],
    formats: tuple[str, ...] = ("png", "svg"),
    plots: bool = True,
    executor: Executor | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Path]]:
    """Write ``runs.csv``, ``aggregate.csv`` and the figures; return the two tables and files.

    Given the sweep's ``executor``, the grid points' intervals (bootstrap
    resamples, most of this step's time) are computed on its workers.
    """
    owned = sweep_folder(folder, plan)
    runs = runs_table(plan, rows)
    spread = map if executor is None else executor.imap_unordered
    summary = aggregate(runs, plan.keys, plan.spec.columns(), spread)
    owned.write("runs.csv", runs.to_csv(index=False))
    owned.write("aggregate.csv", summary.to_csv(index=False))
    failed = int(runs["error"].notna().sum()) if len(runs) else 0
    document = spec_document(plan) | {"complete": True, "failed_runs": failed}
    owned.write(SPEC, json_text(document))
    if not plots:
        return runs, summary, []
    from alignsim.outputs.sweep_plots import SweepWords, plot_sweep  # matplotlib: seconds

    words = SweepWords(plan.kind.schema, plan.kind.players)
    return runs, summary, plot_sweep(summary, document, owned, formats, words=words)


def run_sweep(
    plan: SweepPlan,
    folder: Path,
    saved: SavedRuns,
    executor: Executor,
    on_run: Callable[[int, int], None] | None = None,
    formats: tuple[str, ...] = ("png", "svg"),
    plots: bool = True,
    batch: int | None = None,
) -> SweepOutcome:
    """Run the pending tasks of a sweep in an opened folder and write its tables and figures."""
    rows = execute_sweep(plan, folder, saved, executor, on_run, batch)
    runs, summary, figures = finish_sweep(plan, folder, rows, formats, plots, executor)
    return SweepOutcome(
        folder=Path(folder),
        ran=len(rows) - len(saved.rows),
        reused=len(saved.rows),
        runs=runs,
        aggregate=summary,
        figures=figures,
        redone=len(saved.damaged),
        retried=len(saved.failed),
        failures=[rows[run] for run in sorted(rows) if rows[run].get("error")],
    )


def sweep(
    plan: SweepPlan,
    folder: Path,
    executor: Executor,
    resume: bool = False,
    on_run: Callable[[int, int], None] | None = None,
    formats: tuple[str, ...] = ("png", "svg"),
    plots: bool = True,
    batch: int | None = None,
) -> SweepOutcome:
    """Run a planned sweep into ``folder`` (locked meanwhile) and write its tables and figures.

    ``batch`` is the most replicates a worker runs in one call (default: the
    kind's); it changes how fast, never what: the numbers are the same.
    """
    with open_sweep(plan, folder, resume) as saved:
        return run_sweep(plan, folder, saved, executor, on_run, formats, plots, batch)
