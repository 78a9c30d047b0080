"""Sweeps: seeds, re-running a row alone, resume, executors agree, confidence intervals."""

from __future__ import annotations

import shlex
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.outputs.aggregate import aggregate, mean_and_sd
from alignsim.outputs.ownership import MANIFEST
from alignsim.runner.batches import attempt_batch
from alignsim.runner.executors import DaskExecutor, ProcessExecutor, SerialExecutor
from alignsim.runner.sweep import sweep
from alignsim.runner.sweep_folder import run_file, saved_runs
from alignsim.runner.sweep_plan import keep_metrics, plan_sweep, run_seed
from sweep_helpers import write_scenario

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def plan(tmp_path):
    return plan_sweep(str(write_scenario(tmp_path)))


def run_serial(plan, folder, **kwargs):
    with SerialExecutor() as executor:
        return sweep(plan, folder, executor, plots=False, **kwargs)


class Interrupting(SerialExecutor):
    """Runs ``limit`` run batches, then raises KeyboardInterrupt as Ctrl-C would; counts them.

    The tables' per-point summaries, which a sweep also hands its executor, are not counted.
    """

    def __init__(self, limit: int | None = None) -> None:
        super().__init__()
        self.limit, self.seen = limit, 0

    def imap_unordered(self, fn, tasks):
        for task in tasks:
            if fn is attempt_batch:
                if self.limit is not None and self.seen >= self.limit:
                    raise KeyboardInterrupt
                self.seen += 1
            yield fn(task)


