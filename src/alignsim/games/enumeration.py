"""Every Nash equilibrium of a two-player game, by vertex enumeration with exact checks.

The method is that of lrsnash [Avis2010]_ and Algorithm 3.5 of
[vonStengel2007]_: an equilibrium is a completely labelled pair of vertices of
the two best response polytopes

    P = {x >= 0 : B'^T x <= 1},   Q = {y >= 0 : A' y <= 1},

where ``A'`` and ``B'`` are the players' payoffs moved to the range [1, 2]
by a positive affine map per player (which changes no equilibrium, and makes
the answer the same whatever the payoffs' scale). The steps:

1. Enumerate the vertices of each polytope by pivoting from the origin to
   every neighbouring feasible basis, breadth first (the feasible bases of a
   polytope are connected by pivots, so every vertex is reached, degenerate
   ones included). A vertex is known by the set of constraints tight at it,
   so no coordinates are compared.
2. Keep the pairs whose labels together cover every action (each action is
   unplayed or a best response): in a nondegenerate game these are all the
   equilibria, in a degenerate one all the extreme equilibria, whose convex
   combinations within compatible sets give the rest [Avis2010]_.
3. Recompute each pair exactly, in rational arithmetic, from the basis that
   defines it, and check it exactly against the original payoffs: every
   probability at least 0, summing to 1, and no pure deviation gaining
   anything. A pair that fails is never returned.

Small games (``m + n <= EXACT_UP_TO``) and games whose payoffs floating
point cannot hold exactly are pivoted in rational arithmetic throughout;
larger ones in floating point, then checked exactly. If a floating-point
candidate fails its check, the game is solved again exactly.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational, Real
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "EXACT_UP_TO",
    "MAX_BASES",
    "Enumeration",
    "GameTooLarge",
    "enumerate_equilibria",
    "exact_matrix",
    "is_exact_equilibrium",
]

EXACT_UP_TO = 10
"""Games with at most this many actions in all are pivoted in exact arithmetic."""

MAX_BASES = 400_000
"""Feasible bases visited per polytope before the enumeration gives up (and says so)."""

FLOAT_TOL = 1e-9
"""Tolerance of floating-point pivoting; payoffs are first moved to [1, 2]."""


class GameTooLarge(ValueError):
    """The enumeration would visit more than :data:`MAX_BASES` bases of a polytope."""


@dataclass(frozen=True)
class Enumeration:
    """The equilibria found and how.

    Attributes:
        equilibria: exact ``(x, y)`` pairs of Fraction lists, each checked.
        degenerate: some vertex has more tight constraints than its dimension;
            the equilibria listed are then the extreme ones.
        exact_pivoting: the polytopes were pivoted in rational arithmetic.
        vertices: how many vertices each polytope has.

    """

    equilibria: list[tuple[list[Fraction], list[Fraction]]]
    degenerate: bool
    exact_pivoting: bool
    vertices: tuple[int, int]


def _fraction(value: Any) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"expected a number, got {value!r}")
    return Fraction(value) if isinstance(value, Rational) else Fraction(float(value))


def exact_matrix(values: Any) -> NDArray:
    """A matrix as an object array of Fractions, exactly as given (ints stay exact)."""
    rows = [[_fraction(v) for v in row] for row in values]
    out = np.empty((len(rows), len(rows[0])), dtype=object)
    for i, row in enumerate(rows):
        out[i, :] = row
    return out


def _unit_range(matrix: NDArray) -> NDArray:
    """The payoffs moved to [1, 2] by a positive affine map (all 1 if they are constant)."""
    low, high = min(matrix.flat), max(matrix.flat)
    if high == low:
        return np.full(matrix.shape, Fraction(1), dtype=object)
    return (matrix - low) / (high - low) + 1


def _representable(matrix: NDArray) -> bool:
    """Whether every entry survives the trip to a float and back."""
    return all(Fraction(float(v)) == v for v in matrix.flat)


def _vertices(matrix: NDArray, exact: bool) -> tuple[dict[int, tuple[tuple[int, ...], int]], bool]:
    """Vertices of ``{z >= 0 : M z <= 1}`` by breadth-first pivoting over feasible bases.

    Variables ``0..d-1`` are ``z``, ``d..d+p-1`` the slacks of ``M z + s = 1``;
    a variable at zero is a tight constraint.

    Returns:
        ``({tight mask: (basis, n_tight)}, degenerate)``: for each vertex the
        bitmask of its tight constraints and one basis (the basic variables,
        row by row) that defines it; degenerate if a vertex has more than
        ``d`` tight constraints.

    """
    p, d = matrix.shape
    tol = 0 if exact else FLOAT_TOL
    if exact:
        tableau = np.concatenate(
            [matrix, np.eye(p, dtype=int).astype(object) * Fraction(1)], axis=1
        )
        rhs = np.full(p, Fraction(1), dtype=object)
    else:
        tableau = np.concatenate([matrix.astype(float), np.eye(p)], axis=1)
        rhs = np.ones(p)
    start = tuple(range(d, d + p))
    everything = (1 << (d + p)) - 1
    start_key = everything ^ ((1 << d) - 1)  # bitmask of the basic variables
    seen = {start_key}
    queue = deque([(start, start_key, tableau, rhs)])
    vertices: dict[int, tuple[tuple[int, ...], int]] = {}
    degenerate = False
    while queue:
        basis, key, tableau, rhs = queue.popleft()
        nonbasic = [v for v in range(d + p) if not key >> v & 1]
        mask = everything ^ key
        at_zero = np.flatnonzero(rhs <= tol) if not exact else [r for r in range(p) if rhs[r] == 0]
        for r in at_zero:
            mask |= 1 << basis[r]
        if mask not in vertices:
            vertices[mask] = (basis, mask.bit_count())
            degenerate |= mask.bit_count() > d
        for r, entering in _pivots(tableau, rhs, nonbasic, tol, exact):
            new_key = key ^ (1 << basis[r]) ^ (1 << entering)
            if new_key in seen:
                continue
            seen.add(new_key)
            if len(seen) > MAX_BASES:
                raise GameTooLarge(
                    f"more than {MAX_BASES} bases in a best response polytope of "
                    f"dimension {d}: too large to enumerate every equilibrium"
                )
            new_basis = basis[:r] + (entering,) + basis[r + 1 :]
            column = tableau[:, entering]
            pivot = tableau[r] / column[r]
            new_tableau = tableau - np.outer(column, pivot)
            new_tableau[r] = pivot
            new_rhs = rhs - column * (rhs[r] / column[r])
            new_rhs[r] = rhs[r] / column[r]
            queue.append((new_basis, new_key, new_tableau, new_rhs))
    return vertices, degenerate


def _pivots(
    tableau: NDArray, rhs: NDArray, nonbasic: list[int], tol: float, exact: bool
) -> list[tuple[int, int]]:
    """Every pivot ``(row, entering variable)`` that keeps the basis feasible.

    For each entering variable, the rows passing the minimum ratio test (all
    of them on a tie, so that degenerate vertices are left every way).
    """
    if exact:
        found = []
        for entering in nonbasic:
            column = tableau[:, entering]
            rows = [r for r in range(len(rhs)) if column[r] > 0]
            if rows:
                ratios = {r: rhs[r] / column[r] for r in rows}
                best = min(ratios.values())
                found += [(r, entering) for r in rows if ratios[r] == best]
        return found
    columns = tableau[:, nonbasic]
    positive = columns > tol
    ratios = np.where(positive, rhs[:, None] / np.where(positive, columns, 1.0), np.inf)
    best = ratios.min(axis=0)
    rows, which = np.nonzero(positive & (ratios <= best + tol))
    return [(int(r), nonbasic[k]) for r, k in zip(rows, which, strict=True)]


def _solve(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction]:
    """Gauss-Jordan elimination in rational arithmetic (the system is regular)."""
    n = len(rhs)
    rows = [list(matrix[i]) + [rhs[i]] for i in range(n)]
    for col in range(n):
        pivot = next(r for r in range(col, n) if rows[r][col] != 0)
        rows[col], rows[pivot] = rows[pivot], rows[col]
        lead = rows[col][col]
        rows[col] = [v / lead for v in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] for i in range(n)]


def _point(matrix: NDArray, basis: tuple[int, ...]) -> list[Fraction]:
    """The exact vertex ``z`` defined by a basis of ``M z + s = 1``."""
    p, d = matrix.shape
    columns = [
        [matrix[i, v] if v < d else Fraction(int(i == v - d)) for v in basis] for i in range(p)
    ]
    values = _solve(columns, [Fraction(1)] * p)
    z = [Fraction(0)] * d
    for v, value in zip(basis, values, strict=True):
        if v < d:
            z[v] = value
    return z


def is_exact_equilibrium(
    row: NDArray, column: NDArray, x: list[Fraction], y: list[Fraction]
) -> bool:
    """Exactly: probability vectors, and no pure deviation gains anything for either player."""
    if any(v < 0 for v in (*x, *y)) or sum(x) != 1 or sum(y) != 1:
        return False
    row_values = [sum(row[i, j] * y[j] for j in range(len(y))) for i in range(len(x))]
    column_values = [sum(x[i] * column[i, j] for i in range(len(x))) for j in range(len(y))]
    row_total = sum(p * v for p, v in zip(x, row_values, strict=True))
    column_total = sum(q * v for q, v in zip(y, column_values, strict=True))
    return max(row_values) <= row_total and max(column_values) <= column_total


def _matches(p_masks: list[int], q_masks: list[int], everything: int) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` whose tight labels together cover every label."""
    if everything < 2**63:
        q = np.array(q_masks, dtype=np.uint64)
        pairs = []
        for i, mask in enumerate(p_masks):
            need = np.uint64(everything & ~mask)
            pairs += [(i, int(j)) for j in np.flatnonzero((q & need) == need)]
        return pairs
    return [
        (i, j) for i, a in enumerate(p_masks) for j, b in enumerate(q_masks) if a | b == everything
    ]


