"""The bar game of A Beautiful Mind: MODEL.md's facts, checked by brute force."""

from itertools import product

import numpy as np
import pytest

from alignsim.games.bar import (
    BarGame,
    bar_mixed_probability,
    bar_pure_equilibria,
    bar_welfare,
    film_profile,
    film_profile_deviation_gain,
)
from alignsim.games.symmetric import (
    equilibrium_weight_interval,
    pure_equilibrium_counts,
    symmetric_mixed_equilibria,
    weighted_table,
    welfare,
)

CASES = [(2, 1.0, 0.5), (3, 2.0, 1.0), (4, 1.0, 0.5), (5, 3.0, 1.0), (7, 10.0, 9.0)]


def suitor_payoff(profile, i, a, b):
    """The story, told directly: alone at the most-wanted a, crowded 0, elsewhere b."""
    if profile[i] == 0:
        return b
    return a if sum(profile) == 1 else 0.0


def utility(profile, i, a, b, weight):
    own = suitor_payoff(profile, i, a, b)
    others = sum(suitor_payoff(profile, j, a, b) for j in range(len(profile)) if j != i)
    return own + weight * others


def brute_equilibria(n, a, b, weight, tol=1e-9):
    found = []
    for profile in product((0, 1), repeat=n):
        stable = True
        for i in range(n):
            moved = list(profile)
            moved[i] = 1 - moved[i]
            if utility(moved, i, a, b, weight) > utility(profile, i, a, b, weight) + tol:
                stable = False
        if stable:
            found.append(profile)
    return found


@pytest.mark.parametrize(("n", "a", "b"), CASES)
def test_pure_equilibria_are_exactly_one_suitor_going(n, a, b):
    expected = sorted(bar_pure_equilibria(n))
    assert len(expected) == n and all(sum(p) == 1 for p in expected)
    assert sorted(brute_equilibria(n, a, b, 0.0)) == expected
    game = BarGame(n=n, a=a, b=b)
    assert pure_equilibrium_counts(game.payoff_table()) == [1]


@pytest.mark.parametrize(("n", "a", "b"), CASES)
def test_symmetric_mixed_probability(n, a, b):
    p = bar_mixed_probability(n, a, b)
    # indifference told directly: going pays a when nobody else goes
    assert a * (1 - p) ** (n - 1) == pytest.approx(b)
    found, everywhere = symmetric_mixed_equilibria(BarGame(n=n, a=a, b=b).payoff_table())
    assert not everywhere
    assert found == pytest.approx([p])


@pytest.mark.parametrize(("n", "a", "b"), CASES)
@pytest.mark.parametrize("weight", np.linspace(0, 1, 11))
def test_film_profile_is_never_an_equilibrium_for_weights_in_unit_interval(n, a, b, weight):
    nobody = film_profile(n)
    assert nobody not in brute_equilibria(n, a, b, weight)
    game = BarGame(n=n, a=a, b=b)
    u = weighted_table(game.payoff_table(), game.outsider_payoffs(), weight)
    assert 0 not in pure_equilibrium_counts(u)
    gain = utility((1,) + nobody[1:], 0, a, b, weight) - utility(nobody, 0, a, b, weight)
    assert gain == pytest.approx(film_profile_deviation_gain(a, b, weight))
    assert gain == pytest.approx(a - b) and gain > 0


@pytest.mark.parametrize(("n", "a", "b"), CASES)
def test_film_profile_has_no_equilibrium_weight_at_all(n, a, b):
    game = BarGame(n=n, a=a, b=b)
    assert equilibrium_weight_interval(game.payoff_table(), game.outsider_payoffs(), 0) is None


@pytest.mark.parametrize(("n", "a", "b"), CASES)
def test_film_profile_is_not_the_social_optimum(n, a, b):
    game = BarGame(n=n, a=a, b=b)
    totals = welfare(game.payoff_table(), game.outsider_payoffs())
    assert totals[0] == pytest.approx(n * b)
    assert bar_welfare(film_profile(n), a, b) == pytest.approx(n * b)
    assert totals.max() == pytest.approx(a + (n - 1) * b)
    assert a + (n - 1) * b > n * b
    assert int(np.argmax(totals)) == 1


@pytest.mark.parametrize(("n", "a", "b"), CASES)
@pytest.mark.parametrize("weight", [0.0, 0.5, 1.0])
def test_weighted_pure_equilibria_stay_one_suitor(n, a, b, weight):
    assert sorted(brute_equilibria(n, a, b, weight)) == sorted(bar_pure_equilibria(n))


def test_bar_welfare_of_crowded_profile():
    assert bar_welfare((1, 1, 0, 0), 1.0, 0.5) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "key"), [({"n": 1}, "n"), ({"a": 0.4, "b": 0.5}, "a, b"), ({"b": 0.0}, "a, b")]
)
def test_bad_parameters_name_the_key(kwargs, key):
    with pytest.raises(ValueError, match=f"^{key}:"):
        BarGame(**kwargs)


def test_documented_defaults():
    assert BarGame().params() == {"n": 4, "a": 1.0, "b": 0.5}
