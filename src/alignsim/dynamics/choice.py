"""Choice rules: best response and logit (quantal) response, with leader capacity.

A follower ranks its options (each leader it hears from, and the outside
option) by utility. Under the logit rule each utility gets independent Gumbel
noise of scale ``1 / rationality``; the best perturbed option is then a draw
from the multinomial logit [McFadden1974]_, and the order of the perturbed
utilities is the fall-back order when a leader declines. Best response uses
the utilities themselves, with ties broken at random.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

TIE_BREAK = 1e-9


def perturbed_utilities(
    utilities: NDArray, rule: str, rationality: float, rng: np.random.Generator
) -> NDArray:
    """Utilities plus the noise of the choice rule; the row argmax is the choice.

    Args:
        utilities: one row per chooser, one column per option; ``-inf`` marks an
            option the chooser does not have.
        rule: ``"best_response"`` or ``"logit"``.
        rationality: the logit precision ``lambda``.
        rng: the model's generator.

    Returns:
        A new array of the same shape.

    """
    if rule == "logit":
        noise = rng.gumbel(size=utilities.shape) / rationality
    else:
        noise = rng.random(utilities.shape) * TIE_BREAK
    return utilities + noise


def binary_choice(
    gain: NDArray, rule: str, rationality: float, uniforms: NDArray | None
) -> NDArray:
    """Take an action whose utility gain over not taking it is ``gain``.

    Best response acts iff ``gain > 0``; logit acts with probability
    ``1 / (1 + exp(-lambda * gain))``, when the item's uniform number in
    ``uniforms`` (drawn by the caller, one per item: the model's generator,
    or each replicate's own) falls below it. Best response draws nothing.
    """
    if rule == "logit":
        if uniforms is None:
            raise ValueError("a logit choice needs a uniform number per item")
        return uniforms < expit(rationality * gain)
    return gain > 0


def action_probability(gain: NDArray, rule: str, rationality: float) -> NDArray:
    """The probability :func:`binary_choice` acts: a step or a logistic curve."""
    if rule == "logit":
        return expit(rationality * gain)
    return (gain > 0).astype(float)


def assign_with_capacity(
    scores: NDArray,
    priority: NDArray,
    capacity: NDArray,
    rng: np.random.Generator,
) -> NDArray:
    """Match followers to leaders; full leaders take the most trusted requests first.

    Each unmatched follower asks its best remaining option. A leader accepts
    requests in order of ``priority`` (the requester's trust in it; ties at
    random) up to its remaining capacity; a declined follower strikes that
    leader from its list and asks again, until everyone is matched or prefers
    the outside option. At most ``n_leaders + 1`` passes.

    Args:
        scores: ``(m, L + 1)`` perturbed utilities; column ``L`` is the outside option.
        priority: ``(m, L)`` the leaders' ranking of each requester.
        capacity: ``(L,)`` places per leader, ``inf`` for no limit.
        rng: the model's generator (tie-breaks among equal priorities).

    Returns:
        ``(m,)`` the leader each follower joins, ``-1`` for the outside option.

    """
    m, n_options = scores.shape
    n_leaders = n_options - 1
    choice = np.full(m, -1, dtype=np.int64)
    best = np.argmax(scores, axis=1)
    if np.all(np.isinf(capacity)):
        return np.where(best == n_leaders, -1, best)
    scores = scores.copy()
    remaining = capacity.astype(float).copy()
    active = np.arange(m)
    while active.size:
        asks = best != n_leaders
        requesters, wanted = active[asks], best[asks]
        order = np.lexsort((rng.random(wanted.size), -priority[requesters, wanted], wanted))
        sorted_wanted = wanted[order]
        rank = np.arange(order.size) - np.searchsorted(sorted_wanted, sorted_wanted)
        accepted = rank < remaining[sorted_wanted]
        taken = requesters[order[accepted]]
        choice[taken] = sorted_wanted[accepted]
        remaining -= np.bincount(sorted_wanted[accepted], minlength=n_leaders)
        declined = requesters[order[~accepted]]
        scores[declined, sorted_wanted[~accepted]] = -np.inf
        active = declined
        best = np.argmax(scores[active], axis=1)
    return choice
