"""What a follower's joining a team does to the others: the Nash-style term of the follow choice.

MODEL.md, step 3: a Nash-style follower's utility of following leader ``l`` is
its own expected payoff plus its group weight ``a`` times the change its
joining makes to the others' payoffs (the marginal form: a bounded quantity
that depends on the leader's cut, not the team's whole payoff, which would grow
with the team). The others are the ``n`` followers already in the team and the
leader; a joiner contributes with probability ``p`` and believes each of the
others contributes with probability ``q`` (the team's last contribution share).
Derivations in docs/model.md, 3.5.

Linear public goods, leader contributing ``x_L`` (1 if it leads by example):

    D = r e (p (n + c) / (n + 1) - (1 - c)(n q + x_L) / (n + 1)).

The joiner adds its expected contribution to the pot (the others get the
share ``(n + c) / (n + 1)`` of it) and takes a share ``(1 - c) / (n + 1)`` of
the pot the others make. Since ``0 <= p, q <= 1``, ``-r e <= D <= r e``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from alignsim.games import threshold_count
from alignsim.games.pairwise import as_matrix

__all__ = ["joining_gain", "joining_gain_matrix"]


def joining_gain(
    n: ArrayLike,
    q: ArrayLike,
    p: ArrayLike,
    r: ArrayLike,
    cut: ArrayLike,
    endowment: float,
    leader_contributes: ArrayLike,
    threshold_share: float | None = None,
) -> NDArray:
    """Expected change in the others' summed payoffs when a follower joins a public goods team.

    The others' kept endowments do not change; what changes is the pot and how
    it is split. With ``P1`` the pot with the joiner and ``P0`` without, the
    others (the ``n`` followers and the leader) get ``(n (1 - c) / (n + 1) + c) P1``
    instead of ``P0`` (a leader without a team keeps its whole pot), so

        D = (1 - (1 - c) / (n + 1)) E[P1] - E[P0].

    In the linear game ``E[P] = r e (expected contributors)``, which gives the
    closed form of the module docstring. Under a threshold, a pot pays only if
    at least ``threshold_count`` of the team (``n + 1`` or ``n`` followers)
    contribute, counting the leader, with ``K ~ Binomial(n, q)`` other
    contributors [Palfrey1984]_.

    Args:
        n: followers already in the team.
        q: probability each of them contributes.
        p: probability the joiner contributes.
        r: the project's return multiplier.
        cut: the leader's share of the output.
        endowment: ``e``.
        leader_contributes: 1 where the leader contributes first.
        threshold_share: None for the linear game, else the share that must contribute.

    Returns:
        ``D``, broadcast over the arguments.

    """
    n = np.asarray(n, dtype=float)
    q = np.clip(np.asarray(q, dtype=float), 0.0, 1.0)
    p = np.asarray(p, dtype=float)
    r = np.asarray(r, dtype=float)
    c = np.asarray(cut, dtype=float)
    lead = np.asarray(leader_contributes, dtype=float)
    others_share = 1.0 - (1.0 - c) / (n + 1.0)
    if threshold_share is None:
        return r * endowment * (p * others_share - (1.0 - c) * (n * q + lead) / (n + 1.0))
    k_with = threshold_count(n + 1.0, threshold_share)
    k_without = threshold_count(n, threshold_share)
    pot_with = p * _paying_pot(n, q, lead + 1.0, k_with) + (1.0 - p) * _paying_pot(
        n, q, lead, k_with
    )
    pot_without = _paying_pot(n, q, lead, k_without)
    return r * endowment * (others_share * pot_with - pot_without)


def _paying_pot(n: NDArray, q: NDArray, fixed: NDArray, k: NDArray) -> NDArray:
    """``E[(K + fixed) 1{K + fixed >= k}]`` for ``K ~ Binomial(n, q)``.

    ``E[K 1{K >= m}] = n q P(K' >= m - 1)`` with ``K' ~ Binomial(n - 1, q)``.
    """
    m = k - fixed
    reach = stats.binom.sf(m - 1.0, n, q)
    with np.errstate(invalid="ignore"):
        tail = np.where(n > 0, n * q * stats.binom.sf(m - 2.0, np.maximum(n - 1.0, 0.0), q), 0.0)
    return tail + fixed * reach


def joining_gain_matrix(
    n: ArrayLike,
    q: ArrayLike,
    p: ArrayLike,
    payoffs: ArrayLike,
    cut: ArrayLike,
    endowment: float,
    self_play: bool = False,
) -> NDArray:
    """Expected change in the others' summed payoffs when a follower joins a matrix-game team.

    Members play a round robin and earn ``e (1 - c)`` times their mean payoff;
    the leader ``e c`` times the members' means summed (see
    :func:`alignsim.model.evolution.team_matrix_round`). With
    ``f(a, b)`` the expected payoff of a player cooperating with probability
    ``a`` against one cooperating with probability ``b``, each of the ``n``
    members has ``g`` partners (``n - 1``, or ``n`` with ``self_play``) and a
    mean of ``m = f(q, q)`` (0 without partners); the joiner becomes one more
    partner, so its mean moves by ``d = (g m + f(q, p)) / (g + 1) - m``. The
    joiner's own mean, ``f(p, q)``, adds to the leader's base. So

        D = e (n d + c f(p, q)),

    0 for an empty team without self play (nobody to play).
    """
    (big_r, s), (t, pun) = as_matrix(payoffs)
    n = np.asarray(n, dtype=float)
    q = np.clip(np.asarray(q, dtype=float), 0.0, 1.0)
    p = np.asarray(p, dtype=float)
    c = np.asarray(cut, dtype=float)

    def f(a: NDArray, b: NDArray) -> NDArray:
        return a * (b * big_r + (1 - b) * s) + (1 - a) * (b * t + (1 - b) * pun)

    partners = n if self_play else np.maximum(n - 1.0, 0.0)
    mean = np.where(partners > 0, f(q, q), 0.0)
    d = (partners * mean + f(q, p)) / (partners + 1.0) - mean
    own_games = n + float(self_play)
    own_total = n * f(p, q) + (f(p, p) if self_play else 0.0)
    own = np.divide(
        own_total, own_games, out=np.zeros(np.broadcast(own_total, n).shape), where=own_games > 0
    )
    return endowment * (n * d + c * own)
