"""From the page's controls to a model: the controls a scenario gets and the model they build.

Every control is named by the scenario key it sets (``population.share_nash``,
``leaders.0.hype``), so the adapter is one line: the values become ``--set``
overrides of the scenario file, read with :func:`alignsim.kinds.load`, and
the model is the one the scenario's kind builds (``kind.new_model``). Which
controls a scenario gets, and how its overrides are fitted (a lattice's
width), is its page's declaration (:mod:`alignsim.viz.pages`); the controls
themselves are in :mod:`alignsim.viz.controls`.

This module imports no web library, so it works and is tested without the
``viz`` extra.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alignsim.kinds import kind_of, load
from alignsim.viz.controls import (
    BAR_LIVE_KEYS,
    NETWORK_KINDS,
    Param,
    lattice_width_for,
)
from alignsim.viz.pages import page_for

__all__ = [
    "BAR_LIVE_KEYS",
    "NETWORK_KINDS",
    "Param",
    "build_model",
    "build_scenario",
    "lattice_width_for",
    "overrides_from",
    "params_for",
]


def params_for(scenario: Any) -> list[Param]:
    """The controls the page offers for ``scenario``, in sidebar order: live ones first.

    Leader controls come once per leader group, labelled with the group's label
    when the scenario has more than one group; without leaders the controls are
    those of the classic games; the bar scene has its own (its page's ``params``).
    """
    return page_for(scenario).params(scenario)


def overrides_from(values: Mapping[str, Any]) -> list[str]:
    """``key.path=value`` overrides from input values, in a stable order."""
    return [f"{key}={_yaml_value(value)}" for key, value in sorted(values.items())]


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def build_scenario(scenario_path: str | Path, values: Mapping[str, Any]) -> Any:
    """The scenario file with the page's control values applied.

    The scenario's page fits the overrides so the file builds: a lattice takes
    the widest width the controls' population fills by whole rows
    (:func:`alignsim.viz.controls.fit_lattice`), instead of refusing to build.

    Raises:
        ScenarioError: a value the scenario schema refuses, named by its key.

    """
    file = load(scenario_path)
    overrides = page_for(file).fit(scenario_path, file, values, overrides_from(values))
    return load(scenario_path, overrides)


def build_model(scenario_path: str | Path, values: Mapping[str, Any] | None = None) -> Any:
    """A fresh model (round 0) of the scenario with the control values applied."""
    scenario = build_scenario(scenario_path, values or {})
    return kind_of(scenario).new_model(scenario)
