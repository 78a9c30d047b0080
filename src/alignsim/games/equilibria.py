"""Nash equilibria of two-player games: small functions over payoff matrices.

``A`` is the row player's payoff matrix and ``B`` the column player's, both
``m x n``; a strategy pair is ``(x, y)`` with ``x`` a probability vector over
rows and ``y`` over columns.

* :func:`nash_equilibria` and :func:`vertex_enumeration` return every
  equilibrium of a nondegenerate game and every *extreme* equilibrium of a
  degenerate one, by vertex enumeration with exact checks
  (:mod:`alignsim.games.enumeration`, Algorithm 3.5 of [vonStengel2007]_,
  [Avis2010]_);
* :func:`support_enumeration` (Algorithm 3.4) is kept as an independent
  cross-check for nondegenerate games;
* :func:`is_degenerate` tells the two cases apart: a game is degenerate when
  some mixed strategy with a support of ``k`` actions has more than ``k`` pure
  best responses.

Tolerances are relative: payoffs are first moved to [1, 2] by a positive
affine map per player, which changes no equilibrium, so the answers do not
depend on the payoffs' scale.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from alignsim.games import enumeration

__all__ = [
    "best_response_gaps",
    "is_degenerate",
    "is_nash",
    "nash_equilibria",
    "pure_equilibria",
    "support_enumeration",
    "vertex_enumeration",
]

TOL = 1e-9


def _matrices(row: ArrayLike, column: ArrayLike) -> tuple[NDArray, NDArray]:
    a = np.asarray(row, dtype=float)
    b = np.asarray(column, dtype=float)
    if a.ndim != 2 or a.shape != b.shape:
        raise ValueError("row, column: expected two payoff matrices of the same shape")
    return a, b


def _unit(matrix: NDArray) -> NDArray:
    """Payoffs moved to [1, 2] by a positive affine map (all 1 if constant)."""
    low, high = matrix.min(), matrix.max()
    return np.ones_like(matrix) if high == low else (matrix - low) / (high - low) + 1.0


def best_response_gaps(
    row: ArrayLike, column: ArrayLike, x: ArrayLike, y: ArrayLike
) -> tuple[float, float]:
    """How much each player could gain by the best pure deviation.

    Args:
        row: the row player's payoff matrix ``A``.
        column: the column player's payoff matrix ``B``.
        x: the row player's mixed strategy.
        y: the column player's mixed strategy.

    Returns:
        ``(max_i (A y)_i - x A y, max_j (x B)_j - x B y)``; both are 0 at a
        Nash equilibrium.

    """
    a, b = _matrices(row, column)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    row_values = a @ y
    column_values = x @ b
    return float(row_values.max() - x @ row_values), float(column_values.max() - column_values @ y)


def is_nash(
    row: ArrayLike, column: ArrayLike, x: ArrayLike, y: ArrayLike, tol: float = TOL
) -> bool:
    """Whether ``(x, y)`` is a Nash equilibrium.

    Probability vectors (entries at least 0, summing to 1 within ``tol``),
    and no pure deviation gains more than ``tol`` times the player's payoff
    range (a relative tolerance: the answer is the same at any scale).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    a, b = _matrices(row, column)
    valid = all(np.all(s >= 0) and abs(s.sum() - 1.0) <= tol for s in (x, y))
    gaps = best_response_gaps(_unit(a), _unit(b), x, y)
    return bool(valid and max(gaps) <= tol)


def pure_equilibria(row: ArrayLike, column: ArrayLike, tol: float = TOL) -> list[tuple[int, int]]:
    """All pure Nash equilibria, by checking every cell.

    A cell ``(i, j)`` is an equilibrium when ``A[i, j]`` is a largest entry of
    column ``j`` of ``A`` and ``B[i, j]`` a largest entry of row ``i`` of ``B``.

    Returns:
        The equilibrium cells ``(i, j)`` in row-major order.

    """
    a, b = (_unit(m) for m in _matrices(row, column))
    row_best = a >= a.max(axis=0, keepdims=True) - tol
    column_best = b >= b.max(axis=1, keepdims=True) - tol
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(row_best & column_best), strict=True)]


