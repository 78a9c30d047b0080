"""The Mesa model: one round of pitch, belief, follow, play and learn (MODEL.md).

:class:`AlignmentModel` is a thin layer: it owns the random generator, the
population arrays and the Mesa bookkeeping (agents, DataCollector), and each
phase of the round calls the pure array functions of :mod:`alignsim.games` and
:mod:`alignsim.dynamics`. No phase loops over agents in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import mesa
import numpy as np
from numpy.typing import NDArray

from alignsim.dynamics import choice, follow, joining, leaders, trust
from alignsim.games import expected_gains, pivotal_factor, team_payoffs, threshold_count
from alignsim.model import evolution
from alignsim.model import socialise as social_phase
from alignsim.model.agents import AlignAgent, Follower, Leader
from alignsim.model.collector import MetricsCollector, collect_replicates
from alignsim.model.human import (
    HumanChoices,
    apply_contributions,
    apply_leader_choices,
    apply_pitches,
    request_leaders,
)
from alignsim.model.metrics import collect_metrics, first_replicate, metric_names
from alignsim.model.replicates import Streams, batch_obstacles, seeds_of
from alignsim.model.state import CONDITIONAL, PopulationState
from alignsim.scenario import Scenario, load_scenario


class AlignmentModel(mesa.Model):
    """Leaders pitch projects, followers choose whom to follow and whether to contribute.

    Args:
        scenario: a :class:`~alignsim.scenario.Scenario`, a scenario file, or
            the name of a built-in scenario; default: the built-in ``nash``.
        rng: seed or generator for the model's one random stream; default:
            the scenario's ``seed``.
        replicates: seeds of replicates to run side by side as one array
            model (:mod:`alignsim.model.replicates`), replicate ``k`` giving
            the numbers of the run seeded ``replicates[k]``; ``rng`` is then
            not given. Default: one replicate.

    Attributes:
        state: the population arrays (:class:`PopulationState`).
        metrics: the model-level metrics of the last round (of the first replicate).
        datacollector: a Mesa DataCollector with a column per metric
            (:class:`~alignsim.model.collector.MetricsCollector`), of the first replicate.
        collectors: one such DataCollector per replicate.
        human: choices people made for the next round (:mod:`alignsim.model.human`),
            used by one :meth:`step` and then cleared; None: every agent is simulated.

    """

    def __init__(
        self,
        scenario: Scenario | str | Path | None = None,
        *,
        rng: int | None = None,
        replicates: Sequence[int] | None = None,
    ) -> None:
        if scenario is None:
            scenario = "nash"
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario)
        if replicates is not None and (rng is not None or not replicates):
            raise ValueError("give either rng or the seeds of one or more replicates")
        if replicates is not None and len(replicates) > 1 and batch_obstacles(scenario):
            raise ValueError(
                "these replicates cannot run as one model: " + ", ".join(batch_obstacles(scenario))
            )
        seeds = list(replicates) if replicates else [scenario.seed if rng is None else rng]
        super().__init__(rng=seeds[0])
        self.config = scenario
        self.streams = Streams((self.rng, *seeds_of(seeds[1:])))
        self.state = PopulationState.stack(
            [PopulationState.from_scenario(scenario, g) for g in self.streams.generators]
        )
        self.leader_labels = [group.label for group in scenario.leaders]
        # who founded each leader slot: later holders are successors (docs/model.md)
        self.founding_agent = self.state.slot_agent.copy()
        self.agent_at: list[AlignAgent] = []
        for index in range(self.state.n_agents):
            if self.state.is_leader[index]:
                self.agent_at.append(Leader(self, index, slot=index))
            else:
                self.agent_at.append(Follower(self, index))
        self.metrics: dict[str, float] = dict.fromkeys(metric_names(self), 0.0)
        self.human: HumanChoices | None = None
        agent_reporters = (
            {"wealth": "wealth", "payoff": "payoff", "contributed": "contributed"}
            if scenario.output.agent_data
            else None
        )
        self.collectors = [MetricsCollector(list(self.metrics), agent_reporters) for _ in seeds]
        self.datacollector = self.collectors[0]

    # --- Mesa conveniences -------------------------------------------------------------

    @property
    def leaders(self) -> mesa.agent.AgentSet:
        """The agents currently leading."""
        return self.agents_by_type.get(Leader, mesa.agent.AgentSet([], random=self.random))

    @property
    def followers(self) -> mesa.agent.AgentSet:
        """The agents currently following or staying out."""
        return self.agents_by_type.get(Follower, mesa.agent.AgentSet([], random=self.random))

    def leader_in_slot(self, slot: int) -> Leader:
        """The leader agent holding a leader slot."""
        agent = self.agent_at[self.state.slot_agent[slot]]
        assert isinstance(agent, Leader)
        return agent

    @property
    def follower_index(self) -> NDArray[np.int64]:
        """Indices of the agents who are followers now."""
        return np.flatnonzero(~self.state.is_leader)

    # --- the round -----------------------------------------------------------------------

    def step(self) -> None:
        """One round: pitch, belief, follow, play, learn, imitate; then record the metrics.

        Choices people made (``self.human``) replace the simulated ones of their agents.

        Without leaders the round is the evolutionary one of
        :func:`~alignsim.model.evolution.leaderless_round`: play, then imitate.
        """
        if self.state.n_leaders == 0:
            evolution.leaderless_round(self)
            self.record()
            return
        s = self.state
        human, self.human = self.human or HumanChoices(), None
        apply_pitches(s.slot_agent, s.hype, s.cut, human)
        followers = self.follower_index
        pitch = self.pitch()
        slot = self.choose_leaders(followers, pitch, human)
        s.leader_of[:] = -1
        s.leader_of[followers] = slot
        in_team = slot >= 0
        members, member_slot = followers[in_team], slot[in_team]
        contributes = self.choose_contributions(members, member_slot)
        apply_contributions(members, contributes, human)
        received = self.play(followers, members, member_slot, contributes)
        self.learn(members, member_slot, contributes, received, pitch)
        self.socialise(members, contributes)
        evolution.imitate_followers(self, people=human.agents())
        self.record()

    def record(self) -> None:
        """The round's metrics, one row for each replicate's DataCollector."""
        columns = collect_metrics(self)
        self.metrics = first_replicate(columns)
        if len(self.collectors) == 1:
            self.datacollector.collect(self)
        else:
            collect_replicates(self.collectors, columns, self.time)

    def replicate_of(self, index: NDArray[np.int64]) -> NDArray[np.int64]:
        """The replicate of each agent index (all 0 in a single run)."""
        return index // self.state.agents_per_replicate

    def pitch(self) -> NDArray:
        """Each leader's announced WIIFM: ``(1 + hype) (1 - cut) r e`` (MODEL.md step 1)."""
        s = self.state
        return (1.0 + s.hype) * (1.0 - s.cut) * s.r * self.config.population.endowment

    def _intended_gains(self) -> tuple[NDArray, NDArray]:
        """Own and others' gains of contributing in each team, at last round's team sizes."""
        s, game = self.state, self.config.game
        size = np.maximum(s.team_size, 1.0)
        factor = 1.0
        if game.is_matrix:
            return evolution.team_matrix_gains(
                s.team_contribution,
                game.payoff_matrix(),
                s.cut,
                self.config.population.endowment,
                size,
            )
        if game.type == "threshold_public_goods":
            k = threshold_count(size, game.threshold_share)
            factor = pivotal_factor(size, k, s.team_contribution, s.lead_by_example)
        return expected_gains(size, s.r, s.cut, self.config.population.endowment, factor)

    def joining_gains(self, p_give: NDArray) -> NDArray:
        """Change in the others' payoffs if a follower joins each team (MODEL.md step 3).

        ``p_give``: ``(n_weights, n_leaders)`` the joiner's contribution
        probability. The team's last size and contribution share stand for the
        others (:mod:`alignsim.dynamics.joining`).
        """
        s, cfg = self.state, self.config
        e = cfg.population.endowment
        if cfg.game.is_matrix:
            return joining.joining_gain_matrix(
                s.team_size, s.team_contribution, p_give, cfg.game.payoff_matrix(), s.cut, e,
                cfg.game.self_play,
            )  # fmt: skip
        threshold = cfg.game.threshold_share if cfg.game.type == "threshold_public_goods" else None
        return joining.joining_gain(
            s.team_size, s.team_contribution, p_give, s.r, s.cut, e, s.lead_by_example, threshold
        )

    def choose_leaders(
        self, followers: NDArray, pitch: NDArray, human: HumanChoices | None = None
    ) -> NDArray:
        """Each follower picks a leader or the outside option (MODEL.md steps 2-3).

        The utility of following leader ``l`` is the endowment a follower
        expects to keep (it knows whether it means to contribute), plus its
        belief about the leader's return, plus, for a Nash-style follower, its
        group weight times the change its joining makes to the others' payoffs
        (:meth:`joining_gains`), less ``follow_cost``
        (:mod:`alignsim.dynamics.follow`). The outside option pays
        ``outside_option * e``. People's choices (``human``) replace the
        simulated ones; where leaders have a capacity they are requests in the
        same matching (:mod:`alignsim.model.human`).
        """
        cfg, s = self.config, self.state
        human = human or HumanChoices()
        e = cfg.population.endowment
        own, others = self._intended_gains()
        # One row per distinct group weight; conditional cooperators (weight 0) get
        # their own row, -1, since they mean to give conditional_slope x the team's share.
        conditional = s.orientation[followers] == CONDITIONAL
        key = np.where(conditional, -1.0, s.group_weight[followers])
        keys, code = np.unique(key, return_inverse=True)
        weights = np.maximum(keys, 0.0)
        p_give = choice.action_probability(
            own[None, :] + weights[:, None] * others[None, :],
            cfg.choice.rule,
            cfg.choice.rationality,
        )
        if keys[0] < 0:
            p_give[0] = cfg.population.conditional_slope * s.team_contribution
        value = e * (1.0 - p_give) + weights[:, None] * self.joining_gains(p_give)
        if np.all(np.isinf(s.capacity)):
            owner = self.replicate_of(followers)
            offset = owner * s.leaders_per_replicate
            chosen = follow.choose_followed(
                followers, s.trust, s.experience, pitch, s.lead_by_example,
                cfg.choice.example_credibility, value, code, cfg.choice.follow_cost,
                cfg.choice.outside_option * e, cfg.choice.rationality,
                cfg.choice.rule == "logit",
                follow.EMPTY_MASK if s.hears is None else s.hears,
                follow.EMPTY_BAN if s.banned_until is None else s.banned_until,
                self.steps, self.streams.random(owner), offset,
            )  # fmt: skip
            chosen = np.where(chosen >= 0, chosen + offset, -1) if s.replicates > 1 else chosen
            apply_leader_choices(followers, chosen, human)
            return chosen
        utility = follow.follow_utilities(
            followers, s.trust, s.experience, pitch, s.lead_by_example,
            cfg.choice.example_credibility, value[code], cfg.choice.follow_cost,
        )  # fmt: skip
        if s.hears is not None:
            utility[~s.hears[followers]] = -np.inf
        if s.banned_until is not None:
            utility[s.banned_until[followers] > self.steps] = -np.inf
        outside = np.full((followers.size, 1), cfg.choice.outside_option * e)
        scores = choice.perturbed_utilities(
            np.hstack([utility, outside]), cfg.choice.rule, cfg.choice.rationality, self.rng
        )
        request_leaders(followers, scores, human)
        return choice.assign_with_capacity(scores, s.trust[followers], s.capacity, self.rng)

    def choose_contributions(self, members: NDArray, member_slot: NDArray) -> NDArray:
        """Each team member's best (or logit) response for its utility (MODEL.md step 4).

        A member believes each other member contributes with probability
        ``q``, the share of its team that contributed last round (before a team
        has played: ``population.initial_belief``): beliefs follow what the
        teammates did, and trust in the leader is about the pitch
        [FischbacherGaechter2010]_. In the threshold game it weighs how likely
        its contribution is pivotal; in a matrix game it compares the expected
        payoffs of the two actions against that belief. A conditional
        cooperator contributes with probability ``conditional_slope x q``:
        a little less than it believes the others give
        [Fischbacher2001]_ [FischbacherGaechter2010]_.
        """
        cfg, s = self.config, self.state
        # All but the group weight is the same for every member of a team, so the
        # gains are computed once per team (a team without members counts as one).
        size = np.maximum(np.bincount(member_slot, minlength=s.n_leaders).astype(float), 1.0)
        belief = s.team_contribution
        factor: NDArray | float = 1.0
        if cfg.game.type == "threshold_public_goods":
            k = threshold_count(size, cfg.game.threshold_share)
            factor = pivotal_factor(size, k, belief, s.lead_by_example)
        if cfg.game.is_matrix:
            own, others = evolution.team_matrix_gains(
                belief, cfg.game.payoff_matrix(), s.cut, cfg.population.endowment, size
            )
        else:
            own, others = expected_gains(size, s.r, s.cut, cfg.population.endowment, factor)
        gain = own[member_slot] + s.group_weight[members] * others[member_slot]
        owner = self.replicate_of(members)
        uniforms = self.streams.random(owner) if cfg.choice.rule == "logit" else None
        contributes = choice.binary_choice(gain, cfg.choice.rule, cfg.choice.rationality, uniforms)
        conditional = s.orientation[members] == CONDITIONAL
        if conditional.any():
            willing = cfg.population.conditional_slope * belief[member_slot[conditional]]
            contributes[conditional] = self.streams.random(owner[conditional]) < willing
        return contributes

    def play(
        self, followers: NDArray, members: NDArray, member_slot: NDArray, contributes: NDArray
    ) -> NDArray:
        """Play the stage game in every team; pay everyone. Returns members' pot shares."""
        cfg, s = self.config, self.state
        e = cfg.population.endowment
        threshold = cfg.game.threshold_share if cfg.game.type == "threshold_public_goods" else None
        s.payoff[followers] = cfg.choice.outside_option * e
        if cfg.game.is_matrix:
            received, leader_payoff = evolution.team_matrix_round(
                member_slot,
                contributes,
                s.n_leaders,
                cfg.game.payoff_matrix(),
                s.cut,
                e,
                cfg.game.self_play,
            )
            s.payoff[members] = received
        else:
            received, leader_payoff, _ = team_payoffs(
                member_slot, contributes, s.n_leaders, s.r, s.cut, s.lead_by_example, e, threshold
            )
            s.payoff[members] = e * (1.0 - contributes) + received
        s.payoff[s.slot_agent] = leader_payoff
        s.contributed[:] = False
        s.contributed[members] = contributes
        s.contributed[s.slot_agent] = s.lead_by_example
        s.wealth += s.payoff
        return received

    def learn(
        self,
        members: NDArray,
        member_slot: NDArray,
        contributes: NDArray,
        received: NDArray,
        pitch: NDArray,
    ) -> None:
        """Update trust, experience, team records and leaders' pitches (MODEL.md step 5)."""
        cfg, s = self.config, self.state
        learning = cfg.learning
        size = np.bincount(member_slot, minlength=s.n_leaders).astype(float)
        given = np.bincount(member_slot, weights=contributes, minlength=s.n_leaders)
        share = np.divide(given, size, out=s.team_contribution.copy(), where=size > 0)
        promised = trust.promise(pitch[member_slot], share[member_slot])
        kept = trust.promise_kept(received, promised, learning.tolerance)
        # one entry per member: flat positions in the (agents x leaders) matrices
        columns = s.trust.shape[1]
        pair = members * columns + s.local_slot(members, member_slot)
        trust_entries, experience_entries = _flat(s.trust), _flat(s.experience)
        old = trust_entries[pair]
        boost = s.learning_multiplier[members]  # mentees learn faster
        rate = np.minimum(learning.trust_rate * boost, 1.0)
        new = trust.update_trust(old, kept, rate)
        trust_entries[pair] = new
        s.trust_changed(member_slot, new - old)
        felt = trust.felt_return(received, promised, learning.disappointment)
        experience_entries[pair] = trust.update_experience(
            experience_entries[pair], felt, np.minimum(learning.experience_rate * boost, 1.0)
        )
        s.team_contribution[:] = share
        s.team_size[:] = size
        if learning.adapt_leaders:
            self._adapt_leaders()
        if s.banned_until is not None:
            expelled, slots = leaders.expel_free_riders(
                members, member_slot, contributes, learning.exclusion_probability, self.rng
            )
            s.banned_until[expelled, slots] = self.steps + learning.exclusion_rounds

    def socialise(self, members: NDArray, contributes: NDArray) -> None:
        """Reputation, word of mouth, ties, mentoring and succession (docs/model.md)."""
        social_phase.socialise(self, members, contributes)

    def network_changed(self) -> None:
        """Mark the Mesa network view stale after ties or roles change."""
        self._network_space = None

    @property
    def network_space(self) -> mesa.discrete_space.Network:
        """A Mesa ``Network`` view of the current ties with every agent in its cell.

        Built lazily from the sparse adjacency (the round never reads it) and
        rebuilt after ties or leaders change.
        """
        if getattr(self, "_network_space", None) is None:
            self._network_space = social_phase.network_view(self)
        return self._network_space

    def _adapt_leaders(self) -> None:
        """Leaders tune hype and cut, one lever a round (:func:`leaders.tune_pitch`)."""
        s, learning = self.state, self.config.learning
        pitches = leaders.Pitches(
            s.hype, s.cut, s.hype_direction, s.cut_direction, s.last_lever, s.last_leader_payoff
        )
        leaders.tune_pitch(
            pitches,
            s.payoff[s.slot_agent],
            learning.adapt_step,
            learning.max_hype,
            lambda slots: self.streams.random(slots // s.leaders_per_replicate),
        )
        s.hype, s.cut = pitches.hype, pitches.cut
        s.hype_direction, s.cut_direction = pitches.hype_direction, pitches.cut_direction
        s.last_lever, s.last_leader_payoff = pitches.last_lever, pitches.last_payoff

    def run(self, steps: int | None = None) -> None:
        """Run ``steps`` rounds (default: the scenario's ``steps``)."""
        for _ in range(self.config.steps if steps is None else steps):
            self.step()


def _flat(matrix: NDArray) -> NDArray:
    """A flat view of a C-ordered matrix, so that writes through it reach the matrix."""
    if not matrix.flags.c_contiguous:
        raise ValueError("the trust and experience matrices must be C-ordered")
    return matrix.reshape(-1)
