"""Symmetric N-player games: checked against brute force over all profiles."""

from itertools import product
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignsim.games.symmetric import (
    all_play_threshold,
    dominance_threshold,
    equilibrium_weight_interval,
    expected_welfare,
    indifference,
    others_total,
    pure_equilibrium_counts,
    symmetric_mixed_equilibria,
    weighted_table,
    welfare,
)


def profile_payoffs(table, profile):
    m = sum(profile)
    return [table[x][m - x] for x in profile]


def profile_utilities(table, outsider, weight, profile):
    pay = profile_payoffs(table, profile)
    group = sum(pay) + outsider[sum(profile)]
    return [p + weight * (group - p) for p in pay]


def brute_pure_equilibria(table, outsider, weight, tol=1e-9):
    n = len(table[0])
    found = []
    for profile in product((0, 1), repeat=n):
        u = profile_utilities(table, outsider, weight, profile)
        stable = True
        for i in range(n):
            moved = list(profile)
            moved[i] = 1 - moved[i]
            if profile_utilities(table, outsider, weight, moved)[i] > u[i] + tol:
                stable = False
        if stable:
            found.append(profile)
    return found


def random_table(seed, n):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(2, n)), rng.normal(size=n + 1)


tables = st.tuples(st.integers(0, 2**32 - 1), st.integers(2, 6))


@settings(max_examples=80, deadline=None)
@given(tables, st.sampled_from([0.0, 0.3, 1.0, -0.2]))
def test_pure_equilibria_match_brute_force(case, weight):
    table, outsider = random_table(*case)
    counts = pure_equilibrium_counts(weighted_table(table, outsider, weight))
    brute = brute_pure_equilibria(table.tolist(), outsider.tolist(), weight)
    assert sorted({sum(p) for p in brute}) == counts
    # every profile with an equilibrium head count is an equilibrium
    n = table.shape[1]
    assert len(brute) == sum(comb(n, m) for m in counts)


@settings(max_examples=60, deadline=None)
@given(tables, st.sampled_from([0.0, 0.5, 1.0]))
def test_weighted_table_matches_brute_force(case, weight):
    table, outsider = random_table(*case)
    u = weighted_table(table, outsider, weight)
    n = table.shape[1]
    for x in (0, 1):
        for k in range(n):
            profile = [x] + [1] * k + [0] * (n - 1 - k)
            expected = profile_utilities(table.tolist(), outsider.tolist(), weight, profile)[0]
            assert u[x, k] == pytest.approx(expected)


def test_others_total_counts_outsiders():
    table = np.zeros((2, 3))
    outsider = np.array([0.0, 1.0, 2.0, 3.0])
    np.testing.assert_allclose(others_total(table, outsider), [[0, 1, 2], [1, 2, 3]])


@settings(max_examples=60, deadline=None)
@given(tables, st.sampled_from([0.0, 0.7]))
def test_symmetric_mixed_equilibria_make_players_indifferent(case, weight):
    table, outsider = random_table(*case)
    u = weighted_table(table, outsider, weight)
    probabilities, everywhere = symmetric_mixed_equilibria(u)
    assert not everywhere
    n = table.shape[1]
    for p in probabilities:
        assert 0 < p < 1
        # brute force: expected utility of each action over the others' profiles
        value = [0.0, 0.0]
        for others in product((0, 1), repeat=n - 1):
            chance = np.prod([p if o else 1 - p for o in others])
            for x in (0, 1):
                profile = [x, *others]
                value[x] += chance * profile_utilities(table, outsider, weight, profile)[0]
        assert value[1] - value[0] == pytest.approx(0, abs=1e-9)


def test_mixed_root_count_matches_sign_changes():
    # g(p) = (p - 0.2)(p - 0.7) up to a positive factor has two roots
    table = np.zeros((2, 3))
    # Bernstein coefficients of p^2 - 0.9 p + 0.14: f(0), f(0) + f'(0) / 2, f(1)
    coeff = np.array([0.14, 0.14 - 0.9 / 2, 0.24])
    table[1] = coeff
    roots, _ = symmetric_mixed_equilibria(table)
    assert roots == pytest.approx([0.2, 0.7])
    assert indifference(table, np.array(roots)) == pytest.approx([0, 0], abs=1e-12)


def test_indifferent_everywhere_is_flagged():
    roots, everywhere = symmetric_mixed_equilibria(np.ones((2, 4)))
    assert everywhere and roots == []
    assert pure_equilibrium_counts(np.ones((2, 4))) == [0, 1, 2, 3, 4]


def test_welfare_and_expected_welfare():
    table, outsider = random_table(3, 4)
    w = welfare(table, outsider)
    for m in range(5):
        profile = [1] * m + [0] * (4 - m)
        assert w[m] == pytest.approx(sum(profile_payoffs(table, profile)) + outsider[m])
    assert expected_welfare(table, outsider, 0.0) == pytest.approx(w[0])
    assert expected_welfare(table, outsider, 1.0) == pytest.approx(w[-1])


def test_thresholds_on_a_dilemma():
    # three players; a contribution costs its maker 1 and gives each other 1
    table = np.array([[0.0, 1.0, 2.0], [-1.0, 0.0, 1.0]])
    assert dominance_threshold(table) == pytest.approx(0.5)
    assert all_play_threshold(table) == pytest.approx(0.5)
    assert equilibrium_weight_interval(table, None, 0) == pytest.approx((-np.inf, 0.5))
    assert equilibrium_weight_interval(table, None, 3) == pytest.approx((0.5, np.inf))


def test_thresholds_infinite_cases():
    assert dominance_threshold(np.array([[1.0, 1.0], [0.0, 0.0]])) == np.inf
    assert all_play_threshold(np.array([[0.0, 0.0], [1.0, 1.0]])) == -np.inf
    with pytest.raises(ValueError, match="head_count"):
        equilibrium_weight_interval(np.zeros((2, 2)), None, 3)


def test_bad_table_shape_raises():
    with pytest.raises(ValueError, match="table"):
        welfare(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="outsider"):
        welfare(np.zeros((2, 2)), np.zeros(2))
