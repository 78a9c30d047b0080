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
is not positive, where the ratio means nothing. For N-player games the
equilibria considered are the pure ones and the symmetric mixed ones.
"""

from __future__ import annotations

from itertools import combinations
from math import comb
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from alignsim.games import symmetric as sym
from alignsim.games.bimatrix import weighted_payoffs
from alignsim.games.equilibria import nash_equilibria

__all__ = ["MAX_PROFILES", "symmetric_section", "two_player_section", "welfare_ratios"]

MAX_PROFILES = 24
"""A pure head count stands for at most this many listed profiles; beyond, one representative."""


def _clean(values: NDArray) -> list[float]:
    """Round away solver noise (``-0.0``, ``1e-17``) for output."""
    rounded = np.round(np.asarray(values, dtype=float), 12) + 0.0
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


def two_player_section(
    row: NDArray, column: NDArray, group_weight: float | tuple[float, float] | None
) -> dict[str, Any]:
    """Analyse a two-player game for players with the given group weight(s).

    Args:
        row: the row player's material payoff matrix ``A``.
        column: the column player's material payoff matrix ``B``.
        group_weight: one weight for both, a pair, or None (Smith players).

    Returns:
        A dict with ``equilibria``, ``degenerate``, ``method``,
        ``social_optimum``, ``price_of_anarchy`` and ``price_of_stability``.

    """
    a, b = np.asarray(row, dtype=float), np.asarray(column, dtype=float)
    ua, ub = weighted_payoffs(a, b, group_weight)
    found, degenerate = nash_equilibria(ua, ub)
    equilibria = []
    for x, y in found:
        pure = bool(np.max(x) > 1 - 1e-9 and np.max(y) > 1 - 1e-9)
        payoffs = _clean([x @ a @ y, x @ b @ y])
        equilibria.append(
            {
                "kind": "pure" if pure else "mixed",
                "strategies": [_clean(x), _clean(y)],
                "payoffs": payoffs,
                "utilities": _clean([x @ ua @ y, x @ ub @ y]),
                "welfare": float(sum(payoffs)),
            }
        )
    optimum = _two_player_optimum(a, b)
    anarchy, stability = welfare_ratios(optimum["welfare"], [e["welfare"] for e in equilibria])
    return {
        "equilibria": equilibria,
        "degenerate": degenerate,
        "method": "vertex_enumeration" if degenerate else "support_enumeration",
        "social_optimum": optimum,
        "price_of_anarchy": anarchy,
        "price_of_stability": stability,
    }


def _two_player_optimum(a: NDArray, b: NDArray) -> dict[str, Any]:
    """Find the profile with the largest total payoff (a pure profile attains it)."""
    total = a + b
    cells = np.argwhere(total >= total.max() - 1e-12)
    i, j = (int(v) for v in cells[0])
    return {
        "strategies": [_clean(np.eye(a.shape[0])[i]), _clean(np.eye(a.shape[1])[j])],
        "payoffs": _clean([a[i, j], b[i, j]]),
        "welfare": float(total[i, j]),
        "profiles": int(len(cells)),
    }


def _pure_entries(
    table: NDArray, utility: NDArray, counts: list[int], totals: NDArray
) -> list[dict[str, Any]]:
    n = table.shape[1]
    entries = []
    for m in counts:
        how_many = comb(n, m)
        groups = combinations(range(n), m) if how_many <= MAX_PROFILES else [tuple(range(m))]
        for group in groups:
            plays = np.isin(np.arange(n), group).astype(int)
            payoffs = [table[x, m - x] for x in plays]
            entries.append(
                {
                    "kind": "pure",
                    "strategies": [_clean([1 - x, x]) for x in plays],
                    "payoffs": _clean(payoffs),
                    "utilities": _clean([utility[x, m - x] for x in plays]),
                    "head_count": m,
                    "profiles": 1 if how_many <= MAX_PROFILES else how_many,
                    "welfare": float(totals[m]),
                }
            )
    return entries


def _mixed_entry(table: NDArray, utility: NDArray, p: float) -> dict[str, Any]:
    n = table.shape[1]
    k = np.arange(n)
    weights = stats.binom.pmf(k, n - 1, p)
    payoff = float(weights @ ((1 - p) * table[0] + p * table[1]))
    util = float(weights @ ((1 - p) * utility[0] + p * utility[1]))
    return {
        "kind": "mixed",
        "strategies": [_clean([1 - p, p]) for _ in range(n)],
        "payoffs": _clean([payoff] * n),
        "utilities": _clean([util] * n),
        "probability": float(p),
    }


def symmetric_section(
    table: NDArray, outsider: NDArray, group_weight: float | None
) -> dict[str, Any]:
    """Analyse a symmetric binary N-player game for players with one group weight.

    Args:
        table: the material payoff table ``T[x, k]``.
        outsider: the non-players' total payoff by head count.
        group_weight: the players' common group weight, or None (Smith).

    Returns:
        A dict with ``equilibria`` (pure by unilateral deviation, then the
        symmetric mixed ones), ``degenerate``, ``method``, ``social_optimum``,
        ``price_of_anarchy`` and ``price_of_stability``. Each equilibrium's
        ``welfare`` includes the outsiders' payoff.

    """
    utility = sym.weighted_table(table, outsider, group_weight or 0.0)
    totals = sym.welfare(table, outsider)
    counts = sym.pure_equilibrium_counts(utility)
    equilibria = _pure_entries(table, utility, counts, totals)
    mixed, everywhere = sym.symmetric_mixed_equilibria(utility)
    for p in mixed:
        entry = _mixed_entry(table, utility, p)
        entry["welfare"] = sym.expected_welfare(table, outsider, p)
        equilibria.append(entry)
    best = int(np.argmax(totals))
    n = table.shape[1]
    optimum = {
        "strategies": [_clean([1 - x, x]) for x in (np.arange(n) < best).astype(int)],
        "head_count": best,
        "welfare": float(totals[best]),
        "profiles": comb(n, best),
    }
    anarchy, stability = welfare_ratios(optimum["welfare"], [e["welfare"] for e in equilibria])
    return {
        "equilibria": equilibria,
        "degenerate": everywhere,
        "method": "unilateral_deviation_and_symmetric_indifference",
        "social_optimum": optimum,
        "price_of_anarchy": anarchy,
        "price_of_stability": stability,
    }
