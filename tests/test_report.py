"""``alignsim report``: Markdown and self-contained HTML for a run and for a sweep."""

from __future__ import annotations

import base64
import re

import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.outputs.report import flatten
from sweep_helpers import SMALL, SMALL_SWEEP, write_scenario

SECTIONS = (
    "## Question",
    "## Scenario and parameters",
    "## Figures",
    "## Analytic predictions",
    "## How to reproduce",
)


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sweep")
    path = write_scenario(tmp, SMALL_SWEEP.replace("replicates: 3", "replicates: 2"))
    out = tmp / "out"
    result = CliRunner().invoke(
        main, ["sweep", str(path), "--out", str(out), "--workers", "1", "--steps", "5", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_sweep_report(sweep_folder):
    result = CliRunner().invoke(main, ["report", str(sweep_folder)])
    assert result.exit_code == 0, result.output
    markdown = (sweep_folder / "report.md").read_text()
    for section in (*SECTIONS, "## Summary table", "## Sweep"):
        assert section in markdown
    assert "alignsim sweep" in markdown and "alignsim run" in markdown
    assert "threshold" in markdown and "numpy" in markdown
    assert "(figures/contribution_rate_last4.png)" in markdown
    page = (sweep_folder / "report.html").read_text()
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == len(list((sweep_folder / "figures").glob("*.png")))
    assert base64.b64decode(images[0])[:4] == b"\x89PNG"
    assert "figures/" not in page  # nothing linked: the page stands alone


def test_run_report(tmp_path):
    path = write_scenario(tmp_path, SMALL)
    out = tmp_path / "run"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(path), "--out", str(out), "--quiet"]).exit_code == 0
    result = runner.invoke(main, ["report", str(out)])
    assert result.exit_code == 0, result.output
    markdown = (out / "report.md").read_text()
    for section in (*SECTIONS, "## Summary"):
        assert section in markdown
    assert "--seed 11" in markdown
    assert "data:image/png;base64," in (out / "report.html").read_text()


def test_report_of_a_folder_that_is_neither(tmp_path):
    result = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a run or finished sweep folder" in result.stderr
    assert not (tmp_path / "report.md").exists()


def test_flatten():
    data = {"a": {"b": 1}, "leaders": [{"r": 1.6}], "c": [1, 2]}
    assert flatten(data) == [("a.b", 1), ("leaders.0.r", 1.6), ("c", [1, 2])]
