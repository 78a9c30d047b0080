"""The analysis behind ``alignsim analyze``: theory of a game file or scenario, and its run.

A file is a **game file** when it holds only a ``game:`` section (and
optionally ``name`` and ``description``): the game is analysed, nothing is
run. Any other file is a scenario, and its kind (:mod:`alignsim.kinds`)
analyses it and runs it beside the theory: the bar scene its bar game, leader
teams each group's team game at the planned team size (or a matrix game
played pairwise).

Every function returns JSON-able dicts whose top level carries the keys of
:func:`alignsim.games.analyze_game` (``game``, ``equilibria``,
``social_optimum``, ``price_of_anarchy``, ...).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from alignsim.kinds import KINDS, kind_for_data, load
from alignsim.kinds.game_analysis import analyze_game_file, json_safe
from alignsim.outputs.game_text import format_analysis
from alignsim.scenario import ScenarioError, read_yaml, resolve_path

__all__ = ["GAME_FILE_KEYS", "analysis_text", "analyze_file"]

GAME_FILE_KEYS = frozenset({"game", "name", "description"})
"""The keys a game file may hold; ``game`` is required."""
GAME_FILE = "game"
"""``kind`` of the analysis of a game file."""


def _check_weight(group_weight: float | None) -> None:
    if group_weight is not None and not math.isfinite(group_weight):
        raise ScenarioError("--group-weight", None, f"expected a finite number, got {group_weight}")


def analyze_file(name_or_path: str | Path, group_weight: float | None = None) -> dict[str, Any]:
    """Analyse a game file or a scenario (running the scenario), as one JSON-able dict.

    Args:
        name_or_path: a YAML file or the name of a built-in scenario.
        group_weight: the group weight of Nash-style players; for a scenario
            it replaces the scenario's own (its kind's ``group_weight_key``)
            in the analysis and in the run.

    Returns:
        The analysis of :func:`alignsim.games.analyze_game` (infinite values
        as None) with ``file`` and ``kind`` (``game``, or the scenario kind's
        ``analysis_kind``: ``scenario``, ``bar_scenario``) and, for
        scenarios, what their kind adds (per-group analyses, the simulated outcome).

    Raises:
        ScenarioError: on a missing, unreadable or invalid file, naming the key.

    """
    _check_weight(group_weight)
    path = resolve_path(name_or_path)
    source = str(path)
    data = read_yaml(path)
    if "game" in data and set(data) <= GAME_FILE_KEYS:
        result = analyze_game_file(data["game"], source, group_weight)
        return json_safe({"file": source, "kind": GAME_FILE, **result})
    kind = kind_for_data(data)
    overrides = [] if group_weight is None else [f"{kind.group_weight_key}={group_weight!r}"]
    scenario = load(path, overrides)
    return json_safe({"file": source, **kind.analyze(scenario, source)})


def analysis_text(result: dict[str, Any]) -> str:
    """The analysis of :func:`analyze_file` as plain text, rendered as its kind renders it."""
    if result["kind"] == GAME_FILE:
        return format_analysis(result)
    (kind,) = [kind for kind in KINDS if kind.analysis_kind == result["kind"]]
    return kind.format_analysis(result)
