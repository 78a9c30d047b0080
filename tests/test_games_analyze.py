"""analyze_game: every equilibrium it prints is one, and the output is JSON."""

import json
from itertools import product

import numpy as np
import pytest

from alignsim.games.analyze import analyze_game
from alignsim.games.registry import GAME_TYPES
from alignsim.outputs.game_text import format_analysis

SPECS = [{"type": name} for name in GAME_TYPES if name != "matrix"] + [
    {"type": "matrix", "row": [[1, 2, 3], [0, 4, 1]], "column": [[3, 1, 0], [1, 2, 5]]},
    {"type": "prisoners_dilemma", "reward": 1, "temptation": 1.9, "sucker": 0, "punishment": 0},
    {"type": "linear_public_goods", "n": 5, "r": 3.0, "cut": 0.2, "leader_contributes": True},
    {"type": "threshold_public_goods", "n": 5, "r": 2.5, "threshold_share": 0.6},
    {"type": "bar", "n": 6, "a": 2.0, "b": 1.5},
]
WEIGHTS = [None, 0.0, 0.3, 1.0]


def check_two_player(game, section, weight):
    a, b = np.array(game["row"]), np.array(game["column"])
    w = weight or 0.0
    ua, ub = a + w * b, b + w * a
    for e in section["equilibria"]:
        x, y = (np.array(s) for s in e["strategies"])
        assert x.sum() == pytest.approx(1) and y.sum() == pytest.approx(1)
        assert max(ua @ y) <= x @ ua @ y + 1e-9
        assert max(x @ ub) <= x @ ub @ y + 1e-9
        assert e["payoffs"] == pytest.approx([x @ a @ y, x @ b @ y], abs=1e-9)
        pure = max(x) > 1 - 1e-9 and max(y) > 1 - 1e-9
        assert e["kind"] == ("pure" if pure else "mixed")


def check_n_player(game, section, weight):
    table, outsider = np.array(game["payoff_table"]), np.array(game["outsider_payoffs"])
    n = game["n_players"]
    w = weight or 0.0

    def utilities(profile):
        m = sum(profile)
        pay = [table[x, m - x] for x in profile]
        group = sum(pay) + outsider[m]
        return np.array([p + w * (group - p) for p in pay])

    def value(i, action, probs):
        """Player i's expected utility of ``action`` when each other j plays 1 w.p. probs[j]."""
        others = [q for j, q in enumerate(probs) if j != i]
        total = 0.0
        for choice in product((0, 1), repeat=n - 1):
            chance = np.prod([q if o else 1 - q for q, o in zip(others, choice, strict=True)])
            profile = [*choice[:i], action, *choice[i:]]
            total += chance * utilities(profile)[i]
        return total

    scale = max(1.0, float(np.abs(table).max()))
    for e in section["equilibria"]:
        if e["kind"] == "continuum":
            continue
        probs = [s[1] for s in e["strategies"]]
        assert len(probs) == n
        for i, q in enumerate(probs):  # every action a player uses is a best response
            play, keep = value(i, 1, probs), value(i, 0, probs)
            if q > 0:
                assert play >= keep - 1e-9 * scale
            if q < 1:
                assert keep >= play - 1e-9 * scale


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s["type"])
@pytest.mark.parametrize("weight", WEIGHTS)
def test_every_printed_equilibrium_is_an_equilibrium(spec, weight):
    result = analyze_game(spec, weight)
    json.dumps(result, allow_nan=False)  # strict JSON
    sections = [(result, None)]
    if weight is not None:
        sections.append((result["with_group_weight"], weight))
    for section, w in sections:
        assert section["equilibria"]
        if "payoff_table" in result["game"]:
            check_n_player(result["game"], section, w)
        else:
            check_two_player(result["game"], section, w)


def test_random_matrix_games_through_the_report():
    rng = np.random.default_rng(11)
    for _ in range(25):
        m, n = rng.integers(2, 5, size=2)
        spec = {
            "type": "matrix",
            "row": rng.integers(-3, 4, size=(m, n)).tolist(),
            "column": rng.integers(-3, 4, size=(m, n)).tolist(),
        }
        weight = float(rng.uniform(0, 1))
        result = analyze_game(spec, weight)
        check_two_player(result["game"], result, None)
        check_two_player(result["game"], result["with_group_weight"], weight)


