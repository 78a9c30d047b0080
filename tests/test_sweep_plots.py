"""Sweep figures: lines with bands for one key, heatmaps for two, small multiples for more."""

from __future__ import annotations

import pytest

from alignsim.outputs.sweep_plots import families, key_label, metric_label, split_column
from alignsim.runner.executors import SerialExecutor
from alignsim.runner.sweep import sweep
from alignsim.runner.sweep_plan import plan_sweep
from sweep_helpers import SMALL_SWEEP, write_scenario

METRICS = "  metrics: [contribution_rate_smith, contribution_rate_nash, mean_trust]\n"


def make(tmp_path, grid, formats=("png", "svg")):
    tmp_path.mkdir(exist_ok=True)
    path = write_scenario(tmp_path, SMALL_SWEEP + METRICS)
    plan = plan_sweep(str(path), grid=grid, replicates=2, steps=5)
    with SerialExecutor() as executor:
        return sweep(plan, tmp_path / "out", executor, formats=formats)


@pytest.mark.parametrize(
    ("grid", "count"),
    [
        ((), 2),
        (("learning.trust_rate=0.1,0.5",), 2),
        (("learning.trust_rate=0.1,0.5", "choice.rule=logit,best_response"), 2),
    ],
)
def test_figures_written_for_one_two_three_keys(tmp_path, grid, count):
    outcome = make(tmp_path, grid)
    names = sorted(p.name for p in outcome.figures)
    assert len(names) == count * 2 * 2  # families x statistics x formats
    assert "contribution_rate_last4.png" in names and "mean_trust_final.svg" in names
    for path in outcome.figures:
        assert path.stat().st_size > 1000


def test_pdf_on_request(tmp_path):
    outcome = make(tmp_path, (), formats=("png", "svg", "pdf"))
    assert any(p.suffix == ".pdf" for p in outcome.figures)


def test_svg_has_no_timestamp(tmp_path):
    first = make(tmp_path / "a", ())
    second = make(tmp_path / "b", ())
    a = {p.name: p.read_bytes() for p in first.figures}
    b = {p.name: p.read_bytes() for p in second.figures}
    assert a == b


def test_labels_have_units():
    assert "0 to 1" in metric_label("contribution_rate")
    assert "endowments" in metric_label("mean_payoff")
    assert "weight on the others' payoffs" in key_label("population.group_weight")
    assert "overselling" in key_label("leaders.0.hype")


def test_split_column():
    stats = {"final": "final", "last10": "mean_last"}
    assert split_column("contribution_rate_nash_last10", stats) == (
        "contribution_rate",
        "nash",
        "last10",
    )
    assert split_column("team_honest_final", stats) == ("team_honest", "all", "final")


def test_families_drop_absent_types():
    document = {
        "keys": ["a.b"],
        "spec": {
            "sweep": {"last_steps": 10},
            "base_scenario": {"population": {"share_nash": 1.0}},
            "columns": ["mean_payoff_smith_last10", "mean_payoff_nash_last10"],
        },
    }
    assert families(document) == {("mean_payoff", "last10"): {"nash": "mean_payoff_nash_last10"}}
