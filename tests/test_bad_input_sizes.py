"""Sizes the model cannot honour: refused up front, in one line, with the number that is wrong.

Networks whose degree reaches the population, scenarios that would need more
memory than the budget (with the estimate), games too large to analyse in
seconds, numbers that are infinite or so large they overflow, and sweep grids
too large to plan.
"""

from __future__ import annotations

import time

import pytest

from alignsim.kinds.game_analysis import MAX_PLAYERS
from alignsim.runner.analyze import analyze_file
from alignsim.scenario import ScenarioError, load_scenario
from alignsim.scenario.resources import ENV, format_bytes, parse_size
from alignsim.scenario.sweep import MAX_POINTS
from cli_helpers import invoke, one_line_error


@pytest.mark.parametrize("kind", ["watts_strogatz", "barabasi_albert", "erdos_renyi"])
@pytest.mark.parametrize("degree", [53, 200])
def test_a_degree_at_or_above_the_population_is_refused(tmp_path, kind, degree):
    out = tmp_path / "out"
    result = invoke(
        "run", "nash", "--steps", "2", "--out", out,
        "--set", f"network.kind={kind}", "--set", f"network.degree={degree}",
        "--set", "population.n_followers=50",
    )  # fmt: skip
    one_line_error(result, "network.degree", "53", "at most 52")
    assert not out.exists()


def test_the_largest_degree_the_population_allows_runs():
    scenario = load_scenario(
        "nash", ["network.kind=erdos_renyi", "network.degree=52", "population.n_followers=50"]
    )
    assert scenario.network.degree == 52


def test_terabytes_of_leaders_are_refused_at_once_with_the_estimate(tmp_path):
    out = tmp_path / "out"
    started = time.perf_counter()
    result = invoke(
        "run", "nash", "--steps", "2", "--out", out,
        "--set", "population.n_followers=10000000", "--set", "leaders.0.count=100000",
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    line = one_line_error(result, "population.n_followers", "TiB", "--memory-limit", ENV)
    assert "agents-by-leaders" in line
    assert elapsed < 30  # the allocation it replaces took minutes before failing
    assert not out.exists()


def test_the_budget_can_be_lowered_and_raised(tmp_path):
    args = ["validate", "nash", "--set", "population.n_followers=20000"]
    one_line_error(invoke(*args, "--memory-limit", "1M"), "MiB", "1M")
    one_line_error(invoke(*args, env={ENV: "2M"}), f"{ENV}=2M")
    assert invoke(*args, "--memory-limit", "64G").exit_code == 0


def test_per_round_agent_data_counts_toward_the_estimate():
    # 100,003 agents x 10 million rounds of agent rows: far beyond any machine
    with pytest.raises(ScenarioError, match="output.agent_data"):
        load_scenario(
            "nash", ["population.n_followers=100000", "output.agent_data=true"], steps=10_000_000
        )
    assert load_scenario("nash", ["population.n_followers=100000"], steps=10_000_000)


def test_a_memory_limit_that_is_not_a_size_is_one_line():
    one_line_error(invoke("run", "nash", "--memory-limit", "lots"), "--memory-limit", "16G")


@pytest.mark.parametrize(
    "text, size", [("16G", 16e9), ("512M", 512e6), ("2.5GiB", 2.5 * 2**30), ("1000", 1000)]
)
def test_sizes_are_read_as_written(text, size):
    assert parse_size(text) == int(size)


def test_sizes_are_printed_in_binary_units():
    assert format_bytes(7.35 * 2**40) == "7.35 TiB"
    assert format_bytes(512 * 2**20) == "512 MiB"


@pytest.mark.parametrize(
    "text, key",
    [
        ("population:\n  endowment: .inf\n", "population.endowment"),
        ("population:\n  endowment: 1.0e308\n", "population.endowment"),
        ("population:\n  group_weight: .nan\n", "population.group_weight"),
        ("choice:\n  follow_cost: 1.0e308\n", "choice.follow_cost"),
        ("choice:\n  outside_option: .inf\n", "choice.outside_option"),
        ("mentorship:\n  mentor_benefit: 1.0e308\n", "mentorship.mentor_benefit"),
        ("population:\n  prior_experience: 1.0e300\n", "population.prior_experience"),
        ("game:\n  type: matrix\n  payoffs: [[1.0e308, 0], [0, 1]]\nleaders: []\n",
         "game.payoffs.0.0"),
        ("game:\n  type: prisoners_dilemma\n  temptation: .inf\nleaders: []\n", "game.temptation"),
        ("learning:\n  exclusion_rounds: 100000000000000000000\n", "learning.exclusion_rounds"),
        ("seed: 100000000000000000000000\n", "seed"),
    ],
)  # fmt: skip
def test_infinite_or_overflowing_numbers_are_refused(tmp_path, text, key):
    path = tmp_path / "huge.yaml"
    path.write_text(text)
    one_line_error(invoke("validate", path), str(path), key)


def test_the_bounds_are_in_the_key_reference():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "scenarios.md").read_text()
    assert "| `endowment` | float | `1` | > 0, <= 1,000,000 |" in text
    payoffs = "| `payoffs` | list of list of float or null | `null` | -1,000,000 to 1,000,000 |"
    assert payoffs in text


