"""The game library's analysis with one-line errors: shared by game files and scenario kinds.

:func:`analyze_game_file` checks a ``game:`` section's size and numbers before
any work (a game ``analyze`` could not solve in seconds is refused, naming the
key) and turns the game library's ``ValueError`` into a :class:`ScenarioError`
that names the file and the key.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from alignsim.games import analyze_game, build_game
from alignsim.scenario import ScenarioError

__all__ = [
    "MAX_PAYOFF",
    "MAX_PLAYERS",
    "MAX_SUPPORT_PAIRS",
    "analyze_game_file",
    "check_game_size",
    "finite",
    "json_safe",
]

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


def finite(value: float) -> float | None:
    """A finite float, or None for an infinite or NaN one (JSON has none)."""
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
