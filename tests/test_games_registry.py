"""build_game: every type builds; bad input names the key and what was expected."""

import pytest

from alignsim.games.registry import GAME_TYPES, build_game, game_spec

EXPECTED_TYPES = {
    "prisoners_dilemma",
    "stag_hunt",
    "chicken",
    "battle_of_the_sexes",
    "matching_pennies",
    "matrix",
    "linear_public_goods",
    "threshold_public_goods",
    "bar",
}


def test_registry_holds_the_library():
    assert set(GAME_TYPES) == EXPECTED_TYPES


@pytest.mark.parametrize("name", sorted(EXPECTED_TYPES - {"matrix"}))
def test_defaults_build_and_round_trip(name):
    game = build_game({"type": name})
    assert game.type_name == name
    assert build_game(game_spec(game)) == game


def test_matrix_game_from_lists():
    game = build_game({"type": "matrix", "row": [[1, 2], [3, 4], [5, 6]], "column": [[0] * 2] * 3})
    a, b = game.payoff_matrices
    assert a.shape == (3, 2) and game.actions[0] == ("r1", "r2", "r3")
    assert build_game(game_spec(game)) == game


def test_nowak_may_form_of_the_prisoners_dilemma():
    b = 1.85
    game = build_game(
        {"type": "prisoners_dilemma", "reward": 1, "temptation": b, "sucker": 0, "punishment": 0}
    )
    row, column = game.payoff_matrices
    assert row.tolist() == [[1, 0], [b, 0]]
    assert column.tolist() == row.T.tolist()


@pytest.mark.parametrize(
    ("spec", "key", "expected"),
    [
        ({"type": "pd"}, "type", "prisoners_dilemma"),
        ({"reward": 3}, "type", "expected one of"),
        ({"type": "bar", "n": 2.5}, "n", "an integer"),
        ({"type": "bar", "n": True}, "n", "an integer"),
        ({"type": "bar", "c": 1}, "c", "expected one of n, a, b"),
        ({"type": "stag_hunt", "reward": "x"}, "reward", "a number"),
        ({"type": "linear_public_goods", "leader": 1}, "leader", "true or false"),
        ({"type": "matrix", "row": [[1]]}, "column", "payoff matrix"),
        ({"type": "matrix", "row": [[1], [2, 3]], "column": [[1]]}, "row", "equal-length"),
        ({"type": "matrix", "row": [[1, 2]], "column": [[1, 2, 3]]}, "column", "same shape"),
        ({"type": "matrix", "row": [[1]], "column": [[1]], "row_actions": "a"}, "row_actions", ""),
        ({"type": "prisoners_dilemma", "reward": 6}, "temptation", "temptation > reward"),
        ({"type": "chicken", "value": 5}, "value", "cost > value"),
        ({"type": "bar", "a": 0.2}, "a, b", "a > b > 0"),
    ],
)
def test_bad_input_names_the_key(spec, key, expected):
    with pytest.raises(ValueError) as info:
        build_game(spec)
    message = str(info.value)
    assert message.startswith(key)
    assert expected in message


def test_not_a_mapping():
    with pytest.raises(ValueError, match="^game:"):
        build_game(["prisoners_dilemma"])
