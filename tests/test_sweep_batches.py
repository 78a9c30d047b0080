"""Batches of replicates: how runs are grouped, a batch that fails, same numbers in any batch."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from alignsim.kinds import kind_named
from alignsim.kinds.base import ScenarioKind
from alignsim.runner.batches import attempt_batch, batch_size, replicate_batches
from alignsim.runner.executors import DaskExecutor, ProcessExecutor, SerialExecutor
from alignsim.runner.sweep import sweep
from alignsim.runner.sweep_plan import attempt_task, plan_sweep
from sweep_helpers import write_scenario

TEAMS = type(kind_named("teams"))


@pytest.fixture
def plan(tmp_path):
    """Two grid points of 12 replicates: 24 runs, enough for batches of 3 with two workers."""
    return plan_sweep(str(write_scenario(tmp_path)), replicates=12)


@pytest.fixture
def batched(monkeypatch):
    """The leader teams kind batching up to 5 replicates (its model stepping them one by one)."""
    monkeypatch.setattr(TEAMS, "max_replicates_per_batch", 5)


def runs_of(batches):
    return [[task.run for task in batch] for batch in batches]


def test_batches_are_consecutive_replicates_of_one_point(plan):
    batches = replicate_batches(plan.tasks, 5)
    assert runs_of(batches) == [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9],
        [10, 11],  # the point ends: a batch never spans two
        [12, 13, 14, 15, 16],
        [17, 18, 19, 20, 21],
        [22, 23],
    ]
    for batch in batches:
        assert len({task.point for task in batch}) == 1


def test_a_gap_in_the_pending_runs_starts_a_new_batch(plan):
    pending = [task for task in plan.tasks if task.run not in (2, 3, 7)]
    assert runs_of(replicate_batches(pending[:10], 4)) == [[0, 1], [4, 5, 6], [8, 9, 10, 11], [12]]
    assert runs_of(replicate_batches(plan.tasks[:3], 1)) == [[0], [1], [2]]


@pytest.mark.parametrize(
    ("most", "tasks", "workers", "expected"),
    [(5, 24, 2, 3), (5, 400, 2, 5), (64, 500, 2, 62), (1, 500, 2, 1), (5, 3, 2, 1), (5, 0, 1, 1)],
)
def test_a_batch_is_never_more_than_the_first_chunk(most, tasks, workers, expected):
    assert batch_size(most, tasks, workers) == expected


def test_the_default_kind_runs_every_run_alone():
    assert ScenarioKind.max_replicates_per_batch == 1


def test_a_batch_is_one_call_of_the_kind_with_rows_as_run_alone(plan, monkeypatch):
    calls = []
    run_replicates = TEAMS.run_replicates

    def counted(self, scenarios):
        calls.append([scenario.seed for scenario in scenarios])
        return run_replicates(self, scenarios)

    monkeypatch.setattr(TEAMS, "run_replicates", counted)
    batch = plan.tasks[12:16]
    rows = attempt_batch(batch)
    assert calls == [[task.seed for task in batch]]
    calls.clear()
    assert rows == [attempt_task(task) for task in batch]
    assert len(calls) == 4  # run alone: a call a run


def break_run(plan, run):
    """Give one run a population the model cannot build (it raises), as in test_sweep_failures."""
    task = plan.tasks[run]
    population = task.scenario.population.model_copy(update={"n_followers": -1})
    scenario = task.scenario.model_copy(update={"population": population})
    plan.tasks[run] = dataclasses.replace(task, scenario=scenario)
    return plan


def serial_sweep(plan, folder, batch=None):
    with SerialExecutor() as executor:
        return sweep(plan, folder, executor, plots=False, batch=batch)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_run_fails_alone_and_its_batch_neighbours_succeed(
    tmp_path, plan, batched, workers
):
    reference = serial_sweep(plan, tmp_path / "reference", batch=1)
    executor = SerialExecutor() if workers == 1 else ProcessExecutor(workers)
    with executor:
        outcome = sweep(break_run(plan, 13), tmp_path / "failing", executor, plots=False)
    assert [row["run"] for row in outcome.failures] == [13]
    assert outcome.failures[0]["error"].startswith("ValueError: ")
    columns = ["run", "seed", *plan.spec.columns()]
    runs, expected = outcome.runs.drop(index=13), reference.runs.drop(index=13)
    pd.testing.assert_frame_equal(runs[columns], expected[columns])  # 12 and 14 shared its batch
    assert runs["error"].isna().all()


def test_same_numbers_whatever_the_batches_serial_two_workers_or_dask(tmp_path, plan, batched):
    """Runs alone, in batches of 5 in this process, in two workers, on Dask: one runs.csv."""
    alone = serial_sweep(plan, tmp_path / "alone", batch=1)
    serial_sweep(plan, tmp_path / "batches", batch=5)
    with ProcessExecutor(2) as executor:
        sweep(plan, tmp_path / "two", executor, plots=False, batch=3)
    with DaskExecutor("local", 2) as executor:
        sweep(plan, tmp_path / "dask", executor, plots=False)
    text = (tmp_path / "alone" / "runs.csv").read_text()
    assert len(alone.runs) == 24 and alone.runs["error"].isna().all()
    for name in ("batches", "two", "dask"):
        assert (tmp_path / name / "runs.csv").read_text() == text, name
