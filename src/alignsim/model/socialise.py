"""The social phase of a round: reputation, word of mouth, ties, mentoring, succession.

Called by :meth:`AlignmentModel.socialise` after the round's learning. Each
mechanism is one function of :mod:`alignsim.dynamics` over the model's arrays,
switched on in the scenario (``word_of_mouth``, ``network``, ``mentorship``,
``emergence``); the only per-agent Python here is the Mesa bookkeeping when a
leader hands over its slot, which happens to a few agents at most per round.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import networkx as nx
import numpy as np
from numpy.typing import NDArray

from alignsim.dynamics import emergence, mentorship, social
from alignsim.model.agents import Follower, Leader

if TYPE_CHECKING:
    from alignsim.model.model import AlignmentModel


def socialise(model: AlignmentModel, members: NDArray, contributes: NDArray) -> None:
    """Run every social mechanism the scenario switches on, in a fixed order.

    Order: reputation (always), word of mouth, ties (use, introductions, decay),
    mentorship, emergent leadership.
    """
    cfg, s = model.config, model.state
    followers = np.flatnonzero(~s.is_leader)
    s.reputation = social.update_reputation(
        s.reputation, members, contributes, cfg.learning.trust_rate
    )
    s.reputation[s.slot_agent] = social.leader_reputation(
        s.trust, s.is_leader, s.hears, s.follower_trust_sums() if s.hears is None else None,
        s.replicates,
    )  # fmt: skip
    if cfg.word_of_mouth.rate > 0:
        s.trust = social.word_of_mouth(s.trust, s.adjacency, ~s.is_leader, cfg.word_of_mouth.rate)
        s.cached_trust_sums = None
    if s.ties is not None:
        rewire(model)
    if cfg.mentorship.enabled:
        mentor(model, followers)
    s.turnover = 0
    if cfg.emergence.enabled:
        succeed(model)


def rewire(model: AlignmentModel) -> None:
    """Mark the ties used this round, add introductions, drop decayed weak ties."""
    cfg, s, net = model.config, model.state, model.config.network
    ties, step = s.ties, model.steps
    slot_of = social.slot_of_agents(s.n_agents, s.slot_agent)
    u, v = ties.u, ties.v
    ties.last_used[social.ties_used(u, v, s.leader_of, slot_of)] = step
    changed = 0
    if net.decay_rounds is not None:
        strength = social.tie_trust(u, v, s.trust, s.reputation, slot_of)
        drop = social.decaying(
            ties.last_used,
            strength,
            step,
            net.decay_rounds,
            net.strong_tie_trust,
            net.decay_probability,
            model.rng,
        )
        changed += ties.drop(drop)
    if net.introduction_rate > 0:
        friend, leader = social.introductions(
            s.adjacency, s.leader_of, s.slot_agent, net.introduction_rate, model.rng
        )
        changed += ties.add(friend, leader, step)
    if changed:
        s.adjacency = ties.adjacency()
        s.listen(cfg.network.radius)
        model.network_changed()


def mentor(model: AlignmentModel, followers: NDArray) -> None:
    """End finished mentorships, match new requests, speed mentees' learning, pay mentors."""
    m, s = model.config.mentorship, model.state
    s.mentor = mentorship.end_expired(s.mentor, s.mentor_until, model.steps)
    free = followers[s.mentor[followers] < 0]
    asking = free[model.rng.random(free.size) < m.request_rate]
    if asking.size:
        hears = None if s.hears is None else s.hears[asking]
        scores = mentorship.request_scores(s.trust[asking], hears, m.min_trust, model.rng)
        places = mentorship.room(s.mentor, m.capacity, s.n_leaders)
        chosen = mentorship.match(scores, s.reputation[asking], places, model.rng)
        accepted = chosen >= 0
        s.mentor[asking[accepted]] = chosen[accepted]
        s.mentor_until[asking[accepted]] = model.steps + m.duration
    s.learning_multiplier = mentorship.learning_multiplier(s.mentor, m.learning_boost)
    bonus = mentorship.mentor_payoff(s.mentor, s.n_leaders, m.mentor_benefit)
    bonus *= model.config.population.endowment
    s.payoff[s.slot_agent] += bonus
    s.wealth[s.slot_agent] += bonus


def succeed(model: AlignmentModel) -> None:
    """Leaders too long without a following step down; the best followers step up."""
    em, s = model.config.emergence, model.state
    s.short_rounds = emergence.shortfall_rounds(s.short_rounds, s.team_size, em.min_followers)
    leaving = emergence.stepping_down(s.short_rounds, em.patience)
    if leaving.size == 0:
        return
    candidates = np.flatnonzero(~s.is_leader)
    chosen = emergence.successors(
        candidates, s.wealth, s.reputation, em.endorsement_weight, leaving.size, model.rng
    )
    for slot, successor in zip(leaving[: chosen.size], chosen, strict=True):
        hand_over(model, int(slot), int(successor))
    s.turnover = int(chosen.size)
    s.listen(model.config.network.radius)
    model.network_changed()


def hand_over(model: AlignmentModel, slot: int, successor: int) -> None:
    """Give leader slot ``slot`` to follower ``successor``; its holder becomes a follower.

    Arrays: roles swap; the slot starts afresh as a new leader's at the start
    of a run (:meth:`PopulationState.fresh_slot`: trust and experience in it,
    the team's record and first-round beliefs, the pitch search, bans and
    rounds without a following); its project is kept or reset to the group's
    (``emergence.successor_project``) and its hype set if
    ``emergence.successor_hype`` is given; mentorships with the slot, and any
    the successor had, end. Mesa: the two agent objects are replaced by a
    :class:`Leader` and a :class:`Follower` with the same indices (new
    ``unique_id``), and ``model.agent_at`` follows.
    """
    cfg, s, em = model.config, model.state, model.config.emergence
    old = int(s.slot_agent[slot])
    s.is_leader[old], s.is_leader[successor] = False, True
    s.leader_of[[old, successor]] = -1
    s.slot_agent[slot] = successor
    s.fresh_slot(slot, cfg)
    if em.successor_project == "defaults":
        group = cfg.leaders[s.leader_group[slot]]
        s.r[slot], s.cut[slot], s.hype[slot] = group.r, group.cut, group.hype
    if em.successor_hype is not None:
        s.hype[slot] = em.successor_hype
    s.mentor[(s.mentor == slot) | (np.arange(s.n_agents) == successor)] = -1
    s.learning_multiplier[successor] = 1.0
    for index in (old, successor):
        model.agent_at[index].cell = None
        model.agent_at[index].remove()
    model.agent_at[successor] = Leader(model, successor, slot=slot)
    model.agent_at[old] = Follower(model, old)


def network_view(model: AlignmentModel) -> mesa.discrete_space.Network:
    """A Mesa ``Network`` space of the current ties, one cell per agent, agents placed.

    Built from the sparse adjacency (the complete graph when the population is
    well mixed) with ``layout=None``: a topological network, no positions.
    """
    s = model.state
    if s.adjacency is None:
        graph = nx.complete_graph(s.n_agents)
    else:
        graph = nx.from_scipy_sparse_array(s.adjacency)
    space = mesa.discrete_space.Network(graph, capacity=1, random=model.random, layout=None)
    for index, agent in enumerate(model.agent_at):
        agent.cell = space[index]
    return space
