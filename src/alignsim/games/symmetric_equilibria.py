"""Every Nash equilibrium of a symmetric two-action N-player game, from its structure.

In a symmetric binary game (:mod:`alignsim.games.symmetric`) a player's gain
from playing 1 rather than 0 depends only on how many others play 1:
``g(k) = U[1, k] - U[0, k]``. An equilibrium puts ``on`` players on 1 for
sure, ``mixing`` players on 1 with probability ``p`` each, and the rest on 0.
Writing ``K(j)`` for ``j`` plus a Binomial(``mixing - 1``, ``p``) count, it
is an equilibrium when

* a mixing player is indifferent: ``E[g(on + Bin(mixing - 1, p))] = 0``, a
  polynomial of degree ``mixing - 1`` in Bernstein form, whose roots in
  (0, 1) are found by bracketing on a grid and Brent's method;
* a player on 1 does not gain by leaving: ``E[g(on - 1 + Bin(mixing, p))] >= 0``;
* a player on 0 does not gain by joining: ``E[g(on + Bin(mixing, p))] <= 0``.

Each pattern stands for ``C(N, on) C(N - on, mixing)`` profiles (which
players do what). Tolerances are relative to the largest utility, so the
answer does not change when every payoff is multiplied by a positive constant.

Completeness. This search assumes that all mixing players use the same
probability. Two mixers ``i`` and ``j`` must do so unless the expected
change ``E[g(k + 1) - g(k)]`` over the others vanishes, so the search is
complete when ``g`` is constant for ``k >= 1`` (then with ``on >= 1`` nobody
can be indifferent unless that constant is 0, and with ``on = 0`` the
difference is ``(g(1) - g(0)) P(nobody else plays 1) != 0``), or, with the
actions swapped, constant for ``k <= N - 2``. That covers the bar game
(``g(0) = a - b``, ``g(k) = -b`` after) and the linear public goods game
(``g`` constant). For other games (threshold public goods) equilibria in
which mixing players use different probabilities solve a system of
polynomial equations and are not searched: :func:`equilibrium_patterns` says
so.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, stats

__all__ = ["Pattern", "SymmetricEquilibria", "equilibrium_patterns", "expected_gain"]

RELATIVE_TOL = 1e-9
GRID = 2001


@dataclass(frozen=True)
class Pattern:
    """One family of equilibria: who plays 1, who mixes, with which probability.

    Attributes:
        on: players on action 1 for sure.
        mixing: players who mix.
        probability: the mixers' probability of action 1 (None if nobody mixes
            or, in a continuum, any probability will do).
        profiles: how many profiles the pattern stands for.
        continuum: the mixers are indifferent at every probability.

    """

    on: int
    mixing: int
    probability: float | None
    profiles: int
    continuum: bool = False


@dataclass(frozen=True)
class SymmetricEquilibria:
    """The patterns found, whether they are every equilibrium, and why."""

    patterns: list[Pattern]
    complete: bool
    everything: bool
    """Every profile is an equilibrium (no player ever gains by switching)."""


def expected_gain(gain: NDArray, start: int, count: int, p: ArrayLike) -> NDArray:
    """``E[g(start + Bin(count, p))]``: the expected gain against a random head count."""
    p = np.asarray(p, dtype=float)
    k = np.arange(count + 1)
    weights = stats.binom.pmf(k, count, p[..., None])
    return weights @ gain[start : start + count + 1]


def _roots(gain: NDArray, start: int, count: int, tol: float) -> list[float]:
    """Roots in (0, 1) of ``E[g(start + Bin(count, p))]``: sign changes, then Brent."""
    grid = np.linspace(0.0, 1.0, GRID)[1:-1]
    values = expected_gain(gain, start, count, grid)
    roots = [float(p) for p, v in zip(grid, values, strict=True) if abs(v) <= tol]

    def at(q: float) -> float:
        return float(expected_gain(gain, start, count, q))

    for i in np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)[0]:
        low, high = grid[i], grid[i + 1]
        if at(low) * at(high) >= 0:  # a sign change of rounding noise near zero: the tol test
            continue  # above has kept those points already
        roots.append(float(optimize.brentq(at, low, high, xtol=1e-14)))
    roots.sort()
    return [r for i, r in enumerate(roots) if i == 0 or r - roots[i - 1] > 1e-9]


def _others_hold(gain: NDArray, n: int, on: int, mixing: int, p: float, tol: float) -> bool:
    """Players on 1 do not gain by leaving, players on 0 do not gain by joining."""
    stay = on == 0 or float(expected_gain(gain, on - 1, mixing, p)) >= -tol
    out = on + mixing == n or float(expected_gain(gain, on, mixing, p)) <= tol
    return stay and out


def _is_complete(gain: NDArray, tol: float) -> bool:
    return gain.size <= 2 or bool(np.ptp(gain[1:]) <= tol or np.ptp(gain[:-1]) <= tol)


def equilibrium_patterns(table: ArrayLike) -> SymmetricEquilibria:
    """Every equilibrium pattern of a symmetric binary game with utility table ``U``.

    Args:
        table: ``U[x, k]``, shape ``(2, N)``: utility of action ``x`` when
            ``k`` of the other ``N - 1`` players play 1.

    Returns:
        The patterns (pure ones first), whether they are complete (see the
        module docstring), and whether every profile is an equilibrium.

    """
    u = np.asarray(table, dtype=float)
    gain = u[1] - u[0]
    n = gain.size
    scale = float(np.abs(u).max())  # the utilities' size: a gain of 1e-17 of it is noise
    tol = RELATIVE_TOL * scale
    if np.abs(gain).max() <= tol:
        return SymmetricEquilibria([], True, True)
    gain = np.append(gain, 0.0)  # g(N) is never read; keeps slices in range
    pure, mixed = [], []
    for on in range(n + 1):
        for mixing in range(n + 1 - on):
            profiles = comb(n, on) * comb(n - on, mixing)
            if mixing == 0:
                if _others_hold(gain, n, on, 0, 0.0, tol):
                    pure.append(Pattern(on, 0, None, profiles))
                continue
            window = gain[on : on + mixing]
            if np.abs(window).max() <= tol:
                if _others_hold(gain, n, on, mixing, 0.0, tol) and _others_hold(
                    gain, n, on, mixing, 1.0, tol
                ):
                    mixed.append(Pattern(on, mixing, None, profiles, continuum=True))
                continue
            if np.ptp(window) <= tol:
                continue  # a constant, nonzero expected gain: never indifferent
            for p in _roots(gain, on, mixing - 1, tol):
                if _others_hold(gain, n, on, mixing, p, tol):
                    mixed.append(Pattern(on, mixing, p, profiles))
    return SymmetricEquilibria(pure + mixed, _is_complete(gain[:n], tol), False)
