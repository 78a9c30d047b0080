"""``alignsim analyze``: JSON for scripts, tables for people, one-line errors for mistakes."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner
from scipy.stats import binom

from alignsim.cli import main
from alignsim.games import contribution_threshold, is_nash, weighted_payoffs
from alignsim.games.symmetric import indifference, weighted_table
from conftest import SCENARIOS

GAME_FILES = {
    "pd.yaml": "game: {type: matrix, row: [[3, 0], [5, 1]], column: [[3, 5], [0, 1]]}\n",
    "rps.yaml": (
        "game:\n  type: matrix\n"
        "  row: [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]\n"
        "  column: [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]\n"
    ),
    "stag.yaml": "name: stag\ngame: {type: stag_hunt}\n",
    "chicken.yaml": "game: {type: chicken, value: 2, cost: 6}\n",
    "bar_game.yaml": "game: {type: bar, n: 4, a: 1.0, b: 0.4}\n",
    "threshold.yaml": "game: {type: threshold_public_goods, n: 3, r: 2.0}\n",
}


def invoke(*args):
    return CliRunner().invoke(main, ["analyze", *map(str, args)])


def analyze_json(*args) -> dict:
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # exactly one JSON object, nothing else


@pytest.fixture
def game_file(tmp_path):
    def _write(name):
        path = tmp_path / name
        path.write_text(GAME_FILES[name])
        return path

    return _write


def check_two_player(section, game, weight):
    row, column = np.array(game["row"]), np.array(game["column"])
    utilities = weighted_payoffs(row, column, weight)
    for eq in section["equilibria"]:
        x, y = (np.array(s) for s in eq["strategies"])
        assert is_nash(*utilities, x, y, tol=1e-9), eq
        assert eq["payoffs"] == pytest.approx([x @ row @ y, x @ column @ y], abs=1e-9)


def expected(utility, action, sure, mixers, q):
    """Expected utility of ``action`` when ``sure`` others play 1 and ``mixers`` others mix."""
    counts = np.arange(mixers + 1)
    return float(binom.pmf(counts, mixers, q) @ utility[action, sure + counts])


def check_partly_mixed(utility, sure, mixers, q, eq):
    """``mixers`` players indifferent at ``q``, the ``sure`` ones and the rest not gaining."""
    gap = expected(utility, 1, sure, mixers - 1, q) - expected(utility, 0, sure, mixers - 1, q)
    assert abs(gap) <= 1e-9, eq
    if sure:
        assert (
            expected(utility, 1, sure - 1, mixers, q)
            >= expected(utility, 0, sure - 1, mixers, q) - 1e-9
        ), eq
    if utility.shape[1] > sure + mixers + 1 - 1 and sure + mixers < utility.shape[1]:
        assert (
            expected(utility, 0, sure, mixers, q) >= expected(utility, 1, sure, mixers, q) - 1e-9
        ), eq
    if mixers == utility.shape[1]:  # everyone mixes: the symmetric indifference of old
        assert abs(float(indifference(utility, q))) <= 1e-9


def check_symmetric(section, game, weight):
    utility = weighted_table(game["payoff_table"], game["outsider_payoffs"], weight or 0.0)
    for eq in section["equilibria"]:
        if eq["kind"] == "mixed":
            check_partly_mixed(utility, eq["head_count"], eq["mixing"], eq["probability"], eq)
            continue
        plays = [int(s[1] > 0.5) for s in eq["strategies"]]
        m = sum(plays)
        for x in plays:  # no player gains by switching alone
            k = m - x
            assert utility[1 - x, k] <= utility[x, k] + 1e-9, eq


def check_every_equilibrium(result, weight=None):
    game = result["game"]
    check = check_symmetric if "payoff_table" in game else check_two_player
    check(result, game, None)
    if "with_group_weight" in result:
        check(result["with_group_weight"], game, weight)


@pytest.mark.parametrize("name", sorted(GAME_FILES))
@pytest.mark.parametrize("weight", [None, 0.5, 1.0])
def test_json_parses_and_every_equilibrium_is_one(game_file, name, weight):
    args = [game_file(name)] + ([] if weight is None else ["--group-weight", weight])
    result = analyze_json(*args)
    assert result["kind"] == "game"
    for key in ("game", "equilibria", "social_optimum", "price_of_anarchy"):
        assert key in result
    assert result["equilibria"], "every finite game has an equilibrium"
    assert {e["kind"] for e in result["equilibria"]} <= {"pure", "mixed"}
    check_every_equilibrium(result, weight)


def test_game_file_table_names_the_equilibria(game_file):
    result = invoke(game_file("pd.yaml"), "--group-weight", 0.5)
    assert result.exit_code == 0
    assert "own payoff (group weight 0): 1 equilibrium" in result.output
    assert "group weight 0.5 (own payoff + 0.5 x the others')" in result.output
    assert "price of anarchy" in result.output


def test_nash_table_prints_model_threshold():
    result = invoke(SCENARIOS / "nash.yaml")
    assert result.exit_code == 0, result.output
    expected = float(contribution_threshold(33, 1.6, 0.1))  # 100 followers / 3 leaders
    lines = result.output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["leader", "group"])
    column = lines[header].split().index("a*") - 1  # "leader group" is two words
    row = lines[header + 2].split()
    assert row[0] == "leader"
    assert float(row[column]) == pytest.approx(expected, abs=5e-5), (
        lines[header + 2],
        expected,
    )
    assert "contribute iff group weight > a*" in result.output
    assert "Simulated long-run outcome" in result.output


def test_leader_analysis_says_which_team_it_analysed_and_what_it_leaves_out():
    result = invoke("public_goods_lab")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "in teams of 4 followers" in text
    assert "Team size analysed: the planned team, 400 followers shared equally among 100" in text
    assert "the teams a run makes vary round by round" in text
    left = text[text.index("Not covered by the analysis") :]
    assert "conditional cooperators (60% of the followers)" in left
    assert "whom followers choose to follow" in left
    # the conditional cooperators have their own simulated row, marked as not analysed
    assert any(line.split()[:3] == ["conditional", "-", "not"] for line in text.splitlines()), text


def test_leader_analysis_caps_the_team_at_the_capacity_and_says_so(tmp_path):
    path = tmp_path / "capped.yaml"
    path.write_text(
        "steps: 3\npopulation: {n_followers: 60, share_nash: 1.0}\n"
        "leaders: [{label: small, count: 2, capacity: 10}, {label: open, count: 1}]\n"
        "choice: {rule: best_response}\n"
    )
    result = analyze_json(path)
    sizes = {g["leader_group"]: g["team_size"] for g in result["leader_groups"]}
    assert sizes == {"small": 10, "open": 20}  # 60 followers / 3 leaders, small capped at 10
    small = result["leader_groups"][0]
    assert small["threshold_group_weight"] == pytest.approx(
        float(contribution_threshold(10, small["r"], small["cut"])), abs=1e-12
    )
    assert "at most the capacity of the small leaders" in result["team_size_basis"]
    assert not any("conditional" in item for item in result["not_covered"])  # none here
    assert not any("logit" in item for item in result["not_covered"])  # best responses
    assert "in teams of 10 and 20 followers" in invoke(path).output


def test_matrix_analysis_says_the_lattice_and_imitation_are_not_in_the_game(tmp_path):
    text = invoke("spatial_pd").output
    left = text[text.index("Not covered by the analysis") :]
    assert "neighbours on the lattice network" in left and "Nowak and May 1992" in left
    assert "copy the best-paid of oneself and one's neighbours" in left
    path = tmp_path / "mixed.yaml"  # well mixed, no imitation: the game is the whole story
    path.write_text(
        "steps: 3\npopulation: {n_followers: 20}\nleaders: []\ngame: {type: stag_hunt}\n"
    )
    assert analyze_json(path)["not_covered"] == []
    assert "Not covered" not in invoke(path).output


def test_nash_json_has_threshold_equilibria_and_simulation():
    result = analyze_json("nash")
    assert result["kind"] == "scenario"
    (group,) = result["leader_groups"]
    assert group["threshold_group_weight"] == pytest.approx(
        float(contribution_threshold(33, 1.6, 0.1)), abs=1e-12
    )
    assert result["contribution_threshold"]["dominant_above"] == pytest.approx(
        group["threshold_group_weight"]
    )
    check_every_equilibrium(group["analysis"], 1.0)
    tail = result["simulation"]["mean_last_10"]
    assert 0 <= tail["contribution_rate_smith"] <= 1 and 0 <= tail["contribution_rate_nash"] <= 1
    # The long run agrees with the threshold: Nash agents (a = 1 > a*) contribute, Smith not.
    assert tail["contribution_rate_nash"] > 0.8 > 0.2 > tail["contribution_rate_smith"]


def test_group_weight_option_reaches_the_scenario_and_the_run(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(
        "steps: 5\npopulation: {n_followers: 20, share_nash: 1.0}\nleaders: [{count: 2}]\n"
    )
    result = analyze_json(path, "--group-weight", 0.2)
    (group,) = result["leader_groups"]
    assert result["with_group_weight"]["group_weight"] == 0.2
    assert group["nash_contributes"] == (0.2 > group["threshold_group_weight"])
    assert result["simulation"]["rounds"] == 5


def test_bar_scenario_json_and_table():
    result = analyze_json(SCENARIOS / "bar.yaml")
    assert result["kind"] == "bar_scenario"
    check_every_equilibrium(result)
    assert not result["film_profile"]["equilibrium_for_some_weight_in_0_1"]
    assert result["learning"]["final_going"] == 1
    table = invoke("bar").output
    for text in ("film's profile", "What each profile pays the group", "Learning (best response"):
        assert text in table


def test_same_seed_same_output(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text("seed: 3\nsteps: 8\npopulation: {n_followers: 12}\n")
    assert invoke(path, "--json").output == invoke(path, "--json").output
    bar = SCENARIOS / "bar.yaml"
    assert invoke(bar, "--json").output == invoke(bar, "--json").output


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("game: {type: prisoners_dilema}\n", ["game.type", "prisoners_dilemma"]),
        ("game: {type: matrix, row: [[1, 2], [3]], column: [[1]]}\n", ["game.row"]),
        ("game: {type: matrix, column: [[1]]}\n", ["game.row"]),
        ("game: {type: stag_hunt, colour: 2}\n", ["game.colour", "not a parameter"]),
        ("game: {type: bar, n: 1}\n", ["game.n", ">= 2"]),
        ("game: [1, 2]\n", ["game"]),
        ("population: {share_nsh: 0.3}\n", ["population.share_nsh", "share_nash"]),
        ("game: {type: bar}\nlearning: {rul: logit}\n", ["learning.rul", "rule"]),
        ("- 1\n", ["mapping"]),
        ("game: {type: bar\n", ["does not parse"]),
    ],
)
def test_bad_files_give_one_line_errors(tmp_path, text, fragments):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    result = invoke(path)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.mark.parametrize("args", [["missing.yaml"], ["nash", "--group-weight", "nan"]])
def test_bad_arguments_give_one_line_errors(args):
    result = invoke(*args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_infinite_threshold_is_null_in_json_and_named_in_the_table(tmp_path):
    path = tmp_path / "lone.yaml"  # a lone follower and no cut: nobody else gains
    path.write_text("steps: 3\npopulation: {n_followers: 1}\nleaders: [{count: 1, cut: 0.0}]\n")
    (group,) = analyze_json(path)["leader_groups"]
    assert group["threshold_group_weight"] is None and group["smith_contributes"]
    assert "any" in invoke(path).output


def test_matrix_game_scenario_analyses_the_pairwise_game(tmp_path):
    path = tmp_path / "stag.yaml"
    path.write_text(
        "steps: 4\npopulation: {n_followers: 200, share_cooperators: 0.8, share_nash: 0.0}\n"
        "leaders: []\ngame: {type: stag_hunt}\n"
    )
    result = analyze_json(path)
    check_every_equilibrium(result)
    mixed = [e for e in result["equilibria"] if e["kind"] == "mixed"]
    assert mixed[0]["strategies"][0] == pytest.approx([0.75, 0.25])  # MODEL.md: 0.75 Stag
    assert 0 <= result["simulation"]["mean_last_10"]["cooperation_rate"] <= 1
    assert "share playing stag" in invoke(path).output
