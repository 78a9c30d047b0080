"""Two-player games in normal form: a payoff matrix for each player.

:class:`MatrixGame` holds the row player's and the column player's payoff
matrices (entry ``[i][j]`` is the payoff when the row player plays action ``i``
and the column player action ``j``). The classic games of the library are
matrix games with named parameters; they live in :mod:`alignsim.games.classic`.

Group weights (docs/model.md, "Smith against Nash"): a player with group weight
``a`` maximises its own payoff plus ``a`` times the other player's payoff.
:func:`weighted_payoffs` builds the game such players actually play. This is
the film's "Nash-style" agent, an altruism weight in the sense of
[ChenKempe2008]_; it is not a Nash equilibrium player. The equilibria of the
weighted game are ordinary Nash equilibria of that transformed game.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["MatrixGame", "as_weights", "weighted_payoffs"]


def as_weights(group_weight: float | Sequence[float] | None, n_players: int) -> NDArray:
    """Expand one group weight (or None, meaning 0) to one weight per player.

    Args:
        group_weight: a single weight for every player, one per player, or None.
        n_players: how many players the game has.

    Returns:
        A float array of length ``n_players``.

    Raises:
        ValueError: if a sequence of the wrong length is given.

    """
    if group_weight is None:
        return np.zeros(n_players)
    if np.ndim(group_weight) > 0 and np.size(group_weight) != n_players:
        raise ValueError(f"group_weight: expected 1 or {n_players} values")
    return np.broadcast_to(np.asarray(group_weight, dtype=float), (n_players,)).copy()


def weighted_payoffs(
    row: ArrayLike, column: ArrayLike, group_weight: float | Sequence[float] | None
) -> tuple[NDArray, NDArray]:
    """Utilities of two players who each add a weight times the other's payoff.

    ``U_row = A + a_row * B`` and ``U_column = B + a_column * A`` where ``A`` and
    ``B`` are the row and column payoff matrices.

    Args:
        row: the row player's payoff matrix ``A``.
        column: the column player's payoff matrix ``B``.
        group_weight: one weight for both players, a pair ``(a_row, a_column)``,
            or None (both 0: the material game, Smith agents).

    Returns:
        ``(U_row, U_column)``.

    """
    a = np.asarray(row, dtype=float)
    b = np.asarray(column, dtype=float)
    w_row, w_column = as_weights(group_weight, 2)
    return a + w_row * b, b + w_column * a


def _default_labels(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i + 1}" for i in range(count))


@dataclass(frozen=True)
class MatrixGame:
    """Any two-player game given by its two payoff matrices.

    Story: two players choose simultaneously, the row player one of ``m``
    actions and the column player one of ``n``; ``row[i][j]`` and
    ``column[i][j]`` are what each then receives. This is the normal form of
    [vonNeumann1944]_; its equilibria are those of [Nash1951]_.

    Scenario form: ``{type: matrix, row: [[...]], column: [[...]]}``, optionally
    with ``row_actions`` and ``column_actions`` (lists of names).

    Attributes:
        row: the row player's payoffs, an ``m x n`` list of lists.
        column: the column player's payoffs, same shape.
        row_actions: names of the row player's actions (default ``r1, r2, ...``).
        column_actions: names of the column player's actions (default ``c1, ...``).

    """

    type_name: ClassVar[str] = "matrix"
    title: ClassVar[str] = "Matrix game"
    n_players: ClassVar[int] = 2

    row: Any
    column: Any
    row_actions: tuple[str, ...] | None = field(default=None)
    column_actions: tuple[str, ...] | None = field(default=None)

    def __post_init__(self) -> None:
        """Check the shapes and fill in default action names."""
        a = np.asarray(self.row, dtype=float)
        b = np.asarray(self.column, dtype=float)
        if a.ndim != 2 or a.size == 0:
            raise ValueError("row: expected a non-empty list of lists of numbers (a matrix)")
        if b.shape != a.shape:
            raise ValueError(f"column: expected a matrix of the same shape as row, {a.shape}")
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            raise ValueError("row, column: expected finite numbers")
        rows = self.row_actions or _default_labels("r", a.shape[0])
        cols = self.column_actions or _default_labels("c", a.shape[1])
        if len(rows) != a.shape[0]:
            raise ValueError(f"row_actions: expected {a.shape[0]} names")
        if len(cols) != a.shape[1]:
            raise ValueError(f"column_actions: expected {a.shape[1]} names")
        object.__setattr__(self, "row", a.tolist())
        object.__setattr__(self, "column", b.tolist())
        object.__setattr__(self, "row_actions", tuple(str(x) for x in rows))
        object.__setattr__(self, "column_actions", tuple(str(x) for x in cols))

    @property
    def payoff_matrices(self) -> tuple[NDArray, NDArray]:
        """The payoff matrices ``(A, B)`` as float arrays."""
        return np.asarray(self.row, dtype=float), np.asarray(self.column, dtype=float)

    @property
    def actions(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Action names of the row and the column player."""
        return self.row_actions, self.column_actions

    def params(self) -> dict[str, Any]:
        """Return the parameters that rebuild this game (its scenario ``game:`` section)."""
        return {
            "row": self.row,
            "column": self.column,
            "row_actions": list(self.row_actions),
            "column_actions": list(self.column_actions),
        }

    def to_dict(self) -> dict[str, Any]:
        """Describe the game as JSON-able data: type, title, parameters, actions, matrices."""
        return {
            "type": self.type_name,
            "title": self.title,
            "params": self.params(),
            "n_players": 2,
            "actions": [list(self.row_actions), list(self.column_actions)],
            "row": self.row,
            "column": self.column,
        }
