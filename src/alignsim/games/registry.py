"""Build a game from a scenario's ``game:`` section.

A section names its game by ``type`` and gives its parameters by name::

    game: {type: prisoners_dilemma, reward: 1, temptation: 1.9, sucker: 0, punishment: 0}
    game: {type: matrix, row: [[3, 0], [5, 1]], column: [[3, 5], [0, 1]]}

Omitted parameters take the game's defaults. :data:`GAME_TYPES` maps each
type name to its class; a new game is one class here.
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Mapping
from typing import Any

from alignsim.games.bar import BarGame
from alignsim.games.bimatrix import MatrixGame
from alignsim.games.classic import (
    BattleOfTheSexes,
    Chicken,
    ClassicGame,
    MatchingPennies,
    PrisonersDilemma,
    StagHunt,
)
from alignsim.games.symmetric import SymmetricBinaryGame
from alignsim.games.team_games import LinearPublicGoods, ThresholdPublicGoods

__all__ = ["GAME_TYPES", "Game", "build_game", "game_spec"]

Game = MatrixGame | ClassicGame | SymmetricBinaryGame

GAME_TYPES: dict[str, type] = {
    cls.type_name: cls
    for cls in (
        PrisonersDilemma,
        StagHunt,
        Chicken,
        BattleOfTheSexes,
        MatchingPennies,
        MatrixGame,
        LinearPublicGoods,
        ThresholdPublicGoods,
        BarGame,
    )
}


def _expected(kind: Any) -> str:
    return {int: "an integer", float: "a number", bool: "true or false"}.get(kind, "a value")


def _convert(key: str, value: Any, kind: Any) -> Any:
    """Check one parameter against its declared type and convert it."""
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{key}: expected true or false, got {value!r}")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise ValueError(f"{key}: expected an integer, got {value!r}")
        return int(value)
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ValueError(f"{key}: expected a number, got {value!r}")
        return float(value)
    return value


def _field_kinds(cls: type) -> dict[str, Any]:
    kinds = {"int": int, "float": float, "bool": bool}
    return {f.name: kinds.get(str(f.type), None) for f in dataclasses.fields(cls)}


def build_game(spec: Mapping[str, Any]) -> Game:
    """Build the game a scenario's ``game:`` section describes.

    Args:
        spec: a mapping with ``type`` (one of :data:`GAME_TYPES`) and the
            game's parameters by name.

    Returns:
        The game object.

    Raises:
        ValueError: naming the offending key and what was expected, when the
            type is unknown, a key is not a parameter of the game, a value has
            the wrong type, or the values break the game's definition.

    """
    if not isinstance(spec, Mapping):
        raise ValueError(f"game: expected a mapping with a 'type' key, got {spec!r}")
    if "type" not in spec:
        raise ValueError(f"type: expected one of {', '.join(GAME_TYPES)}")
    name = spec["type"]
    if name not in GAME_TYPES:
        raise ValueError(f"type: expected one of {', '.join(GAME_TYPES)}, got {name!r}")
    cls = GAME_TYPES[name]
    kinds = _field_kinds(cls)
    params = {k: v for k, v in spec.items() if k != "type"}
    for key in params:
        if key not in kinds:
            raise ValueError(
                f"{key}: not a parameter of {name}; expected one of {', '.join(kinds)}"
            )
    if cls is MatrixGame:
        for key in ("row", "column"):
            if key not in params:
                raise ValueError(f"{key}: expected a payoff matrix (list of lists) for type matrix")
        _check_matrix(params)
    converted = {k: _convert(k, v, kinds[k]) for k, v in params.items()}
    return cls(**converted)


def _check_matrix(params: dict[str, Any]) -> None:
    for key in ("row", "column"):
        value = params[key]
        rows_ok = isinstance(value, list | tuple) and all(
            isinstance(r, list | tuple)
            and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in r)
            for r in value
        )
        if not rows_ok or not value or len({len(r) for r in value}) != 1 or not value[0]:
            raise ValueError(
                f"{key}: expected a payoff matrix, a list of equal-length lists of numbers"
            )
    for key in ("row_actions", "column_actions"):
        if key in params and not isinstance(params[key], list | tuple):
            raise ValueError(f"{key}: expected a list of action names")


def game_spec(game: Game) -> dict[str, Any]:
    """Return the ``game:`` section that rebuilds ``game`` with :func:`build_game`."""
    return {"type": game.type_name, **game.params()}
