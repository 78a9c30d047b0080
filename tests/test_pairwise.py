"""Pairwise matrix games: every fast path agrees with a brute-force loop."""

from __future__ import annotations

import numpy as np
import pytest

from alignsim.dynamics import network
from alignsim.games import pairwise

PD = [[1.0, 0.0], [1.9, 0.0]]
GAME = [[3.0, -1.0], [4.5, 0.5]]


def brute_force(cooperate, adjacency, payoffs, self_play):
    dense = adjacency.toarray()
    out = np.zeros(cooperate.size)
    for i in range(cooperate.size):
        partners = list(np.flatnonzero(dense[i])) + ([i] if self_play else [])
        for j in partners:
            out[i] += payoffs[int(not cooperate[i])][int(not cooperate[j])]
    return out


@pytest.mark.parametrize("self_play", [False, True])
def test_network_payoffs_match_brute_force(self_play):
    rng = np.random.default_rng(1)
    graph = network.random_graph("erdos_renyi", 30, rng, degree=5)
    adjacency = network.graph_adjacency(graph)
    cooperate = rng.random(30) < 0.5
    got = pairwise.network_payoffs(cooperate, adjacency, GAME, self_play)
    np.testing.assert_allclose(got, brute_force(cooperate, adjacency, GAME, self_play))


@pytest.mark.parametrize("torus", [False, True])
@pytest.mark.parametrize("self_play", [False, True])
def test_lattice_payoffs_match_the_sparse_lattice(torus, self_play):
    rng = np.random.default_rng(2)
    height, width = 7, 9
    cooperate = rng.random((height, width)) < 0.6
    adjacency = network.lattice_adjacency(width, height, torus)
    sparse_way = pairwise.network_payoffs(cooperate.ravel(), adjacency, GAME, self_play)
    grid_way = pairwise.lattice_payoffs(cooperate, GAME, torus, self_play)
    np.testing.assert_allclose(grid_way.ravel(), sparse_way)


def test_nowak_may_payoffs_of_a_lone_defector():
    cooperate = np.ones((5, 5), dtype=bool)
    cooperate[2, 2] = False
    payoff = pairwise.lattice_payoffs(cooperate, PD, torus=True, self_play=True)
    assert payoff[2, 2] == pytest.approx(8 * 1.9)  # 8 cooperating neighbours, 0 against itself
    assert payoff[1, 1] == pytest.approx(8.0)  # 8 cooperators (itself included) of 9
    assert payoff[0, 0] == pytest.approx(9.0)


@pytest.mark.parametrize("self_play", [False, True])
def test_well_mixed_payoffs_are_means_over_partners(self_play):
    cooperate = np.array([True, True, False, True, False])
    n = cooperate.size
    complete = network.complete_adjacency(n)
    total = brute_force(cooperate, complete, GAME, self_play)
    partners = n if self_play else n - 1
    got = pairwise.well_mixed_payoffs(cooperate, GAME, self_play)
    np.testing.assert_allclose(got, total / partners)


def test_team_payoffs_are_round_robin_means():
    team = np.array([0, 0, 0, 1, 1, 2])
    cooperate = np.array([True, False, True, True, False, True])
    got = pairwise.team_matrix_payoffs(team, cooperate, 3, GAME)
    (r, s), (t, p) = GAME
    expected = [(r + s) / 2, (t + t) / 2, (r + s) / 2, s, t, 0.0]
    np.testing.assert_allclose(got, expected)


def test_action_gains():
    own, partner = pairwise.action_gains(np.array([0.0, 1.0]), GAME)
    (r, s), (t, p) = GAME
    np.testing.assert_allclose(own, [s - p, r - t])
    np.testing.assert_allclose(partner, [t - p, r - s])


def test_as_matrix_rejects_wrong_shapes():
    with pytest.raises(ValueError, match="2x2"):
        pairwise.as_matrix([[1, 2, 3], [4, 5, 6]])
