"""Symmetric N-player games with two actions: payoffs by head count.

In a symmetric binary game every player chooses action 0 or action 1 and a
player's payoff depends only on its own action and on how many of the others
chose action 1. Such a game is given by a *payoff table* ``T`` of shape
``(2, N)``: ``T[x, k]`` is the payoff of a player who plays ``x`` while ``k``
of the other ``N - 1`` players play 1. A game may also have members who do
not choose (a team's leader): their summed payoff when ``m`` players play 1 is
``outsider[m]``, ``m = 0..N``. It counts for the group, not for any player.

The functions here are pure and work on those arrays:

* :func:`weighted_table`: the utilities of players with group weight ``a``
  (own payoff plus ``a`` times the summed payoffs of everyone else in the
  group, outsiders included); docs/model.md's "Nash-style" agent.
* :func:`pure_equilibrium_counts`: head counts ``m`` at which the profile
  with ``m`` players on action 1 survives every unilateral deviation.
* :func:`symmetric_mixed_equilibria`: probabilities ``p`` at which a player
  is indifferent when each other plays 1 with probability ``p``.
* :func:`welfare`, :func:`expected_welfare`: the group's total payoff.
* :func:`dominance_threshold`, :func:`all_play_threshold`: the group weight
  above which action 1 is dominant, and above which "everyone plays 1" is
  an equilibrium.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, stats

__all__ = [
    "SymmetricBinaryGame",
    "all_play_threshold",
    "deviation_gains",
    "dominance_threshold",
    "equilibrium_weight_interval",
    "expected_welfare",
    "indifference",
    "others_total",
    "pure_equilibrium_counts",
    "symmetric_mixed_equilibria",
    "weighted_table",
    "welfare",
]

TOL = 1e-9


def _table(table: ArrayLike) -> NDArray:
    t = np.asarray(table, dtype=float)
    if t.ndim != 2 or t.shape[0] != 2 or t.shape[1] < 1:
        raise ValueError("table: expected a payoff table of shape (2, N)")
    return t


def _outsider(outsider: ArrayLike | None, n: int) -> NDArray:
    if outsider is None:
        return np.zeros(n + 1)
    out = np.asarray(outsider, dtype=float)
    if out.shape != (n + 1,):
        raise ValueError(f"outsider: expected {n + 1} values, one per head count")
    return out


def others_total(table: ArrayLike, outsider: ArrayLike | None = None) -> NDArray:
    """Sum the payoffs of everyone but one player, by that player's action.

    Returns:
        ``S`` of shape ``(2, N)``: ``S[x, k]`` is the total payoff of the other
        players and the outsiders when the player plays ``x`` and ``k`` others
        play 1. Each of the ``k`` then sees ``k - 1 + x`` others on 1, each of
        the ``N - 1 - k`` sees ``k + x``.

    """
    t = _table(table)
    n = t.shape[1]
    out = _outsider(outsider, n)
    padded = np.pad(t, ((0, 0), (1, 1)))  # padded[x, k + 1] == t[x, k]
    k = np.arange(n)
    totals = np.empty((2, n))
    for x in (0, 1):
        ones = k * padded[1, k + x]  # t[1, k - 1 + x]
        zeros = (n - 1 - k) * padded[0, k + x + 1]  # t[0, k + x]
        totals[x] = ones + zeros + out[k + x]
    return totals


def weighted_table(table: ArrayLike, outsider: ArrayLike | None, group_weight: float) -> NDArray:
    """Utilities of players who add ``group_weight`` times the others' payoffs.

    ``U[x, k] = T[x, k] + a * S[x, k]`` with ``S`` from :func:`others_total`.
    With ``a = 0`` (Smith) this is the payoff table itself.

    Returns:
        The utility table, shape ``(2, N)``.

    """
    t = _table(table)
    if group_weight == 0:
        return t.copy()
    return t + group_weight * others_total(t, outsider)


def deviation_gains(table: ArrayLike) -> NDArray:
    """Gain from playing 1 instead of 0 against ``k`` others on 1: ``T[1, k] - T[0, k]``."""
    t = _table(table)
    return t[1] - t[0]


def pure_equilibrium_counts(table: ArrayLike, tol: float = TOL) -> list[int]:
    """Head counts ``m`` whose profiles are pure Nash equilibria.

    Unilateral deviation: with ``m`` players on action 1, each of them must
    not gain by switching to 0 (``T[1, m - 1] >= T[0, m - 1]``) and each of
    the others must not gain by switching to 1 (``T[0, m] >= T[1, m]``).
    Every one of the ``C(N, m)`` profiles with that head count is then an
    equilibrium.

    Args:
        table: the (utility) table whose players are checked.
        tol: a deviation must gain more than this to count.

    Returns:
        The head counts ``m`` in ``0..N`` that are equilibria.

    """
    gain = deviation_gains(table)
    n = gain.size
    return [
        m for m in range(n + 1) if (m == 0 or gain[m - 1] >= -tol) and (m == n or gain[m] <= tol)
    ]


def indifference(table: ArrayLike, p: ArrayLike) -> NDArray:
    """Compute the expected gain of 1 over 0 when each other plays 1 with probability ``p``.

    ``g(p) = sum_k C(N-1, k) p^k (1-p)^(N-1-k) (T[1, k] - T[0, k])``.
    """
    gain = deviation_gains(table)
    p = np.asarray(p, dtype=float)
    k = np.arange(gain.size)
    weights = stats.binom.pmf(k, gain.size - 1, p[..., None])
    return weights @ gain


def symmetric_mixed_equilibria(
    table: ArrayLike, grid: int = 2001, tol: float = TOL
) -> tuple[list[float], bool]:
    """Probabilities ``p`` in ``(0, 1)`` of the symmetric mixed equilibria.

    At a symmetric mixed equilibrium every player plays 1 with probability
    ``p`` and is indifferent: ``g(p) = 0`` with ``g`` from
    :func:`indifference`, a polynomial of degree ``N - 1`` in Bernstein
    form. Roots are bracketed by sign changes of ``g`` on a grid of ``grid``
    points and refined with Brent's method; a grid point where ``|g|`` is
    within ``tol`` of zero counts as a root too (this finds a root where
    ``g`` touches zero only if it lies on the grid).

    Returns:
        ``(probabilities, everywhere)``: the equilibrium probabilities in
        increasing order, and True if ``g`` is identically zero (every ``p``
        is an equilibrium: a degenerate game; the list is then empty).

    """
    gain = deviation_gains(table)
    if np.all(np.abs(gain) <= tol):
        return [], True
    ps = np.linspace(0.0, 1.0, grid)[1:-1]
    values = indifference(table, ps)
    roots = [float(p) for p, v in zip(ps, values, strict=True) if abs(v) <= tol]
    for i in np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)[0]:
        root = optimize.brentq(lambda q: float(indifference(table, q)), ps[i], ps[i + 1])
        roots.append(float(root))
    roots.sort()
    distinct = [r for i, r in enumerate(roots) if i == 0 or r - roots[i - 1] > 1e-9]
    return distinct, False


def welfare(table: ArrayLike, outsider: ArrayLike | None = None) -> NDArray:
    """Total payoff of the group when ``m`` players play 1, for ``m = 0..N``.

    ``W(m) = m T[1, m - 1] + (N - m) T[0, m] + outsider[m]``.
    """
    t = _table(table)
    n = t.shape[1]
    padded = np.pad(t, ((0, 0), (1, 1)))
    m = np.arange(n + 1)
    return m * padded[1, m] + (n - m) * padded[0, m + 1] + _outsider(outsider, n)


def expected_welfare(table: ArrayLike, outsider: ArrayLike | None, p: float) -> float:
    """Compute the expected total payoff when each plays 1 with probability ``p``."""
    w = welfare(table, outsider)
    n = w.size - 1
    return float(stats.binom.pmf(np.arange(n + 1), n, p) @ w)


def dominance_threshold(table: ArrayLike, outsider: ArrayLike | None = None) -> float:
    """Smallest group weight above which action 1 is strictly dominant.

    At head count ``k`` a player with weight ``a`` prefers 1 iff
    ``own_k + a * others_k > 0``, where ``own_k = T[1, k] - T[0, k]`` and
    ``others_k = S[1, k] - S[0, k]`` (:func:`others_total`). Where
    ``others_k > 0`` that holds for ``a > -own_k / others_k``; the threshold is
    the largest of these. For the linear public goods game this is
    :func:`alignsim.games.public_goods.contribution_threshold`. A negative
    value means even a Smith agent (``a = 0``) prefers 1.

    Returns:
        The threshold, or ``inf`` if at some ``k`` no large weight makes 1
        strictly better (``others_k <= 0`` and ``own_k <= 0``, or ``others_k < 0``).

    """
    own = deviation_gains(table)
    spill = deviation_gains(others_total(table, outsider))
    if np.any((spill < 0) | ((spill == 0) & (own <= 0))):
        return float("inf")
    bounds = [-o / s for o, s in zip(own, spill, strict=True) if s > 0]
    return float(max(bounds)) if bounds else float("-inf")


def all_play_threshold(table: ArrayLike, outsider: ArrayLike | None = None) -> float:
    """Smallest group weight above which "everyone plays 1" is a strict equilibrium.

    Only the last deviation matters: a player whose ``N - 1`` partners all
    play 1 keeps playing 1 iff ``own + a * others > 0`` at ``k = N - 1``.
    In a coordination game (threshold public goods) this is lower than
    :func:`dominance_threshold`: expectations, not weights, then decide.

    Returns:
        The threshold (``-inf`` if any weight will do, ``inf`` if none).

    """
    own = deviation_gains(table)[-1]
    spill = deviation_gains(others_total(table, outsider))[-1]
    if spill > 0:
        return float(-own / spill)
    if own > 0 and spill == 0:
        return float("-inf")
    return float("inf")


class SymmetricBinaryGame:
    """Shared behaviour of the N-player games given by a payoff table.

    A subclass is a frozen dataclass of its parameters that defines
    :meth:`payoff_table` and, if the group has non-playing members,
    :meth:`outsider_payoffs`.
    """

    type_name: ClassVar[str]
    title: ClassVar[str]
    action_names: ClassVar[tuple[str, str]]

    @property
    def n_players(self) -> int:
        """Return the number of players who choose."""
        return int(self.n)  # type: ignore[attr-defined]

    def payoff_table(self) -> NDArray:
        """Return ``T[x, k]``: payoff for action ``x`` when ``k`` others play 1."""
        raise NotImplementedError

    def outsider_payoffs(self) -> NDArray:
        """Return the non-players' summed payoff when ``m`` players play 1 (zeros here)."""
        return np.zeros(self.n_players + 1)

    @property
    def actions(self) -> tuple[str, str]:
        """Names of action 0 and action 1."""
        return self.action_names

    def params(self) -> dict[str, Any]:
        """Return the parameters that rebuild this game (its scenario ``game:`` section)."""
        return asdict(self)  # type: ignore[call-overload]

    def to_dict(self) -> dict[str, Any]:
        """Describe the game as JSON-able data: type, title, parameters, actions, table."""
        return {
            "type": self.type_name,
            "title": self.title,
            "params": self.params(),
            "n_players": self.n_players,
            "actions": list(self.actions),
            "payoff_table": self.payoff_table().tolist(),
            "outsider_payoffs": self.outsider_payoffs().tolist(),
        }


