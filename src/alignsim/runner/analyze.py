"""The analysis behind ``alignsim analyze``: theory of a game file or scenario, and its run.

A file is one of three kinds, told apart by its keys:

* a **game file** holds only a ``game:`` section (and optionally ``name`` and
  ``description``): the game is analysed, nothing is run;
* a **bar scenario** (``game.type: bar`` and other sections): the bar game is
  analysed and the suitors' learning is run beside it;
* otherwise a **scenario**: each leader group's team stage game is analysed
  at the scenario's parameters (``n`` = followers per leader, the group's
  ``r`` and ``cut``), with docs/model.md's contribution threshold, or, for a
  pairwise matrix game, the two-player game itself; the scenario is run for
  the simulated long-run outcome.

Every function returns JSON-able dicts whose top level carries the keys of
:func:`alignsim.games.analyze_game` (``game``, ``equilibria``,
``social_optimum``, ``price_of_anarchy``, ...).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alignsim.games import analyze_game, build_game, contribution_threshold
from alignsim.runner.bar import bar_analysis, run_bar
from alignsim.runner.run import TAIL, run_scenario
from alignsim.scenario import (
    BarScenario,
    Scenario,
    ScenarioError,
    is_bar_scenario,
    load_any,
    read_yaml,
    resolve_path,
)

__all__ = [
    "GAME_FILE_KEYS",
    "analyze_file",
    "analyze_game_file",
    "json_safe",
    "matrix_game_spec",
    "team_game_spec",
]

GAME_FILE_KEYS = frozenset({"game", "name", "description"})
"""The keys a game file may hold; ``game`` is required."""

MAX_PLAYERS = 1000
"""Most players of an N-player game (public goods, bar) that ``analyze`` solves: the
analysis lists profiles and tables whose cost grows with the square of the players
(1,000 players take about 2 s on one core, 10,000 about a minute)."""
MAX_SUPPORT_PAIRS = math.comb(24, 12)
"""Most support pairs of a two-player game that ``analyze`` searches: ``C(m + n, m)`` for an
``m x n`` game, so 12 x 12 (2.7 million, seconds by vertex enumeration) passes and
16 x 16 (601 million) is refused before the search starts [vonStengel2007]_."""
MAX_PAYOFF = 1e6
"""Largest size of a number in a game file, as for scenario payoffs (docs/scenarios.md)."""

SIMULATED = (
    "follow_rate",
    "contribution_rate",
    "contribution_rate_smith",
    "contribution_rate_nash",
    "mean_payoff_smith",
    "mean_payoff_nash",
    "leader_payoff",
    "follower_payoff",
)


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def json_safe(value: Any) -> Any:
    """Replace infinite and NaN floats (JSON has none) by None, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


def _game_error(source: str, err: ValueError) -> ScenarioError:
    """Turn a game library ``ValueError`` ("key: problem") into a one-line scenario error."""
    key, sep, problem = str(err).partition(": ")
    if not sep or " " in key.strip(", "):
        return ScenarioError(source, "game", str(err))
    return ScenarioError(source, key if key == "game" else f"game.{key}", problem)


def _check_numbers(value: Any, key: str, source: str) -> None:
    """Refuse a number in a game section that is infinite, NaN or too large to compute with."""
    if isinstance(value, Mapping):
        for name, item in value.items():
            _check_numbers(item, f"{key}.{name}", source)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_numbers(item, f"{key}.{index}", source)
    elif isinstance(value, float | int) and not isinstance(value, bool):
        if not (math.isfinite(value) and abs(value) <= MAX_PAYOFF):
            raise ScenarioError(
                source,
                key,
                f"expected a finite number between {-MAX_PAYOFF:,.0f} and "
                f"{MAX_PAYOFF:,.0f} (got {value!r})",
            )


