"""The four social scenarios run from the command line and print what they show."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.model import metric_names
from alignsim.model.metrics import SOCIAL_METRICS

SCENARIOS = {
    "best_follower": "Leadership grows out of being the best follower",
    "mentorship": "Mentoring is two-way",
    "network": "Introductions and the inner network",
    "wiifm": "A pitch that sells the follower's benefit",
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario_runs_from_the_cli(name, tmp_path):
    out = tmp_path / name
    result = CliRunner().invoke(main, ["run", name, "--steps", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    timeseries = pd.read_csv(out / "timeseries.csv")
    assert len(timeseries) == 3
    assert set(SOCIAL_METRICS) <= set(timeseries.columns)
    assert SCENARIOS[name] in " ".join(result.output.split())


def test_scenarios_list_says_what_each_shows():
    result = CliRunner().invoke(main, ["scenarios"])
    assert result.exit_code == 0
    for name, first in SCENARIOS.items():
        line = next(line for line in result.output.splitlines() if line.startswith(name))
        assert first in line


def test_social_columns_are_always_present():
    from alignsim.model import AlignmentModel

    model = AlignmentModel("smith")
    assert set(SOCIAL_METRICS) <= set(metric_names(model))
    model.step()
    assert model.metrics["leader_turnover"] == 0 and model.metrics["mentorships"] == 0


def test_docs_list_the_social_columns_and_mechanisms():
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent / "docs"
    reference = (docs / "scenarios.md").read_text()
    for column in SOCIAL_METRICS:
        assert f"| `{column}` |" in reference, column
    model = (docs / "model.md").read_text()
    assert "Networks, word of mouth, mentorship and emergent leadership" in model
    bibliography = (docs / "bibliography.md").read_text()
    for key in ("Granovetter1973", "WattsStrogatz1998", "DeGroot1974", "NowakSigmund1998"):
        assert f"[{key}]" in bibliography
