"""A sweep's theory is each grid point's own: the threshold a* of the teams that point plans.

docs/model.md's contribution threshold depends on the team size, the return
and the leader's cut, so a sweep over the number of followers moves it from
point to point. sweep.json keeps each point's predictions, the report's
Theory table gives one row per point, and the findings hold each point's
Nash followers to that point's own threshold.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.outputs.report_sweep import _threshold_check
from sweep_helpers import quick_sweep

R, CUT, LEADERS = 1.6, 0.1, 3  # the built-in nash scenario's leaders


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def closed_form_threshold(n: int, r: float, cut: float) -> float:
    """a* from docs/model.md: own change e(-1 + (1-c)r/n), others' e((n-1)(1-c)r/n + c r)."""
    own = -1 + (1 - cut) * r / n
    others = (n - 1) * (1 - cut) * r / n + cut * r
    return -own / others


@pytest.fixture(scope="module")
def followers_sweep(tmp_path_factory):
    out = quick_sweep(
        tmp_path_factory.mktemp("theory") / "sweep",
        "population.n_followers=6,300",
        "population.group_weight=0.5",
    )
    assert invoke("report", out).exit_code == 0
    return out


def test_each_grid_point_keeps_the_threshold_of_its_own_planned_teams(followers_sweep):
    document = json.loads((followers_sweep / "sweep.json").read_text())
    points = document["point_predictions"]
    assert [entry["params"]["population.n_followers"] for entry in points] == [6, 300]
    for entry in points:
        (row,) = entry["predictions"]
        team = round(entry["params"]["population.n_followers"] / LEADERS)
        threshold = closed_form_threshold(team, R, CUT)
        assert row["team_size"] == team
        assert row["threshold_group_weight"] == pytest.approx(threshold, abs=1e-12)
        assert row["nash_contributes"] == (0.5 > threshold)
    # the two points fall on either side of a = 0.5: the base scenario's a* could not say so
    assert [entry["predictions"][0]["nash_contributes"] for entry in points] == [True, False]


def test_the_report_gives_each_point_its_own_row_of_theory(followers_sweep):
    markdown = (followers_sweep / "report.md").read_text()
    theory = markdown[markdown.index("## Theory") : markdown.index("## Sweep")]
    for n in (6, 300):
        threshold = closed_form_threshold(round(n / LEADERS), R, CUT)
        assert f"| {n} | 0.5 | leader | {round(n / LEADERS)} | 1.6 | 0.1 | {threshold:.4g} |" in (
            theory
        )
    assert "This table is for the base scenario" not in theory
    findings = markdown[markdown.index("## Findings") : markdown.index("## Numbers")]
    assert "each grid point's planned teams have their own contribution threshold" in findings


def test_a_sweep_folder_written_before_point_predictions_says_its_table_is_the_base(
    followers_sweep, tmp_path
):
    old = tmp_path / "old"
    old.mkdir()
    for path in followers_sweep.iterdir():
        if path.is_file() and path.suffix in {".json", ".csv", ".yaml"}:
            (old / path.name).write_bytes(path.read_bytes())
    document = json.loads((old / "sweep.json").read_text())
    del document["point_predictions"]
    (old / "sweep.json").write_text(json.dumps(document))
    assert invoke("report", old).exit_code == 0
    markdown = (old / "report.md").read_text()
    theory = markdown[markdown.index("## Theory") : markdown.index("## Sweep")]
    assert "This table is for the base scenario: the sweep varies number of followers" in theory


def document_with(
    verdicts: list[bool],
    thresholds: list[float],
    keys: tuple[str, ...] = ("population.group_weight",),
) -> dict:
    return {
        "keys": list(keys),
        "spec": {"columns": ["contribution_rate_nash_last10"]},
        "point_predictions": [
            {
                "point": point,
                "params": {},
                "predictions": [{"nash_contributes": said, "threshold_group_weight": threshold}],
            }
            for point, (said, threshold) in enumerate(zip(verdicts, thresholds, strict=True))
        ],
    }


def test_the_findings_hold_each_point_to_its_own_threshold():
    summary = pd.DataFrame({"point": [0, 1], "contribution_rate_nash_last10_mean": [0.9, 0.1]})
    own = _threshold_check(summary, document_with([True, False], [0.3, 0.6]))
    assert "at 2 of 2 grid points" in own[0] and "their own contribution threshold" in own[0]
    swapped = _threshold_check(summary, document_with([False, True], [0.6, 0.3]))
    assert "at 0 of 2 grid points" in swapped[0]
    one = _threshold_check(summary, document_with([True, False], [0.5, 0.5]))
    assert "a* = 0.5; Nash followers should contribute above it" in one[0]
    fixed = _threshold_check(summary, document_with([True, True], [0.5, 0.5], ("k.x",)))
    assert "should contribute where their group weight is above it" in fixed[0]
    assert "at 1 of 2 grid points" in fixed[0]


def test_a_point_whose_leader_groups_disagree_is_left_out_of_the_check():
    summary = pd.DataFrame({"point": [0, 1], "contribution_rate_nash_last10_mean": [0.9, 0.9]})
    document = document_with([True, True], [0.3, 0.3])
    document["point_predictions"][1]["predictions"].append(
        {"nash_contributes": False, "threshold_group_weight": 0.7}
    )
    assert "at 1 of 1 grid points" in _threshold_check(summary, document)[0]
