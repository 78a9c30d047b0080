"""Emergent leadership: leaders announced by their followers.

A leader whose team stays smaller than ``min_followers`` for ``patience``
rounds in a row steps down. The follower who steps up has the best record and
the most endorsements: candidates are ranked by a weighted sum of their
percentile ranks in wealth (sustained results) and in reputation (what the
others have seen of them), the image score of [NowakSigmund1998]_; leadership
as status granted by the group follows [Hollander1958]_.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata


def shortfall_rounds(
    rounds: NDArray[np.int64], team_size: NDArray, min_followers: int
) -> NDArray[np.int64]:
    """Rounds in a row each leader's team has been smaller than ``min_followers``."""
    return np.where(team_size < min_followers, rounds + 1, 0)


def stepping_down(rounds: NDArray[np.int64], patience: int) -> NDArray[np.int64]:
    """Leader slots whose holders step down: too small for ``patience`` rounds."""
    return np.flatnonzero(rounds >= patience)


def succession_score(wealth: NDArray, reputation: NDArray, endorsement_weight: float) -> NDArray:
    """``(1 - w) rank(wealth) + w rank(reputation)``, ranks as fractions in ``(0, 1]``."""
    n = max(wealth.size, 1)
    by_record = rankdata(wealth) / n
    by_endorsement = rankdata(reputation) / n
    return (1.0 - endorsement_weight) * by_record + endorsement_weight * by_endorsement


def successors(
    candidates: NDArray[np.int64],
    wealth: NDArray,
    reputation: NDArray,
    endorsement_weight: float,
    count: int,
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """The ``count`` best candidates (agent indices), best first; ties at random.

    Args:
        candidates: agents who may step up.
        wealth: per agent.
        reputation: per agent.
        endorsement_weight: ``w`` of :func:`succession_score`.
        count: how many successors are needed.
        rng: the model's generator.

    """
    if count <= 0 or candidates.size == 0:
        return np.zeros(0, dtype=np.int64)
    score = succession_score(wealth[candidates], reputation[candidates], endorsement_weight)
    order = np.lexsort((rng.random(candidates.size), -score))
    return candidates[order[:count]]
