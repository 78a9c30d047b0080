"""Equilibria, social optimum and price of anarchy of a game, as JSON-able dicts.

Every section describes one set of players: Smith players (group weight 0,
who maximise their own payoff) or players with a group weight ``a``, who
maximise their own payoff plus ``a`` times the others' (docs/model.md). The
equilibria are Nash equilibria *of the game those players play*; the
``payoffs`` reported at each are always the material payoffs, and the social
optimum and the price of anarchy are measured in the group's material total.

The price of anarchy [Koutsoupias1999]_ is the social optimum's total payoff
divided by the worst equilibrium's, the price of stability the same with the
best equilibrium. Both are ``None`` when the worst (best) equilibrium total
is not positive, where the ratio means nothing. Each section says in
``coverage`` which equilibria it lists: every one, or which class and why.
"""

from __future__ import annotations

from fractions import Fraction
from math import comb
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from alignsim.games import symmetric as sym
from alignsim.games.bimatrix import as_weights
from alignsim.games.enumeration import enumerate_equilibria, exact_matrix
from alignsim.games.symmetric_equilibria import Pattern, equilibrium_patterns

__all__ = ["symmetric_section", "two_player_section", "welfare_ratios"]


def _clean(values: Any) -> list[float]:
    """Round away solver noise (``-0.0``, ``1e-17``) for output."""
    rounded = np.round(np.asarray([float(v) for v in np.ravel(values)], dtype=float), 12) + 0.0
    return [float(v) for v in np.ravel(rounded)]


def welfare_ratios(optimum: float, totals: list[float]) -> tuple[float | None, float | None]:
    """Price of anarchy and price of stability from equilibrium totals.

    Args:
        optimum: the largest total payoff over all profiles.
        totals: the total payoff at each equilibrium.

    Returns:
        ``(optimum / min(totals), optimum / max(totals))``, each None when its
        denominator is not positive or there are no equilibria.

    """
    if not totals:
        return None, None
    worst, best = min(totals), max(totals)
    anarchy = optimum / worst if worst > 1e-12 else None
    stability = optimum / best if best > 1e-12 else None
    return anarchy, stability


def _exact_weighted(
    row: Any, column: Any, group_weight: float | tuple[float, float] | None
) -> tuple[NDArray, NDArray]:
    """Utilities ``A + a_row B`` and ``B + a_column A`` in exact arithmetic."""
    a, b = exact_matrix(row), exact_matrix(column)
    w_row, w_column = (Fraction(float(w)) for w in as_weights(group_weight, 2))
    return a + w_row * b, b + w_column * a


def two_player_section(
    row: Any, column: Any, group_weight: float | tuple[float, float] | None
) -> dict[str, Any]:
    """Analyse a two-player game for players with the given group weight(s).

    Every equilibrium is found by vertex enumeration and checked exactly
    (:mod:`alignsim.games.enumeration`); payoffs given as integers stay exact.

    Args:
        row: the row player's material payoff matrix ``A`` (nested lists or array).
        column: the column player's material payoff matrix ``B``.
        group_weight: one weight for both, a pair, or None (Smith players).

    Returns:
        A dict with ``equilibria``, ``degenerate``, ``method``, ``coverage``,
        ``social_optimum``, ``price_of_anarchy`` and ``price_of_stability``.

    """
    a, b = exact_matrix(row), exact_matrix(column)
    ua, ub = _exact_weighted(row, column, group_weight)
    found = enumerate_equilibria(ua, ub)
    equilibria = []
    for x, y in found.equilibria:
        pure = max(x) == 1 and max(y) == 1
        payoffs = [_value(x, a, y), _value(x, b, y)]
        equilibria.append(
            {
                "kind": "pure" if pure else "mixed",
                "strategies": [[float(v) for v in x], [float(v) for v in y]],
                "payoffs": _clean(payoffs),
                "utilities": _clean([_value(x, ua, y), _value(x, ub, y)]),
                "welfare": float(sum(payoffs)),
            }
        )
    optimum = _two_player_optimum(a, b)
    anarchy, stability = welfare_ratios(optimum["welfare"], [e["welfare"] for e in equilibria])
    coverage = (
        "every extreme equilibrium; the game is degenerate, and every equilibrium is a "
        "convex combination of extreme ones that are compatible"
        if found.degenerate
        else "every equilibrium"
    )
    return {
        "equilibria": equilibria,
        "degenerate": found.degenerate,
        "method": "vertex enumeration of the best response polytopes, each equilibrium "
        "checked in exact arithmetic",
        "coverage": coverage,
        "complete": True,
        "social_optimum": optimum,
        "price_of_anarchy": anarchy,
        "price_of_stability": stability,
    }


def _value(x: list[Fraction], matrix: NDArray, y: list[Fraction]) -> Fraction:
    return sum(x[i] * matrix[i, j] * y[j] for i in range(len(x)) for j in range(len(y)))


