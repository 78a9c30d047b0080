"""A run that fails is recorded with its reason, the sweep goes on, and the exit status says so."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import alignsim.runner.sweep_plan as sweep_plan_module
from alignsim.cli import main
from alignsim.kinds import report_theory
from alignsim.outputs.report import DASH, write_report
from alignsim.runner.executors import ProcessExecutor, SerialExecutor
from alignsim.runner.sweep import sweep
from alignsim.runner.sweep_plan import failure_reason, plan_sweep
from sweep_helpers import write_scenario

BAD_WEIGHT = 0.9  # the second grid point of SMALL_SWEEP


def break_point(plan, point=1):
    """Give the runs of one grid point a population the model cannot build (it raises).

    The broken scenario travels inside the tasks, to worker processes however
    they start, as a value that slipped past validation would.
    """
    for index, task in enumerate(plan.tasks):
        if task.point == point:
            population = task.scenario.population.model_copy(update={"n_followers": -1})
            scenario = task.scenario.model_copy(update={"population": population})
            plan.tasks[index] = dataclasses.replace(task, scenario=scenario)
    return plan


@pytest.fixture
def plan(tmp_path):
    return plan_sweep(str(write_scenario(tmp_path)))


@pytest.fixture
def reference(tmp_path, plan):
    with SerialExecutor() as executor:
        return sweep(plan, tmp_path / "reference", executor, plots=False)


def test_failure_reason_is_one_line():
    assert failure_reason(ValueError("a\nb")) == "ValueError: a"
    assert failure_reason(MemoryError()) == "MemoryError"
    assert len(failure_reason(RuntimeError("x" * 1000))) == 300


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_point_is_recorded_and_the_sweep_goes_on(tmp_path, plan, reference, workers):
    folder = tmp_path / "failing"
    executor = SerialExecutor() if workers == 1 else ProcessExecutor(workers)
    with executor:
        outcome = sweep(break_point(plan), folder, executor, plots=False)
    assert [row["run"] for row in outcome.failures] == [3, 4, 5]
    reasons = {row["error"] for row in outcome.failures}
    assert len(reasons) == 1
    reason = reasons.pop()
    assert reason.startswith("ValueError: ") and "\n" not in reason

    runs = pd.read_csv(folder / "runs.csv")
    assert list(runs["run"]) == list(range(6))
    columns = plan.spec.columns()
    assert runs.loc[3:, columns].isna().all().all()  # missing, not zero
    assert list(runs["error"].fillna("")) == [""] * 3 + [reason] * 3
    expected = pd.read_csv(tmp_path / "reference" / "runs.csv")
    pd.testing.assert_frame_equal(runs.loc[:2, columns], expected.loc[:2, columns])

    summary = pd.read_csv(folder / "aggregate.csv")
    assert list(summary["n"]) == [3, 0] and list(summary["failed"]) == [0, 3]
    means = [f"{column}_mean" for column in columns]
    assert summary.loc[1, means].isna().all()
    pd.testing.assert_series_equal(
        summary.loc[0, means], reference.aggregate.loc[0, means], check_names=False
    )
    header, _, bad = (
        line.split(",") for line in (folder / "aggregate.csv").read_text().splitlines()
    )
    cells = dict(zip(header, bad, strict=True))
    assert [cells[k] for k in ("point", "population.group_weight", "n", "failed")] == [
        "1",
        str(BAD_WEIGHT),
        "0",
        "3",
    ]
    for name, cell in cells.items():  # empty statistics, and no run where a metric exists
        if name.endswith(("_mean", "_sd", "_ci_low", "_ci_high")):
            assert cell == "", name
        elif name.endswith("_n"):
            assert cell == "0", name


def test_cli_lists_failures_and_exits_3(tmp_path, monkeypatch):
    scenario = write_scenario(tmp_path)
    broken = lambda *args: break_point(plan_sweep(*args))  # noqa: E731
    monkeypatch.setattr(sweep_plan_module, "plan_sweep", broken)  # the command imports it when run
    folder = tmp_path / "cli"
    result = CliRunner().invoke(
        main, ["sweep", str(scenario), "--out", str(folder), "--workers", "2", "--no-plots"]
    )
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output and result.exception is not None  # SystemExit(3)
    lines = result.stderr.splitlines()
    assert any("3 of 6 runs failed" in line for line in lines)
    listed = [line.strip() for line in lines if line.strip().startswith("run ")]
    assert [line.split(": ")[0] for line in listed] == [
        f"run {run} (population.group_weight={BAD_WEIGHT})" for run in (3, 4, 5)
    ]
    assert all(line.split(": ", 1)[1].startswith("ValueError: ") for line in listed)
    assert f"results: {folder}" in result.stdout  # what finished is saved and tabled
    assert (folder / "aggregate.csv").exists()


def test_report_shows_a_point_with_no_finished_run_as_a_dash(tmp_path, plan):
    folder = tmp_path / "failing"
    with SerialExecutor() as executor:
        sweep(break_point(plan), folder, executor, plots=False)
    markdown = write_report(folder, report_theory)[0].read_text(encoding="utf-8")
    row = next(line for line in markdown.splitlines() if line.startswith(f"| {BAD_WEIGHT} |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[1] == "0" and set(cells[2:]) == {DASH}
    assert "nan" not in markdown.lower().replace("financ", "")


def test_resume_tries_failed_runs_again(tmp_path, plan, reference):
    folder = tmp_path / "failing"
    with SerialExecutor() as executor:
        sweep(break_point(plan_sweep(plan.source)), folder, executor, plots=False)
    with SerialExecutor() as executor:  # the cause is gone: the same plan, unbroken
        outcome = sweep(plan, folder, executor, resume=True, plots=False)
    assert (outcome.ran, outcome.reused, outcome.retried, outcome.failures) == (3, 3, 3, [])
    assert (folder / "runs.csv").read_text() == (tmp_path / "reference" / "runs.csv").read_text()
    assert np.isfinite(pd.read_csv(folder / "aggregate.csv")["n"]).all()
