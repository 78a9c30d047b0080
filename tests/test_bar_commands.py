"""The bar scene through every command: run, report, sweep and the sweep's report."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.runner.sweep_plan import plan_sweep
from alignsim.scenario import BarScenario, ScenarioError


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_report_of_a_bar_run_shows_the_bar_theory(tmp_path):
    out = tmp_path / "bar"
    assert invoke("run", "bar", "--quiet", "--out", out).exit_code == 0
    result = invoke("report", out)
    assert result.exit_code == 0, result.output
    markdown = (out / "report.md").read_text()
    # five suitors, a = 1, b = 0.5: one going pays 1 + 4 x 0.5 = 3, the optimum and the
    # only pure equilibrium; nobody going (the film) pays 2.5 and is no equilibrium
    assert "| 1 | 3 | yes | yes |" in markdown
    assert "| 0 | 2.5 | no | no |" in markdown
    assert "is not an equilibrium" in markdown
    assert "ended with 1 going" in markdown
    assert "bar_learning.png" in markdown
    assert (out / "report.html").exists()


def test_bar_sweeps_over_the_worth_of_the_others_and_reports(tmp_path):
    out = tmp_path / "sweep"
    result = invoke(
        "sweep", "bar", "--grid", "game.b=0.3,0.5", "--replicates", 2, "--workers", 1,
        "--quiet", "--out", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = pd.read_csv(out / "aggregate.csv").set_index("game.b")
    # asynchronous best response settles on one suitor going: group payoff a + (n - 1) b
    assert summary.loc[0.3, "group_payoff_last10_mean"] == pytest.approx(1 + 4 * 0.3)
    assert summary.loc[0.5, "group_payoff_last10_mean"] == pytest.approx(1 + 4 * 0.5)
    assert summary["share_going_last10_mean"].tolist() == pytest.approx([0.2, 0.2])
    assert {"share_going_last10.png", "group_payoff_last10.png"} <= {
        p.name for p in (out / "figures").iterdir()
    }
    runs = pd.read_csv(out / "runs.csv")
    assert runs["command"].str.startswith("alignsim run bar --seed").all()
    assert invoke("report", out).exit_code == 0
    assert "game.b" in (out / "report.md").read_text()


def test_bar_sweep_plan_checks_metrics_against_the_bar_columns(tmp_path):
    plan = plan_sweep("bar", grid=("suitors.group_weight=0,1",))
    assert isinstance(plan.base, BarScenario)
    assert plan.spec.metrics == ["share_going", "group_payoff", "is_equilibrium"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("game: {type: bar}\nsweep: {grid: {game.b: [0.3]}, metrics: [follow_rate]}\n")
    with pytest.raises(ScenarioError, match="unknown metric 'follow_rate'.*share_going"):
        plan_sweep(str(bad))
    with pytest.raises(ScenarioError, match="population"):
        plan_sweep("bar", grid=("population.share_nash=0,1",))
