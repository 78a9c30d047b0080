"""Batches of replicates: how runs are grouped, a batch that fails, same numbers in any batch."""

from __future__ import annotations

import collections
import dataclasses
import json

import pandas as pd
import pytest

from alignsim.kinds import kind_named
from alignsim.kinds.base import ScenarioKind
from alignsim.runner.batches import attempt_batch, batch_size, replicate_batches
from alignsim.runner.executors import DaskExecutor, ProcessExecutor, SerialExecutor
from alignsim.runner.sweep import batch_sizes, sweep
from alignsim.runner.sweep_folder import checksum
from alignsim.runner.sweep_plan import attempt_task, plan_sweep
from sweep_helpers import write_scenario

TEAMS = type(kind_named("teams"))


@pytest.fixture
def plan(tmp_path):
    """Two grid points of 12 replicates: 24 runs, enough for batches of 3 with two workers."""
    return plan_sweep(str(write_scenario(tmp_path)), replicates=12)


@pytest.fixture
def batched(monkeypatch):
    """The leader teams kind handing over up to 5 replicates of a grid point at once."""
    monkeypatch.setattr(TEAMS, "replicates_per_batch", lambda self, scenario: 5)


def every(size):
    """The same batch size at every grid point."""
    return collections.defaultdict(lambda: size)


def runs_of(batches):
    return [[task.run for task in batch] for batch in batches]


def test_batches_are_consecutive_replicates_of_one_point(plan):
    batches = replicate_batches(plan.tasks, every(5))
    assert runs_of(batches) == [  # 12 replicates at most 5 a batch: 4, 4, 4 (not 5, 5, 2)
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [8, 9, 10, 11],  # the point ends: a batch never spans two
        [12, 13, 14, 15],
        [16, 17, 18, 19],
        [20, 21, 22, 23],
    ]
    for batch in batches:
        assert len({task.point for task in batch}) == 1


def test_batches_of_a_point_differ_in_size_by_one_at_most(tmp_path):
    plan = plan_sweep(str(write_scenario(tmp_path)), replicates=50)
    assert [len(batch) for batch in replicate_batches(plan.tasks, every(16))] == [
        13,
        13,
        12,
        12,
    ] * 2
    assert [len(batch) for batch in replicate_batches(plan.tasks, every(50))] == [50, 50]


def test_a_gap_in_the_pending_runs_starts_a_new_batch(plan):
    pending = [task for task in plan.tasks if task.run not in (2, 3, 7)]
    assert runs_of(replicate_batches(pending[:10], every(4))) == [
        [0, 1],
        [4, 5, 6],
        [8, 9, 10, 11],
        [12],
    ]
    assert runs_of(replicate_batches(plan.tasks[:3], every(1))) == [[0], [1], [2]]
    sizes = {0: 2, 1: 7}  # each grid point its own
    assert runs_of(replicate_batches(plan.tasks[9:22], sizes)) == [
        [9, 10],
        [11],
        [12, 13, 14, 15, 16],
        [17, 18, 19, 20, 21],
    ]


@pytest.mark.parametrize(
    ("most", "tasks", "workers", "expected"),
    [(5, 24, 2, 3), (5, 400, 2, 5), (64, 500, 2, 62), (1, 500, 2, 1), (5, 3, 2, 1), (5, 0, 1, 1)],
)
def test_a_batch_is_never_more_than_the_first_chunk(most, tasks, workers, expected):
    assert batch_size(most, tasks, workers) == expected


def test_each_grid_point_gets_its_kind_s_batch_size_or_the_one_asked_for(plan, monkeypatch):
    monkeypatch.setattr(TEAMS, "replicates_per_batch", lambda self, s: 2 if s.seed % 2 else 7)
    expected = {point: 2 if plan.tasks[12 * point].seed % 2 else 7 for point in (0, 1)}
    assert batch_sizes(plan, plan.tasks, 1) == expected
    assert batch_sizes(plan, plan.tasks, 1, batch=4) == {0: 4, 1: 4}
    assert batch_sizes(plan, plan.tasks[5:], 2) == {0: 2, 1: 2}  # 19 runs: 2 a batch at most


def test_a_kind_without_a_batched_model_runs_every_run_alone(plan):
    assert ScenarioKind.replicates_per_batch(TEAMS, plan.base) == 1  # the default
    assert ScenarioKind.replicates_per_batch(kind_named("bar"), plan.base) == 1
    assert kind_named("bar").replicates_per_batch(plan.base) == 1


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


class Counting(SerialExecutor):
    """Runs batches in this process and records the runs of each."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[int]] = []

    def imap_unordered(self, fn, tasks):
        for batch in tasks:
            if fn is attempt_batch:  # not the tables' per-point summaries
                self.batches.append([task.run for task in batch])
            yield fn(batch)


@pytest.fixture
def done(tmp_path, plan, batched):
    """A sweep saved in batches of up to 5 replicates, and its runs.csv."""
    serial_sweep(plan, tmp_path / "s")
    return tmp_path / "s", (tmp_path / "s" / "runs.csv").read_text()


def test_a_batch_is_saved_as_one_file_a_line_a_run(done):
    folder, _ = done
    names = sorted(path.name for path in (folder / "runs").iterdir())
    assert names == [
        "run-000000-000003.json",
        "run-000004-000007.json",
        "run-000008-000011.json",
        "run-000012-000015.json",
        "run-000016-000019.json",
        "run-000020-000023.json",
    ]
    lines = (folder / "runs" / names[0]).read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    assert [row["run"] for row in rows] == [0, 1, 2, 3]
    assert all(row["checksum"] == checksum(row) for row in rows)


def resume(plan, folder):
    with Counting() as executor:
        outcome = sweep(plan, folder, executor, resume=True, plots=False)
    return executor.batches, outcome


def test_a_damaged_line_redoes_its_run_alone_and_keeps_its_neighbours(done, plan):
    folder, reference = done
    path = folder / "runs" / "run-000004-000007.json"
    lines = path.read_text().splitlines(keepends=True)
    lines[2] = lines[2].replace('"error": null', '"error": "edited"')  # run 6: checksum fails
    path.write_text("".join(lines))
    batches, outcome = resume(plan, folder)
    assert batches == [[6]]
    assert (outcome.ran, outcome.redone, outcome.reused) == (1, 1, 23)
    assert (folder / "runs.csv").read_text() == reference
    assert "edited" in path.read_text()  # the damaged file is left as it is
    assert resume(plan, folder)[0] == []  # run 6's own file now counts


def test_a_truncated_batch_file_redoes_only_the_runs_it_lost(done, plan):
    folder, reference = done
    path = folder / "runs" / "run-000000-000003.json"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:2]) + lines[2][:7])  # 2 whole lines, the third cut
    batches, outcome = resume(plan, folder)
    assert sorted(run for batch in batches for run in batch) == [2, 3]
    assert outcome.redone == 2
    assert (folder / "runs.csv").read_text() == reference


def test_a_failed_run_tried_again_replaces_its_failed_row(tmp_path, plan, batched):
    reference = serial_sweep(plan, tmp_path / "reference")
    broken = break_run(plan_sweep(str(write_scenario(tmp_path)), replicates=12), 13)
    folder = tmp_path / "s"
    assert [row["run"] for row in serial_sweep(broken, folder).failures] == [13]
    batches, outcome = resume(plan, folder)  # the plan whose run 13 works
    assert batches == [[13]] and outcome.retried == 1 and not outcome.failures
    assert (folder / "runs.csv").read_text() == (tmp_path / "reference" / "runs.csv").read_text()
    assert reference.runs["error"].isna().all()
