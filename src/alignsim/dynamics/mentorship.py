"""Mentorship: followers ask the leaders they admire; leaders with room take the most promising.

A follower ranks the leaders it hears by its trust in them and asks the most
admired first, but only leaders it trusts at least ``min_trust``. Each leader
has room for ``capacity`` mentees at once and accepts the requests with the
best record (the requester's reputation; ties at random); a declined follower
asks its next choice, as in deferred acceptance [GaleShapley1962]_, which
:func:`alignsim.dynamics.choice.assign_with_capacity` runs. The relationship
is two-way [Kram1985]_: the mentee learns faster (a per-agent learning
multiplier) and the mentor earns a small payoff per mentee.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from alignsim.dynamics import choice

FREE = -1


def end_expired(
    mentor: NDArray[np.int64], until: NDArray[np.int64], step: int
) -> NDArray[np.int64]:
    """Mentor slots with the mentorships that have run their course set to -1."""
    return np.where((mentor >= 0) & (until <= step), FREE, mentor)


def room(mentor: NDArray[np.int64], capacity: int, n_leaders: int) -> NDArray:
    """Places left per leader slot: ``capacity`` less its current mentees (at least 0)."""
    taken = np.bincount(mentor[mentor >= 0], minlength=n_leaders)
    return np.maximum(capacity - taken, 0).astype(float)


def request_scores(
    admiration: NDArray,
    hears: NDArray[np.bool_] | None,
    min_trust: float,
    rng: np.random.Generator,
) -> NDArray:
    """``(m, L + 1)`` scores of the requesters' options: trust in each leader, then "ask nobody".

    Leaders not heard score ``-inf``; the last column is ``min_trust``, so a
    follower asks only leaders it trusts at least that much. Ties are broken at
    random.
    """
    scores = admiration.astype(float)
    if hears is not None:
        scores = np.where(hears, scores, -np.inf)
    nobody = np.full((scores.shape[0], 1), min_trust - choice.TIE_BREAK)
    return choice.perturbed_utilities(np.hstack([scores, nobody]), "best_response", 1.0, rng)


def match(
    scores: NDArray, record: NDArray, places: NDArray, rng: np.random.Generator
) -> NDArray[np.int64]:
    """Mentor slot of each requester (-1: none), leaders taking the best records first.

    Args:
        scores: ``(m, L + 1)`` from :func:`request_scores`.
        record: ``(m,)`` each requester's record (its reputation).
        places: ``(L,)`` room left per leader (:func:`room`).
        rng: the model's generator.

    """
    priority = np.broadcast_to(record[:, None], (record.size, places.size))
    return choice.assign_with_capacity(scores, priority, places, rng)


def learning_multiplier(mentor: NDArray[np.int64], boost: float) -> NDArray:
    """Per agent: ``boost`` while mentored, 1 otherwise."""
    return np.where(mentor >= 0, boost, 1.0)


def mentor_payoff(mentor: NDArray[np.int64], n_leaders: int, benefit: float) -> NDArray:
    """Per leader slot: ``benefit`` times its number of mentees."""
    return benefit * np.bincount(mentor[mentor >= 0], minlength=n_leaders).astype(float)