def check_game_size(game: Mapping[str, Any], source: str) -> None:
    """Refuse, before any work, a game ``analyze`` could not solve in seconds.

    Raises:
        ScenarioError: naming the key (``game.n``, ``game.row``), the game's
            size and the largest that is solved.

    """
    if not isinstance(game, Mapping):
        return
    n = game.get("n")
    if isinstance(n, int) and not isinstance(n, bool) and n > MAX_PLAYERS:
        raise ScenarioError(
            source,
            "game.n",
            f"{n:,} players: the analysis solves games of at most "
            f"{MAX_PLAYERS:,} players (its cost grows with the square of the players)",
        )
    row = game.get("row")
    if isinstance(row, list) and row and isinstance(row[0], list):
        m, k = len(row), len(row[0])
        if math.comb(m + k, m) > MAX_SUPPORT_PAIRS:
            raise ScenarioError(
                source,
                "game.row",
                f"a {m}x{k} game has {math.comb(m + k, m):,} support pairs "
                f"to search; the analysis searches at most {MAX_SUPPORT_PAIRS:,} (12x12 or "
                "smaller)",
            )
    _check_numbers(dict(game), "game", source)


def analyze_game_file(
    game: Mapping[str, Any], source: str, group_weight: float | None
) -> dict[str, Any]:
    """Analyse a ``game:`` section, naming ``source`` and the key in any error."""
    check_game_size(game, source)
    try:
        return analyze_game(build_game(game), group_weight)
    except ValueError as err:
        raise _game_error(source, err) from None


def team_game_spec(scenario: Scenario, group_index: int) -> dict[str, Any]:
    """The ``game:`` section of one leader group's team at the scenario's parameters.

    The team has ``n = round(n_followers / n_leaders)`` followers (at least 1),
    the group's ``r`` and ``cut``, the population's endowment, and the
    leader contributes first if it leads by example.
    """
    group = scenario.leaders[group_index]
    n = max(round(scenario.population.n_followers / scenario.n_leaders), 1)
    spec: dict[str, Any] = {
        "type": scenario.game.type,
        "n": n,
        "r": group.r,
        "cut": group.cut,
        "endowment": scenario.population.endowment,
        "leader_contributes": group.lead_by_example,
    }
    if scenario.game.type == "threshold_public_goods":
        spec["threshold_share"] = scenario.game.threshold_share
    return spec


def _leader_groups(scenario: Scenario, source: str, weight: float) -> list[dict[str, Any]]:
    groups = []
    for index, group in enumerate(scenario.leaders):
        spec = team_game_spec(scenario, index)
        threshold = contribution_threshold(spec["n"], group.r, group.cut)
        groups.append(
            {
                "leader_group": group.label,
                "count": group.count,
                "team_size": spec["n"],
                "r": group.r,
                "cut": group.cut,
                "lead_by_example": group.lead_by_example,
                "threshold_group_weight": _finite(float(threshold)),
                "smith_contributes": bool(threshold < 0),
                "nash_contributes": bool(weight > threshold),
                "analysis": analyze_game_file(spec, source, weight),
            }
        )
    return groups


def _simulation(summary: dict[str, Any]) -> dict[str, Any]:
    tail = summary[f"mean_last_{TAIL}"]
    return {
        "rounds": int(summary["final"]["step"]),
        "seed": summary["seed"],
        "tail_rounds": TAIL,
        f"mean_last_{TAIL}": {key: tail[key] for key in SIMULATED if key in tail},
        "predictions": summary["predictions"],
    }


def matrix_game_spec(scenario: Scenario) -> dict[str, Any]:
    """The game library's ``game:`` section of a scenario's symmetric 2x2 matrix game."""
    row = scenario.game.payoff_matrix()
    actions = ["stag", "hare"] if scenario.game.type == "stag_hunt" else ["cooperate", "defect"]
    return {
        "type": "matrix",
        "row": row,
        "column": [list(c) for c in zip(*row, strict=True)],
        "row_actions": actions,
        "column_actions": actions,
    }


