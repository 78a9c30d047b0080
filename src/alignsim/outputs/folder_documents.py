"""A run's ``summary.json`` and a sweep's ``sweep.json`` as a report reads them, checked first.

alignsim writes both files; one changed by hand since, or cut short, must
give one line that names the file, the key and what was expected, not a
traceback halfway through a report. The models below say what the report
itself reads and let everything else through (a kind's own parts of a run's
summary are its own to read).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from alignsim.outputs.report import read_json
from alignsim.scenario import ScenarioError

__all__ = ["read_run_summary", "read_sweep_document"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class SweepSettings(_Open):
    """``spec.sweep``: the grid and what each run keeps."""

    grid: dict[str, list[Any]]
    replicates: int
    keep: list[str]
    last_steps: int
    metrics: list[str]
    question: str | None = None


class SweepSpec(_Open):
    """``spec``: the resolved sweep."""

    sweep: SweepSettings
    base_scenario: dict[str, Any]
    columns: list[str]
    steps: int
    n_runs: int
    root_seed: int


class PointPredictions(_Open):
    """One entry of ``point_predictions``: a grid point's own theory."""

    point: int
    params: dict[str, Any]
    predictions: list[dict[str, Any]]


class SweepDocument(_Open):
    """``sweep.json``. Folders written before ``point_predictions`` existed have none."""

    keys: list[str]
    spec: SweepSpec
    command: str
    predictions: list[dict[str, Any]] = []
    point_predictions: list[PointPredictions] = []


class RunScenario(_Open):
    """``scenario`` in a run's summary: the resolved scenario (its kind's schema unchecked)."""

    name: str
    steps: int


class RunSummary(_Open):
    """A run's ``summary.json``: what every kind's report reads."""

    scenario: RunScenario
    seed: int
    final: dict[str, Any]
    command: str | None = None
    predictions: list[dict[str, Any]] = []


def read_run_summary(path: Path) -> dict[str, Any]:
    """A run's ``summary.json`` as plain data, or a one-line :class:`ScenarioError`."""
    return _checked(path, RunSummary)


def read_sweep_document(path: Path) -> dict[str, Any]:
    """``sweep.json`` as plain data, or a one-line :class:`ScenarioError` naming what is wrong."""
    return _checked(path, SweepDocument)


def _checked(path: Path, model: type[BaseModel]) -> dict[str, Any]:
    try:
        data = read_json(path)
    except ValueError as err:  # not JSON, or not UTF-8
        raise ScenarioError(str(path), None, f"is not alignsim's JSON ({err})") from None
    try:
        return model.model_validate(data).model_dump()
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or None
        raise ScenarioError(
            str(path), key, f"{first['msg'].lower()} (not as alignsim writes it)"
        ) from None
