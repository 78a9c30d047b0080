"""The bar game's learning model: leaving the film's profile, convergence, logit long run."""

from __future__ import annotations

import json
import math
from itertools import product

import numpy as np
import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.dynamics import bar_learning as learn
from alignsim.games import bar_mixed_probability
from alignsim.kinds import load
from alignsim.kinds.bar import BarKind
from alignsim.model.bar import BarModel, Suitor, bar_payoffs
from alignsim.scenario import BarScenario, ScenarioError
from conftest import SCENARIOS

BAR = SCENARIOS / "bar.yaml"


def bar(*overrides, **updates) -> BarScenario:
    scenario = load(BAR, overrides, **updates)
    assert isinstance(scenario, BarScenario)
    return scenario


def run(scenario: BarScenario, seed: int | None = None) -> BarModel:
    model = BarModel(scenario, rng=seed)
    for _ in range(scenario.steps):
        model.step()
    return model


def series(model: BarModel):
    return model.datacollector.get_model_vars_dataframe()


# --- the film's profile and best response ------------------------------------------


@pytest.mark.parametrize("weight", [0.0, 0.25, 0.5, 0.75, 1.0])
def test_film_profile_is_not_an_equilibrium(weight):
    model = BarModel(bar(f"suitors.group_weight={weight}"))
    start = series(model).iloc[0]
    assert start["going"] == 0 and start["is_equilibrium"] == 0
    assert start["max_deviation_gain"] == pytest.approx(1.0 - 0.5)
    assert start["equilibrium_distance"] == 1


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("start", ["film", "everyone", "random"])
def test_best_response_reaches_exactly_one_suitor_going(seed, start):
    model = run(bar(f"suitors.start={start}", "game.n=6", steps=60), seed)
    ts = series(model)
    assert int(model.going.sum()) == 1
    assert ts["is_equilibrium"].iloc[-1] == 1
    assert ts["equilibrium_distance"].iloc[-1] == 0
    if start == "film":
        assert ts["going"].iloc[1] == 1  # the first suitor to think again goes for her


def test_nash_style_suitors_also_leave_the_film_profile():
    model = run(bar("suitors.group_weight=1.0"), seed=3)
    assert int(model.going.sum()) == 1


def test_synchronous_best_response_cycles():
    n = 5
    model = run(bar("learning.revision=synchronous", f"game.n={n}", steps=10))
    assert list(series(model)["going"]) == [0, n] * 5 + [0]


@pytest.mark.parametrize("seed", range(5))
def test_fictitious_play_leaves_the_film_profile_for_one_suitor(seed):
    model = run(bar("learning.rule=fictitious_play", steps=40), seed)
    assert series(model)["going"].iloc[1] == 1
    assert int(model.going.sum()) == 1


# --- logit learning -------------------------------------------------------------------


def test_logit_long_run_share_matches_the_stationary_distribution():
    """Asynchronous logit learning's time average is within 0.03 of Blume's prediction."""
    n, rationality = 4, 2.0
    model = run(
        bar(
            "learning.rule=logit", f"learning.rationality={rationality}", f"game.n={n}", steps=4000
        ),
        seed=11,
    )
    share = series(model)["share_going"].iloc[400:].mean()
    predicted = learn.logit_stationary(n, 1.0, 0.5, 0.0, rationality) @ np.arange(n + 1) / n
    assert share == pytest.approx(predicted, abs=0.03)
    assert share > 0.1  # far from the film's profile (share 0)


def _exact_stationary(n, a, b, weight, rationality):
    """Stationary head-count law of the logit Markov chain on all 2^n profiles, by brute force."""
    profiles = [np.array(p, dtype=bool) for p in product([0, 1], repeat=n)]
    index = {tuple(p): i for i, p in enumerate(profiles)}
    utility = learn.utility_table(n, a, b, weight)
    chain = np.zeros((len(profiles), len(profiles)))
    for i, p in enumerate(profiles):
        for who in range(n):
            k = int(p.sum() - p[who])
            go = 1 / (1 + math.exp(-rationality * (utility[1, k] - utility[0, k])))
            for action, prob in ((True, go), (False, 1 - go)):
                q = p.copy()
                q[who] = action
                chain[i, index[tuple(q)]] += prob / n
    values, vectors = np.linalg.eig(chain.T)
    pi = np.real(vectors[:, np.argmin(np.abs(values - 1))])
    pi /= pi.sum()
    law = np.zeros(n + 1)
    for p, mass in zip(profiles, pi, strict=True):
        law[int(p.sum())] += mass
    return law


@pytest.mark.parametrize("weight", [0.0, 0.5, 1.0])
def test_logit_stationary_is_the_chain_s_stationary_law(weight):
    exact = _exact_stationary(4, 1.0, 0.4, weight, 1.5)
    assert learn.logit_stationary(4, 1.0, 0.4, weight, 1.5) == pytest.approx(exact, abs=1e-9)


