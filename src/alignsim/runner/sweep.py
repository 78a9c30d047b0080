"""Run a planned sweep, saving each run as it finishes, and write its tables and figures.

A sweep folder holds::

    sweep.json      the resolved sweep spec, root seed, versions, predictions
    scenario.yaml   the base scenario, resolved (all defaults filled in)
    runs/           one small JSON per finished run, written atomically
    runs.csv        a row per run, sorted by run: ids, seed, parameters, metrics, command
    aggregate.csv   a row per grid point: n, and per metric mean, sd, 95% CI
    figures/        PNG and SVG (and PDF on request) of the aggregate

Each run's JSON appears whole or not at all, so a sweep stopped by Ctrl-C or
a crash resumes (``resume=True``) redoing no finished run and losing none.
``runs.csv`` depends only on the plan, never on the executor or the order in
which runs finished.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from alignsim.outputs.aggregate import aggregate
from alignsim.outputs.ownership import OutputFolder, check_destination
from alignsim.outputs.storage import json_text, remove_partial_files, write_json
from alignsim.runner.executors import Executor
from alignsim.runner.run import versions
from alignsim.runner.sweep_plan import (
    RunTask,
    SweepPlan,
    predictions,
    rerun_command,
    run_task,
    sweep_command,
)
from alignsim.scenario import ScenarioError

RUNS = "runs"
SPEC = "sweep.json"
RUN_FILES = f"{RUNS}/run-*.json"  # the sweep's own, without a checksum each in its manifest


@dataclass
class SweepOutcome:
    """What a sweep left behind."""

    folder: Path
    ran: int
    reused: int
    runs: pd.DataFrame
    aggregate: pd.DataFrame
    figures: list[Path]


def run_file(folder: Path, run: int) -> Path:
    """The JSON file of one run."""
    return Path(folder) / RUNS / f"run-{run:06d}.json"


def spec_document(plan: SweepPlan) -> dict[str, Any]:
    """The content of ``sweep.json``."""
    return {
        "fingerprint": plan.fingerprint(),
        "spec": plan.resolved(),
        "keys": plan.keys,
        "command": sweep_command(plan),
        "predictions": predictions(plan.base),
        "versions": versions(),
    }


def sweep_folder(folder: Path, plan: SweepPlan) -> OutputFolder:
    """The sweep's folder, claimed for this sweep (:mod:`alignsim.outputs.ownership`)."""
    return OutputFolder.claim(folder, "sweep", plan.fingerprint(), patterns=(RUN_FILES,))


def prepare_folder(folder: Path, plan: SweepPlan, resume: bool) -> dict[int, dict[str, Any]]:
    """Check the folder is free (or holds this same sweep, to resume); return finished rows.

    Raises:
        ScenarioError: the folder holds something alignsim did not write, or
            another sweep, or this sweep without ``resume``.

    """
    folder = Path(folder)
    if check_destination(folder, "sweep", plan.fingerprint()) and (folder / SPEC).exists():
        if not resume:
            raise ScenarioError(
                str(folder), None, "holds a sweep already; pass --resume or choose another --out"
            )
    owned = sweep_folder(folder, plan)
    owned.subfolder(RUNS)
    remove_partial_files(folder / RUNS)
    owned.write(SPEC, json_text(spec_document(plan)))
    owned.write(
        "scenario.yaml",
        yaml.safe_dump(json.loads(plan.base.model_dump_json()), sort_keys=False),
    )
    return finished_runs(folder, plan.tasks) if resume else {}


def finished_runs(folder: Path, tasks: Iterable[RunTask]) -> dict[int, dict[str, Any]]:
    """Rows already saved under ``runs/`` that match their task (same run and seed)."""
    done = {}
    for task in tasks:
        path = run_file(folder, task.run)
        if not path.exists():
            continue
        try:
            row = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if row.get("run") == task.run and row.get("seed") == task.seed:
            done[task.run] = row
    return done


def execute_sweep(
    plan: SweepPlan,
    folder: Path,
    executor: Executor,
    resume: bool = False,
    on_run: Callable[[int, int], None] | None = None,
) -> dict[int, dict[str, Any]]:
    """Run every task not yet saved, saving each row as it arrives.

    Args:
        plan: the planned sweep.
        folder: the sweep folder.
        executor: where runs execute (:mod:`alignsim.runner.executors`), already
            entered (``with executor:``); the caller decides how long it lives.
        resume: keep the runs already saved in ``folder`` (else the folder must be free).
        on_run: called as ``on_run(done, total)`` after each saved run (and once at start).

    Returns:
        Every run's row, by run number.

    """
    rows = prepare_folder(folder, plan, resume)
    todo = [task for task in plan.tasks if task.run not in rows]
    total = len(plan.tasks)
    if on_run is not None:
        on_run(len(rows), total)
    try:
        for row in executor.imap_unordered(run_task, todo):
            row["command"] = rerun_command(
                plan.source, row["seed"], plan.steps, [*plan.base_overrides, *row["overrides"]]
            )
            write_json(run_file(folder, row["run"]), row)
            rows[row["run"]] = row
            if on_run is not None:
                on_run(len(rows), total)
    except BaseException:
        remove_partial_files(folder / RUNS)  # an interrupt may land mid-write
        raise
    return rows


def runs_table(plan: SweepPlan, rows: dict[int, dict[str, Any]]) -> pd.DataFrame:
    """``runs.csv``: a row per run, sorted by run."""
    records = []
    for run in sorted(rows):
        row = rows[run]
        record = {k: row[k] for k in ("run", "point", "replicate", "seed")}
        record.update({key: row["params"][key] for key in plan.keys})
        record.update({column: row["metrics"][column] for column in plan.spec.columns()})
        record["command"] = row["command"]
        records.append(record)
    return pd.DataFrame(records)


def finish_sweep(
    plan: SweepPlan,
    folder: Path,
    rows: dict[int, dict[str, Any]],
    formats: tuple[str, ...] = ("png", "svg"),
    plots: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Path]]:
    """Write ``runs.csv``, ``aggregate.csv`` and the figures; return the two tables and files."""
    from alignsim.outputs.sweep_plots import plot_sweep  # matplotlib only when plotting

    owned = sweep_folder(folder, plan)
    runs = runs_table(plan, rows)
    summary = aggregate(runs, plan.keys, plan.spec.columns())
    owned.write("runs.csv", runs.to_csv(index=False))
    owned.write("aggregate.csv", summary.to_csv(index=False))
    document = spec_document(plan) | {"complete": True}
    owned.write(SPEC, json_text(document))
    figures = plot_sweep(summary, document, owned, formats) if plots else []
    return runs, summary, figures


def sweep(
    plan: SweepPlan,
    folder: Path,
    executor: Executor,
    resume: bool = False,
    on_run: Callable[[int, int], None] | None = None,
    formats: tuple[str, ...] = ("png", "svg"),
    plots: bool = True,
) -> SweepOutcome:
    """Run a planned sweep into ``folder`` and write its tables and figures."""
    before = len(finished_runs(folder, plan.tasks)) if resume and Path(folder).exists() else 0
    rows = execute_sweep(plan, folder, executor, resume, on_run)
    runs, summary, figures = finish_sweep(plan, folder, rows, formats, plots)
    return SweepOutcome(Path(folder), len(rows) - before, before, runs, summary, figures)