def test_seeds_come_from_seed_sequence_spawn(plan):
    children = np.random.SeedSequence(plan.root_seed).spawn(len(plan.tasks))
    for task, child in zip(plan.tasks, children, strict=True):
        expected = int(child.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
        assert task.seed == expected == run_seed(plan.root_seed, task.run)
    assert len({t.seed for t in plan.tasks}) == len(plan.tasks)


def test_plan_is_reproducible_and_root_seed_matters(tmp_path, plan):
    again = plan_sweep(str(write_scenario(tmp_path)))
    assert [t.seed for t in again.tasks] == [t.seed for t in plan.tasks]
    assert again.fingerprint() == plan.fingerprint()
    other = plan_sweep(str(write_scenario(tmp_path)), seed=12)
    assert other.fingerprint() != plan.fingerprint()
    assert {t.seed for t in other.tasks}.isdisjoint({t.seed for t in plan.tasks})


def test_runs_numbered_point_major(plan):
    assert [(t.run, t.point, t.replicate) for t in plan.tasks[:4]] == [
        (0, 0, 0),
        (1, 0, 1),
        (2, 0, 2),
        (3, 1, 0),
    ]
    assert plan.tasks[3].params == {"population.group_weight": 0.9}


def test_a_row_rerun_alone_gives_the_same_metrics(tmp_path, plan):
    outcome = run_serial(plan, tmp_path / "sweep")
    row = outcome.runs.iloc[4]
    words = shlex.split(row["command"])
    assert words[:2] == ["alignsim", "run"] and "--seed" in words
    out = tmp_path / "alone"
    result = CliRunner().invoke(main, [*words[1:], "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    again = keep_metrics(pd.read_csv(out / "timeseries.csv"), plan.spec)
    for column, value in again.items():
        assert row[column] == pytest.approx(value, abs=1e-12)


def test_runs_csv_sorted_with_parameters_seed_metrics(tmp_path, plan):
    runs = run_serial(plan, tmp_path / "s").runs
    assert list(runs["run"]) == list(range(6))
    assert list(runs.columns[:5]) == [
        "run",
        "point",
        "replicate",
        "seed",
        "population.group_weight",
    ]
    assert set(plan.spec.columns()) <= set(runs.columns)
    assert runs.columns[-1] == "command"


def test_resume_after_interrupt_redoes_none_and_loses_none(tmp_path, plan):
    reference = run_serial(plan, tmp_path / "reference").runs
    folder = tmp_path / "stopped"
    with pytest.raises(KeyboardInterrupt):
        with Interrupting(limit=4) as executor:
            sweep(plan, folder, executor, plots=False)
    assert len(saved_runs(folder, plan.tasks, plan.fingerprint()).rows) == 4
    assert not (folder / "runs.csv").exists()
    with Interrupting() as executor:
        outcome = sweep(plan, folder, executor, resume=True, plots=False)
    assert executor.seen == 2
    assert (outcome.ran, outcome.reused) == (2, 4)
    pd.testing.assert_frame_equal(outcome.runs, reference)
    assert (folder / "runs.csv").read_text() == (tmp_path / "reference" / "runs.csv").read_text()


def test_resume_with_prepopulated_runs(tmp_path, plan):
    run_serial(plan, tmp_path / "full")
    folder = tmp_path / "partial"
    (folder / "runs").mkdir(parents=True)
    for run in (0, 2, 5):
        source = run_file(tmp_path / "full", run)
        run_file(folder, run).write_text(source.read_text())
    (folder / "sweep.json").write_text((tmp_path / "full" / "sweep.json").read_text())
    # a stopped sweep's folder carries alignsim's manifest: it is alignsim's own output
    (folder / MANIFEST).write_text((tmp_path / "full" / MANIFEST).read_text())
    with Interrupting() as executor:
        sweep(plan, folder, executor, resume=True, plots=False)
    assert executor.seen == 3
    assert (folder / "runs.csv").read_text() == (tmp_path / "full" / "runs.csv").read_text()


def test_existing_sweep_needs_resume_and_same_spec(tmp_path, plan):
    folder = tmp_path / "s"
    run_serial(plan, folder)
    scenario = str(write_scenario(tmp_path))
    cli = CliRunner()
    result = cli.invoke(main, ["sweep", scenario, "--out", str(folder), "--workers", "1"])
    assert result.exit_code == 2 and "--resume" in result.stderr
    result = cli.invoke(
        main, ["sweep", scenario, "--out", str(folder), "--resume", "--seed", "3", "--workers", "1"]
    )
    assert result.exit_code == 2 and "different sweep" in result.stderr
    result = cli.invoke(
        main,
        [
            "sweep",
            scenario,
            "--out",
            str(folder),
            "--resume",
            "--quiet",
            "--workers",
            "1",
            "--no-plots",
        ],
    )
    assert result.exit_code == 0, result.output


def test_same_runs_csv_with_one_and_two_workers(tmp_path, plan):
    run_serial(plan, tmp_path / "one")
    with ProcessExecutor(2) as executor:
        sweep(plan, tmp_path / "two", executor, plots=False)
    assert (tmp_path / "one" / "runs.csv").read_text() == (
        tmp_path / "two" / "runs.csv"
    ).read_text()
    assert (tmp_path / "one" / "aggregate.csv").read_text() == (
        tmp_path / "two" / "aggregate.csv"
    ).read_text()


def test_same_runs_csv_on_dask_local_cluster(tmp_path, plan):
    pytest.importorskip("dask.distributed")
    run_serial(plan, tmp_path / "one")
    with DaskExecutor("local", 2) as executor:
        sweep(plan, tmp_path / "dask", executor, plots=False)
    for table in ("runs.csv", "aggregate.csv"):  # the points' intervals computed on Dask too
        assert (tmp_path / "one" / table).read_text() == (tmp_path / "dask" / table).read_text()


@pytest.mark.parametrize("n", [2, 3, 10])
def test_mean_and_sd_match_numpy(n):
    values = np.random.default_rng(n).normal(2.0, 0.5, size=n)
    mean, sd = mean_and_sd(np.append(values, np.nan))  # a missing value is left out
    assert mean == pytest.approx(values.mean())
    assert sd == pytest.approx(values.std(ddof=1))


def test_aggregate_per_point():
    runs = pd.DataFrame(
        {"point": [0, 0, 0, 1], "k.x": [0.1, 0.1, 0.1, 0.5], "m_final": [1.0, 2.0, 3.0, 4.0]}
    )
    table = aggregate(runs, ["k.x"], ["m_final"])
    assert list(table["n"]) == [3, 1]
    first = table.iloc[0]
    assert (first["m_final_mean"], first["m_final_sd"]) == pytest.approx((2.0, 1.0))
    assert 1.0 <= first["m_final_ci_low"] < 2.0 < first["m_final_ci_high"] <= 3.0
    assert first["m_final_ci_method"] == "bootstrap"
    assert np.isnan(table.iloc[1]["m_final_sd"]) and np.isnan(table.iloc[1]["m_final_ci_high"])


def test_aggregate_rows_follow_the_points_whatever_order_their_summaries_finish_in():
    runs = pd.DataFrame(
        {
            "point": [0, 0, 1, 1, 2, 2],
            "k.x": [0.1, 0.1, 0.5, 0.5, 0.9, 0.9],
            "m_final": [1.0, 2.0, 4.0, 6.0, 8.0, 9.0],
        }
    )

    def backwards(fn, points):  # as a pool of workers may return them
        return reversed([fn(point) for point in points])

    expected = aggregate(runs, ["k.x"], ["m_final"])
    assert list(expected["point"]) == [0, 1, 2]
    pd.testing.assert_frame_equal(aggregate(runs, ["k.x"], ["m_final"], backwards), expected)


def test_group_weight_sweep_flips_contribution_at_the_threshold(tmp_path):
    plan = plan_sweep(str(ROOT / "sweeps" / "group_weight.yaml"), replicates=2, steps=12)
    threshold = plan_predictions_threshold(plan)
    assert threshold == pytest.approx(0.5)
    table = run_serial(plan, tmp_path / "gw").aggregate
    weight = table["population.group_weight"]
    nash = table["contribution_rate_nash_last10_mean"]
    smith = table["contribution_rate_smith_last10_mean"]
    assert (nash[weight < threshold] < 0.05).all()
    assert (nash[weight > threshold] > 0.95).all()
    assert (smith < 0.05).all()


def plan_predictions_threshold(plan):
    return plan.kind.sweep_predictions(plan.base)[0]["threshold_group_weight"]
