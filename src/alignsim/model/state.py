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

from alignsim.dynamics import network, social
from alignsim.dynamics.leaders import NO_LEVER
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
    last_leader_payoff: NDArray[np.float64]
    last_lever: NDArray[np.int8]
    banned_until: NDArray[np.int64] | None
    # who knows whom (None: everyone knows everyone) and which leaders each agent hears
    adjacency: sparse.csr_matrix | None = None
    hears: NDArray[np.bool_] | None = None
    # without leaders: each agent's strategy in the matrix game (True: action 0, cooperate)
    strategy: NDArray[np.bool_] | None = None
    # social mechanisms (docs/model.md, "Networks, word of mouth, mentorship and
    # emergent leadership"): per agent, then per leader slot, then the edge list
    reputation: NDArray[np.float64] | None = None
    learning_multiplier: NDArray[np.float64] | None = None
    mentor: NDArray[np.int64] | None = None
    mentor_until: NDArray[np.int64] | None = None
    short_rounds: NDArray[np.int64] | None = None
    ties: social.Ties | None = None
    # followers' trust summed per leader slot, kept while trust is unchanged within a round
    cached_trust_sums: NDArray[np.float64] | None = None
    turnover: int = 0
    # independent replicates laid out block by block (:mod:`alignsim.model.replicates`)
    replicates: int = 1

    def listen(self, radius: int) -> None:
        """Recompute which leaders each agent hears: those within ``radius`` steps."""
        if self.adjacency is None or self.n_leaders == 0:
            self.hears = None
            return
        self.hears = social.hearing(self.adjacency, self.slot_agent, radius)

    def init_social(self, scenario: Scenario) -> None:
        """Arrays of the social mechanisms: reputation, mentoring, tenure, the edge list.

        Every agent's reputation starts at ``initial_trust``; the learning
        multiplier (the hook through which mentoring speeds learning) starts at 1.
        """
        n = self.n_agents
        self.reputation = np.full(n, scenario.population.initial_trust)
        self.learning_multiplier = np.ones(n)
        self.mentor = np.full(n, -1, dtype=np.int64)
        self.mentor_until = np.zeros(n, dtype=np.int64)
        self.short_rounds = np.zeros(self.n_leaders, dtype=np.int64)
        net = scenario.network
        dynamic = net.introduction_rate > 0 or net.decay_rounds is not None
        if dynamic and self.adjacency is not None:
            self.ties = social.Ties.from_adjacency(self.adjacency)

    def fresh_slot(self, slot: int, scenario: Scenario) -> None:
        """Give a leader slot the state a new leader starts with (at the start or on hand-over).

        Everyone's trust in the slot restarts at ``initial_trust`` and experience
        at the prior; the team's record restarts at the first-round beliefs
        (``initial_belief``, :func:`initial_team_size`); the leader's search
        restarts neutral (directions 0, no baseline payoff, no lever moved);
        bans from the slot and its rounds without a following are cleared. The
        project (``r``, ``cut``, ``hype``) is the caller's business.
        """
        pop = scenario.population
        self.trust[:, slot] = pop.initial_trust
        self.cached_trust_sums = None
        self.experience[:, slot] = prior_experience(scenario)
        self.team_contribution[slot] = pop.initial_belief
        self.team_size[slot] = initial_team_size(pop.n_followers, self.capacity)[slot]
        self.hype_direction[slot] = self.cut_direction[slot] = 0.0
        self.last_leader_payoff[slot] = np.nan
        self.last_lever[slot] = NO_LEVER
        if self.banned_until is not None:
            self.banned_until[:, slot] = 0
        if self.short_rounds is not None:
            self.short_rounds[slot] = 0

    @property
    def n_agents(self) -> int:
        """Leaders and followers together."""
        return self.is_leader.size

    @property
    def n_leaders(self) -> int:
        """Number of leader slots (of all replicates)."""
        return self.slot_agent.size

    @property
    def agents_per_replicate(self) -> int:
        """Agents in each replicate's block: ``N``."""
        return self.n_agents // self.replicates

    @property
    def leaders_per_replicate(self) -> int:
        """Leader slots of each replicate: ``L``, the trust matrix's columns."""
        return self.n_leaders // self.replicates

    def local_slot(self, agents: NDArray, slot: NDArray) -> NDArray:
        """The trust column of each agent's leader slot: the slot within the agent's replicate."""
        if self.replicates == 1:
            return slot
        return slot - (agents // self.agents_per_replicate) * self.leaders_per_replicate

    def follower_trust_sums(self) -> NDArray[np.float64]:
        """Followers' trust in each leader slot, summed, without copying the trust matrix.

        Summed once, then kept up to date by :meth:`trust_changed` as the
        followers learn; anything else that writes ``trust`` sets
        ``cached_trust_sums`` back to None and the next call sums afresh.
        """
        if self.cached_trust_sums is None:
            reps, per, cols = self.replicates, self.agents_per_replicate, self.trust.shape[1]
            everyone = self.trust.reshape(reps, per, cols).sum(axis=1)
            leaders = self.trust[self.slot_agent].reshape(reps, cols, cols).sum(axis=1)
            self.cached_trust_sums = (everyone - leaders).reshape(-1)
        return self.cached_trust_sums

    def trust_changed(self, slot: NDArray, change: NDArray) -> None:
        """Keep the followers' trust sums after followers' trust in ``slot`` moved by ``change``.

        Adds the changes to the sums instead of summing the whole matrix again
        (ten million entries at 100,000 followers and 100 leaders, against one
        change per team member); the sums then differ from a fresh sum only by
        rounding, about ``1e-16`` of the sum per round.
        """
        if self.cached_trust_sums is not None:
            self.cached_trust_sums = self.cached_trust_sums + np.bincount(
                slot, weights=change, minlength=self.n_leaders
            )

    def followers_of(self, slot: int) -> NDArray[np.int64]:
        """Indices of the agents in a leader's team."""
        return np.flatnonzero(self.leader_of == slot)

    @classmethod
    def stack(cls, states: list[PopulationState]) -> PopulationState:
        """Replicates side by side: agents, then slots, replicate by replicate.

        Every state must be a fresh one of the same scenario in a well-mixed
        population (:func:`alignsim.model.replicates.batch_obstacles`); the
        agent indices in ``slot_agent`` move with their block.
        """
        if len(states) == 1:
            return states[0]
        first = states[0]
        if any(s.adjacency is not None or s.ties is not None for s in states):
            raise ValueError("replicates are stacked only in a well-mixed population")
        fields = {}
        for name in cls.__dataclass_fields__:
            value = getattr(first, name)
            if isinstance(value, np.ndarray):
                fields[name] = np.concatenate([getattr(s, name) for s in states])
            elif value is None:
                fields[name] = None
            else:
                fields[name] = value
        fields["slot_agent"] = np.concatenate(
            [s.slot_agent + k * s.n_agents for k, s in enumerate(states)]
        )
        fields["mentor"] = np.concatenate(
            [np.where(s.mentor >= 0, s.mentor + k * s.n_leaders, -1) for k, s in enumerate(states)]
        )
        fields["replicates"] = len(states)
        fields["cached_trust_sums"] = None
        return cls(**fields)

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
        prior = prior_experience(scenario)
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
            team_size=initial_team_size(pop.n_followers, capacity),
            team_contribution=np.full(n_leaders, pop.initial_belief),
            hype_direction=np.zeros(n_leaders),
            cut_direction=np.zeros(n_leaders),
            last_leader_payoff=np.full(n_leaders, np.nan),
            last_lever=np.full(n_leaders, NO_LEVER, dtype=np.int8),
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
        state.init_social(scenario)
        return state


def prior_experience(scenario: Scenario) -> float:
    """Return expected from a leader never followed: ``prior_experience`` or the outside option."""
    pop = scenario.population
    if pop.prior_experience is not None:
        return float(pop.prior_experience)
    return scenario.choice.outside_option * pop.endowment


def initial_team_size(n_followers: int, capacity: NDArray) -> NDArray[np.float64]:
    """The team size expected before any team has played, per leader slot.

    Derived, not chosen: the followers spread evenly over the leaders,
    ``n_followers / n_leaders``, and a leader with a capacity takes no more
    than it: ``min(capacity, n_followers / n_leaders)``.
    """
    even = n_followers / max(capacity.size, 1)
    return np.minimum(capacity, even).astype(float)


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
