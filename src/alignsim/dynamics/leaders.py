"""Leaders' own learning: tuning the pitch, and expelling free riders.

Leaders adapt ``hype`` and ``cut`` by a win-stay, lose-shift hill climb on their
own payoff [NowakSigmund1993]_: each leader keeps moving each parameter in the
direction it moved last while its payoff does not fall, and reverses it when it
does. Expulsion is the exclusion power of public goods experiments
[CinyabugumaPageSeaman2005]_: each free rider a leader sees is barred from its
team for a number of rounds.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def hill_climb(
    value: NDArray,
    direction: NDArray,
    payoff: NDArray,
    last_payoff: NDArray,
    step: float,
    low: float,
    high: float,
) -> tuple[NDArray, NDArray]:
    """One win-stay, lose-shift step per leader.

    Returns:
        ``(new_value, new_direction)``; values are clipped to ``[low, high]``
        and a leader that hits a bound turns back.

    """
    direction = np.where(payoff < last_payoff, -direction, direction)
    new_value = np.clip(value + step * direction, low, high)
    direction = np.where((new_value <= low) | (new_value >= high), -direction, direction)
    return new_value, direction


def expel_free_riders(
    followers: NDArray,
    leader_slot: NDArray,
    contributed: NDArray,
    probability: float,
    rng: np.random.Generator,
) -> tuple[NDArray, NDArray]:
    """Which free riders are seen and expelled this round.

    Returns:
        ``(follower_indices, leader_slots)`` of the expelled.

    """
    free = ~contributed
    seen = free & (rng.random(followers.size) < probability)
    return followers[seen], leader_slot[seen]
