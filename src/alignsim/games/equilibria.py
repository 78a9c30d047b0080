"""Nash equilibria of two-player games: small functions over payoff matrices.

``A`` is the row player's payoff matrix and ``B`` the column player's, both
``m x n``; a strategy pair is ``(x, y)`` with ``x`` a probability vector over
rows and ``y`` over columns. The algorithms are those of [vonStengel2007]_:

* :func:`support_enumeration` (Algorithm 3.4) finds every equilibrium of a
  nondegenerate game, where equilibria have supports of equal size and each
  support pair holds at most one equilibrium;
* :func:`vertex_enumeration` (Algorithm 3.5) lists the completely labelled
  vertex pairs of the best response polytopes: all equilibria of a
  nondegenerate game, and all *extreme* equilibria of a degenerate one, whose
  equilibrium set is the union of convex sets spanned by them [Avis2010]_;
* :func:`is_degenerate` tells the two cases apart: a game is degenerate when
  some mixed strategy with a support of ``k`` actions has more than ``k`` pure
  best responses.

:func:`nash_equilibria` chooses for you. Results are generators or lists of
numpy arrays; :mod:`alignsim.games.report` makes them JSON-able.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "best_response_gaps",
    "is_degenerate",
    "is_nash",
    "nash_equilibria",
    "polytope_vertices",
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
    """Whether ``(x, y)`` is a Nash equilibrium: no pure deviation gains more than ``tol``."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    valid = all(np.all(s >= -tol) and abs(s.sum() - 1.0) <= tol for s in (x, y))
    return bool(valid and max(best_response_gaps(row, column, x, y)) <= tol)


