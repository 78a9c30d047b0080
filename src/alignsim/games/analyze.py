"""Analyse a game: the numbers behind ``alignsim analyze`` (games compute, never render).

:func:`analyze_game` returns one JSON-able dict::

    {"game": {...}, "group_weight": None or a,
     "equilibria": [{"kind": "pure" | "mixed", "strategies": [[...], [...]],
                     "payoffs": [...], "utilities": [...], "welfare": ...}],
     "degenerate": ..., "method": ..., "social_optimum": {...},
     "price_of_anarchy": ..., "price_of_stability": ...,
     "with_group_weight": {... the same keys, for players with weight a ...},
     "contribution_threshold": {...},   # N-player games
     "film_profile": {...}}             # the bar game

The top-level equilibria are those of Smith players (group weight 0);
``with_group_weight`` (present when a weight is given) holds those of players
who add ``a`` times the others' payoffs to their own. ``strategies`` holds one
probability vector per player. :func:`alignsim.outputs.game_text.format_analysis`
renders the dict as plain-text tables.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

from alignsim.games import symmetric as sym
from alignsim.games.analysis import symmetric_section, two_player_section
from alignsim.games.bar import BarGame
from alignsim.games.registry import Game, build_game
from alignsim.games.symmetric import SymmetricBinaryGame

__all__ = ["analyze_game"]


def _game_from(spec_or_game: Mapping[str, Any] | Game) -> Game:
    if not isinstance(spec_or_game, Mapping):
        return spec_or_game
    if "type" not in spec_or_game and isinstance(spec_or_game.get("game"), Mapping):
        return build_game(spec_or_game["game"])  # a whole scenario or game file
    return build_game(spec_or_game)


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _section(game: Game, group_weight: float | None) -> dict[str, Any]:
    if isinstance(game, SymmetricBinaryGame):
        return symmetric_section(game.payoff_table(), game.outsider_payoffs(), group_weight)
    return two_player_section(*game.payoff_matrices, group_weight)


def contribution_thresholds(game: SymmetricBinaryGame) -> dict[str, Any]:
    """Group weights above which action 1 is dominant, and "all play 1" an equilibrium.

    Infinite thresholds become None (JSON null) with a sentence saying which
    infinity: ``never`` (no weight) or ``always`` (every weight).
    """
    table, outsider = game.payoff_table(), game.outsider_payoffs()
    dominant = sym.dominance_threshold(table, outsider)
    all_play = sym.all_play_threshold(table, outsider)

    def meaning(value: float) -> str:
        return "never" if value == math.inf else "always" if value == -math.inf else "above"

    return {
        "action": game.actions[1],
        "dominant_above": _finite(dominant),
        "dominant": meaning(dominant),
        "all_play_equilibrium_above": _finite(all_play),
        "all_play_equilibrium": meaning(all_play),
    }


def film_profile_facts(game: BarGame, group_weight: float | None) -> dict[str, Any]:
    """Describe the film's profile (nobody goes for the most-wanted) and why it fails.

    Returns:
        Its strategies and welfare, the best welfare, the utility gain of a
        suitor who deviates (for Smith players and, if given, the weight),
        and the interval of group weights at which it would be an equilibrium
        (None: none), so the answer for every weight in [0, 1] is explicit.

    """
    table, outsider = game.payoff_table(), game.outsider_payoffs()
    totals = sym.welfare(table, outsider)
    weights = [0.0] if group_weight is None else [0.0, float(group_weight)]
    gains = {
        str(w): float(sym.deviation_gains(sym.weighted_table(table, outsider, w))[0])
        for w in weights
    }
    interval = sym.equilibrium_weight_interval(table, outsider, 0)
    in_unit = interval is not None and interval[0] <= 1.0 and interval[1] >= 0.0
    return {
        "strategies": [[1.0, 0.0] for _ in range(game.n_players)],
        "welfare": float(totals[0]),
        "optimum_welfare": float(totals.max()),
        "is_social_optimum": bool(totals[0] >= totals.max() - 1e-12),
        "deviation_gain": gains,
        "equilibrium_weights": None if interval is None else [_finite(v) for v in interval],
        "equilibrium_for_some_weight_in_0_1": bool(in_unit),
    }


def analyze_game(
    spec_or_game: Mapping[str, Any] | Game, group_weight: float | None = None
) -> dict[str, Any]:
    """Analyse a game: equilibria, social optimum, price of anarchy, with and without weights.

    Args:
        spec_or_game: a game object, a ``game:`` section (``{type: ..., ...}``)
            or a mapping holding one under ``game``.
        group_weight: if given, also analyse the game played by players who
            add this weight times the others' payoffs to their own.

    Returns:
        The JSON-able analysis described in the module docstring.

    Raises:
        ValueError: on a bad game section or a group weight that is not a
            finite number.

    """
    if group_weight is not None and (
        isinstance(group_weight, bool)
        or not isinstance(group_weight, numbers.Real)
        or not math.isfinite(group_weight)
    ):
        raise ValueError(f"group_weight: expected a finite number, got {group_weight!r}")
    game = _game_from(spec_or_game)
    result: dict[str, Any] = {
        "game": game.to_dict(),
        "group_weight": None if group_weight is None else float(group_weight),
        **_section(game, None),
    }
    if group_weight is not None:
        result["with_group_weight"] = {
            "group_weight": float(group_weight),
            **_section(game, float(group_weight)),
        }
    if isinstance(game, SymmetricBinaryGame):
        result["contribution_threshold"] = contribution_thresholds(game)
    if isinstance(game, BarGame):
        result["film_profile"] = film_profile_facts(game, group_weight)
    return result
