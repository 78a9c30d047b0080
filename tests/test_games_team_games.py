"""Public goods games as N-player games: MODEL.md's checkable facts."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignsim.games.public_goods import contribution_threshold
from alignsim.games.symmetric import (
    all_play_threshold,
    dominance_threshold,
    pure_equilibrium_counts,
    weighted_table,
    welfare,
)
from alignsim.games.team_games import LinearPublicGoods, ThresholdPublicGoods


def smith_contributes(game):
    return pure_equilibrium_counts(game.payoff_table()) == [game.n]


def test_payoff_table_follows_the_definition():
    n, r, c, e = 5, 2.5, 0.2, 2.0
    game = LinearPublicGoods(n=n, r=r, cut=c, endowment=e)
    table = game.payoff_table()
    for k in range(n):
        # a non-contributor keeps e and receives its share of k contributions
        assert table[0, k] == pytest.approx(e + (1 - c) * r * e * k / n)
        assert table[1, k] == pytest.approx((1 - c) * r * e * (k + 1) / n)
    leader = game.outsider_payoffs()
    assert leader == pytest.approx([e + c * r * e * m for m in range(n + 1)])


def test_model_md_threshold_n4_r16_c0_is_one_half():
    game = LinearPublicGoods(n=4, r=1.6, cut=0.0)
    table, leader = game.payoff_table(), game.outsider_payoffs()
    assert dominance_threshold(table, leader) == pytest.approx(0.5)
    assert (4 - 1.6) / (3 * 1.6) == pytest.approx(0.5)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 8),
    st.floats(0.1, 6.0),
    st.floats(0.0, 0.9),
    st.booleans(),
)
def test_threshold_with_a_cut_matches_model_md_formula(n, r, cut, leads):
    game = LinearPublicGoods(n=n, r=r, cut=cut, leader_contributes=leads)
    c = cut
    expected = (1 - (1 - c) * r / n) / ((n - 1) * (1 - c) * r / n + c * r)
    found = dominance_threshold(game.payoff_table(), game.outsider_payoffs())
    assert found == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert found == pytest.approx(float(contribution_threshold(n, r, cut)), abs=1e-9)


@pytest.mark.parametrize(
    ("n", "r", "cut"),
    [(4, 1.6, 0.0), (4, 5.0, 0.0), (4, 5.0, 0.3), (3, 3.5, 0.1), (2, 2.5, 0.0), (6, 7.0, 0.2)],
)
def test_smith_contributes_iff_share_of_return_exceeds_team_size(n, r, cut):
    game = LinearPublicGoods(n=n, r=r, cut=cut)
    assert smith_contributes(game) == ((1 - cut) * r > n)


def test_sweeping_group_weight_across_threshold_flips_contribution():
    game = LinearPublicGoods(n=4, r=1.6, cut=0.25)
    table, leader = game.payoff_table(), game.outsider_payoffs()
    threshold = float(contribution_threshold(4, 1.6, 0.25))
    for weight in np.linspace(0, 1, 41):
        counts = pure_equilibrium_counts(weighted_table(table, leader, weight), tol=1e-12)
        if weight < threshold - 1e-9:
            assert counts == [0]
        elif weight > threshold + 1e-9:
            assert counts == [4]


def test_no_leader_variant_is_the_classic_game():
    game = LinearPublicGoods(n=4, r=1.6, leader=False)
    assert game.outsider_payoffs() == pytest.approx(np.zeros(5))
    assert welfare(game.payoff_table(), game.outsider_payoffs()) == pytest.approx(
        [4 + 0.6 * m for m in range(5)]
    )
    with pytest.raises(ValueError, match="leader"):
        LinearPublicGoods(leader=False, cut=0.1)


def test_threshold_game_is_a_coordination_game():
    game = ThresholdPublicGoods(n=4, r=1.6, threshold_share=1.0)
    table, leader = game.payoff_table(), game.outsider_payoffs()
    # all contribute: 1.6 each beats keeping 1 (the project then fails)
    assert pure_equilibrium_counts(table) == [0, 4]
    assert dominance_threshold(table, leader) == np.inf
    assert all_play_threshold(table, leader) < 0


def test_threshold_counts_the_leader():
    # k = ceil(0.75 * 4) = 3; a leader contributing first means 2 followers suffice
    table = ThresholdPublicGoods(n=4, r=2.0, threshold_share=0.75, leader_contributes=True)
    t = table.payoff_table()
    assert t[1, 0] == 0.0  # one follower plus the leader: 2 < 3, pot lost
    assert t[1, 1] == pytest.approx(2.0 * 3 / 4)  # two followers plus the leader


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"n": 0}, "n"),
        ({"r": -1.0}, "r"),
        ({"cut": 1.5}, "cut"),
        ({"endowment": 0.0}, "endowment"),
    ],
)
def test_bad_parameters_name_the_key(kwargs, key):
    with pytest.raises(ValueError, match=f"^{key}:"):
        LinearPublicGoods(**kwargs)
    with pytest.raises(ValueError, match="threshold_share"):
        ThresholdPublicGoods(threshold_share=0.0)


def test_documented_defaults():
    assert LinearPublicGoods().params() == {
        "n": 4,
        "r": 1.6,
        "cut": 0.0,
        "endowment": 1.0,
        "leader_contributes": False,
        "leader": True,
    }
    assert ThresholdPublicGoods().threshold_share == 1.0