def pure_equilibria(row: ArrayLike, column: ArrayLike, tol: float = TOL) -> list[tuple[int, int]]:
    """All pure Nash equilibria, by checking every cell.

    A cell ``(i, j)`` is an equilibrium when ``A[i, j]`` is a largest entry of
    column ``j`` of ``A`` and ``B[i, j]`` a largest entry of row ``i`` of ``B``.

    Returns:
        The equilibrium cells ``(i, j)`` in row-major order.

    """
    a, b = _matrices(row, column)
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
       the supports pays more (checked with :func:`is_nash`).

    Each equilibrium is yielded once. In a degenerate game some equilibria
    have supports of unequal size and are missed: use
    :func:`vertex_enumeration` there (as :func:`nash_equilibria` does).

    Yields:
        Pairs ``(x, y)`` of mixed strategies.

    """
    a, b = _matrices(row, column)
    m, n = a.shape
    found: list[tuple[NDArray, NDArray]] = []
    for k in range(1, min(m, n) + 1):
        for rows in combinations(range(m), k):
            for cols in combinations(range(n), k):
                x = _indifferent_strategy(b.T, rows, cols)
                y = _indifferent_strategy(a, cols, rows)
                if x is None or y is None or not is_nash(a, b, x, y, tol):
                    continue
                x, y = np.clip(x, 0.0, None), np.clip(y, 0.0, None)
                x, y = x / x.sum(), y / y.sum()
                if not any(_same(x, y, u, v) for u, v in found):
                    found.append((x, y))
                    yield x, y


def _same(x: NDArray, y: NDArray, u: NDArray, v: NDArray, tol: float = 1e-7) -> bool:
    return bool(np.allclose(x, u, atol=tol) and np.allclose(y, v, atol=tol))


def polytope_vertices(matrix: ArrayLike, tol: float = TOL) -> list[tuple[NDArray, frozenset[int]]]:
    """Vertices of ``{z >= 0 : M z <= 1}`` and the constraints tight at each.

    Brute force over every choice of ``d`` constraints (``d`` the dimension of
    ``z``): solve them as equalities and keep feasible, distinct solutions.
    ``M`` must have positive entries so the polytope is bounded. Constraint
    ``i < d`` is ``z_i >= 0``; constraint ``d + j`` is row ``j`` of ``M``.

    Args:
        matrix: the constraint matrix ``M``, shape ``(p, d)``, entries > 0.
        tol: tolerance for feasibility and tightness.

    Returns:
        ``(vertex, tight)`` pairs; ``tight`` holds the labels (constraint
        indices) that are tight at the vertex.

    """
    m = np.asarray(matrix, dtype=float)
    d = m.shape[1]
    g = np.vstack([-np.eye(d), m])
    h = np.concatenate([np.zeros(d), np.ones(m.shape[0])])
    chosen = np.array(list(combinations(range(len(h)), d)))
    systems = g[chosen]
    singular = np.linalg.svd(systems, compute_uv=False)
    regular = singular[:, -1] > 1e-12 * singular[:, 0]
    points = np.linalg.solve(systems[regular], h[chosen[regular]][..., None])[..., 0]
    feasible = np.all(g @ points.T <= h[:, None] + tol, axis=0)
    vertices: list[tuple[NDArray, frozenset[int]]] = []
    for point in points[feasible]:
        if any(np.allclose(point, v, atol=1e-7) for v, _ in vertices):
            continue
        tight = frozenset(int(i) for i in np.nonzero(np.abs(g @ point - h) <= tol)[0])
        vertices.append((point, tight))
    return vertices


def _best_response_polytopes(a: NDArray, b: NDArray):
    """Vertices of P = {x >= 0 : B^T x <= 1} and Q = {y >= 0 : A y <= 1}, labelled.

    Labels follow [vonStengel2007]_: rows are ``0..m-1`` and columns
    ``m..m+n-1``; at ``x`` a row is a label when unplayed and a column when it
    is a best response, and the other way round at ``y``. Payoffs are first
    shifted to be positive, which changes no equilibrium.
    """
    m, n = a.shape
    a = a - a.min() + 1.0
    b = b - b.min() + 1.0
    p = polytope_vertices(b.T)  # labels: i < m is x_i = 0, m + j is column j best
    q = [
        (y, frozenset((label - n) if label >= n else (label + m) for label in tight))
        for y, tight in polytope_vertices(a)
    ]
    return p, q


def is_degenerate(row: ArrayLike, column: ArrayLike, tol: float = TOL) -> bool:
    """Whether the game is degenerate [vonStengel2007]_.

    A game is nondegenerate when no mixed strategy with a support of size
    ``k`` has more than ``k`` pure best responses. Equivalently, no point of
    the best response polytopes carries more labels than its dimension, and
    it is enough to check their vertices.

    Returns:
        True if some vertex of either polytope has too many labels.

    """
    a, b = _matrices(row, column)
    m, n = a.shape
    p, q = _best_response_polytopes(a, b)
    return any(len(t) > m for _, t in p) or any(len(t) > n for _, t in q)


def vertex_enumeration(
    row: ArrayLike, column: ArrayLike, tol: float = TOL
) -> list[tuple[NDArray, NDArray]]:
    """All extreme Nash equilibria by enumerating vertex pairs.

    Algorithm 3.5 of [vonStengel2007]_:

    1. Shift the payoffs to be positive and build the best response
       polytopes ``P = {x >= 0 : B^T x <= 1}`` and ``Q = {y >= 0 : A y <= 1}``;
    2. for each pair of nonzero vertices ``(x, y)`` of ``P x Q``,
    3. keep it if it is completely labelled: every action is unplayed by its
       player or a best response for it;
    4. return it normalised to probabilities.

    In a nondegenerate game these are all the equilibria. In a degenerate game
    they are the extreme equilibria; every equilibrium is a convex
    combination inside a set of extreme equilibria that are pairwise
    compatible [Avis2010]_.

    Returns:
        The extreme equilibria ``(x, y)``, sorted lexicographically.

    """
    a, b = _matrices(row, column)
    m, n = a.shape
    everything = frozenset(range(m + n))
    p, q = _best_response_polytopes(a, b)
    found = [
        (x / x.sum(), y / y.sum())
        for x, lx in p
        if x.sum() > tol
        for y, ly in q
        if y.sum() > tol and lx | ly == everything
    ]
    found.sort(key=lambda pair: tuple(-np.concatenate(pair)))
    return found


def nash_equilibria(
    row: ArrayLike, column: ArrayLike, tol: float = TOL
) -> tuple[list[tuple[NDArray, NDArray]], bool]:
    """All Nash equilibria of a nondegenerate game, the extreme ones otherwise.

    Support enumeration on a nondegenerate game; vertex enumeration (extreme
    equilibria) on a degenerate one, whose equilibria may form continua.

    Returns:
        ``(equilibria, degenerate)``: the equilibria, pure ones first, and
        whether the game is degenerate.

    """
    degenerate = is_degenerate(row, column, tol)
    if degenerate:
        found = vertex_enumeration(row, column, tol)
    else:
        found = list(support_enumeration(row, column, tol))
    found.sort(key=lambda pair: (_support_size(pair), tuple(-np.concatenate(pair))))
    return found, degenerate


def _support_size(pair: tuple[NDArray, NDArray], tol: float = 1e-9) -> int:
    return int(sum(np.count_nonzero(s > tol) for s in pair))
