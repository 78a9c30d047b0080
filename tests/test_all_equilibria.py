"""`alignsim analyze` finds every equilibrium, whatever the payoffs' scale, and says so in words."""

from __future__ import annotations

import json
from fractions import Fraction
from itertools import product
from math import comb

import nashpy
import numpy as np
import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.games import analyze_game
from alignsim.games.enumeration import enumerate_equilibria, exact_matrix, is_exact_equilibrium
from alignsim.outputs.game_text import format_analysis
from conftest import SCENARIOS

# --- N-player games: the bar game's 2^N - 1 equilibria -------------------------------------


def bar_payoff(going: int, others_going: int, a: float, b: float) -> float:
    """The bar game by its definition: alone at the most-wanted a, crowded 0, elsewhere b."""
    if not going:
        return b
    return a if others_going == 0 else 0.0


def bar_deviation_gain(probabilities: list[float], player: int, a: float, b: float) -> float:
    """Exact expected gain of switching to the better pure action, by enumerating profiles."""
    others = [q for i, q in enumerate(probabilities) if i != player]
    values = [0.0, 0.0]
    for profile in product((0, 1), repeat=len(others)):
        weight = np.prod([q if x else 1 - q for q, x in zip(others, profile, strict=True)])
        for action in (0, 1):
            values[action] += weight * bar_payoff(action, sum(profile), a, b)
    p = probabilities[player]
    current = (1 - p) * values[0] + p * values[1]
    return max(values) - current


@pytest.mark.parametrize(("n", "a", "b"), [(5, 1.0, 0.5), (4, 3.0, 1.0), (6, 2.0, 1.5)])
def test_bar_game_has_two_to_the_n_minus_one_equilibria(n, a, b):
    result = analyze_game({"type": "bar", "n": n, "a": a, "b": b})
    assert result["n_equilibria"] == 2**n - 1
    assert result["complete"] and result["coverage"] == "every equilibrium"
    patterns = {(e["head_count"], e["mixing"]): e for e in result["equilibria"]}
    assert patterns[(1, 0)]["profiles"] == n  # exactly one goes for her
    for k in range(2, n + 1):
        entry = patterns[(0, k)]  # k mix, the others go for the friends
        assert entry["profiles"] == comb(n, k)
        assert entry["probability"] == pytest.approx(1 - (b / a) ** (1 / (k - 1)), rel=1e-12)
    assert len(patterns) == n  # nothing else
    for entry in result["equilibria"]:
        probabilities = [s[1] for s in entry["strategies"]]
        for player in range(n):
            assert bar_deviation_gain(probabilities, player, a, b) < 1e-9 * a


def test_bar_game_text_says_31_in_words():
    text = format_analysis(analyze_game({"type": "bar", "n": 5}))
    assert "31 equilibria" in text and "found: every equilibrium" in text
    assert "most wanted" in text and "most_wanted" not in text
    assert "2 mix (most wanted with probability 0.5), 3 on others (10 profiles)" in text


def test_linear_public_goods_is_complete_and_threshold_public_goods_says_what_it_covers():
    linear = analyze_game({"type": "linear_public_goods", "n": 4, "r": 1.6})
    assert linear["complete"] and linear["n_equilibria"] == 1
    assert linear["equilibria"][0]["head_count"] == 0
    threshold = analyze_game(
        {"type": "threshold_public_goods", "n": 5, "r": 3.0, "threshold_share": 0.6}
    )
    assert not threshold["complete"]
    assert "same probability" in threshold["coverage"]
    assert "same probability" in format_analysis(threshold)


@pytest.mark.parametrize("scale", [1e-6, 1e4, 1e9, 1e15])
def test_symmetric_answer_does_not_depend_on_the_scale(scale):
    def shape(result):
        return [(e["head_count"], e["mixing"], e["probability"]) for e in result["equilibria"]]

    base = analyze_game({"type": "bar", "n": 5, "a": 1.0, "b": 0.5})
    scaled = analyze_game({"type": "bar", "n": 5, "a": scale, "b": 0.5 * scale})
    assert [s[:2] for s in shape(scaled)] == [s[:2] for s in shape(base)]
    for (_, _, p), (_, _, q) in zip(shape(base), shape(scaled), strict=True):
        assert p == q or p == pytest.approx(q, rel=1e-9)


# --- two-player games: every equilibrium, at any scale, exactly checked -----------------------

NASHPY_4X3 = (
    [[1, -1, 0], [-1, 1, 0], [0, 0, 1], [2, 2, 2]],
    [[-1, 1, 0], [1, -1, 0], [0, 0, -1], [0, 0, 0]],
)


def as_floats(enumeration):
    return sorted(tuple(round(float(v), 9) for v in (*x, *y)) for x, y in enumeration.equilibria)


@pytest.mark.parametrize("scale", [1, 10**4, 10**6, 10**9, 10**15])
def test_the_answer_does_not_change_when_payoffs_are_scaled(scale):
    a, b = (np.array(m) for m in NASHPY_4X3)
    base = enumerate_equilibria(a.tolist(), b.tolist())
    assert base.equilibria
    scaled = enumerate_equilibria((a * scale).tolist(), (b * scale).tolist())
    assert as_floats(scaled) == as_floats(base)
    floats = enumerate_equilibria((a * float(scale)).tolist(), (b * float(scale)).tolist())
    assert as_floats(floats) == as_floats(base)


