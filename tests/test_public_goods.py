"""The linear and threshold public goods games against MODEL.md's closed forms."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignsim.games import contribution_threshold, expected_gains, pivotal_factor, team_payoffs


def test_threshold_matches_model_md_example():
    # MODEL.md: n = 4, r = 1.6, c = 0 gives a > 0.5.
    assert contribution_threshold(4, 1.6, 0.0) == pytest.approx(0.5, abs=1e-12)


@pytest.mark.parametrize("n, r", [(4, 1.6), (10, 3.0), (33, 1.6), (2, 1.2)])
def test_threshold_without_cut_is_n_minus_r_over_n_minus_1_r(n, r):
    assert contribution_threshold(n, r, 0.0) == pytest.approx((n - r) / ((n - 1) * r))


def test_threshold_with_cut():
    n, r, c = 4, 1.6, 0.2
    expected = (1 - (1 - c) * r / n) / ((n - 1) * (1 - c) * r / n + c * r)
    assert contribution_threshold(n, r, c) == pytest.approx(expected)
    assert expected == pytest.approx(0.53125)


@pytest.mark.parametrize("n, r, c", [(4, 5.0, 0.0), (4, 3.9, 0.0), (5, 8.0, 0.3), (5, 6.0, 0.3)])
def test_smith_contributes_iff_share_exceeds_team_size(n, r, c):
    # A Smith agent (a = 0) contributes iff (1 - c) r > n, i.e. iff the threshold is below 0.
    assert (contribution_threshold(n, r, c) < 0) == ((1 - c) * r > n)


def _payoffs(x, r, c, e=1.0, lead=0, threshold=None):
    """Followers' total payoffs and the leader's payoff for a contribution profile."""
    x = np.asarray(x, dtype=bool)
    share, leader, _ = team_payoffs(
        np.zeros(x.size, dtype=int),
        x,
        1,
        np.array([r]),
        np.array([c]),
        np.array([bool(lead)]),
        e,
        threshold,
    )
    return e * (1 - x) + share, leader[0]


@given(
    n=st.integers(1, 8),
    r=st.floats(0.1, 10),
    c=st.floats(0, 1),
    profile=st.integers(0, 2**8 - 1),
)
def test_marginal_gains_match_payoff_differences(n, r, c, profile):
    x = np.array([(profile >> i) & 1 for i in range(n)], dtype=bool)
    x[0] = False
    before, leader_before = _payoffs(x, r, c)
    x[0] = True
    after, leader_after = _payoffs(x, r, c)
    own, others = expected_gains(n, r, c, 1.0)
    assert after[0] - before[0] == pytest.approx(float(own), abs=1e-9)
    others_change = (after[1:].sum() - before[1:].sum()) + (leader_after - leader_before)
    assert others_change == pytest.approx(float(others), abs=1e-9)


def test_payoffs_conserve_the_pot():
    x = np.array([1, 1, 0, 1, 0], dtype=bool)
    payoffs, leader = _payoffs(x, r=1.6, c=0.25, lead=1)
    # Everyone's payoff sums to endowments kept plus the multiplied pot.
    pot = 1.6 * (x.sum() + 1)
    assert payoffs.sum() + leader == pytest.approx((1 - x).sum() + 0 + pot)


def test_threshold_pot_pays_only_when_enough_contribute():
    payoffs, _ = _payoffs([1, 0, 0, 0], r=2.0, c=0.0, threshold=0.5)
    assert payoffs.tolist() == [0.0, 1.0, 1.0, 1.0]
    payoffs, _ = _payoffs([1, 1, 0, 0], r=2.0, c=0.0, threshold=0.5)
    assert payoffs.tolist() == pytest.approx([1.0, 1.0, 2.0, 2.0])


@pytest.mark.parametrize(
    "n, k, q, lead", [(4, 2, 0.3, 0), (5, 3, 0.6, 1), (6, 6, 0.9, 0), (3, 1, 0.5, 0)]
)
def test_pivotal_factor_matches_enumeration(n, k, q, lead):
    """S equals the expected own-gain multiplier found by enumerating the others' moves."""
    r, e = 1.0, 1.0
    expected_own = 0.0
    for others in itertools.product([0, 1], repeat=n - 1):
        prob = np.prod([q if o else 1 - q for o in others])
        given_others = sum(others) + lead
        with_me = (given_others + 1) * r * e / n if given_others + 1 >= k else 0.0
        without_me = given_others * r * e / n if given_others >= k else 0.0
        expected_own += prob * (with_me - without_me)
    factor = pivotal_factor(n, k, q, lead)
    assert float(factor) * r * e / n == pytest.approx(expected_own, abs=1e-12)


def test_linear_game_has_unit_pivotal_factor():
    assert np.all(pivotal_factor(np.array([2, 5]), None, 0.3, 0) == 1.0)


def test_lone_follower_threshold_depends_only_on_own_gain():
    assert contribution_threshold(1, 1.5, 0.0) == -np.inf  # contributing pays itself
    assert contribution_threshold(1, 0.8, 0.0) == np.inf  # nothing makes it pay
