"""Leader and follower agents: Mesa agents that are views onto the model's arrays.

The population's state lives in numpy arrays owned by :class:`PopulationState`
(one array per attribute, indexed by agent), so that a round is a handful of
array operations. An agent object reads and writes its own row: users can
inspect and change agents the Mesa way (``model.agents``, AgentSets,
``agent.group_weight = 0.8``) while the model stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from alignsim.model.state import ORIENTATIONS

if TYPE_CHECKING:
    from alignsim.model.model import AlignmentModel


class AlignAgent(mesa.Agent):
    """An agent of alignsim: a row ``index`` of the model's state arrays."""

    def __init__(self, model: AlignmentModel, index: int) -> None:
        super().__init__(model)
        self.index = int(index)

    @property
    def orientation(self) -> str:
        """``"smith"``, ``"nash"`` (weighs the others' payoffs) or ``"conditional"``."""
        return ORIENTATIONS[self.model.state.orientation[self.index]]

    @property
    def group_weight(self) -> float:
        """Weight ``a`` on the summed payoffs of the others in the team."""
        return float(self.model.state.group_weight[self.index])

    @group_weight.setter
    def group_weight(self, value: float) -> None:
        self.model.state.group_weight[self.index] = value

    @property
    def wealth(self) -> float:
        """Payoffs summed over all rounds so far."""
        return float(self.model.state.wealth[self.index])

    @property
    def payoff(self) -> float:
        """Payoff of the last round."""
        return float(self.model.state.payoff[self.index])

    @property
    def contributed(self) -> bool:
        """Whether the agent contributed its endowment in the last round."""
        return bool(self.model.state.contributed[self.index])


class Leader(AlignAgent):
    """A leader: runs a project, pitches it, keeps a cut of its output."""

    def __init__(self, model: AlignmentModel, index: int, slot: int) -> None:
        super().__init__(model, index)
        self.slot = int(slot)

    @property
    def label(self) -> str:
        """The leader group this leader belongs to (scenario ``leaders[].label``)."""
        return self.model.leader_labels[self.model.state.leader_group[self.slot]]

    @property
    def r(self) -> float:
        """The project's return multiplier."""
        return float(self.model.state.r[self.slot])

    @property
    def cut(self) -> float:
        """Share of the project's output this leader keeps."""
        return float(self.model.state.cut[self.slot])

    @cut.setter
    def cut(self, value: float) -> None:
        self.model.state.cut[self.slot] = value

    @property
    def hype(self) -> float:
        """How much the pitch oversells: pitch = (1 + hype) x (1 - cut) r e."""
        return float(self.model.state.hype[self.slot])

    @hype.setter
    def hype(self, value: float) -> None:
        self.model.state.hype[self.slot] = value

    @property
    def lead_by_example(self) -> bool:
        """Whether this leader contributes first, in sight of its followers."""
        return bool(self.model.state.lead_by_example[self.slot])

    @property
    def followers(self) -> mesa.agent.AgentSet:
        """The followers in this leader's team after the last round."""
        members = self.model.state.followers_of(self.slot)
        return mesa.agent.AgentSet([self.model.agent_at[i] for i in members], random=self.random)


class Follower(AlignAgent):
    """A follower: chooses a leader (or none) each round, then contributes or not."""

    @property
    def leader(self) -> Leader | None:
        """The leader followed in the last round, or None for the outside option."""
        slot = self.model.state.leader_of[self.index]
        return None if slot < 0 else self.model.leader_in_slot(slot)

    @property
    def trust(self) -> list[float]:
        """Trust in each leader, in leader-slot order."""
        return self.model.state.trust[self.index].tolist()

    @property
    def trust_in_leader(self) -> float | None:
        """Trust in the leader followed, or None."""
        slot = self.model.state.leader_of[self.index]
        return None if slot < 0 else float(self.model.state.trust[self.index, slot])