def test_analyze_refuses_a_public_goods_game_of_100000_players(tmp_path):
    path = tmp_path / "pg.yaml"
    path.write_text("game:\n  type: linear_public_goods\n  n: 100000\n")
    started = time.perf_counter()
    one_line_error(invoke("analyze", path), str(path), "game.n", "100,000 players", "1,000")
    assert time.perf_counter() - started < 30


def test_analyze_refuses_a_16x16_matrix_game(tmp_path):
    row = [[(i * 7 + j * 3) % 10 for j in range(16)] for i in range(16)]
    path = tmp_path / "m16.yaml"
    path.write_text(f"game:\n  type: matrix\n  row: {row}\n  column: {row}\n")
    one_line_error(invoke("analyze", path), "game.row", "16x16", "support pairs")


def test_analyze_still_solves_a_small_matrix_game(tmp_path):
    path = tmp_path / "m2.yaml"
    path.write_text("game:\n  type: matrix\n  row: [[3, 0], [5, 1]]\n  column: [[3, 5], [0, 1]]\n")
    assert analyze_file(path)["kind"] == "game"


def test_analyze_refuses_a_scenario_of_100000_followers_before_running_it(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("steps: 60\npopulation: {n_followers: 100000}\nleaders: [{count: 3}]\n")
    started = time.perf_counter()
    one_line_error(invoke("analyze", path), "population.n_followers", "33,333", f"{MAX_PLAYERS:,}")
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize(
    "game, key",
    [
        ("{type: matrix, row: [[1.0e+308, 0], [0, 1]], column: [[1, 0], [0, 1]]}", "game.row.0.0"),
        ("{type: linear_public_goods, n: 5, endowment: .inf}", "game.endowment"),
    ],
)
def test_analyze_refuses_infinite_or_huge_game_numbers(tmp_path, game, key):
    path = tmp_path / "g.yaml"
    path.write_text(f"game: {game}\n")
    one_line_error(invoke("analyze", path), key, "finite")


@pytest.mark.parametrize(
    "grid, fragment",
    [
        (["population.group_weight=0:inf:1"], "finite"),
        (["population.group_weight=0:1e400:1"], "finite"),
        (["population.group_weight=0:1:1000000pts"], f"{MAX_POINTS}"),
        (["population.group_weight=0:1000000:1"], f"{MAX_POINTS:,}"),
        (["population.group_weight=0:1:1000pts", "population.share_nash=0:1:1000pts"],
         "1000 x 1000 = 1,000,000 points"),
    ],
)  # fmt: skip
def test_sweep_grids_too_large_to_plan_are_refused_quickly(tmp_path, grid, fragment):
    out = tmp_path / "sweep"
    args = ["sweep", "nash", "--out", out, "--replicates", "1", "--steps", "2"]
    for item in grid:
        args += ["--grid", item]
    started = time.perf_counter()
    one_line_error(invoke(*args), fragment)
    assert time.perf_counter() - started < 30  # planning 10^6 points took minutes
    assert not out.exists()


def test_too_many_runs_are_refused(tmp_path):
    grid = "population.group_weight=0:1:1000pts"
    args = ["sweep", "nash", "--grid", grid, "--replicates", "1000", "--out", tmp_path / "s"]
    one_line_error(invoke(*args), "1,000,000 runs")