def _enumerate(row: NDArray, column: NDArray, exact: bool) -> tuple[Enumeration, int]:
    m, n = row.shape
    a, b = _unit_range(row), _unit_range(column)
    p_vertices, p_degenerate = _vertices(
        b.T, exact
    )  # labels: i < m row unplayed, m + j column best
    q_raw, q_degenerate = _vertices(a, exact)  # variables: j < n column unplayed, n + i row best

    def relabel(mask: int) -> int:
        low, high = mask & ((1 << n) - 1), mask >> n
        return (low << m) | high

    p_items = [(mask, basis) for mask, (basis, _) in p_vertices.items() if mask != (1 << m) - 1]
    q_items = [(relabel(mask), basis) for mask, (basis, _) in q_raw.items() if mask != (1 << n) - 1]
    everything = (1 << (m + n)) - 1
    pairs = _matches([p for p, _ in p_items], [q for q, _ in q_items], everything)
    found, rejected = [], 0
    for i, j in pairs:
        x = _point(b.T, p_items[i][1])
        y = _point(a, q_items[j][1])
        x = [v / sum(x) for v in x]
        y = [v / sum(y) for v in y]
        if is_exact_equilibrium(row, column, x, y):
            found.append((x, y))
        else:
            rejected += 1
    unique = list(dict.fromkeys((tuple(x), tuple(y)) for x, y in found))
    result = Enumeration(
        equilibria=[(list(x), list(y)) for x, y in unique],
        degenerate=p_degenerate or q_degenerate,
        exact_pivoting=exact,
        vertices=(len(p_vertices), len(q_raw)),
    )
    return result, rejected


def enumerate_equilibria(row: Any, column: Any) -> Enumeration:
    """Every Nash equilibrium (the extreme ones, in a degenerate game), each checked exactly.

    Args:
        row: the row player's payoffs, a matrix of numbers (ints are kept exact).
        column: the column player's payoffs, the same shape.

    Returns:
        An :class:`Enumeration`; its equilibria are sorted, pure ones first.

    Raises:
        GameTooLarge: when a polytope has more than :data:`MAX_BASES` bases.

    """
    a, b = exact_matrix(row), exact_matrix(column)
    m, n = a.shape
    exact = m + n <= EXACT_UP_TO or not (_representable(a) and _representable(b))
    result, rejected = _enumerate(a, b, exact)
    if rejected and not exact:
        result, _ = _enumerate(a, b, True)
    ordered = sorted(
        result.equilibria,
        key=lambda pair: (
            sum(v > 0 for v in pair[0]) + sum(v > 0 for v in pair[1]),
            tuple(-v for v in (*pair[0], *pair[1])),
        ),
    )
    return Enumeration(ordered, result.degenerate, result.exact_pivoting, result.vertices)
