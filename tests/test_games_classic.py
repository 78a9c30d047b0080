"""The classic 2 x 2 games: documented defaults and the orderings that define them."""

import numpy as np
import pytest

from alignsim.games.classic import (
    BattleOfTheSexes,
    Chicken,
    MatchingPennies,
    PrisonersDilemma,
    StagHunt,
    SymmetricTwoByTwo,
)


def test_prisoners_dilemma_defaults_are_axelrods():
    a, b = PrisonersDilemma().payoff_matrices
    assert a.tolist() == [[3, 0], [5, 1]]
    assert np.array_equal(b, a.T)
    assert PrisonersDilemma().actions == (("cooperate", "defect"), ("cooperate", "defect"))


def test_defection_dominates_in_any_prisoners_dilemma():
    for t, r, p, s in [(5, 3, 1, 0), (1.9, 1, 0, 0), (10, 9, -1, -2)]:
        a, _ = PrisonersDilemma(reward=r, sucker=s, temptation=t, punishment=p).payoff_matrices
        assert np.all(a[1] >= a[0]) and a[1, 0] > a[0, 0]


def test_stag_hunt_default_is_model_md_matrix():
    a, b = StagHunt().payoff_matrices
    assert a.tolist() == [[4, 0], [3, 3]]
    assert np.array_equal(b, a.T)


def test_chicken_is_hawk_dove():
    v, c = 3.0, 8.0
    a, _ = Chicken(value=v, cost=c).payoff_matrices
    assert a.tolist() == [[v / 2, 0], [v, (v - c) / 2]]


def test_battle_of_the_sexes_and_matching_pennies():
    a, b = BattleOfTheSexes().payoff_matrices
    assert a.tolist() == [[2, 0], [0, 1]] and b.tolist() == [[1, 0], [0, 2]]
    a, b = MatchingPennies(stake=2).payoff_matrices
    assert np.array_equal(a + b, np.zeros((2, 2))) and a[0, 0] == 2


@pytest.mark.parametrize(
    ("make", "key"),
    [
        (lambda: PrisonersDilemma(reward=6), "temptation"),
        (lambda: StagHunt(temptation=5), "reward"),
        (lambda: Chicken(value=5, cost=4), "value"),
        (lambda: BattleOfTheSexes(low=3), "high"),
        (lambda: MatchingPennies(stake=0), "stake"),
    ],
)
def test_orderings_are_enforced(make, key):
    with pytest.raises(ValueError, match=f"^{key}"):
        make()


def test_as_matrix_game_and_to_dict():
    game = StagHunt()
    matrix = game.as_matrix_game()
    assert matrix.row == [[4, 0], [3, 3]] and matrix.actions == game.actions
    data = game.to_dict()
    assert data["type"] == "stag_hunt" and data["params"]["reward"] == 4
    assert SymmetricTwoByTwo().payoff_matrices[0].tolist() == [[3, 0], [5, 1]]
