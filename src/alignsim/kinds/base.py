"""The protocol every scenario kind follows, and what every run records.

A scenario kind (leader teams, the bar scene, ...) is one class that declares,
in one place, everything the commands need to serve its scenarios: how to
recognise its files and which schema validates them, how to build, step and
run its model and write its run folder, its metrics (names and words), its
end-of-run table, its figures, the theory section of its report, its analysis
for ``alignsim analyze`` and what a sweep needs. ``run``, ``sweep``,
``report``, ``analyze``, ``viz``, ``validate``, ``scenarios``, ``class`` and
:func:`alignsim.api.run` look the kind up (:mod:`alignsim.kinds`) and call it;
none of them branches on the kind. See docs/architecture.md, "Scenario kinds".
"""

from __future__ import annotations

import hashlib
import json
import math
import platform
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

if TYPE_CHECKING:
    import mesa
    import pandas as pd
    from rich.console import Console

    from alignsim.outputs.report import Report

__all__ = [
    "TAIL",
    "Progress",
    "RunResult",
    "ScenarioKind",
    "plain",
    "run_id",
    "run_record",
    "run_rounds",
    "versions",
]

TAIL = 10
"""Rounds averaged for the "long-run" figures of a summary."""

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each round."""


@dataclass
class RunResult:
    """What one run produced, in memory: the kind's model after its last round.

    ``agents`` is the final table of every agent where the kind has one (leader
    teams' ``agents.csv``), None otherwise.
    """

    scenario: Any
    timeseries: pd.DataFrame
    summary: dict[str, Any]
    model: mesa.Model
    agents: pd.DataFrame | None = None


class ScenarioKind(ABC):
    """One kind of scenario: its schema, model, run, metrics, table, figures and analysis.

    Class attributes name the kind and its words; methods do the work. A new
    kind is one subclass in a module of :mod:`alignsim.kinds` and one entry in
    :data:`alignsim.kinds.KINDS`.
    """

    name: ClassVar[str]
    """Registry key, and ``kind`` in the run's summary.json."""
    title: ClassVar[str]
    """The kind in words, for users."""
    schema: ClassVar[type[BaseModel]]
    """The pydantic model that validates its files (and ``--set`` keys)."""
    players: ClassVar[str]
    """Who plays, in words: the "all" line of a sweep figure is ``all <players>``."""
    group_weight_key: ClassVar[str]
    """The key ``alignsim analyze --group-weight`` sets."""
    analysis_kind: ClassVar[str]
    """``kind`` in the JSON of ``alignsim analyze``."""
    plays_in_class: ClassVar[bool] = False
    """Whether ``alignsim class`` can seat students in it."""
    default_sweep_metrics: ClassVar[tuple[str, ...] | None] = None
    """What a sweep keeps when its ``sweep:`` names no metrics (None: the sweep schema's)."""

    @abstractmethod
    def recognises(self, data: Mapping[str, Any]) -> bool:
        """Whether a parsed scenario file (before validation) is of this kind."""

    @abstractmethod
    def describe(self, scenario: Any) -> str:
        """What ``alignsim validate`` says of a valid scenario, e.g. its size and game."""

    @abstractmethod
    def new_model(self, scenario: Any) -> mesa.Model:
        """The Mesa model of a resolved scenario, ready to step (what sweep workers step)."""

    def run_replicates(self, scenarios: list[Any]) -> list[Mapping[str, Sequence[Any]]]:
        """Each scenario's time series (its model's ``datacollector.model_vars``), in order.

        The scenarios are one grid point's replicates: equal but for their
        seed. This default steps one model after another, each for its
        ``steps`` rounds; a kind with a batched model steps them together,
        with the same numbers seed for seed (a sweep's results must not depend
        on how its runs were batched). What a sweep worker runs.
        """
        series = []
        for scenario in scenarios:
            model = self.new_model(scenario)
            for _ in range(scenario.steps):
                model.step()
            series.append(model.datacollector.model_vars)
        return series

    def replicates_per_batch(self, scenario: Any) -> int:
        """How many replicates of ``scenario`` a sweep hands over in one batch.

        1 by default: a kind whose replicates are separate models anyway gains
        nothing from a batch, and a failing run would cost its neighbours a
        second try. A kind whose :meth:`run_replicates` steps replicates as one
        array model says how many it can step together for this scenario. Any
        number is still correct: :meth:`run_replicates` takes a grid point's
        replicates however many there are; this only decides what is fastest.
        """
        return 1

    @abstractmethod
    def run(self, scenario: Any, progress: Progress | None = None) -> RunResult:
        """Run a resolved scenario for its ``steps`` rounds from its ``seed``."""

    @abstractmethod
    def write(self, result: RunResult, destination: Path, plots: bool | None = None) -> Path:
        """Write a run's folder atomically (tables, summary.json, figures); returns it."""

    @abstractmethod
    def metrics(self, scenario: Any) -> dict[str, str]:
        """The per-round metrics a sweep may keep, each with its words for users."""

    @abstractmethod
    def sweep_predictions(self, scenario: Any) -> list[dict[str, Any]]:
        """The theory a sweep writes beside its base scenario (``sweep.json``)."""

    @abstractmethod
    def print_summary(self, summary: dict[str, Any], console: Console) -> None:
        """Print the end-of-run tables of a summary.json."""

    @abstractmethod
    def report_theory(self, report: Report, summary: dict[str, Any]) -> None:
        """Add the theory beside the run to a run folder's report."""

    @abstractmethod
    def report_findings(
        self, summary: dict[str, Any], timeseries: pd.DataFrame | None
    ) -> list[str]:
        """What a run found, in sentences with numbers and its theory beside, for its report."""

    @abstractmethod
    def report_columns(self, summary: dict[str, Any]) -> list[str]:
        """The quantities of a run's table in its report, in order."""

    @abstractmethod
    def analyze(self, scenario: Any, source: str) -> dict[str, Any]:
        """The theory of a scenario's game and its simulated outcome (``alignsim analyze``)."""

    @abstractmethod
    def format_analysis(self, result: dict[str, Any]) -> str:
        """The analysis of :meth:`analyze` as plain text."""

    @abstractmethod
    def draw_story(self, result: RunResult, path: Path) -> str:
        """Draw the figure that tells the run's story (the gallery's); returns its name."""

    @abstractmethod
    def quick_overrides(self, scenario: Any) -> list[str]:
        """``--set`` overrides of a small variant (the gallery's quick check)."""


def run_id(scenario: BaseModel) -> str:
    """A folder name that is the same for the same resolved scenario and seed."""
    digest = hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()[:8]
    return f"seed{scenario.seed}-{digest}"  # type: ignore[attr-defined]


def versions() -> dict[str, str]:
    """Versions of alignsim and of the libraries whose numbers it depends on."""
    found = {}
    for package in ("alignsim", "mesa", "numpy", "scipy", "pandas"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "unknown"
    found["python"] = platform.python_version()
    return found


def run_rounds(model: mesa.Model, steps: int, progress: Progress | None = None) -> pd.DataFrame:
    """Step a model ``steps`` times, reporting progress; return its model-level time series."""
    for done in range(1, steps + 1):
        model.step()
        if progress is not None:
            progress(done, steps)
    return model.datacollector.get_model_vars_dataframe().reset_index(drop=True)


def run_record(scenario: BaseModel, timeseries: pd.DataFrame) -> dict[str, Any]:
    """What every summary.json starts with: scenario, seed, id, versions, final and tail means.

    A metric missing in a round (NaN: its group did not exist) is None in
    ``final``; the tail mean is over the rounds where it exists, None if none.
    """
    tail = timeseries.tail(TAIL).mean(numeric_only=True, skipna=True)
    return {
        "scenario": json.loads(scenario.model_dump_json()),
        "seed": scenario.seed,  # type: ignore[attr-defined]
        "run_id": run_id(scenario),
        "versions": versions(),
        "final": {k: plain(v) for k, v in timeseries.iloc[-1].items()},
        f"mean_last_{TAIL}": {k: plain(v) for k, v in tail.items() if k != "step"},
    }


def plain(value: Any) -> Any:
    """A plain Python number; None for a missing (NaN) one."""
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and math.isnan(value) else value
