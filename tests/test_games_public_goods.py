"""The existing public goods functions, against MODEL.md's formulas."""

import numpy as np
import pytest

from alignsim.games.public_goods import (
    contribution_threshold,
    expected_gains,
    pivotal_factor,
    team_payoffs,
    threshold_count,
)


def test_contribution_threshold_model_md():
    assert float(contribution_threshold(4, 1.6, 0.0)) == pytest.approx(0.5)
    n, r, c = 5, 2.0, 0.3
    own = -1 + (1 - c) * r / n
    others = (n - 1) * (1 - c) * r / n + c * r
    assert float(contribution_threshold(n, r, c)) == pytest.approx(-own / others)


def test_expected_gains_are_the_threshold_terms():
    own, others = expected_gains(4, 1.6, 0.0, 1.0)
    assert float(-own / others) == pytest.approx(0.5)


def test_pivotal_factor_is_one_for_linear_game():
    assert pivotal_factor(4, None, 0.3, 0) == pytest.approx(1.0)


def test_threshold_count():
    assert float(threshold_count(4, 0.5)) == 2.0
    assert float(threshold_count(4, 0.01)) == 1.0


def test_team_payoffs_conserve_the_pot():
    team = np.array([0, 0, 1, 1, 1])
    contributes = np.array([True, False, True, True, False])
    r, cut, lead = np.array([2.0, 1.5]), np.array([0.1, 0.0]), np.array([False, True])
    share, leader, pot = team_payoffs(team, contributes, 2, r, cut, lead, 1.0)
    assert pot == pytest.approx([2.0, 1.5 * 3])
    for t in (0, 1):
        kept_by_leader = 1.0 - lead[t]
        assert share[team == t].sum() + leader[t] - kept_by_leader == pytest.approx(pot[t])


@pytest.mark.parametrize(
    ("n", "share", "k"),
    [(4, 0.6, 3), (3, 0.5, 2), (5, 0.5, 3), (10, 0.25, 3), (4, 0.5, 2), (4, 1.0, 4), (7, 0.01, 1)],
)
def test_threshold_count_rounds_up(n, share, k):
    """k = ceil(share x n), at least 1: 60% of four is three contributors, not two."""
    assert float(threshold_count(n, share)) == k


def test_a_threshold_pot_needs_the_rounded_up_count():
    team = np.zeros(3, dtype=int)
    args = (1, np.array([2.0]), np.array([0.0]), np.array([False]), 1.0, 0.5)
    _, _, pot = team_payoffs(team, np.array([True, False, False]), *args)
    assert pot[0] == 0.0  # one of three is short of ceil(1.5) = 2
    _, _, pot = team_payoffs(team, np.array([True, True, False]), *args)
    assert pot[0] == pytest.approx(4.0)
