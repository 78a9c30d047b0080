"""Public goods stage games played inside a leader's team.

A team is one leader and the ``n`` followers who chose it this round. Every
member holds an endowment ``e`` and either contributes it or keeps it. The pot
(all contributions, the leader's included) is multiplied by the project's
return ``r``; the leader keeps a share ``cut`` of the output and the followers
share the rest equally [Ledyard1995]_.

All functions are pure and vectorised: each argument may be a scalar or a numpy
array with one entry per follower (or per team), and broadcasting does the rest.

The decision quantities follow from the payoff definitions (docs/model.md,
"Stage games"):

* ``own_gain``: the change in a follower's own payoff when it contributes,
* ``others_gain``: the change in the summed payoffs of everyone else in the
  team (the other followers and the leader).

An agent with group weight ``a`` contributes when ``own_gain + a * others_gain``
is positive (best response) or with the logit probability of that difference.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

__all__ = [
    "contribution_threshold",
    "expected_gains",
    "pivotal_factor",
    "team_payoffs",
    "threshold_count",
]


def contribution_threshold(n: ArrayLike, r: ArrayLike, cut: ArrayLike = 0.0) -> NDArray:
    """Smallest group weight at which contributing pays, linear public goods.

    From docs/model.md ("Checkable facts"): a contribution of ``e`` changes the
    contributor's payoff by ``e (-1 + (1 - c) r / n)`` and the others' by
    ``e ((n - 1)(1 - c) r / n + c r)``. An agent with group weight ``a``
    contributes iff ``a * others > -own``, so the threshold is

        a* = (1 - (1 - c) r / n) / ((n - 1)(1 - c) r / n + c r).

    With ``c = 0`` this is ``(n - r) / ((n - 1) r)``: 0.5 for n = 4, r = 1.6.
    A value below 0 means even a Smith agent (a = 0) contributes. When nobody
    else gains (a lone follower and no cut) the weight is irrelevant: ``-inf``
    if contributing pays the contributor, ``inf`` if it does not.

    Args:
        n: number of followers in the team (at least 1).
        r: the project's return multiplier.
        cut: the leader's share of the project's output.

    Returns:
        The threshold group weight, as a float array.

    """
    n = np.asarray(n, dtype=float)
    r = np.asarray(r, dtype=float)
    c = np.asarray(cut, dtype=float)
    own_loss = 1.0 - (1.0 - c) * r / n
    others = (n - 1.0) * (1.0 - c) * r / n + c * r
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = own_loss / np.where(others > 0, others, 1.0)
    # Nobody else gains (a lone follower, no cut): contributing pays iff it pays oneself.
    return np.where(others > 0, ratio, np.where(own_loss < 0, -np.inf, np.inf))


def threshold_count(n: ArrayLike, threshold_share: float) -> NDArray:
    """Contributors needed for a threshold project to pay: ``ceil(share * n)``, at least 1."""
    n = np.asarray(n, dtype=float)
    return np.maximum(np.ceil(threshold_share * n - 1e-9), 1.0)


def pivotal_factor(
    n: ArrayLike, k: ArrayLike | None, belief: ArrayLike, leader_contributes: ArrayLike
) -> NDArray:
    """Compute the expected multiplier of a contribution's effect under a threshold.

    In the threshold public goods game the pot pays only if at least ``k``
    members contribute (the leader's contribution counts). A follower who
    believes each of the ``n - 1`` other followers contributes with probability
    ``q`` sees ``K ~ Binomial(n - 1, q)`` other contributors. Its contribution

    * adds one share of the pot when the project pays anyway or because of it
      (probability ``P(K + x_L + 1 >= k)``), and
    * when it is pivotal (``K + x_L = k - 1``) also unlocks the ``k - 1`` other
      contributions, worth ``k - 1`` more shares.

    So both gains of the linear game are multiplied by
    ``S = P(K + x_L >= k - 1) + (k - 1) P(K + x_L = k - 1)``; ``k = None``
    (linear game) gives ``S = 1``. Derivation in docs/model.md; the pivotal
    reasoning is that of [Palfrey1984]_.

    Args:
        n: followers in the team.
        k: contributors needed, or None for the linear game.
        belief: probability ``q`` the follower gives each other follower contributing.
        leader_contributes: 1 where the leader contributed first (leading by example).

    Returns:
        The factor ``S`` per follower.

    """
    n = np.asarray(n, dtype=float)
    if k is None:
        return np.ones(np.broadcast(n, np.asarray(belief)).shape)
    k = np.asarray(k, dtype=float)
    others_needed = k - 1.0 - np.asarray(leader_contributes, dtype=float)
    trials = np.maximum(n - 1.0, 0.0)
    q = np.clip(np.asarray(belief, dtype=float), 0.0, 1.0)
    reach = stats.binom.sf(others_needed - 1.0, trials, q)  # P(K >= needed)
    pivotal = stats.binom.pmf(others_needed, trials, q)  # P(K == needed)
    return reach + (k - 1.0) * pivotal


def expected_gains(
    n: ArrayLike,
    r: ArrayLike,
    cut: ArrayLike,
    endowment: float,
    factor: ArrayLike = 1.0,
) -> tuple[NDArray, NDArray]:
    """Change in own and others' payoffs when a follower contributes.

    Linear public goods (docs/model.md): own ``e (-1 + (1 - c) r / n)``, others
    ``e ((n - 1)(1 - c) r / n + c r)``. Under a threshold both project terms
    are scaled by the pivotal factor of :func:`pivotal_factor`.

    Returns:
        ``(own_gain, others_gain)`` arrays.

    """
    n = np.maximum(np.asarray(n, dtype=float), 1.0)
    r = np.asarray(r, dtype=float)
    c = np.asarray(cut, dtype=float)
    s = np.asarray(factor, dtype=float)
    own = endowment * (-1.0 + s * (1.0 - c) * r / n)
    others = endowment * s * ((n - 1.0) * (1.0 - c) * r / n + c * r)
    return own, others


def team_payoffs(
    team: NDArray,
    contributes: NDArray,
    n_teams: int,
    r: NDArray,
    cut: NDArray,
    leader_contributes: NDArray,
    endowment: float,
    threshold_share: float | None = None,
) -> tuple[NDArray, NDArray, NDArray]:
    """Play one round of (threshold) public goods in every team at once.

    Args:
        team: team index (0..n_teams-1) of each follower in a team.
        contributes: whether each of those followers contributes.
        n_teams: number of teams (leaders).
        r: the project's return multiplier, per team.
        cut: the leader's share of the output, per team.
        leader_contributes: whether each leader contributed, per team.
        endowment: ``e``.
        threshold_share: None for the linear game; otherwise the share of the
            followers that must contribute (leader included in the count).

    Returns:
        ``(follower_share, leader_payoff, pot)``: what each follower receives
        from the pot (its kept endowment not included), each leader's payoff,
        and each team's pot after multiplication (0 where a threshold failed).

    """
    size = np.bincount(team, minlength=n_teams).astype(float)
    given = np.bincount(team, weights=contributes.astype(float), minlength=n_teams)
    lead = leader_contributes.astype(float)
    pot = r * endowment * (given + lead)
    if threshold_share is not None:
        pot = np.where(given + lead >= threshold_count(size, threshold_share), pot, 0.0)
    has_team = size > 0
    to_followers = np.where(has_team, (1.0 - cut) * pot, 0.0)
    share = to_followers / np.maximum(size, 1.0)
    leader_payoff = endowment * (1.0 - lead) + np.where(has_team, cut * pot, pot)
    return share[team], leader_payoff, pot
