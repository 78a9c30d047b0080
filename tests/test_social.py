"""Ties, introductions, decay, word of mouth, hearing, clustering and the Mesa network view."""

from __future__ import annotations

import mesa
import networkx as nx
import numpy as np
import pytest
from scipy import sparse

from alignsim.dynamics import network, social
from alignsim.model import AlignmentModel
from alignsim.scenario import load_scenario


def path_adjacency(n: int) -> sparse.csr_matrix:
    return network.graph_adjacency(nx.path_graph(n))


def small_world(n: int = 60, seed: int = 3) -> sparse.csr_matrix:
    return network.graph_adjacency(nx.watts_strogatz_graph(n, 4, 0.2, seed=seed))


@pytest.mark.parametrize("radius", [1, 2, 3])
def test_hearing_matches_the_full_power_of_the_adjacency(radius):
    adjacency = small_world()
    slots = np.array([0, 7, 30])
    expected = network.within_radius(adjacency, radius)[:, slots].toarray().astype(bool)
    assert np.array_equal(social.hearing(adjacency, slots, radius), expected)


def test_ties_round_trip_and_add_skips_loops_and_existing_edges():
    adjacency = path_adjacency(5)
    ties = social.Ties.from_adjacency(adjacency, step=0)
    assert ties.size == 4
    assert (ties.adjacency() != adjacency).nnz == 0
    added = ties.add(np.array([0, 1, 2, 4, 4]), np.array([2, 0, 2, 0, 0]), step=3)
    assert added == 2  # 0-2 and 0-4; 1-0 exists, 2-2 is a loop, 4-0 repeats
    assert set(zip(ties.u, ties.v, strict=True)) == {(0, 1), (1, 2), (2, 3), (3, 4), (0, 2), (0, 4)}
    assert list(ties.last_used[np.isin(ties.key, [2, 4])]) == [3, 3]
    dense = ties.adjacency().toarray()
    assert np.array_equal(dense, dense.T)


def test_introductions_link_a_neighbour_of_each_introducer_to_its_leader():
    adjacency = small_world(80)
    n = 80
    slot_agent = np.array([0, 40])
    leader_of = np.full(n, -1)
    leader_of[1:30] = 0
    leader_of[41:70] = 1
    rng = np.random.default_rng(1)
    friend, leader = social.introductions(adjacency, leader_of, slot_agent, 1.0, rng)
    assert friend.size == 58  # everyone in a team introduces when the rate is 1
    dense = adjacency.toarray()
    for f, lead in zip(friend, leader, strict=True):
        slot = list(slot_agent).index(lead)
        introducers = np.flatnonzero(leader_of == slot)
        assert dense[introducers, f].any(), "the introduced agent is an introducer's neighbour"
    none, _ = social.introductions(adjacency, leader_of, slot_agent, 0.0, rng)
    assert none.size == 0


def test_model_introductions_add_edges_only_between_leaders_and_their_followers_friends():
    scenario = load_scenario(
        "network", ["network.decay_rounds=null", "network.introduction_rate=0.5", "steps=5"]
    )
    model = AlignmentModel(scenario)
    total_added = 0
    for _ in range(5):
        before = model.state.adjacency.copy()
        model.step()
        s = model.state
        added = sparse.triu(model.state.adjacency - before, k=1).tocoo()
        assert (added.data > 0).all(), "no edge is removed without decay"
        slot_of = social.slot_of_agents(s.n_agents, s.slot_agent)
        for a, b in zip(added.row, added.col, strict=True):
            lead, other = (a, b) if slot_of[a] >= 0 else (b, a)
            assert slot_of[lead] >= 0, "one end of every new tie is a leader"
            team = np.flatnonzero(s.leader_of == slot_of[lead])
            assert before[team, other].sum() > 0, "the other end knew one of its followers"
        total_added += added.nnz
    assert total_added > 0


def test_ties_used_by_following_and_by_playing_in_one_team():
    u = np.array([1, 1, 2, 3])
    v = np.array([0, 2, 3, 4])
    leader_of = np.array([-1, 0, 0, -1, 0])
    slot_of = np.array([0, -1, -1, -1, -1])
    used = social.ties_used(u, v, leader_of, slot_of)
    assert list(used) == [True, True, False, False]


def test_tie_trust_is_the_lower_of_the_two_ends_trust_in_each_other():
    trust = np.array([[0.0], [0.9], [0.2], [0.9]])
    reputation = np.array([0.5, 0.8, 0.6, 0.3])
    slot_of = np.array([0, -1, -1, -1])
    u, v = np.array([0, 0, 1, 1]), np.array([1, 2, 2, 3])
    strength = social.tie_trust(u, v, trust, reputation, slot_of)
    assert np.allclose(strength, [0.8, 0.2, 0.6, 0.3])


def test_strong_ties_hold_while_idle_weak_ties_decay():
    last_used = np.array([0, 0, 0, 9, 9])
    strength = np.array([0.9, 0.2, 0.7, 0.1, 0.95])
    drop = social.decaying(last_used, strength, 10, 5, 0.7, 1.0, np.random.default_rng(0))
    # idle for 10 rounds: the strong tie (0.9) holds, the weak ones (0.2, and 0.7,
    # which is not above the threshold) go; recently used ties stay whatever their trust
    assert list(drop) == [False, True, True, False, False]
    never = social.decaying(last_used, strength, 10, 5, 0.7, 0.0, np.random.default_rng(0))
    assert not never.any()