def equilibrium_weight_interval(
    table: ArrayLike, outsider: ArrayLike | None, head_count: int
) -> tuple[float, float] | None:
    """Group weights at which the profiles with ``head_count`` players on 1 are equilibria.

    A deviation's utility gain is linear in the weight ``a``:
    ``own + a * others``. Players on 1 must not gain by moving to 0, players
    on 0 must not gain by moving to 1; each condition is a half-line in
    ``a`` and together they give an interval (indifference allowed).

    Args:
        table: the material payoff table.
        outsider: the non-players' total payoff by head count.
        head_count: ``m``, the number of players on action 1 (``0..N``).

    Returns:
        ``(low, high)`` (possibly infinite), or None if no weight works.

    """
    own = deviation_gains(table)
    spill = deviation_gains(others_total(table, outsider))
    n = own.size
    if not 0 <= head_count <= n:
        raise ValueError(f"head_count: expected an integer from 0 to {n}")
    conditions = []  # c0 + a * c1 <= 0
    if head_count < n:
        conditions.append((own[head_count], spill[head_count]))
    if head_count > 0:
        conditions.append((-own[head_count - 1], -spill[head_count - 1]))
    low, high = -np.inf, np.inf
    for c0, c1 in conditions:
        if abs(c1) <= TOL:
            if c0 > TOL:
                return None
        elif c1 > 0:
            high = min(high, -c0 / c1)
        else:
            low = max(low, -c0 / c1)
    return (float(low), float(high)) if low <= high + TOL else None
