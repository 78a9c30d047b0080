"""People playing in the model: their choices replace the simulated ones for their agents.

In a classroom session (``alignsim class``) some agents are students. The
round stays the model's own (:meth:`AlignmentModel.step`); for a student's
agent the model still computes its simulated choice, then the student's choice
replaces it. The random draws of the round do not depend on what the students
chose, so a session replayed with the same choices gives the same numbers.

A student who leads sets the pitch (``hype``) and the ``cut``: they are applied
at the start of the round, before the pitch is announced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

STAY_OUT = -1


@dataclass
class HumanChoices:
    """The choices people made for one round, keyed by agent index.

    Attributes:
        leader: a follower's leader slot, or ``STAY_OUT`` (-1) for the outside option.
        contribute: whether a follower in a team contributes its endowment.
        pitch: a leader's ``(hype, cut)``.

    """

    leader: dict[int, int] = field(default_factory=dict)
    contribute: dict[int, bool] = field(default_factory=dict)
    pitch: dict[int, tuple[float, float]] = field(default_factory=dict)


def _positions(agents: NDArray, chosen: dict[int, object]) -> tuple[NDArray, list[object]]:
    """Positions in ``agents`` of the agents that have a choice, and those choices."""
    if not chosen:
        return np.zeros(0, dtype=np.int64), []
    where = {int(agent): pos for pos, agent in enumerate(agents)}
    pairs = [(where[a], value) for a, value in chosen.items() if a in where]
    return np.array([p for p, _ in pairs], dtype=np.int64), [v for _, v in pairs]


def apply_leader_choices(followers: NDArray, slot: NDArray, human: HumanChoices) -> None:
    """Replace the simulated leader choice (``slot``, aligned with ``followers``) in place."""
    positions, values = _positions(followers, human.leader)
    slot[positions] = values


def apply_contributions(members: NDArray, contributes: NDArray, human: HumanChoices) -> None:
    """Replace the simulated contribution of the team members who are people, in place."""
    positions, values = _positions(members, human.contribute)
    contributes[positions] = values


def apply_pitches(slot_agent: NDArray, hype: NDArray, cut: NDArray, human: HumanChoices) -> None:
    """Set the hype and cut of the leader slots held by people, in place."""
    positions, values = _positions(slot_agent, human.pitch)
    for position, (new_hype, new_cut) in zip(positions, values, strict=True):
        hype[position], cut[position] = new_hype, new_cut