def test_decay_in_the_model_removes_weak_idle_ties_and_keeps_strong_ones():
    scenario = load_scenario(
        "network",
        [
            "network.introduction_rate=0",
            "network.decay_rounds=1",
            "network.decay_probability=1",
            "network.strong_tie_trust=0.6",
            "word_of_mouth.rate=0",
        ],
    )
    model = AlignmentModel(scenario)
    s = model.state
    strong = np.arange(s.n_agents) % 2 == 0
    s.reputation[:] = np.where(strong, 0.9, 0.1)
    model.learn = lambda *args: None  # freeze trust and reputation's inputs
    start = s.ties.size
    model.step()
    u, v = model.state.ties.u, model.state.ties.v
    slot_of = social.slot_of_agents(s.n_agents, s.slot_agent)
    strength = social.tie_trust(u, v, s.trust, s.reputation, slot_of)
    used = social.ties_used(u, v, s.leader_of, slot_of)
    assert model.state.ties.size < start
    assert ((strength > 0.6) | used).all(), "every weak idle tie is gone"
    assert model.metrics["network_edges"] == model.state.ties.size


def test_word_of_mouth_moves_trust_to_the_neighbours_mean_at_the_rate():
    adjacency = path_adjacency(4)  # 0 - 1 - 2 - 3
    trust = np.array([[0.0, 1.0], [0.4, 0.6], [1.0, 0.0], [0.2, 0.2]])
    speaks = np.array([True, True, True, False])  # agent 3 (a leader) does not speak
    out = social.word_of_mouth(trust, adjacency, speaks, 0.25)
    neighbours_mean = np.array([[0.4, 0.6], [0.5, 0.5], [0.4, 0.6], [1.0, 0.0]])
    assert np.allclose(out, 0.75 * trust + 0.25 * neighbours_mean)
    mixed = social.word_of_mouth(trust, None, speaks, 0.5)
    others = np.array([[0.7, 0.3], [0.5, 0.5], [0.2, 0.8], [1.4 / 3, 1.6 / 3]])
    assert np.allclose(mixed, 0.5 * trust + 0.5 * others)
    assert np.array_equal(social.word_of_mouth(trust, adjacency, speaks, 0.0), trust)


def test_an_isolated_agent_keeps_its_trust():
    adjacency = sparse.csr_matrix((3, 3))
    trust = np.array([[0.1], [0.5], [0.9]])
    out = social.word_of_mouth(trust, adjacency, np.ones(3, dtype=bool), 0.5)
    assert np.array_equal(out, trust)


@pytest.mark.parametrize(
    "graph",
    [
        nx.barabasi_albert_graph(120, 3, seed=1),
        nx.watts_strogatz_graph(100, 6, 0.2, seed=2),
        nx.compose(nx.star_graph(60), nx.cycle_graph(61)),  # a hub everyone knows
        nx.complete_graph(7),
        nx.path_graph(5),
    ],
)
def test_average_clustering_equals_networkx(graph):
    adjacency = network.graph_adjacency(graph)
    assert social.average_clustering(adjacency) == pytest.approx(nx.average_clustering(graph))


def test_reputation_follows_contributions_of_team_members_only():
    reputation = np.full(4, 0.5)
    out = social.update_reputation(reputation, np.array([1, 2]), np.array([True, False]), 0.2)
    assert np.allclose(out, [0.5, 0.6, 0.4, 0.5])


def test_network_space_is_a_mesa_network_with_every_agent_in_its_cell():
    model = AlignmentModel(load_scenario("network", ["population.n_followers=60"]))
    model.step()
    space = model.network_space
    assert isinstance(space, mesa.discrete_space.Network)
    assert space.G.number_of_edges() == model.state.adjacency.nnz // 2
    for index in (0, 5, 63):
        agent = model.agent_at[index]
        assert agent.cell is space[index] and agent in space[index].agents
        neighbours = {cell.coordinate for cell in agent.cell.neighborhood}
        assert neighbours == set(model.state.adjacency[index].indices)
    assert model.network_space is space
    model.step()
    assert model.network_space is not space, "rebuilt after the ties changed"


def test_well_mixed_network_space_is_complete():
    model = AlignmentModel(load_scenario("hype", ["population.n_followers=10"]))
    assert model.network_space.G.number_of_edges() == 12 * 11 // 2
    assert model.metrics["network_edges"] == 0  # before the first round
    model.step()
    assert model.metrics["network_edges"] == 66
    assert model.metrics["network_clustering"] == 1.0


def test_dynamic_ties_need_a_graph():
    with pytest.raises(ValueError, match="need a graph"):
        load_scenario("hype", ["network.introduction_rate=0.1"])


def test_same_seed_same_output_with_every_mechanism_on():
    overrides = ["steps=15", "mentorship.enabled=true", "emergence.enabled=true"]
    runs = []
    for _ in range(2):
        model = AlignmentModel(load_scenario("network", overrides))
        model.run()
        runs.append(model.datacollector.get_model_vars_dataframe())
    assert runs[0].equals(runs[1])
    other = AlignmentModel(load_scenario("network", overrides), rng=7)
    other.run()
    assert not other.datacollector.get_model_vars_dataframe().equals(runs[0])


def test_leader_reputation_is_mean_trust_of_the_followers_who_hear_it():
    trust = np.array([[0.9, 0.9], [0.2, 0.4], [0.6, 0.8], [0.1, 0.3]])
    is_leader = np.array([True, False, False, False])
    hears = np.array([[False, True], [True, True], [True, False], [False, True]])
    assert np.allclose(social.leader_reputation(trust, is_leader, hears), [0.4, 0.35])
    assert np.allclose(social.leader_reputation(trust, is_leader, None), [0.3, 0.5])
    nobody = np.zeros_like(hears)
    assert np.allclose(social.leader_reputation(trust, is_leader, nobody), [0.0, 0.0])
