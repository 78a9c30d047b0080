"""MatrixGame and the group-weight transformation of two-player games."""

import numpy as np
import pytest

from alignsim.games.bimatrix import MatrixGame, as_weights, weighted_payoffs
from alignsim.games.classic import PrisonersDilemma
from alignsim.games.equilibria import nash_equilibria


def test_weighted_payoffs_add_the_others_payoff():
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([[5.0, 6.0], [7.0, 8.0]])
    ua, ub = weighted_payoffs(a, b, (0.5, 0.25))
    assert ua.tolist() == (a + 0.5 * b).tolist()
    assert ub.tolist() == (b + 0.25 * a).tolist()
    ua, ub = weighted_payoffs(a, b, None)
    assert np.array_equal(ua, a) and np.array_equal(ub, b)


@pytest.mark.parametrize("weight", [1.0, 0.9])
def test_prisoners_dilemma_cooperation_with_group_weight(weight):
    # with R=3, S=0, T=5, P=1 cooperation is a best reply to cooperation iff
    # R + a R >= T + a S, i.e. a >= (T - R) / R = 2/3
    found, _ = nash_equilibria(*weighted_payoffs(*PrisonersDilemma().payoff_matrices, weight))
    cells = {(int(np.argmax(x)), int(np.argmax(y))) for x, y in found if max(x) == 1 == max(y)}
    assert (0, 0) in cells


@pytest.mark.parametrize("weight", np.linspace(0, 1, 21))
def test_mutual_cooperation_is_an_equilibrium_iff_weight_reaches_two_thirds(weight):
    a, b = weighted_payoffs(*PrisonersDilemma().payoff_matrices, weight)
    found, _ = nash_equilibria(a, b)
    cooperate = [1.0, 0.0]
    listed = any(x.tolist() == cooperate and y.tolist() == cooperate for x, y in found)
    assert listed == (weight >= 2 / 3 - 1e-12)


def test_as_weights():
    assert as_weights(None, 3).tolist() == [0, 0, 0]
    assert as_weights(0.5, 2).tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match="group_weight"):
        as_weights([0.1, 0.2, 0.3], 2)


def test_matrix_game_validation():
    with pytest.raises(ValueError, match="^row"):
        MatrixGame([], [])
    with pytest.raises(ValueError, match="^column"):
        MatrixGame([[1, 2]], [[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="^row_actions"):
        MatrixGame([[1, 2]], [[1, 2]], row_actions=("a", "b"))
    with pytest.raises(ValueError, match="finite"):
        MatrixGame([[1, float("inf")]], [[1, 2]])


def test_matrix_game_names_and_dict():
    game = MatrixGame([[1, 2]], [[3, 4]], column_actions=["left", "right"])
    assert game.actions == (("r1",), ("left", "right"))
    data = game.to_dict()
    assert data["row"] == [[1.0, 2.0]] and data["column"] == [[3.0, 4.0]]
