"""Imitation rules: the Fermi formula, who revises, whom they copy."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignsim.dynamics import imitation, network
from alignsim.games import pairwise


@pytest.mark.parametrize(
    ("model", "own", "beta"), [(2.0, 1.0, 1.0), (0.0, 3.0, 0.5), (1.0, 1.0, 10.0), (5.0, 4.0, 0.0)]
)
def test_fermi_probability_formula(model, own, beta):
    expected = 1.0 / (1.0 + math.exp(-beta * (model - own)))
    assert imitation.fermi_probability(model, own, beta) == pytest.approx(expected)


@given(st.floats(-50, 50), st.floats(-50, 50), st.floats(0, 100, allow_nan=False))
def test_fermi_probability_is_a_probability_and_symmetric(a, b, beta):
    p = imitation.fermi_probability(a, b, beta)
    assert 0.0 <= p <= 1.0
    assert p + imitation.fermi_probability(b, a, beta) == pytest.approx(1.0)


def test_fermi_adoption_frequency_matches_the_formula():
    rng = np.random.default_rng(3)
    n = 200_000
    payoff = np.zeros(n)
    payoff[1::2] = 1.0  # odd agents earn 1, even agents 0; each copies its partner
    model = np.arange(n) ^ 1
    adopt = imitation.fermi_adopt(payoff, model, beta=1.5, rng=rng)
    p_up = imitation.fermi_probability(1.0, 0.0, 1.5)
    se = math.sqrt(p_up * (1 - p_up) / (n / 2))
    assert abs(adopt[0::2].mean() - p_up) < 4 * se
    assert abs(adopt[1::2].mean() - (1 - p_up)) < 4 * se
    assert not imitation.fermi_adopt(payoff[:3], np.full(3, -1), 1.0, rng).any()


def test_revisers_rate_and_multiplier():
    rng = np.random.default_rng(4)
    assert imitation.revisers(10, 1.0, rng).all()
    assert not imitation.revisers(10, 0.0, rng).any()
    n = 100_000
    share = imitation.revisers(n, 0.3, rng).mean()
    assert abs(share - 0.3) < 4 * math.sqrt(0.21 / n)
    multiplier = np.where(np.arange(n) < n // 2, 3.0, 0.0)  # capped at 1 / never
    revise = imitation.revisers(n, 0.5, rng, multiplier)
    assert revise[: n // 2].all() and not revise[n // 2 :].any()


def test_random_neighbours_are_neighbours_chosen_uniformly():
    rng = np.random.default_rng(5)
    adjacency = network.lattice_adjacency(3, 3, torus=False)
    dense = adjacency.toarray()
    counts = np.zeros((9, 9))
    for _ in range(4000):
        model = imitation.random_neighbours(adjacency, rng)
        assert dense[np.arange(9), model].all()
        counts[np.arange(9), model] += 1
    centre = counts[4][dense[4] > 0] / 4000  # 8 neighbours, 1/8 each
    assert np.abs(centre - 1 / 8).max() < 0.03


def test_random_neighbours_of_the_isolated_is_none():
    adjacency = network.graph_adjacency(nx.empty_graph(3))
    assert (imitation.random_neighbours(adjacency, np.random.default_rng(0)) == -1).all()


def test_random_others_are_never_oneself():
    others = imitation.random_others(50, np.random.default_rng(6))
    assert (others != np.arange(50)).all() and others.min() >= 0 and others.max() < 50
    assert (imitation.random_others(1, np.random.default_rng(6)) == -1).all()


def test_best_neighbours_copy_only_the_strictly_better():
    # path 0 - 1 - 2 - 3
    adjacency = network.graph_adjacency(nx.path_graph(4))
    payoff = np.array([5.0, 1.0, 3.0, 3.0])
    model = imitation.best_neighbours(adjacency, payoff, np.random.default_rng(0))
    assert model.tolist() == [0, 0, 2, 3]  # 2 ties with 3 and keeps its own


@pytest.mark.parametrize("torus", [False, True])
def test_lattice_best_strategy_agrees_with_the_sparse_rule(torus):
    rng = np.random.default_rng(7)
    height, width = 12, 10
    cooperate = rng.random((height, width)) < 0.5
    payoff = rng.random((height, width))  # continuous: no ties
    adjacency = network.lattice_adjacency(width, height, torus)
    model = imitation.best_neighbours(adjacency, payoff.ravel(), rng)
    expected = cooperate.ravel()[model]
    got = imitation.lattice_best_strategy(cooperate, payoff, torus, rng)
    np.testing.assert_array_equal(got.ravel(), expected)


def test_lattice_best_strategy_keeps_own_on_ties():
    cooperate = np.zeros((4, 4), dtype=bool)
    cooperate[0, 0] = True
    payoff = np.ones((4, 4))
    got = imitation.lattice_best_strategy(cooperate, payoff, True, np.random.default_rng(0))
    np.testing.assert_array_equal(got, cooperate)


def test_one_lone_defector_spreads_as_in_nowak_may():
    # b = 1.9: a lone defector among cooperators earns 15.2 > 9 and its 8 neighbours turn D
    cooperate = np.ones((7, 7), dtype=bool)
    cooperate[3, 3] = False
    payoff = pairwise.lattice_payoffs(cooperate, [[1, 0], [1.9, 0]], True, self_play=True)
    new = imitation.lattice_best_strategy(cooperate, payoff, True, np.random.default_rng(0))
    assert (~new).sum() == 9 and not new[2:5, 2:5].any()


@given(st.integers(0, 2**32 - 1), st.sampled_from(["fermi", "best"]))
def test_imitation_only_copies_existing_traits_and_best_copies_upward(seed, rule):
    from alignsim.model import evolution
    from alignsim.scenario import Imitation

    rng = np.random.default_rng(seed)
    adjacency = network.graph_adjacency(network.random_graph("erdos_renyi", 40, rng, degree=4))
    payoff = rng.random(40)
    trait = rng.integers(0, 3, 40)
    for graph in (adjacency, None):
        model_of = evolution.choose_models(Imitation(rule=rule), graph, payoff, rng)
        adopters = model_of >= 0
        assert (model_of < 40).all()
        if graph is not None:
            assert (graph[np.flatnonzero(adopters), model_of[adopters]] == 1).all()
        if rule == "best":
            assert (payoff[model_of[adopters]] > payoff[adopters]).all()
        new = trait.copy()
        new[adopters] = trait[model_of[adopters]]
        assert set(np.unique(new)) <= set(np.unique(trait))


def test_lattice_ties_between_strategies_are_a_fair_coin():
    """Where the best of a block is held by both strategies and not by the cell, a coin decides.

    Strategies are 80% cooperators, so keeping one's own (or always one
    strategy) would show; cells with no such tie follow the best strictly.
    """
    rng = np.random.default_rng(11)
    cooperate = rng.random((120, 120)) < 0.8
    payoff = rng.integers(0, 3, cooperate.shape).astype(float)  # many ties
    got = imitation.lattice_best_strategy(cooperate, payoff, True, np.random.default_rng(5))
    padded_p = np.pad(payoff, 1, mode="wrap")
    padded_c = np.pad(cooperate, 1, mode="wrap")
    blocks_p = np.lib.stride_tricks.sliding_window_view(padded_p, (3, 3))
    blocks_c = np.lib.stride_tricks.sliding_window_view(padded_c, (3, 3))
    top_c = np.where(blocks_c, blocks_p, -np.inf).max(axis=(2, 3))
    top_d = np.where(blocks_c, -np.inf, blocks_p).max(axis=(2, 3))
    coin = (top_c == top_d) & (payoff < top_c)
    assert coin.sum() > 1000
    share = got[coin].mean()
    assert abs(share - 0.5) < 4 * np.sqrt(0.25 / coin.sum())
    own = (top_c == top_d) & (payoff == top_c)
    np.testing.assert_array_equal(got[own], cooperate[own])
    strict = top_c != top_d
    np.testing.assert_array_equal(got[strict], (top_c > top_d)[strict])
