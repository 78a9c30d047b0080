"""Leaders' own learning: tuning the pitch, and expelling free riders.

Leaders adapt ``hype`` and ``cut`` by a win-stay, lose-shift hill climb on their
own payoff [NowakSigmund1993]_, one lever at a time: in a round a leader moves
one lever by a step in its current direction; the next round's payoff, against
the payoff before the move, is that lever's own signal. The lever keeps its
direction when the payoff did not fall (win-stay) and reverses it when it fell
(lose-shift). A direction starts neutral (0): a lever's first move is a probe
in a random direction, so an honest leader does not start overselling by
construction. Expulsion is the exclusion power of public goods experiments
[CinyabugumaPageSeaman2005]_: each free rider a leader sees is barred from its
team for a number of rounds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Uniforms = Callable[[NDArray[np.int64]], NDArray[np.float64]]
"""A uniform in ``[0, 1)`` for each of the given leader slots, from its replicate's own stream."""


def judge(direction: NDArray, payoff: NDArray, payoff_before: NDArray) -> NDArray:
    """Win-stay, lose-shift: reverse a lever's direction where its move lowered the payoff.

    ``payoff_before`` is the payoff of the round before the lever moved; NaN
    (no baseline yet, e.g. a new leader) keeps the direction.
    """
    return np.where(payoff < payoff_before, -direction, direction)


def probe(direction: NDArray, slots: NDArray[np.int64], uniforms: Uniforms) -> NDArray:
    """A neutral direction (0) becomes -1 or +1 with equal chance; others stay.

    ``slots``: the leader slot of each direction, for ``uniforms``.
    """
    neutral = direction == 0
    if not neutral.any():
        return direction
    direction = direction.copy()
    direction[neutral] = np.where(uniforms(slots[neutral]) < 0.5, -1.0, 1.0)
    return direction


def climb(
    value: NDArray, direction: NDArray, step: float, low: float, high: float
) -> tuple[NDArray, NDArray]:
    """Move each value a step in its direction, within ``[low, high]``.

    Returns:
        ``(new_value, new_direction)``; a leader that reaches a bound turns back.

    """
    new_value = np.clip(value + step * direction, low, high)
    at_bound = ((new_value <= low) & (direction < 0)) | ((new_value >= high) & (direction > 0))
    return new_value, np.where(at_bound, -direction, direction)


NO_LEVER, HYPE, CUT = -1, 0, 1


@dataclass
class Pitches:
    """Each leader slot's pitch levers and the state of its search."""

    hype: NDArray[np.float64]
    cut: NDArray[np.float64]
    hype_direction: NDArray[np.float64]
    cut_direction: NDArray[np.float64]
    last_lever: NDArray[np.int8]  # the lever moved last round: NO_LEVER, HYPE or CUT
    last_payoff: NDArray[np.float64]  # payoff of the last round; NaN: none yet


def tune_pitch(
    pitches: Pitches,
    payoff: NDArray,
    step: float,
    max_hype: float,
    uniforms: Uniforms | np.random.Generator,
) -> None:
    """One round of each leader's search over hype and cut, in place.

    Per slot: first judge the lever moved last round on the payoff change
    since (:func:`judge`); then move the other lever (:func:`probe` a neutral
    direction, then :func:`climb`), the cut first. A leader's first round only
    records its payoff, the baseline. Hype stays in ``[0, max_hype]``, cut in
    ``[0, 1]``. ``uniforms`` gives the probes' random numbers: a generator
    (one model's), or a uniform per slot from its replicate's own stream.
    """
    if isinstance(uniforms, np.random.Generator):
        rng = uniforms
        uniforms = lambda slots: rng.random(slots.size)  # noqa: E731 - one line
    p = pitches
    judged_hype, judged_cut = p.last_lever == HYPE, p.last_lever == CUT
    p.hype_direction = np.where(
        judged_hype, judge(p.hype_direction, payoff, p.last_payoff), p.hype_direction
    )
    p.cut_direction = np.where(
        judged_cut, judge(p.cut_direction, payoff, p.last_payoff), p.cut_direction
    )
    lever = np.where(judged_cut, HYPE, CUT).astype(np.int8)
    lever[np.isnan(p.last_payoff)] = NO_LEVER
    move_hype, move_cut = lever == HYPE, lever == CUT
    if move_hype.any():
        direction = probe(p.hype_direction[move_hype], np.flatnonzero(move_hype), uniforms)
        p.hype[move_hype], p.hype_direction[move_hype] = climb(
            p.hype[move_hype], direction, step, 0.0, max_hype
        )
    if move_cut.any():
        direction = probe(p.cut_direction[move_cut], np.flatnonzero(move_cut), uniforms)
        p.cut[move_cut], p.cut_direction[move_cut] = climb(
            p.cut[move_cut], direction, step, 0.0, 1.0
        )
    p.last_lever = lever
    p.last_payoff = np.asarray(payoff, dtype=float).copy()


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
