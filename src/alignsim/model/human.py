"""People playing in the model: their choices replace the simulated ones for their agents.

In a classroom session (``alignsim class``) some agents are students. The
round stays the model's own (:meth:`AlignmentModel.step`); for a student's
agent the model still computes its simulated choice, then the student's choice
replaces it. A session replayed with the same choices gives the same numbers.

Where leaders have a capacity, a person's choice of leader is a request like
any agent's: it goes into the same matching
(:func:`alignsim.dynamics.choice.assign_with_capacity`), where a full leader
takes the requests of those who trust it most; a person it declines stays
out (they named no second choice). Elsewhere the simulated choices are drawn
first and then replaced, so the others' draws do not depend on what people chose.

A person has no orientation or group weight of their own (their agent's are
the scenario's draw, never used for their choices), so imitation leaves
people out: nobody copies a trait a person does not have, and a person's
agent does not revise one (:func:`alignsim.model.evolution.imitate_followers`).

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

    def agents(self) -> NDArray[np.int64]:
        """Every agent a person plays this round (sorted)."""
        return np.array(sorted({*self.leader, *self.contribute, *self.pitch}), dtype=np.int64)


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


def request_leaders(followers: NDArray, scores: NDArray, human: HumanChoices) -> None:
    """Make people's leader choices their requests in the capacity matching, in place.

    ``scores`` holds the ``(m, L + 1)`` perturbed utilities of ``followers``
    (column ``L``: the outside option). A person's row asks the chosen leader
    first and the outside option next, nothing else: declined, they stay out.
    """
    positions, values = _positions(followers, human.leader)
    outside = scores.shape[1] - 1
    for position, slot in zip(positions, values, strict=True):
        scores[position] = -np.inf
        scores[position, outside] = 0.0
        if slot != STAY_OUT:
            scores[position, slot] = 1.0


def apply_contributions(members: NDArray, contributes: NDArray, human: HumanChoices) -> None:
    """Replace the simulated contribution of the team members who are people, in place."""
    positions, values = _positions(members, human.contribute)
    contributes[positions] = values


def apply_pitches(slot_agent: NDArray, hype: NDArray, cut: NDArray, human: HumanChoices) -> None:
    """Set the hype and cut of the leader slots held by people, in place."""
    positions, values = _positions(slot_agent, human.pitch)
    for position, (new_hype, new_cut) in zip(positions, values, strict=True):
        hype[position], cut[position] = new_hype, new_cut
