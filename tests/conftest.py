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
