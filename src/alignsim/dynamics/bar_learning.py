"""Learning rules for the bar game: best response, fictitious play, logit response.

Suitors play the bar game of :mod:`alignsim.games.bar` round after round and
revise their choice (1 = go for the most-wanted target, 0 = go for one of the
others) from what they have seen. Everything here is a small function over
numpy arrays; :class:`alignsim.model.bar.BarModel` calls them.

A suitor's utility is its own payoff plus ``group_weight`` times the others'
(MODEL.md), tabulated as ``U[x, k]`` (action ``x``, ``k`` others going) by
:func:`utility_table`. The rules:

* best response: the action with the higher ``U[x, k]`` against the current
  ``k``; a tie keeps the current action (inertia);
* fictitious play [Brown1951]_: each suitor believes every other suitor ``j``
  goes with the frequency ``q_j`` seen so far (the start counts as one
  observation), independently, and best-responds to the expected utility;
* logit response [Blume1993]_: the action is drawn with probabilities
  proportional to ``exp(rationality * U[x, k])``.

The bar game is a congestion game [Rosenthal1973]_ with potential
``Phi(m) = a [m >= 1] + (n - m) b`` (``m`` suitors going); the weighted
game has the exact potential [MondererShapley1996]_ ``(1 - w) Phi + w W``,
with ``W`` the group's total payoff. Asynchronous logit learning (one suitor,
drawn at random, revises per round) therefore has the stationary
distribution ``P(profile) ~ exp(rationality * potential)`` [Blume1993]_:
:func:`logit_stationary`. The symmetric logit equilibrium (quantal response
equilibrium [McKelveyPalfrey1995]_) is :func:`logit_equilibria`.
"""

from __future__ import annotations

from math import comb

import numpy as np
from numpy.typing import NDArray
from scipy import optimize
from scipy.special import expit, logsumexp

from alignsim.games.bar import BarGame
from alignsim.games.symmetric import indifference, weighted_table

__all__ = [
    "best_response",
    "count_distribution",
    "fictitious_play",
    "logit_equilibria",
    "logit_response",
    "logit_stationary",
    "potential",
    "utility_table",
]


def utility_table(n: int, a: float, b: float, group_weight: float) -> NDArray:
    """Tabulate a suitor's utility ``U[x, k]`` (own payoff + weight x the others').

    Args:
        n: suitors.
        a: worth of the most-wanted target.
        b: worth of each of the others.
        group_weight: weight on the others' summed payoffs (0: Smith).

    Returns:
        Shape ``(2, n)``: ``U[x, k]`` for action ``x`` when ``k`` others go.

    """
    game = BarGame(n=n, a=a, b=b)
    return weighted_table(game.payoff_table(), game.outsider_payoffs(), group_weight)


def best_response(utility: NDArray, others_going: NDArray, current: NDArray) -> NDArray:
    """Choose the action with the higher utility against ``k`` others going; ties keep.

    Args:
        utility: ``U[x, k]`` from :func:`utility_table`.
        others_going: ``k`` for each revising suitor.
        current: each revising suitor's current action (bool).

    Returns:
        The new actions (bool).

    """
    gain = utility[1, others_going] - utility[0, others_going]
    return np.where(np.abs(gain) <= 1e-12, current, gain > 0)


def count_distribution(probabilities: NDArray) -> NDArray:
    """Distribution of how many go, when each goes independently with its probability.

    Returns:
        ``pmf[k]`` for ``k = 0..len(probabilities)`` (a Poisson-binomial law).

    """
    pmf = np.array([1.0])
    for q in probabilities:
        pmf = np.convolve(pmf, [1.0 - q, q])
    return pmf


def fictitious_play(
    utility: NDArray, beliefs: NDArray, revisers: NDArray, current: NDArray
) -> NDArray:
    """Best responses to beliefs about the others [Brown1951]_.

    Args:
        utility: ``U[x, k]`` from :func:`utility_table`.
        beliefs: ``q_j``, the frequency with which each suitor has gone so far.
        revisers: indices of the suitors who revise.
        current: every suitor's current action (bool).

    Returns:
        The revisers' new actions (bool); a tie in expected utility keeps the
        current action.

    """
    out = np.empty(revisers.size, dtype=bool)
    for slot, i in enumerate(revisers):
        pmf = count_distribution(np.delete(beliefs, i))
        gain = (utility[1] - utility[0]) @ pmf
        out[slot] = current[i] if abs(gain) <= 1e-12 else gain > 0
    return out


def logit_response(
    utility: NDArray, others_going: NDArray, rationality: float, rng: np.random.Generator
) -> NDArray:
    """Draw actions with ``P(go) = 1 / (1 + exp(-rationality (U[1, k] - U[0, k])))``.

    Args:
        utility: ``U[x, k]`` from :func:`utility_table`.
        others_going: ``k`` for each revising suitor.
        rationality: the logit precision ``lambda`` [McFadden1974]_.
        rng: the model's generator (one uniform draw per reviser).

    Returns:
        The new actions (bool).

    """
    gain = utility[1, others_going] - utility[0, others_going]
    return rng.random(others_going.size) < expit(rationality * gain)


def potential(n: int, a: float, b: float, group_weight: float) -> NDArray:
    """Exact potential of the weighted bar game by head count ``m = 0..n``.

    ``(1 - w) Phi(m) + w W(m)`` with Rosenthal's ``Phi(m) = a [m >= 1] + (n - m) b``
    [Rosenthal1973]_ and the group's total ``W(m) = a [m = 1] + (n - m) b``
    [MondererShapley1996]_: a suitor's utility gain from any switch equals the
    potential's change.
    """
    m = np.arange(n + 1)
    rosenthal = a * (m >= 1) + (n - m) * b
    total = a * (m == 1) + (n - m) * b
    return (1.0 - group_weight) * rosenthal + group_weight * total


def logit_stationary(
    n: int, a: float, b: float, group_weight: float, rationality: float
) -> NDArray:
    """Long-run head-count distribution of asynchronous logit learning [Blume1993]_.

    Each profile has probability proportional to
    ``exp(rationality * potential)``; a head count ``m`` gathers ``C(n, m)``
    profiles.

    Returns:
        ``P(m)`` for ``m = 0..n``; the long-run share going is
        ``sum m P(m) / n``.

    """
    log_weights = np.log([comb(n, m) for m in range(n + 1)]) + rationality * potential(
        n, a, b, group_weight
    )
    return np.exp(log_weights - logsumexp(log_weights))


def logit_equilibria(
    n: int, a: float, b: float, group_weight: float, rationality: float, grid: int = 2001
) -> list[float]:
    """Symmetric logit (quantal response) equilibria [McKelveyPalfrey1995]_.

    Each suitor goes with probability ``p`` and ``p`` is the logit response to
    the others doing so: ``p = expit(rationality * g(p))``, with ``g`` the
    expected utility gain of going (:func:`alignsim.games.symmetric.indifference`).
    Roots are bracketed on a grid and refined with Brent's method.

    Returns:
        The probabilities ``p``, increasing; as ``rationality`` grows they
        approach the symmetric mixed equilibria.

    """
    utility = utility_table(n, a, b, group_weight)

    def gap(p: float | NDArray) -> NDArray:
        return np.asarray(p) - expit(rationality * indifference(utility, p))

    ps = np.linspace(0.0, 1.0, grid)
    values = gap(ps)
    roots = [float(p) for p, v in zip(ps, values, strict=True) if v == 0.0]
    for i in np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)[0]:
        roots.append(float(optimize.brentq(lambda q: float(gap(q)), ps[i], ps[i + 1])))
    return sorted(roots)
