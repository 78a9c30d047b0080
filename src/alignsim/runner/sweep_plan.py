"""Plan a parameter sweep: resolve the grid, check every point, derive every run's seed.

A sweep is planned completely before anything is written, so bad input
(grid syntax, an unknown key, a value of the wrong type) stops it with one
line and no files. Each run is described by a :class:`RunTask` that a worker
process turns into a result row with :func:`run_task`; running the tasks and
storing their rows is :mod:`alignsim.runner.sweep`.

Seeds: run ``i`` gets the seed ``SeedSequence(root_seed, spawn_key=(i,))``
(the ``i``-th child of ``SeedSequence(root_seed).spawn``), reduced to a
non-negative 63-bit integer, so a sweep is reproducible from its root seed and
any run can be repeated alone with ``alignsim run SCENARIO --seed S``.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from alignsim.kinds import ScenarioKind, kind_for_data, kind_of
from alignsim.scenario import (
    ScenarioError,
    apply_overrides,
    default_name,
    read_yaml,
    resolve_path,
    validate,
)
from alignsim.scenario.commands import format_value, portable_source, run_command
from alignsim.scenario.errors import describe_error
from alignsim.scenario.resources import check_memory
from alignsim.scenario.sweep import Sweep, check_key, parse_values


@dataclass(frozen=True)
class RunTask:
    """One run of a sweep: everything a worker needs, and what the row records."""

    run: int
    point: int
    replicate: int
    seed: int
    params: dict[str, Any]
    overrides: tuple[str, ...]
    scenario: BaseModel
    spec: Sweep


@dataclass
class SweepPlan:
    """A resolved sweep: the base scenario, the spec, the grid points and the command."""

    source: str
    base_overrides: tuple[str, ...]
    base: BaseModel
    spec: Sweep
    root_seed: int
    steps: int
    tasks: list[RunTask] = field(default_factory=list)

    @property
    def kind(self) -> ScenarioKind:
        """The kind of the base scenario (every grid point's too)."""
        return kind_of(self.base)

    @property
    def keys(self) -> list[str]:
        """The swept key paths, in grid order."""
        return list(self.spec.grid)

    def fingerprint(self) -> str:
        """A digest of everything that decides the runs' results (not the worker count)."""
        text = json.dumps(self.resolved(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def resolved(self) -> dict[str, Any]:
        """The resolved sweep spec, as written to ``sweep.json``."""
        return {
            "scenario_source": self.source,
            "base_overrides": list(self.base_overrides),
            "base_scenario": json.loads(
                self.base.model_copy(update={"sweep": None}).model_dump_json()
            ),
            "sweep": json.loads(self.spec.model_dump_json()),
            "root_seed": self.root_seed,
            "steps": self.steps,
            "n_points": self.spec.n_points,
            "n_runs": self.spec.n_runs,
            "columns": self.spec.columns(),
        }


def run_seed(root_seed: int, run: int) -> int:
    """The seed of run ``run``: child ``run`` of ``SeedSequence(root_seed)``, as a 63-bit int."""
    child = np.random.SeedSequence(root_seed, spawn_key=(run,))
    return int(child.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def rerun_command(source: str, seed: int, steps: int, overrides: list[str]) -> str:
    """The ``alignsim run`` command that repeats one run alone."""
    return run_command(source, seed, steps, overrides)


def parse_grid_options(grid: tuple[str, ...] | list[str]) -> dict[str, list[Any]]:
    """``--grid key.path=values`` options as a grid mapping; one-line errors."""
    parsed: dict[str, list[Any]] = {}
    for text in grid:
        key, sep, values = text.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ScenarioError("--grid", text, "expected key.path=values, e.g. x.y=0:1:5pts")
        try:
            check_key(key)
            parsed[key] = parse_values(values)
        except ValueError as err:
            raise ScenarioError("--grid", key, str(err)) from None
    return parsed


def _merge_spec(scenario: BaseModel, source: str, updates: dict[str, Any]) -> Sweep:
    data = json.loads(scenario.sweep.model_dump_json()) if scenario.sweep else {}
    grid = dict(data.get("grid", {}))
    grid.update(updates.pop("grid", {}))
    data.update({k: v for k, v in updates.items() if v is not None}, grid=grid)
    try:
        return Sweep.model_validate(data)
    except ValidationError as err:
        key, message = describe_error(err.errors()[0])
        raise ScenarioError(source, f"sweep.{key}" if key else "sweep", message) from None


def _check_metrics(base: BaseModel, spec: Sweep, source: str) -> None:
    known = list(kind_of(base).metrics(base))
    for metric in spec.metrics:
        if metric not in known:
            raise ScenarioError(
                source,
                "sweep.metrics",
                f"unknown metric {metric!r}; expected one of: " + ", ".join(known),
            )


def _scenario_for(
    data: dict[str, Any], overrides: list[str], updates: dict[str, int], source: str
) -> BaseModel:
    """Apply grid overrides and seed/steps exactly as ``alignsim run`` would, then validate."""
    point = copy.deepcopy(data)
    try:
        apply_overrides(point, overrides, kind_for_data(data).schema)
    except ScenarioError as err:
        raise ScenarioError(source, err.key, err.problem) from None
    point.update(updates)
    try:
        scenario = validate(point, source, kind_for_data(data).schema)
        check_memory(scenario, source)
        return scenario
    except ScenarioError as err:
        raise ScenarioError(source, err.key, err.problem) from None


def plan_sweep(
    scenario: str,
    overrides: tuple[str, ...] = (),
    grid: tuple[str, ...] = (),
    replicates: int | None = None,
    steps: int | None = None,
    seed: int | None = None,
) -> SweepPlan:
    """Resolve and check a whole sweep without running or writing anything.

    Args:
        scenario: a scenario file (with or without a ``sweep:`` section) or a built-in name.
        overrides: ``--set`` overrides of the base scenario.
        grid: ``--grid key.path=values`` options, added to (or replacing keys of)
            the file's grid.
        replicates: runs per grid point (default: the spec's).
        steps: rounds per run (default: the spec's, else the scenario's).
        seed: root seed (default: the spec's, else the scenario's).

    Raises:
        ScenarioError: naming the key and what was expected.

    """
    path = resolve_path(scenario)  # a file, a built-in scenario or a built-in sweep
    data = read_yaml(path)
    data.setdefault("name", default_name(path))
    kind = kind_for_data(data)
    apply_overrides(data, overrides, kind.schema, str(path))
    base = validate(data, str(path), kind.schema)
    check_memory(base, str(path))
    cli_grid = parse_grid_options(grid)
    updates = {"grid": cli_grid, "replicates": replicates, "steps": steps, "seed": seed}
    file_sweep = data.get("sweep")
    named = isinstance(file_sweep, dict) and "metrics" in file_sweep
    if kind.default_sweep_metrics is not None and not named:
        updates["metrics"] = list(kind.default_sweep_metrics)
    spec = _merge_spec(base, str(path), updates)
    _check_metrics(base, spec, str(path))
    plan = SweepPlan(
        source=portable_source(scenario),
        base_overrides=tuple(overrides),
        base=base,
        spec=spec,
        root_seed=base.seed if spec.seed is None else spec.seed,
        steps=spec.steps or base.steps,
    )
    for key, values in spec.grid.items():  # each key alone first: the clearest message
        where = "--grid" if key in cli_grid else f"{path}: sweep.grid"
        for value in values:
            _scenario_for(data, [f"{key}={format_value(value)}"], {}, where)
    plan.tasks = _tasks(plan, data)
    return plan


def _tasks(plan: SweepPlan, data: dict[str, Any]) -> list[RunTask]:
    spec, tasks = plan.spec, []
    combos = itertools.product(*spec.grid.values()) if spec.grid else [()]
    for point, values in enumerate(combos):
        params = dict(zip(spec.grid, values, strict=True))
        overrides = tuple(f"{k}={format_value(v)}" for k, v in params.items())
        at_point = _scenario_for(data, list(overrides), {"steps": plan.steps}, "sweep.grid")
        for replicate in range(spec.replicates):
            run = point * spec.replicates + replicate
            seed = run_seed(plan.root_seed, run)
            scenario = at_point.model_copy(update={"seed": seed})
            tasks.append(RunTask(run, point, replicate, seed, params, overrides, scenario, spec))
    return tasks


def keep_metrics(timeseries: Mapping[str, Sequence[Any]], spec: Sweep) -> dict[str, float]:
    """The kept statistics of a run's time series: final value and mean of the last K rounds.

    ``timeseries`` maps each metric to its values a round: a DataFrame, or the
    DataCollector's own lists (a sweep's worker reads those: building a
    DataFrame per run cost more than the statistics). A metric missing in a
    round (NaN or None: its group did not exist) stays missing in ``final``;
    the mean of the last K rounds is over the rounds where it exists, NaN if
    it exists in none.
    """
    out: dict[str, float] = {}
    for keep in spec.keep:
        for metric in spec.metrics:
            values = np.asarray(timeseries[metric], dtype=float)
            if keep == "final":
                out[f"{metric}_final"] = float(values[-1])
            else:
                tail = values[-spec.last_steps :]
                tail = tail[~np.isnan(tail)]
                mean = float(tail.mean()) if tail.size else float("nan")
                out[f"{metric}_last{spec.last_steps}"] = mean
    return out


def run_task(task: RunTask) -> dict[str, Any]:
    """Run one task (in a worker) and return its row: ids, seed, parameters, metrics."""
    (timeseries,) = kind_of(task.scenario).run_replicates([task.scenario])
    return row_of(task) | {"metrics": keep_metrics(timeseries, task.spec)}


def row_of(task: RunTask) -> dict[str, Any]:
    """What identifies a run in its row: ids, seed, parameters, overrides."""
    return {
        "run": task.run,
        "point": task.point,
        "replicate": task.replicate,
        "seed": task.seed,
        "params": task.params,
        "overrides": list(task.overrides),
    }


def failure_reason(error: BaseException) -> str:
    """An exception as one line: its type and the first line of its message, at most 300 chars."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = type(error).__name__ + (f": {lines[0]}" if lines else "")
    return text if len(text) <= 300 else text[:299] + "…"


def attempt_task(task: RunTask) -> dict[str, Any]:
    """Run one task; a run that raises gives a row with its one-line ``error`` and no metrics.

    One grid point where the model fails (an overflow, a value the model
    cannot honour) must not take the other runs of the sweep down with it.
    Ctrl-C and exits are not failures of the run and pass through.
    """
    try:
        return run_task(task) | {"error": None}
    except Exception as error:  # noqa: BLE001 - any failure of the model is recorded
        return row_of(task) | {"metrics": None, "error": failure_reason(error)}


def sweep_command(plan: SweepPlan) -> str:
    """The ``alignsim sweep`` command that repeats the whole sweep, grid spelled out."""
    words = ["alignsim", "sweep", plan.source]
    for text in plan.base_overrides:
        words += ["--set", text]
    for key, values in plan.spec.grid.items():
        words += ["--grid", f"{key}=" + ",".join(format_value(v) for v in values)]
    words += ["--replicates", str(plan.spec.replicates), "--steps", str(plan.steps)]
    words += ["--seed", str(plan.root_seed)]
    return " ".join(shlex.quote(word) for word in words)
