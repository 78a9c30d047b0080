"""Welfare, price of anarchy and the sections of the analysis."""

import numpy as np
import pytest

from alignsim.games.analysis import symmetric_section, two_player_section, welfare_ratios
from alignsim.games.classic import MatchingPennies, StagHunt
from alignsim.games.team_games import LinearPublicGoods


def test_welfare_ratios():
    assert welfare_ratios(6.0, [2.0, 6.0]) == (3.0, 1.0)
    assert welfare_ratios(6.0, []) == (None, None)
    assert welfare_ratios(0.0, [0.0]) == (None, None)


def test_stag_hunt_price_of_anarchy():
    section = two_player_section(*StagHunt().payoff_matrices, None)
    assert section["social_optimum"]["welfare"] == 8
    # worst equilibrium: hare/hare and the mixed one, both 3 + 3
    assert section["price_of_anarchy"] == pytest.approx(8 / 6)
    assert section["price_of_stability"] == pytest.approx(1.0)


def test_zero_sum_game_has_no_price_of_anarchy():
    section = two_player_section(*MatchingPennies().payoff_matrices, None)
    assert section["price_of_anarchy"] is None


def test_public_goods_price_of_anarchy_counts_the_leader():
    game = LinearPublicGoods(n=4, r=1.6)
    section = symmetric_section(game.payoff_table(), game.outsider_payoffs(), None)
    # nobody contributes: followers keep 4, leader keeps 1; everyone: 4 * 1.6 + 1
    assert section["price_of_anarchy"] == pytest.approx((4 * 1.6 + 1) / 5)
    assert section["social_optimum"]["head_count"] == 4


def test_mixed_entry_payoffs_are_expectations():
    table = np.array([[1.0, 1.0], [2.0, 0.0]])  # two-player anti-coordination
    section = symmetric_section(table, np.zeros(3), None)
    [mixed] = [e for e in section["equilibria"] if e["kind"] == "mixed"]
    p = mixed["probability"]
    assert p == pytest.approx(0.5)
    assert mixed["payoffs"][0] == pytest.approx((1 - p) * 1 + p * (1 - p) * 2)