def _two_player_optimum(a: NDArray, b: NDArray) -> dict[str, Any]:
    """Find the profile with the largest total payoff (a pure profile attains it).

    In a constant-sum game every profile gives the same total: no profile is
    singled out (``constant_sum`` true, no ``strategies``).
    """
    total = a + b
    best = max(total.flat)
    cells = [(i, j) for i in range(a.shape[0]) for j in range(a.shape[1]) if total[i, j] == best]
    if min(total.flat) == best:
        return {"constant_sum": True, "welfare": float(best), "profiles": int(total.size)}
    i, j = cells[0]
    return {
        "constant_sum": False,
        "strategies": [_clean(np.eye(a.shape[0])[i]), _clean(np.eye(a.shape[1])[j])],
        "payoffs": _clean([a[i, j], b[i, j]]),
        "welfare": float(best),
        "profiles": len(cells),
    }


def _pattern_entry(
    table: NDArray, utility: NDArray, outsider: NDArray, pattern: Pattern
) -> dict[str, Any]:
    """One equilibrium pattern as a JSON-able entry, with a representative profile.

    The representative puts the first ``on`` players on action 1, the next
    ``mixing`` mixing, the rest on 0; ``profiles`` says how many profiles
    the entry stands for. Payoffs are expected payoffs.
    """
    n = table.shape[1]
    on, mixing = pattern.on, pattern.mixing
    p = 0.5 if pattern.probability is None else pattern.probability
    if mixing == 0:
        p = 0.0
    counts = stats.binom.pmf(np.arange(mixing + 1), mixing, p)
    others = stats.binom.pmf(np.arange(mixing), max(mixing - 1, 0), p) if mixing else None

    def expected(values: NDArray, start: int, weights: NDArray) -> float:
        return float(weights @ values[start : start + weights.size])

    padded = [np.append(t, 0.0) for t in (table[0], table[1], utility[0], utility[1])]
    payoffs, utilities, strategies = [], [], []
    for player in range(n):
        if player < on:
            payoffs.append(expected(padded[1], on - 1, counts))
            utilities.append(expected(padded[3], on - 1, counts))
            strategies.append([0.0, 1.0])
        elif player < on + mixing:
            payoffs.append(expected(padded[0], on, others))
            utilities.append(expected(padded[2], on, others))
            strategies.append(_clean([1 - p, p]))
        else:
            payoffs.append(expected(padded[0], on, counts))
            utilities.append(expected(padded[2], on, counts))
            strategies.append([1.0, 0.0])
    totals = sym.welfare(table, outsider)
    entry = {
        "kind": "pure" if mixing == 0 else "continuum" if pattern.continuum else "mixed",
        "strategies": strategies,
        "payoffs": _clean(payoffs),
        "utilities": _clean(utilities),
        "head_count": on,
        "mixing": mixing,
        "probability": pattern.probability,
        "profiles": pattern.profiles,
        "welfare": float(counts @ totals[on : on + mixing + 1]),
    }
    return entry


def symmetric_section(
    table: NDArray, outsider: NDArray, group_weight: float | None
) -> dict[str, Any]:
    """Analyse a symmetric binary N-player game for players with one group weight.

    Args:
        table: the material payoff table ``T[x, k]``.
        outsider: the non-players' total payoff by head count.
        group_weight: the players' common group weight, or None (Smith).

    Returns:
        A dict with ``equilibria`` (one entry per pattern: who plays 1, who
        mixes and how, standing for ``profiles`` profiles), ``n_equilibria``
        (the profiles counted; None when every profile is an equilibrium or a
        continuum is among them), ``complete``, ``coverage``, ``degenerate``,
        ``method``, ``social_optimum``, ``price_of_anarchy`` and
        ``price_of_stability``. Each equilibrium's ``welfare`` includes the
        outsiders' payoff.

    """
    utility = sym.weighted_table(table, outsider, group_weight or 0.0)
    totals = sym.welfare(table, outsider)
    found = equilibrium_patterns(utility)
    equilibria = [_pattern_entry(table, utility, outsider, p) for p in found.patterns]
    continuum = any(p.continuum for p in found.patterns)
    n = table.shape[1]
    best = int(np.argmax(totals))
    if np.ptp(totals) <= 1e-12 * max(1.0, float(np.abs(totals).max())):
        optimum = {"constant_sum": True, "welfare": float(totals[0]), "profiles": 2**n}
    else:
        optimum = {
            "constant_sum": False,
            "strategies": [_clean([1 - x, x]) for x in (np.arange(n) < best).astype(int)],
            "head_count": best,
            "welfare": float(totals[best]),
            "profiles": comb(n, best),
        }
    anarchy, stability = welfare_ratios(optimum["welfare"], [e["welfare"] for e in equilibria])
    if found.everything:
        coverage = "every profile is an equilibrium: no player ever gains by switching"
    elif found.complete:
        coverage = "every equilibrium"
    else:
        coverage = (
            "every equilibrium in which the players who mix use the same probability; "
            "equilibria in which they use different probabilities solve polynomial "
            "equations and are not searched, and this game may have some"
        )
    return {
        "equilibria": equilibria,
        "n_equilibria": None
        if found.everything or continuum
        else sum(e["profiles"] for e in equilibria),
        "complete": found.complete,
        "coverage": coverage,
        "degenerate": found.everything or continuum,
        "method": "by head count: who plays each action and who mixes, each checked "
        "against every unilateral deviation",
        "social_optimum": optimum,
        "price_of_anarchy": anarchy,
        "price_of_stability": stability,
    }