def _indifferent_strategy(payoffs: NDArray, support: tuple[int, ...], against: tuple[int, ...]):
    """Solve for a strategy on ``support`` making the opponent indifferent on ``against``.

    ``payoffs[k, s]`` is the opponent's payoff for its action ``against[k]`` when
    this player plays ``support[s]``. Returns the full-length strategy, or None
    when the system is singular.
    """
    k = len(support)
    sub = payoffs[np.ix_(against, support)]
    system = np.zeros((k + 1, k + 1))
    system[:k, :k] = sub
    system[:k, k] = -1.0
    system[k, :k] = 1.0
    rhs = np.zeros(k + 1)
    rhs[k] = 1.0
    try:
        solution = np.linalg.solve(system, rhs)
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(solution)):
        return None
    strategy = np.zeros(payoffs.shape[1])
    strategy[list(support)] = solution[:k]
    return strategy


def support_enumeration(
    row: ArrayLike, column: ArrayLike, tol: float = TOL
) -> Iterator[tuple[NDArray, NDArray]]:
    """Equilibria of a nondegenerate game by support enumeration.

    Algorithm 3.4 of [vonStengel2007]_:

    1. For each ``k`` and each pair of supports ``I`` (rows) and ``J``
       (columns) of size ``k``,
    2. solve for ``x`` on ``I`` making the column player indifferent across
       ``J`` and ``y`` on ``J`` making the row player indifferent across ``I``
       (a square linear system each, with the probabilities summing to 1);
    3. keep the pair if both are probability vectors and no action outside
       the supports pays more (checked with :func:`is_nash` on the clipped,
       renormalised pair that is returned).

    Each equilibrium is yielded once. In a degenerate game some equilibria
    have supports of unequal size and are missed: use
    :func:`vertex_enumeration` there (as :func:`nash_equilibria` does).

    Yields:
        Pairs ``(x, y)`` of mixed strategies.

    """
    a, b = (_unit(m) for m in _matrices(row, column))
    m, n = a.shape
    found: list[tuple[NDArray, NDArray]] = []
    for k in range(1, min(m, n) + 1):
        for rows in combinations(range(m), k):
            for cols in combinations(range(n), k):
                x = _indifferent_strategy(b.T, rows, cols)
                y = _indifferent_strategy(a, cols, rows)
                if x is None or y is None or min(x.min(), y.min()) < -tol:
                    continue
                # clip solver noise first, then check the profile that is returned
                x, y = np.clip(x, 0.0, None), np.clip(y, 0.0, None)
                x, y = x / x.sum(), y / y.sum()
                if not is_nash(a, b, x, y, tol):
                    continue
                if not any(_same(x, y, u, v) for u, v in found):
                    found.append((x, y))
                    yield x, y


def _same(x: NDArray, y: NDArray, u: NDArray, v: NDArray, tol: float = 1e-7) -> bool:
    return bool(np.allclose(x, u, atol=tol) and np.allclose(y, v, atol=tol))


def _as_floats(pairs: list) -> list[tuple[NDArray, NDArray]]:
    return [(np.array([float(v) for v in x]), np.array([float(v) for v in y])) for x, y in pairs]


def nash_equilibria(
    row: ArrayLike, column: ArrayLike
) -> tuple[list[tuple[NDArray, NDArray]], bool]:
    """All Nash equilibria of a nondegenerate game, the extreme ones otherwise.

    Vertex enumeration with exact checks (:func:`enumeration.enumerate_equilibria`).

    Returns:
        ``(equilibria, degenerate)``: the equilibria, pure ones first, and
        whether the game is degenerate.

    """
    _matrices(row, column)
    found = enumeration.enumerate_equilibria(np.asarray(row).tolist(), np.asarray(column).tolist())
    return _as_floats(found.equilibria), found.degenerate


def vertex_enumeration(row: ArrayLike, column: ArrayLike) -> list[tuple[NDArray, NDArray]]:
    """All extreme Nash equilibria (all equilibria of a nondegenerate game), sorted.

    Algorithm 3.5 of [vonStengel2007]_, as :func:`nash_equilibria`, sorted
    lexicographically (largest first).
    """
    found, _ = nash_equilibria(row, column)
    found.sort(key=lambda pair: tuple(-np.concatenate(pair)))
    return found


def is_degenerate(row: ArrayLike, column: ArrayLike) -> bool:
    """Whether the game is degenerate [vonStengel2007]_.

    A game is nondegenerate when no mixed strategy with a support of size
    ``k`` has more than ``k`` pure best responses; equivalently, no vertex of
    the best response polytopes has more tight constraints than its dimension.
    """
    return nash_equilibria(row, column)[1]
