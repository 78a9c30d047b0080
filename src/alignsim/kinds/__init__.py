"""Scenario kinds: one declaration per kind, and the registry that maps a scenario to its kind.

Every command serves every kind through :class:`~alignsim.kinds.base.ScenarioKind`:
``alignsim run`` is ``kind.run`` and ``kind.write``, a sweep's workers call
``kind.run_replicates``, ``alignsim analyze`` calls ``kind.analyze``, and so on.
A new kind is one module here and one entry in :data:`KINDS`; no command
changes. See docs/architecture.md, "Scenario kinds".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from alignsim.kinds.bar import BarKind
from alignsim.kinds.base import RunResult, ScenarioKind, run_id
from alignsim.kinds.teams import TeamsKind
from alignsim.scenario import ScenarioError, load_scenario

__all__ = [
    "KINDS",
    "RunResult",
    "ScenarioKind",
    "kind_for_data",
    "kind_named",
    "kind_of",
    "kind_of_summary",
    "load",
    "report_columns",
    "report_findings",
    "report_schema",
    "report_theory",
    "run_id",
]

KINDS: tuple[ScenarioKind, ...] = (BarKind(), TeamsKind())
"""Every kind, asked in order whether it recognises a file: the leader-team kind, which
takes any file, last."""

UNTAGGED = TeamsKind.name
"""The kind of a run folder whose summary.json names none: leader-team runs and classroom
sessions written before every run recorded its ``kind``."""


def kind_for_data(data: Mapping[str, Any]) -> ScenarioKind:
    """The kind of a parsed scenario file (before validation): the first that recognises it."""
    return next(kind for kind in KINDS if kind.recognises(data))


def kind_of(scenario: BaseModel) -> ScenarioKind:
    """The kind of a validated scenario: the one whose schema validated it."""
    for kind in KINDS:
        if isinstance(scenario, kind.schema):
            return kind
    raise TypeError(f"no scenario kind has the schema {type(scenario).__name__}")


def kind_named(name: str) -> ScenarioKind:
    """The kind registered under ``name`` (``teams``, ``bar``)."""
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise KeyError(f"no scenario kind is named {name!r}")


def kind_of_summary(summary: Mapping[str, Any]) -> ScenarioKind:
    """The kind of a run from its summary.json (its ``kind``; leader teams when none).

    Raises:
        ScenarioError: the summary names a kind this alignsim does not know.

    """
    tag = summary.get("kind") or UNTAGGED
    for kind in KINDS:
        if kind.name == tag:
            return kind
    expected = ", ".join(kind.name for kind in KINDS)
    raise ScenarioError("summary.json", "kind", f"expected one of {expected}, got {tag!r}")


def load(name_or_path: str | Path, overrides: Iterable[str] = (), **updates: Any) -> Any:
    """Load a scenario of any kind: its kind picks the schema, ``--set`` keys are checked on it.

    Args:
        name_or_path: a YAML file, or the name of a built-in scenario.
        overrides: ``key.path=value`` strings.
        **updates: top-level keys to replace (``seed=``, ``steps=``).

    Raises:
        ScenarioError: naming the file, the key and what was expected.

    """
    return load_scenario(
        name_or_path, overrides, schema=lambda data: kind_for_data(data).schema, **updates
    )


def report_theory(report: Any, summary: dict[str, Any]) -> None:
    """Add a run's theory section to its report, as its kind writes it."""
    kind_of_summary(summary).report_theory(report, summary)


def report_findings(summary: dict[str, Any], timeseries: Any) -> list[str]:
    """A run's findings for its report, as its kind words them."""
    return kind_of_summary(summary).report_findings(summary, timeseries)


def report_schema(record: Mapping[str, Any]) -> type[BaseModel]:
    """The schema of a run's summary.json or a sweep's sweep.json (their ``kind``)."""
    return kind_named(record.get("kind") or UNTAGGED).schema


def report_columns(summary: dict[str, Any]) -> list[str]:
    """The quantities of a run's table in its report, as its kind picks them."""
    return kind_of_summary(summary).report_columns(summary)