def test_prisoners_dilemma_with_full_group_weight_makes_cooperation_an_equilibrium():
    result = analyze_game({"type": "prisoners_dilemma"}, 1.0)
    smith = [e["strategies"] for e in result["equilibria"]]
    nash = [e["strategies"] for e in result["with_group_weight"]["equilibria"]]
    assert smith == [[[0.0, 1.0], [0.0, 1.0]]]
    assert [[1.0, 0.0], [1.0, 0.0]] in nash
    # price of anarchy: optimum (R + R) over the worst equilibrium (P + P)
    assert result["price_of_anarchy"] == pytest.approx((3 + 3) / (1 + 1))
    assert result["with_group_weight"]["price_of_anarchy"] == pytest.approx(1.0)


def test_result_structure():
    result = analyze_game({"type": "stag_hunt"})
    assert {"game", "equilibria", "social_optimum", "price_of_anarchy"} <= set(result)
    assert "with_group_weight" not in result
    assert result["group_weight"] is None
    for e in result["equilibria"]:
        assert set(e) >= {"kind", "strategies", "payoffs"}


def test_public_goods_threshold_is_reported():
    result = analyze_game({"type": "linear_public_goods", "n": 4, "r": 1.6, "cut": 0.0})
    threshold = result["contribution_threshold"]
    assert threshold["dominant_above"] == pytest.approx((4 - 1.6) / (3 * 1.6))
    assert "0.5" in format_analysis(result)


def test_bar_game_reports_the_film_profile():
    result = analyze_game({"type": "bar", "n": 4, "a": 1.0, "b": 0.5}, 1.0)
    film = result["film_profile"]
    assert film["equilibrium_for_some_weight_in_0_1"] is False
    assert film["is_social_optimum"] is False
    assert film["welfare"] == pytest.approx(4 * 0.5)
    assert film["optimum_welfare"] == pytest.approx(1.0 + 3 * 0.5)
    pure = [e for e in result["equilibria"] if e["kind"] == "pure"]
    # one entry per pattern; its `profiles` counts the suitors who could be the one
    assert sum(e["profiles"] for e in pure) == 4 and all(e["head_count"] == 1 for e in pure)
    [mixed] = [e for e in result["equilibria"] if e["kind"] == "mixed" and e["mixing"] == 4]
    assert mixed["probability"] == pytest.approx(1 - 0.5 ** (1 / 3))
    assert result["n_equilibria"] == 2**4 - 1


def test_at_the_threshold_weight_every_profile_is_an_equilibrium():
    n, r = 12, 1.6
    result = analyze_game({"type": "linear_public_goods", "n": n, "r": r}, (n - r) / ((n - 1) * r))
    weighted = result["with_group_weight"]
    assert weighted["n_equilibria"] is None and weighted["degenerate"]
    assert "every profile is an equilibrium" in weighted["coverage"]
    text = format_analysis(result)
    assert "infinitely many equilibria" in text and "every profile is an equilibrium" in text


def test_accepts_a_game_object_and_a_wrapped_section():
    from alignsim.games.classic import Chicken

    by_object = analyze_game(Chicken())
    by_file = analyze_game({"game": {"type": "chicken"}})
    assert by_object == by_file


@pytest.mark.parametrize("weight", ["high", float("nan"), True])
def test_bad_group_weight(weight):
    with pytest.raises(ValueError, match="group_weight"):
        analyze_game({"type": "stag_hunt"}, weight)


def test_format_mentions_degeneracy_and_both_sections():
    spec = {"type": "prisoners_dilemma", "reward": 1, "temptation": 1.9, "sucker": 0}
    spec["punishment"] = 0
    text = format_analysis(analyze_game(spec, 1.0))
    assert "degenerate" in text
    assert "maximise their own payoff (group weight 0)" in text and "group weight 1" in text
    assert "Smith" not in text  # a game file has no Smith or Nash players