@pytest.mark.parametrize("weight", [0.0, 0.5, 1.0, 3.0])
def test_potential_changes_by_each_switch_s_utility_gain(weight):
    utility = learn.utility_table(6, 1.0, 0.3, weight)
    change = np.diff(learn.potential(6, 1.0, 0.3, weight))
    assert utility[1] - utility[0] == pytest.approx(change)


def test_logit_equilibrium_approaches_the_mixed_equilibrium():
    (p,) = learn.logit_equilibria(5, 1.0, 0.5, 0.0, 2000.0)
    assert p == pytest.approx(bar_mixed_probability(5, 1.0, 0.5), abs=1e-3)


def test_count_distribution_is_a_probability_law():
    pmf = learn.count_distribution(np.array([0.2, 0.5, 0.9]))
    assert pmf.sum() == pytest.approx(1.0)
    assert pmf[0] == pytest.approx(0.8 * 0.5 * 0.1)
    assert pmf[3] == pytest.approx(0.2 * 0.5 * 0.9)


# --- the model as a Mesa model --------------------------------------------------------


def test_payoffs_of_a_profile():
    assert list(bar_payoffs(np.array([1, 0, 0], dtype=bool), 1.0, 0.5)) == [1.0, 0.5, 0.5]
    assert list(bar_payoffs(np.array([1, 1, 0], dtype=bool), 1.0, 0.5)) == [0.0, 0.0, 0.5]


def test_suitors_are_views_on_the_arrays():
    model = BarModel(bar())
    assert len(model.agents) == model.config.game.n
    suitor = model.suitors[2]
    assert isinstance(suitor, Suitor) and not suitor.going
    suitor.going = True
    assert model.going[2]
    model.step()
    assert suitor.wealth == pytest.approx(model.wealth[2])
    assert 0.0 <= suitor.belief <= 1.0


@pytest.mark.parametrize("rule", ["best_response", "fictitious_play", "logit"])
def test_same_seed_same_run(rule):
    scenario = bar(f"learning.rule={rule}", "learning.rationality=2", "suitors.start=random")
    a, b = (series(run(scenario, seed=5)) for _ in range(2))
    assert a.equals(b)


def test_other_seed_other_logit_run():
    scenario = bar("learning.rule=logit", "learning.rationality=1", steps=200)
    assert not series(run(scenario, seed=1)).equals(series(run(scenario, seed=2)))


def test_model_rejects_a_leader_scenario():
    with pytest.raises(ScenarioError):
        BarModel(SCENARIOS / "nash.yaml")


# --- the run, its summary and its files ----------------------------------------------


def test_summary_holds_the_analysis_and_the_learning_outcome():
    summary = BarKind().run(bar()).summary
    film = summary["analysis"]["film_profile"]
    assert not film["equilibrium_for_some_weight_in_0_1"]
    assert not film["is_social_optimum"]
    assert [r["is_equilibrium"] for r in film["by_group_weight"]] == [False] * 5
    profiles = summary["analysis"]["profiles"]
    assert [p["going"] for p in profiles if p["is_equilibrium"]] == [1]
    assert profiles[0]["group_payoff"] == pytest.approx(5 * 0.5)
    assert profiles[1]["group_payoff"] == pytest.approx(1.0 + 4 * 0.5)
    learning = summary["learning"]
    assert learning["left_start_round"] == 1 and learning["final_is_equilibrium"]


def test_run_writes_files_and_same_seed_same_bytes(tmp_path):
    for tag in ("a", "b"):
        result = CliRunner().invoke(
            main, ["run", str(BAR), "--quiet", "--out", str(tmp_path / tag)]
        )
        assert result.exit_code == 0, result.output
    files = {p.name for p in (tmp_path / "a").iterdir()}
    expected = {"timeseries.csv", "summary.json", "bar_learning.png", "bar_profiles.png"}
    assert files == expected | {".alignsim.json"}
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    summary = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert summary["kind"] == "bar" and summary["final"]["step"] == 30


def test_run_prints_the_learning_table(tmp_path):
    result = CliRunner().invoke(main, ["run", "bar", "--steps", "5", "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    for text in ("first round in equilibrium", "final profile", "film's profile"):
        assert text in result.output


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("game: {type: bar, a: 0.2}\n", ["game", "a must be greater than b"]),
        (
            "game: {type: bar}\nlearning: {rul: logit}\n",
            ["learning.rul", "did you mean 'learning.rule'"],
        ),
        ("game: {type: bar}\nlearning: {rule: fictitous}\n", ["learning.rule", "fictitious_play"]),
        ("game: {type: bar, n: 1}\n", ["game.n", "greater than or equal to 2"]),
        ("game: {type: bar}\nsuitors: {start: nobody}\n", ["suitors.start"]),
    ],
)
def test_bad_bar_files_give_one_line_errors(tmp_path, text, fragments):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0]
    for fragment in fragments:
        assert fragment in lines[0]
    assert not out.exists()


def test_validate_and_list_a_bar_scenario():
    result = CliRunner().invoke(main, ["validate", str(BAR)])
    assert result.exit_code == 0 and "suitors" in result.output
    listing = CliRunner().invoke(main, ["scenarios"])
    assert any(line.startswith("bar ") for line in listing.output.splitlines())