def analyze_matrix_scenario(scenario: Scenario, source: str) -> dict[str, Any]:
    """Analyse a scenario's pairwise matrix game and run the scenario beside it."""
    weight = scenario.population.group_weight if scenario.population.share_nash > 0 else None
    analysis = analyze_game_file(matrix_game_spec(scenario), source, weight)
    summary = run_scenario(scenario).summary
    tail = summary[f"mean_last_{TAIL}"]
    return {
        **analysis,
        "kind": "scenario",
        "scenario": scenario.name,
        "simulation": {
            "rounds": int(summary["final"]["step"]),
            "seed": summary["seed"],
            "tail_rounds": TAIL,
            f"mean_last_{TAIL}": {
                key: tail[key] for key in ("cooperation_rate", "mean_payoff") if key in tail
            },
        },
    }


def analyze_leader_scenario(scenario: Scenario, source: str) -> dict[str, Any]:
    """Analyse each leader group's team game and run the scenario beside it."""
    if getattr(scenario.game, "is_matrix", False):
        return analyze_matrix_scenario(scenario, source)
    if not scenario.leaders:
        raise ScenarioError(source, "leaders", "a public goods game needs a leader group")
    for index in range(len(scenario.leaders)):  # all refused before any is solved
        team = team_game_spec(scenario, index)["n"]
        if team > MAX_PLAYERS:
            raise ScenarioError(
                source,
                "population.n_followers",
                f"teams of {team:,} followers per leader: the "
                f"analysis solves team games of at most {MAX_PLAYERS:,} players; analyse a game "
                "file with a smaller n, or add leaders",
            )
    weight = scenario.population.group_weight
    groups = _leader_groups(scenario, source, weight)
    first = groups[0]["analysis"]
    result = run_scenario(scenario)
    return {
        **first,
        "kind": "scenario",
        "scenario": scenario.name,
        "share_nash": scenario.population.share_nash,
        "leader_groups": groups,
        "simulation": _simulation(result.summary),
    }


def analyze_bar_scenario(scenario: BarScenario, source: str) -> dict[str, Any]:
    """Analyse the bar game at the scenario's parameters and run its learning beside it."""
    weight = scenario.suitors.group_weight
    spec = scenario.game.model_dump()
    result = run_bar(scenario)
    return {
        **analyze_game_file(spec, source, weight or None),
        "kind": "bar_scenario",
        "scenario": scenario.name,
        "bar": bar_analysis(scenario),
        "learning": result.summary["learning"],
    }


def _check_weight(group_weight: float | None) -> None:
    if group_weight is not None and not math.isfinite(group_weight):
        raise ScenarioError("--group-weight", None, f"expected a finite number, got {group_weight}")


def analyze_file(name_or_path: str | Path, group_weight: float | None = None) -> dict[str, Any]:
    """Analyse a game file or a scenario (running the scenario), as one JSON-able dict.

    Args:
        name_or_path: a YAML file or the name of a built-in scenario.
        group_weight: the group weight of Nash-style players; for a scenario
            it replaces the scenario's own (``population.group_weight`` or
            ``suitors.group_weight``) in the analysis and in the run.

    Returns:
        The analysis of :func:`alignsim.games.analyze_game` (infinite values
        as None) with ``file`` and
        ``kind`` (``game``, ``scenario`` or ``bar_scenario``) and, for
        scenarios, the per-group analyses, thresholds and simulated outcome.

    Raises:
        ScenarioError: on a missing, unreadable or invalid file, naming the key.

    """
    _check_weight(group_weight)
    path = resolve_path(name_or_path)
    source = str(path)
    data = read_yaml(path)
    if "game" in data and set(data) <= GAME_FILE_KEYS:
        result = analyze_game_file(data["game"], source, group_weight)
        return json_safe({"file": source, "kind": "game", **result})
    section = "suitors" if is_bar_scenario(data) else "population"
    overrides = [] if group_weight is None else [f"{section}.group_weight={group_weight!r}"]
    scenario = load_any(path, overrides)
    if isinstance(scenario, BarScenario):
        return json_safe({"file": source, **analyze_bar_scenario(scenario, source)})
    return json_safe({"file": source, **analyze_leader_scenario(scenario, source)})
