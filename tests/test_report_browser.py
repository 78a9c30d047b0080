"""The HTML report in a real browser: it fits a 1,280 px screen and opens with its findings.

Drives Debian's chromium (``/usr/bin/chromium``) with Playwright, as the
classroom page's test does; never downloads a browser. Without chromium or
Playwright the test is skipped, except under ``CI=true``, where it fails.

The sweep is the widest report alignsim writes: two swept keys and seven
metrics kept at two statistics (fourteen columns of means with intervals).
Set ``ALIGNSIM_REPORT_SCREENSHOTS=DIR`` to keep the screenshots.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignsim.cli import main
from sweep_helpers import SMALL, SMALL_SWEEP, write_scenario

WIDTH = 1280
SCREENSHOTS = os.environ.get("ALIGNSIM_REPORT_SCREENSHOTS")
WIDE_SWEEP = SMALL_SWEEP.replace("replicates: 3", "replicates: 2") + (
    "  metrics: [follow_rate, contribution_rate, contribution_rate_smith,\n"
    "            contribution_rate_nash, mean_payoff_smith, mean_payoff_nash, mean_trust]\n"
)


@pytest.fixture(scope="module")
def browser(chromium):
    """The shared chromium fixture (tests/conftest.py): skipped without it, failed under CI=true."""
    return chromium


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reports")
    sweep, run = tmp / "sweep", tmp / "run"
    path = write_scenario(tmp, WIDE_SWEEP)
    grid = "learning.trust_rate=0.1,0.3,0.5"
    invoke("sweep", path, "--grid", grid, "--out", sweep, "--workers", 1, "--steps", 5, "--quiet")
    invoke("run", write_scenario(tmp, SMALL, "one.yaml"), "--out", run, "--quiet")
    invoke("report", sweep)
    invoke("report", run)
    return {"sweep": sweep / "report.html", "run": run / "report.html"}


@pytest.mark.parametrize("name", ["sweep", "run"])
def test_the_report_fits_1280_px_without_scrolling_sideways(browser, reports, name):
    page = browser.new_page(viewport={"width": WIDTH, "height": 800})
    page.goto(reports[name].as_uri())
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    widest = page.evaluate(
        "Math.max(...Array.from(document.querySelectorAll('table, img, pre, p, li'))"
        ".map(e => e.getBoundingClientRect().right))"
    )
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"report_{name}.png"), full_page=True)
    assert scroll_width <= WIDTH and widest <= WIDTH, (scroll_width, widest)
    tables = page.evaluate("document.querySelectorAll('table').length")
    assert tables >= (6 if name == "sweep" else 4)  # the wide table was split, not squeezed out
    page.close()


@pytest.mark.parametrize("name", ["sweep", "run"])
def test_findings_come_first_and_the_first_figure_is_in_the_first_screens(browser, reports, name):
    page = browser.new_page(viewport={"width": WIDTH, "height": 800})
    page.goto(reports[name].as_uri())
    headings = page.evaluate("Array.from(document.querySelectorAll('h2')).map(h => h.textContent)")
    assert headings[:2] == ["Findings", "Figures"]
    first_figure = page.evaluate("document.querySelector('img').getBoundingClientRect().top")
    assert first_figure < 1200  # it was about 3,300 px down, below 76 rows of defaults
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('li')).fontSize)")
    assert font >= 16
    page.close()
