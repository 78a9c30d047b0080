"""Run any scenario file: a leader scenario or a bar scenario, chosen by its ``game.type``.

:func:`run_any` and :func:`write_any` are what ``alignsim run`` and the
notebook API call, and :func:`new_model` what a sweep's workers step, so a new
kind of scenario needs only a branch here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mesa

from alignsim.model import AlignmentModel
from alignsim.model.bar import BarModel
from alignsim.runner.bar import BarRunResult, run_bar, write_bar_run
from alignsim.runner.run import RunResult, run_scenario, write_run
from alignsim.scenario import BarScenario, Scenario

__all__ = ["new_model", "run_any", "write_any"]


def new_model(scenario: Scenario | BarScenario) -> mesa.Model:
    """The Mesa model of a resolved scenario of either kind, ready to step."""
    if isinstance(scenario, BarScenario):
        return BarModel(scenario)
    return AlignmentModel(scenario)


def run_any(
    scenario: Scenario | BarScenario, progress: Callable[[int, int], None] | None = None
) -> RunResult | BarRunResult:
    """Run a resolved scenario of either kind; ``progress(done, total)`` after each round."""
    if isinstance(scenario, BarScenario):
        return run_bar(scenario, progress)
    return run_scenario(scenario, progress)


def write_any(
    result: RunResult | BarRunResult, destination: Path, plots: bool | None = None
) -> Path:
    """Write a run's files into ``destination`` atomically; returns the folder."""
    if isinstance(result, BarRunResult):
        return write_bar_run(result, destination, plots)
    return write_run(result, destination, plots)