def test_random_games_at_many_scales_match_nashpy():
    rng = np.random.default_rng(11)
    for _ in range(22):
        m, n = rng.integers(2, 5, size=2)
        a, b = rng.normal(size=(m, n)), rng.normal(size=(m, n))
        expected = sorted(
            tuple(np.round(np.concatenate(p), 6) + 0.0)
            for p in nashpy.Game(a - a.min() + 1, b - b.min() + 1).vertex_enumeration()
        )
        for scale in (1e-9, 1.0, 1e6, 1e9, 1e12):
            found = enumerate_equilibria((a * scale).tolist(), (b * scale).tolist())
            got = sorted(
                tuple(round(float(v), 6) + 0.0 for v in (*x, *y)) for x, y in found.equilibria
            )
            assert got == expected, scale


def large_payoff_game() -> tuple[list[list[int]], list[list[int]]]:
    """Gambit's tests/test_games/large_payoff_game.efg in reduced strategic form, times 2.

    Chance picks L or R (1/2 each); player 1 picks A or B at each; player 2,
    not knowing L from R, picks X or Y after A (one information set) and after
    B (another). Payoffs to player 1 (player 2 gets the negative): after L,
    AX = 10^19, AY = 1, BX = -1, BY = 0; after R, AX = -1, AY = 1, BX = 0,
    BY = 10^19. Doubling clears the chance probabilities; integers stay exact.
    """
    big = 10**19
    left = {("A", "X"): big, ("A", "Y"): 1, ("B", "X"): -1, ("B", "Y"): 0}
    right = {("A", "X"): -1, ("A", "Y"): 1, ("B", "X"): 0, ("B", "Y"): big}
    rows = list(product("AB", repeat=2))  # (after L, after R)
    columns = list(product("XY", repeat=2))  # (after A, after B)

    def reply(action: str, column: tuple[str, str]) -> str:
        return column[0] if action == "A" else column[1]

    a = [
        [left[(r[0], reply(r[0], c))] + right[(r[1], reply(r[1], c))] for c in columns]
        for r in rows
    ]
    return a, [[-v for v in row] for row in a]


def test_gambits_large_payoff_game():
    """Gambit's answer is found exactly, and every listed profile is exactly an equilibrium.

    Gambit's expected equilibrium: player 1 plays A at both; player 2 plays Y
    after A and X after B with probability (10^19 - 1) / 10^19. In the
    strategic form: rows (A, A); columns (Y, X) and (Y, Y) with 1 - 10^-19
    and 10^-19. The game is zero-sum, so every equilibrium gives player 1 the
    value, 2 (doubled payoffs).
    """
    a, b = large_payoff_game()
    found = enumerate_equilibria(a, b)
    big = Fraction(10**19)
    gambit = ([1, 0, 0, 0], [0, 0, (big - 1) / big, 1 / big])
    assert any(list(x) == gambit[0] and list(y) == gambit[1] for x, y in found.equilibria), (
        found.equilibria
    )
    exact_a, exact_b = exact_matrix(a), exact_matrix(b)
    for x, y in found.equilibria:
        assert is_exact_equilibrium(exact_a, exact_b, x, y)
        value = sum(x[i] * exact_a[i, j] * y[j] for i in range(4) for j in range(4))
        assert value == 2
    text = format_analysis(analyze_game({"type": "matrix", "row": a, "column": b}))
    assert "every profile gives the same total, 0" in text


def test_a_twelve_by_twelve_game_is_solved_and_every_equilibrium_checks():
    rng = np.random.default_rng(12)
    a, b = rng.integers(0, 100, (12, 12)), rng.integers(0, 100, (12, 12))
    found = enumerate_equilibria(a.tolist(), b.tolist())
    assert len(found.equilibria) == 23  # degenerate (integer payoffs tie): the extreme ones
    exact_a, exact_b = exact_matrix(a.tolist()), exact_matrix(b.tolist())
    assert all(is_exact_equilibrium(exact_a, exact_b, x, y) for x, y in found.equilibria)


# --- plain words -----------------------------------------------------------------------------


def run_cli(*args: str) -> str:
    result = CliRunner().invoke(main, ["analyze", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_zero_sum_game_has_no_arbitrary_social_optimum(tmp_path):
    path = tmp_path / "pennies.yaml"
    path.write_text("game: {type: matching_pennies}\n")
    text = run_cli(str(path))
    assert "every profile gives the same total" in text
    assert "social optimum: heads" not in text.lower()
    data = json.loads(run_cli(str(path), "--json"))
    assert data["social_optimum"]["constant_sum"] and "strategies" not in data["social_optimum"]


@pytest.mark.parametrize("name", ["bar", "staghunt", "nash", "spatial_pd"])
def test_outputs_speak_plain_words(name):
    text = run_cli(str(SCENARIOS / f"{name}.yaml"))
    for identifier in (
        "unilateral_deviation",
        "symmetric_indifference",
        "support_enumeration",
        "vertex_enumeration",
        "MODEL.md",
        "most_wanted",
        "row_actions",
        "['",
    ):
        assert identifier not in text, identifier
    if name in ("staghunt", "spatial_pd"):  # leaderless: nobody is a Smith or Nash player
        assert "Smith" not in text and "Nash players" not in text
        assert " r1" not in text and " c1" not in text
