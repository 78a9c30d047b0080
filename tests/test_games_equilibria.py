"""Two-player equilibria: support and vertex enumeration against nashpy and theory."""

import warnings

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignsim.games.classic import (
    BattleOfTheSexes,
    Chicken,
    MatchingPennies,
    PrisonersDilemma,
    StagHunt,
)
from alignsim.games.equilibria import (
    best_response_gaps,
    is_degenerate,
    is_nash,
    nash_equilibria,
    pure_equilibria,
    support_enumeration,
    vertex_enumeration,
)

N_RANDOM_GAMES = 400
CLASSIC = [PrisonersDilemma(), StagHunt(), Chicken(), BattleOfTheSexes(), MatchingPennies()]


def as_set(pairs):
    return sorted(tuple(np.round(np.concatenate(p), 7) + 0.0) for p in pairs)


def nashpy_vertex(a, b):
    # nashpy wants positive payoffs for bounded polytopes; shifting keeps the equilibria.
    game = nashpy.Game(a - a.min() + 1.0, b - b.min() + 1.0)
    return list(game.vertex_enumeration())


def pure_deviation_ok(a, b, x, y, tol=1e-9):
    """Independent check: no pure strategy pays more than the mixed one."""
    row_value, column_value = x @ a @ y, x @ b @ y
    return all(a[i] @ y <= row_value + tol for i in range(a.shape[0])) and all(
        x @ b[:, j] <= column_value + tol for j in range(b.shape[1])
    )


def random_games(seed, count):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        m, n = rng.integers(2, 5, size=2)
        yield rng.normal(size=(m, n)), rng.normal(size=(m, n))


@pytest.mark.parametrize("game", CLASSIC, ids=lambda g: g.type_name)
def test_classic_games_match_nashpy_vertex_enumeration(game):
    a, b = game.payoff_matrices
    found, degenerate = nash_equilibria(a, b)
    assert not degenerate
    assert as_set(found) == as_set(nashpy_vertex(a, b))
    assert all(pure_deviation_ok(a, b, x, y) for x, y in found)


def test_closed_form_mixed_equilibria():
    def mixed(game):
        found, _ = nash_equilibria(*game.payoff_matrices)
        return [(x, y) for x, y in found if np.all((x > 0) & (y > 0))]

    [(x, y)] = mixed(StagHunt())
    assert x[0] == pytest.approx(0.75) and y[0] == pytest.approx(0.75)  # MODEL.md
    value, cost = 2.0, 7.0
    [(x, _)] = mixed(Chicken(value=value, cost=cost))
    assert x[1] == pytest.approx(value / cost)  # hawk with probability V / C
    high, low, miss = 5.0, 2.0, 1.0
    [(x, y)] = mixed(BattleOfTheSexes(high, low, miss))
    p = (high - miss) / (high + low - 2 * miss)
    assert x[0] == pytest.approx(p) and y[1] == pytest.approx(p)
    [(x, y)] = mixed(MatchingPennies(stake=3.0))
    assert x == pytest.approx([0.5, 0.5]) and y == pytest.approx([0.5, 0.5])


def test_prisoners_dilemma_has_only_mutual_defection():
    found, _ = nash_equilibria(*PrisonersDilemma().payoff_matrices)
    assert len(found) == 1
    assert found[0][0] == pytest.approx([0, 1]) and found[0][1] == pytest.approx([0, 1])


def test_random_games_match_nashpy_vertex_enumeration():
    checked = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for a, b in random_games(seed=20240531, count=N_RANDOM_GAMES):
            assert not is_degenerate(a, b)
            found, _ = nash_equilibria(a, b)
            assert as_set(found) == as_set(nashpy_vertex(a, b))
            assert len(found) % 2 == 1  # nondegenerate games have an odd number
            assert all(pure_deviation_ok(a, b, x, y) for x, y in found)
            checked += 1
    assert checked == N_RANDOM_GAMES


def test_support_and_vertex_enumeration_agree_on_nondegenerate_games():
    for a, b in random_games(seed=7, count=100):
        assert as_set(support_enumeration(a, b)) == as_set(vertex_enumeration(a, b))


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(0, 2**32 - 1),
    st.sampled_from([2, 3, 10]),
)
def test_every_equilibrium_is_one_and_pure_ones_are_all_found(m, n, seed, levels):
    # small integer payoffs: mostly degenerate games, the hard case
    rng = np.random.default_rng(seed)
    a = rng.integers(0, levels, size=(m, n)).astype(float)
    b = rng.integers(0, levels, size=(m, n)).astype(float)
    found, degenerate = nash_equilibria(a, b)
    assert found, "every finite game has an equilibrium"
    assert all(pure_deviation_ok(a, b, x, y) for x, y in found)
    for i, j in pure_equilibria(a, b):
        assert any(x[i] == pytest.approx(1) and y[j] == pytest.approx(1) for x, y in found)
    if not degenerate:
        assert as_set(found) == as_set(vertex_enumeration(a, b))


def test_weak_prisoners_dilemma_is_degenerate_with_three_extreme_equilibria():
    # Nowak-May payoffs: against D both actions pay 0, so (C, D) and (D, C) are
    # equilibria too and the equilibria form two segments meeting at (D, D).
    a, b = PrisonersDilemma(reward=1, temptation=1.8, sucker=0, punishment=0).payoff_matrices
    assert is_degenerate(a, b)
    found, degenerate = nash_equilibria(a, b)
    assert degenerate
    cells = {(int(np.argmax(x)), int(np.argmax(y))) for x, y in found}
    assert cells == {(0, 1), (1, 0), (1, 1)}
    # a point inside a segment is an equilibrium though not listed
    assert is_nash(a, b, [0, 1], [0.3, 0.7])


def test_degenerate_pure_strategy_with_two_best_responses():
    a = np.array([[1.0, 1.0], [0.0, 0.0]])
    b = np.array([[1.0, 1.0], [0.0, 2.0]])
    assert is_degenerate(a, b)
    assert not is_degenerate(*StagHunt().payoff_matrices)


def test_is_nash_rejects_non_equilibria_and_bad_vectors():
    a, b = PrisonersDilemma().payoff_matrices
    assert not is_nash(a, b, [1, 0], [1, 0])
    assert not is_nash(a, b, [0.5, 0.6], [0, 1])
    assert best_response_gaps(a, b, [1, 0], [1, 0]) == pytest.approx((2.0, 2.0))


def test_polytope_vertices_of_unit_square():
    from alignsim.games.enumeration import _point, _vertices, exact_matrix

    square = exact_matrix([[1, 0], [0, 1]])
    for exact in (True, False):
        vertices, degenerate = _vertices(square, exact)
        points = sorted(tuple(_point(square, basis)) for basis, _ in vertices.values())
        assert points == [(0, 0), (0, 1), (1, 0), (1, 1)]
        assert not degenerate and all(count == 2 for _, count in vertices.values())


def test_mismatched_matrices_raise():
    with pytest.raises(ValueError, match="row, column"):
        nash_equilibria(np.ones((2, 2)), np.ones((2, 3)))


def test_rectangular_and_single_action_games():
    a = np.array([[1.0, 2.0, 3.0]])
    b = np.array([[3.0, 1.0, 2.0]])
    found, _ = nash_equilibria(a, b)
    assert len(found) == 1 and found[0][1] == pytest.approx([1, 0, 0])
