"""Shared fixtures: small scenarios that run in milliseconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignsim.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def make_scenario(**sections) -> Scenario:
    """A Scenario from keyword sections, e.g. population={"n_followers": 4}."""
    return Scenario.model_validate(sections)


@pytest.fixture
def nash_scenario() -> Scenario:
    return load_scenario(SCENARIOS / "nash.yaml")


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium through Playwright, for one browser-test module (skipped without it,
    failed under CI=true). Module scope: Playwright's sync API holds an event loop while open."""
    from browser_helpers import launch_chromium, missing_browser, skip_or_fail

    skip_or_fail(missing_browser())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
