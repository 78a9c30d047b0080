"""The population as arrays: one numpy array per attribute, indexed by agent or leader slot.

Agents are numbered ``0 .. n_agents - 1``; the first ``n_leaders`` start as
leaders. Leaders occupy *slots* ``0 .. n_leaders - 1``: per-leader arrays
(project, pitch, trust columns) are indexed by slot, and ``slot_agent`` says
which agent holds each slot, so leadership can change hands without
reshaping the trust matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from alignsim.dynamics import network
from alignsim.scenario import Scenario

SMITH, NASH, CONDITIONAL = 0, 1, 2
ORIENTATIONS = ("smith", "nash", "conditional")


@dataclass
class PopulationState:
    """Every array a round reads or writes."""

    # per agent
    is_leader: NDArray[np.bool_]
    orientation: NDArray[np.int8]
    group_weight: NDArray[np.float64]
    wealth: NDArray[np.float64]
    payoff: NDArray[np.float64]
    contributed: NDArray[np.bool_]
    leader_of: NDArray[np.int64]
    # per follower and leader slot
    trust: NDArray[np.float64]
    experience: NDArray[np.float64]
    # per leader slot
    slot_agent: NDArray[np.int64]
    leader_group: NDArray[np.int64]
    r: NDArray[np.float64]
    cut: NDArray[np.float64]
    hype: NDArray[np.float64]
    lead_by_example: NDArray[np.bool_]
    capacity: NDArray[np.float64]
    team_size: NDArray[np.float64]
    team_contribution: NDArray[np.float64]
    hype_direction: NDArray[np.float64]
    cut_direction: NDArray[np.float64]
    banned_until: NDArray[np.int64] | None
    # who knows whom (None: everyone knows everyone) and which leaders each agent hears
    adjacency: sparse.csr_matrix | None = None
    hears: NDArray[np.bool_] | None = None
    # without leaders: each agent's strategy in the matrix game (True: action 0, cooperate)
    strategy: NDArray[np.bool_] | None = None

    def listen(self, radius: int) -> None:
        """Recompute which leaders each agent hears: those within ``radius`` steps."""
        if self.adjacency is None or self.n_leaders == 0:
            self.hears = None
            return
        reach = network.within_radius(self.adjacency, radius)
        self.hears = reach[:, self.slot_agent].toarray().astype(bool)

    @property
    def n_agents(self) -> int:
        """Leaders and followers together."""
        return self.is_leader.size

    @property
    def n_leaders(self) -> int:
        """Number of leader slots."""
        return self.slot_agent.size

    def followers_of(self, slot: int) -> NDArray[np.int64]:
        """Indices of the agents in a leader's team."""
        return np.flatnonzero(self.leader_of == slot)

    @classmethod
    def from_scenario(cls, scenario: Scenario, rng: np.random.Generator) -> PopulationState:
        """Lay out the population a scenario describes.

        Nash-style followers are a random ``share_nash`` of the followers (the
        count rounded to the nearest whole agent), drawn from ``rng``;
        conditional cooperators a random ``share_conditional`` of the rest.
        Without leaders, a random ``share_cooperators`` of the agents (rounded
        likewise) start with strategy action 0 (cooperate).
        """
        pop = scenario.population
        n_leaders = scenario.n_leaders
        n_agents = n_leaders + pop.n_followers
        orientation = np.zeros(n_agents, dtype=np.int8)
        n_nash = round(pop.share_nash * pop.n_followers)
        nash = n_leaders + rng.choice(pop.n_followers, size=n_nash, replace=False)
        orientation[nash] = NASH
        n_conditional = round(pop.share_conditional * pop.n_followers)
        if n_conditional:
            rest = np.flatnonzero(orientation[n_leaders:] == SMITH) + n_leaders
            n_conditional = min(n_conditional, rest.size)
            orientation[rng.choice(rest, size=n_conditional, replace=False)] = CONDITIONAL
        group_weight = np.where(orientation == NASH, pop.group_weight, 0.0)

        groups = np.repeat(np.arange(len(scenario.leaders)), [g.count for g in scenario.leaders])

        def per_slot(key: str) -> NDArray:
            return np.array([getattr(scenario.leaders[g], key) for g in groups], dtype=float)

        capacity = np.array(
            [
                np.inf if scenario.leaders[g].capacity is None else scenario.leaders[g].capacity
                for g in groups
            ]
        )
        prior = pop.prior_experience
        if prior is None:
            prior = scenario.choice.outside_option * pop.endowment
        expected_team = pop.n_followers / max(n_leaders, 1)
        state = cls(
            is_leader=np.arange(n_agents) < n_leaders,
            orientation=orientation,
            group_weight=group_weight,
            wealth=np.zeros(n_agents),
            payoff=np.zeros(n_agents),
            contributed=np.zeros(n_agents, dtype=bool),
            leader_of=np.full(n_agents, -1, dtype=np.int64),
            trust=np.full((n_agents, n_leaders), pop.initial_trust),
            experience=np.full((n_agents, n_leaders), float(prior)),
            slot_agent=np.arange(n_leaders, dtype=np.int64),
            leader_group=groups,
            r=per_slot("r"),
            cut=per_slot("cut"),
            hype=per_slot("hype"),
            lead_by_example=per_slot("lead_by_example").astype(bool),
            capacity=capacity,
            team_size=np.full(n_leaders, expected_team),
            team_contribution=np.full(n_leaders, 0.5),
            hype_direction=np.ones(n_leaders),
            cut_direction=np.ones(n_leaders),
            banned_until=(
                np.zeros((n_agents, n_leaders), dtype=np.int64)
                if scenario.learning.exclusion_probability > 0
                else None
            ),
        )
        if n_leaders == 0:
            n_cooperators = round(pop.share_cooperators * n_agents)
            state.strategy = np.zeros(n_agents, dtype=bool)
            state.strategy[rng.choice(n_agents, size=n_cooperators, replace=False)] = True
        state.adjacency = build_adjacency(scenario, rng)
        state.listen(scenario.network.radius)
        return state


def build_adjacency(scenario: Scenario, rng: np.random.Generator) -> sparse.csr_matrix | None:
    """The scenario's social network over all agents; None for the well-mixed default."""
    net = scenario.network
    n = scenario.population.n_followers + scenario.n_leaders
    if net.kind == "complete":
        return None
    if net.kind == "lattice":
        width = scenario.lattice_width
        return network.lattice_adjacency(width, n // width, net.torus)
    graph = network.random_graph(net.kind, n, rng, degree=net.degree, rewire=net.rewire)
    return network.graph_adjacency(graph)
