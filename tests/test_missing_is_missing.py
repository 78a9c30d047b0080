"""A group that does not exist is missing, never 0: JSON null, empty CSV cell, dash, no line."""

from __future__ import annotations

import json

import matplotlib
import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from alignsim.kinds import report_theory
from alignsim.kinds.teams import TeamsKind
from alignsim.outputs.aggregate import aggregate
from alignsim.outputs.intervals import interval
from alignsim.outputs.report import run_report, to_markdown
from alignsim.outputs.table import print_summary
from alignsim.runner.sweep_plan import keep_metrics
from alignsim.scenario import load_scenario
from alignsim.scenario.sweep import Sweep
from conftest import SCENARIOS

matplotlib.use("Agg")

ABSENT_IN_SMITH = (
    "mean_payoff_nash",
    "contribution_rate_nash",
    "mean_wealth_nash",
    "mean_payoff_conditional",
    "contribution_rate_conditional",
    "mean_wealth_conditional",
)


@pytest.fixture(scope="module")
def smith_run(tmp_path_factory):
    scenario = load_scenario(
        SCENARIOS / "smith.yaml",
        # a share of Nash agents too small to give even one of 60: the group does not exist
        ["population.n_followers=60", "population.share_nash=0.005", "choice.rule=best_response"],
        steps=12,
    )
    result = TeamsKind().run(scenario)
    folder = TeamsKind().write(result, tmp_path_factory.mktemp("smith") / "run", plots=True)
    return result, folder


def test_absent_groups_are_null_in_summary_json(smith_run):
    _, folder = smith_run
    summary = json.loads((folder / "summary.json").read_text())
    for key in ABSENT_IN_SMITH:
        assert summary["final"][key] is None, key
        assert summary["mean_last_10"][key] is None, key
    assert summary["wealth"]["nash_mean"] is None
    assert summary["final"]["mean_payoff_smith"] is not None  # the Smith followers exist
    assert summary["final"]["share_nash"] == 0.0  # a share of nobody is a true 0


def test_absent_groups_are_empty_cells_in_the_csv(smith_run):
    _, folder = smith_run
    lines = (folder / "timeseries.csv").read_text().splitlines()
    header = lines[0].split(",")
    row = lines[-1].split(",")
    for key in ABSENT_IN_SMITH:
        assert row[header.index(key)] == "", key
    assert row[header.index("mean_payoff_smith")] != ""


def test_absent_groups_are_dashes_or_absent_in_the_terminal_tables(smith_run):
    result, _ = smith_run
    console = Console(record=True, width=140)
    print_summary(result.summary, console)
    text = console.export_text()
    assert "Nash" not in text  # no Nash row, column or observed rate: there are none
    assert "observed contribution: Smith" in text
    assert "0.00, Nash" not in text


def test_absent_groups_are_dashes_in_the_report(smith_run):
    _, folder = smith_run
    markdown = to_markdown(run_report(folder, report_theory))
    rows = markdown.splitlines()
    line = next(row for row in rows if row.startswith("| mean payoff, Nash followers"))
    assert line.split("|")[2].strip() == "-"
    assert "| 0 |" not in line and "None" not in line


def test_absent_groups_draw_no_line(smith_run, monkeypatch):
    """The payoff plot of an all-Smith run has a Smith line and no Nash line."""
    from matplotlib.axes import Axes

    from alignsim.outputs import plots

    labels = []
    original = Axes.plot

    def spy(self, *args, **kwargs):
        labels.append(kwargs.get("label"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Axes, "plot", spy)
    result, folder = smith_run
    plots.plot_payoffs(result.timeseries, result.scenario, folder / "spy.png")
    assert "Smith" in labels and "Nash" not in labels


def test_leaderless_run_has_no_leader_metrics():
    scenario = load_scenario(SCENARIOS / "staghunt.yaml", ["population.n_followers=200"], steps=3)
    final = TeamsKind().run(scenario).summary["final"]
    for key in ("leader_payoff", "mean_trust", "mean_hype", "mean_cut"):
        assert final[key] is None, key


def test_sweep_statistics_are_over_the_runs_where_the_quantity_exists():
    runs = pd.DataFrame(
        {
            "point": [0, 0, 0, 0],
            "x": [1.0] * 4,
            "mean_payoff_nash_final": [2.0, 4.0, np.nan, np.nan],
        }
    )
    table = aggregate(runs, ["x"], ["mean_payoff_nash_final"])
    row = table.iloc[0]
    assert row["n"] == 4
    assert row["mean_payoff_nash_final_n"] == 2
    assert row["mean_payoff_nash_final_mean"] == pytest.approx(3.0)  # not 1.5: no zeros
    low, _ = interval(np.array([2.0, 4.0]), "bootstrap", 0, "mean_payoff_nash_final")
    assert row["mean_payoff_nash_final_ci_low"] == pytest.approx(low)
    nowhere = aggregate(
        runs.assign(mean_payoff_nash_final=np.nan), ["x"], ["mean_payoff_nash_final"]
    )
    assert nowhere.iloc[0]["mean_payoff_nash_final_n"] == 0
    assert np.isnan(nowhere.iloc[0]["mean_payoff_nash_final_mean"])


def test_a_runs_tail_mean_skips_the_rounds_where_a_metric_is_missing():
    spec = Sweep.model_validate(
        {"metrics": ["contribution_rate_nash"], "last_steps": 4, "keep": ["final", "mean_last"]}
    )
    series = pd.DataFrame({"contribution_rate_nash": [0.0, 1.0, np.nan, 0.5, np.nan]})
    kept = keep_metrics(series, spec)
    assert np.isnan(kept["contribution_rate_nash_final"])
    assert kept["contribution_rate_nash_last4"] == pytest.approx(0.75)  # (1 + 0.5) / 2
