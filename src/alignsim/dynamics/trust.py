"""Belief, trust and experience: how followers learn what a leader's word is worth.

MODEL.md, "One round", steps 2 and 5. A follower believes
``b = trust * pitch + (1 - trust) * experience``. A promise is the pitch scaled
by how much of the team actually contributed (the pitch promised the return of
a fully contributing team), so an honest leader keeps it whatever the free
riders do and an overselling one breaks it. Trust moves toward 1 when a promise
is kept (within a tolerance) and toward 0 when it is broken, at ``trust_rate``.
Experience is a moving average of the return felt, where a broken promise's
shortfall weighs ``disappointment`` times extra: expectations are the reference
point of reference-dependent utility [KoszegiRabin2006]_.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def belief(trust: NDArray, pitch: NDArray, experience: NDArray) -> NDArray:
    """What a follower expects from a leader: ``trust * pitch + (1 - trust) * experience``."""
    return trust * pitch + (1.0 - trust) * experience


def credible_trust(trust: NDArray, leads_by_example: NDArray, credibility: float) -> NDArray:
    """Trust after seeing the leader contribute first: ``credibility`` of the doubt removed."""
    return np.where(leads_by_example, trust + credibility * (1.0 - trust), trust)


def promise(pitch: NDArray, contribution_share: NDArray) -> NDArray:
    """What the pitch promised, given the share of the team that contributed."""
    return pitch * contribution_share


def promise_kept(received: NDArray, promised: NDArray, tolerance: float) -> NDArray:
    """A promise is kept when the return reaches it within ``tolerance`` (a fraction)."""
    return received >= promised * (1.0 - tolerance) - 1e-12


def update_trust(trust: NDArray, kept: NDArray, rate: float) -> NDArray:
    """Move trust toward 1 after a kept promise, toward 0 after a broken one."""
    return np.where(kept, trust + rate * (1.0 - trust), trust * (1.0 - rate))


def felt_return(received: NDArray, promised: NDArray, disappointment: float) -> NDArray:
    """The return as felt: what came in, less ``disappointment`` times any shortfall."""
    return received - disappointment * np.maximum(promised - received, 0.0)


def update_experience(experience: NDArray, felt: NDArray, rate: float) -> NDArray:
    """Exponential moving average of felt returns, newest weighing ``rate``."""
    return experience + rate * (felt - experience)
