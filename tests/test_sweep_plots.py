"""Sweep figures: lines with bands for one key, heatmaps for two, small multiples for more."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from alignsim.outputs.sweep_plots import (
    SweepWords,
    colour_range,
    families,
    heatmap_figure,
    key_label,
    metric_label,
    multiples_figure,
    repeated_figures,
    split_column,
)
from alignsim.runner.executors import SerialExecutor
from alignsim.runner.sweep import sweep
from alignsim.runner.sweep_plan import plan_sweep
from alignsim.scenario import Scenario
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


def synthetic(keys, columns, values):
    """A sweep.json document and an aggregate table with the given means."""
    document = {
        "keys": keys,
        "spec": {
            "columns": columns,
            "sweep": {"last_steps": 10, "replicates": 3, "keep": ["final", "mean_last"]},
            "base_scenario": {"population": {"share_nash": 0.5}},
        },
        "predictions": [],
    }
    return document, pd.DataFrame(values)


def test_colour_range_is_anchored_at_natural_bounds():
    assert colour_range(0.2, 0.3, share=True) == (0.0, 1.0)
    assert colour_range(1.262, 1.270, share=False) == (0.0, 1.270)
    assert colour_range(-2.0, 3.0, share=False) == (-2.0, 3.0)
    assert colour_range(0.0, 0.0, share=False) == (0.0, 1.0)


def test_a_heatmap_of_values_that_barely_differ_is_not_stretched(tmp_path):
    grid = [(x, y) for x in (0.0, 0.5, 1.0) for y in (0.1, 0.3)]
    means = np.linspace(1.262, 1.270, len(grid))
    document, summary = synthetic(
        ["a.x", "a.y"],
        ["mean_payoff_nash_last10"],
        {
            "a.x": [x for x, _ in grid],
            "a.y": [y for _, y in grid],
            "mean_payoff_nash_last10_mean": means,
        },
    )
    words = SweepWords(Scenario, "followers")
    fig = heatmap_figure(
        summary, document, "mean_payoff", "last10", {"nash": "mean_payoff_nash_last10"}, words
    )
    image = fig.axes[0].images[0]
    assert image.get_clim() == pytest.approx((0.0, 1.270))
    label = fig.axes[-1].get_ylabel()
    assert "values span 1.262 to 1.27" in label and "endowments per round" in label
    assert "Nash followers" in fig._suptitle.get_text()
    shares = heatmap_figure(
        summary.rename(columns={"mean_payoff_nash_last10_mean": "follow_rate_last10_mean"}),
        document,
        "follow_rate",
        "last10",
        {"all": "follow_rate_last10"},
        words,
    )
    assert shares.axes[0].images[0].get_clim() == (0.0, 1.0)


REPORT_WIDTH = 960
"""Pixels: the widest a report shows a figure (report.html's column)."""


@pytest.mark.parametrize("side", [3, 5, 11, 12])
def test_heatmap_cell_numbers_are_readable_at_the_size_the_report_shows(side):
    grid = [(x, y) for x in range(side) for y in range(side)]
    document, summary = synthetic(
        ["a.x", "a.y"],
        [f"contribution_rate{v}_last10" for v in ("", "_smith", "_nash")],
        {"a.x": [x for x, _ in grid], "a.y": [y for _, y in grid]}
        | {
            f"contribution_rate{v}_last10_mean": np.linspace(0, 1, len(grid))
            for v in ("", "_smith", "_nash")
        },
    )
    columns = {
        v.strip("_") or "all": f"contribution_rate{v}_last10" for v in ("", "_smith", "_nash")
    }
    fig = heatmap_figure(
        summary, document, "contribution_rate", "last10", columns, SweepWords(Scenario, "followers")
    )
    width = fig.get_size_inches()[0] * fig.dpi
    shrink = min(1.0, REPORT_WIDTH / width)
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == 3 and [ax.get_title() for ax in panels][1:] == [
        "Smith followers",
        "Nash followers",
    ]
    cells = [t for ax in panels for t in ax.texts]
    assert len(cells) == 3 * side * side
    shown = min(t.get_fontsize() for t in cells) * fig.dpi / 72 * shrink
    assert shown >= 12, f"cell numbers {shown:.1f} px high in the report"
    fig.canvas.draw()  # and each number fits inside its cell
    renderer = fig.canvas.get_renderer()
    for ax in panels:
        cell = ax.get_window_extent(renderer).width / side
        assert max(t.get_window_extent(renderer).width for t in ax.texts) < cell


def test_a_last_round_figure_that_matches_the_tail_mean_is_left_out():
    columns = ["contribution_rate_final", "contribution_rate_last10", "mean_trust_final",
               "mean_trust_last10"]  # fmt: skip
    document, summary = synthetic(
        ["a.x"],
        columns,
        {
            "a.x": [0.0, 0.5, 1.0],
            "contribution_rate_final_mean": [0.0, 0.5, 1.0],
            "contribution_rate_last10_mean": [0.0, 0.51, 1.0],  # 1% of the axis: a near copy
            "mean_trust_final_mean": [0.2, 0.5, 0.9],
            "mean_trust_last10_mean": [0.2, 0.4, 0.9],  # 10% of the axis apart: both drawn
        },
    )
    assert repeated_figures(summary, document) == ["contribution_rate"]


def test_the_group_weight_sweep_draws_each_settled_metric_once(tmp_path):
    root = Path(__file__).resolve().parent.parent
    plan = plan_sweep(
        str(root / "sweeps" / "group_weight.yaml"),
        grid=("population.group_weight=0.25,0.75",),
        replicates=2,
        steps=20,
    )
    with SerialExecutor() as executor:
        outcome = sweep(plan, tmp_path / "gw", executor, formats=("png",))
    names = {p.name for p in outcome.figures}
    # best responses settle at once: who contributes in the last round is who did in the
    # last 10, so those last-round figures would be copies; payoffs still move a little
    assert {"contribution_rate_last10.png", "follow_rate_last10.png"} <= names
    assert "mean_payoff_last10.png" in names
    assert not {"contribution_rate_final.png", "follow_rate_final.png"} & names


def test_each_small_multiple_marks_the_threshold_of_its_own_teams():
    weights, sizes = (0.0, 0.5, 1.0), (6, 300)
    grid = [(n, a) for n in sizes for a in weights]
    own = {6: 0.318, 300: 0.622}  # any two values: each panel must mark its own
    document, summary = synthetic(
        ["population.group_weight", "population.n_followers", "leaders.0.r"],
        ["contribution_rate_nash_last10"],
        {
            "point": list(range(len(grid))),
            "population.group_weight": [a for _, a in grid],
            "population.n_followers": [n for n, _ in grid],
            "leaders.0.r": [1.6] * len(grid),
            **{
                f"contribution_rate_nash_last10_{stat}": [0.5] * len(grid)
                for stat in ("mean", "ci_low", "ci_high")
            },
        },
    )
    document["spec"]["base_scenario"]["leaders"] = [{"label": "leader"}]
    document["point_predictions"] = [
        {
            "point": point,
            "predictions": [{"threshold_group_weight": own[n], "team_size": n // 3}],
        }
        for point, (n, _) in enumerate(grid)
    ]
    words = SweepWords(Scenario, "followers")
    columns = {"nash": "contribution_rate_nash_last10"}
    fig = multiples_figure(summary, document, "contribution_rate", "last10", columns, words)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == [
        f"number of followers = {n}, return r of 'leader' = 1.6" for n in sizes
    ]
    for ax, n in zip(panels, sizes, strict=True):
        marked = [line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == ":"]
        assert marked == [own[n]]
        assert f"a* = {own[n]:.3g}" in [text.get_text().strip() for text in ax.texts]
        assert ax.get_ylabel() == ""  # one label for the figure: a row's would overlap the next
    plt.close(fig)
