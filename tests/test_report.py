"""``alignsim report``: findings first, words not column names, differences, PDF, reproducible."""

from __future__ import annotations

import base64
import re

import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.model.bar import BAR_METRICS
from alignsim.model.metrics import BASE_METRICS, SOCIAL_METRICS
from alignsim.outputs.report import flatten
from sweep_helpers import SMALL, SMALL_SWEEP, write_scenario

RUN_ORDER = (
    "## Findings",
    "## Figures",
    "## Numbers",
    "## Theory",
    "## Scenario: what differs from the defaults",
    "## How to reproduce",
)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def outside_code(markdown: str) -> str:
    """The Markdown without its fenced code blocks (commands may name keys)."""
    return re.sub(r"```.*?```", "", markdown, flags=re.S)


def in_order(markdown: str, headings: tuple[str, ...]) -> bool:
    positions = [markdown.index(h) for h in headings]
    return positions == sorted(positions)


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sweep")
    path = write_scenario(tmp, SMALL_SWEEP.replace("replicates: 3", "replicates: 2"))
    out = tmp / "out"
    result = invoke("sweep", path, "--out", out, "--workers", "1", "--steps", "5", "--quiet")
    assert result.exit_code == 0, result.output
    return out


def reported_run(tmp_path):
    """A small run's folder with its report written; returns the folder."""
    path = write_scenario(tmp_path, SMALL)
    out = tmp_path / "run"
    assert invoke("run", path, "--out", out, "--quiet").exit_code == 0
    assert invoke("report", out).exit_code == 0
    return out


def test_sweep_report(sweep_folder):
    result = invoke("report", sweep_folder)
    assert result.exit_code == 0, result.output
    assert "report.pdf" in result.output
    markdown = (sweep_folder / "report.md").read_text()
    headings = ("## Findings", "## Figures", "## Numbers", "## Theory", "## Sweep")
    assert in_order(markdown, (*headings, "## How to reproduce"))
    assert "alignsim sweep" in markdown and "alignsim run" in markdown
    assert "threshold" in markdown and "numpy" in markdown
    assert "(figures/contribution_rate_last4.png)" in markdown
    assert "Wilson score interval" in markdown or "bootstrap percentile" in markdown
    findings = markdown[markdown.index("## Findings") : markdown.index("## Figures")]
    assert "against group weight" in findings  # a sentence per quantity, the key in words
    assert re.search(r"a\* = [\d.]+; Nash followers should contribute above it", findings)
    assert re.search(r"on the predicted side of one half at \d of 2 grid points", findings)
    page = (sweep_folder / "report.html").read_text()
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == len(list((sweep_folder / "figures").glob("*.png")))
    assert base64.b64decode(images[0])[:4] == b"\x89PNG"
    assert "figures/" not in page  # nothing linked: the page stands alone


def test_sweep_table_shows_words_and_intervals_inside_their_bounds(sweep_folder):
    assert invoke("report", sweep_folder).exit_code == 0
    markdown = outside_code((sweep_folder / "report.md").read_text())
    table = markdown[markdown.index("## Numbers") : markdown.index("## Theory")]
    assert "contribution rate, Nash followers" in table
    assert "contribution_rate" not in table.replace("_ci_method", "")
    for low, high in re.findall(r"\[(-?[\d.e+-]+), (-?[\d.e+-]+)\]", table):
        assert float(low) <= float(high)
    shares = re.findall(r"\| (-?[\d.]+) \[(-?[\d.]+), (-?[\d.]+)\]", table)
    assert shares and all(float(low) >= 0 for _, low, _ in shares)


def test_run_report_puts_findings_and_figures_first(tmp_path):
    path = write_scenario(tmp_path, SMALL)
    out = tmp_path / "run"
    assert invoke("run", path, "--out", out, "--quiet").exit_code == 0
    result = invoke("report", out)
    assert result.exit_code == 0, result.output
    markdown = (out / "report.md").read_text()
    assert in_order(markdown, RUN_ORDER)
    findings = markdown[markdown.index("## Findings") : markdown.index("## Figures")]
    assert "of followers followed a leader" in findings and "a* =" in findings
    assert "--seed 11" in markdown
    assert "data:image/png;base64," in (out / "report.html").read_text()


def test_the_scenario_is_shown_as_its_differences_from_the_defaults(tmp_path):
    out = reported_run(tmp_path)
    markdown = (out / "report.md").read_text()
    section = markdown[markdown.index("## Scenario") : markdown.index("## How to reproduce")]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    keys = {row.split("|")[1].strip() for row in rows[1:]}
    # SMALL sets these four away from the defaults (steps 8, 12 followers, 3 leaders, cut 0.1)
    assert keys == {"steps", "population.n_followers", "leaders.0.count", "leaders.0.cut"}
    assert "| population.n_followers | 12 | 100 | number of followers |" in section
    assert "summary.json" in section  # where the full resolved scenario is
    assert "choice.rationality" not in markdown  # a default is not listed


def test_no_metric_is_shown_by_its_column_name(tmp_path):
    out = reported_run(tmp_path)
    markdown = outside_code((out / "report.md").read_text())
    for column in (*BASE_METRICS, *SOCIAL_METRICS, *BAR_METRICS, "team_leader"):
        if "_" in column:
            assert f" {column} " not in markdown and f"| {column}" not in markdown, column


def test_pdf_beside_html_is_reproducible_and_holds_the_figures(tmp_path):
    out = reported_run(tmp_path)
    first = (out / "report.pdf").read_bytes()
    assert first.startswith(b"%PDF-") and first.rstrip().endswith(b"%%EOF")
    assert first.count(b"/Subtype /Image") == len(list(out.glob("*.png")))
    assert first.count(b"/Type /Page\n") + first.count(b"/Type /Page ") >= 2
    assert invoke("report", out).exit_code == 0
    assert (out / "report.pdf").read_bytes() == first  # no clock in the file


def test_report_of_a_folder_that_is_neither(tmp_path):
    result = invoke("report", tmp_path)
    assert result.exit_code == 2
    assert "not a run or finished sweep folder" in result.stderr
    assert not (tmp_path / "report.md").exists()


def test_flatten():
    data = {"a": {"b": 1}, "leaders": [{"r": 1.6}], "c": [1, 2]}
    assert flatten(data) == [("a.b", 1), ("leaders.0.r", 1.6), ("c", [1, 2])]
