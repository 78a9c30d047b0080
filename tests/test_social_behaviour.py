"""The social scenarios show what their descriptions promise, over several seeds."""

from __future__ import annotations

import pytest

from alignsim.model import AlignmentModel
from alignsim.scenario import load_scenario
from conftest import SCENARIOS

SEEDS = [1, 2, 3]


def series(name, seed, overrides=()):
    model = AlignmentModel(load_scenario(SCENARIOS / f"{name}.yaml", list(overrides), seed=seed))
    model.run()
    return model.datacollector.get_model_vars_dataframe()


@pytest.mark.parametrize("seed", SEEDS)
def test_the_vision_wins_first_and_the_wiifm_wins_for_good(seed):
    ts = series("wiifm", seed)
    assert ts["team_vision"].iloc[0] > 80  # the bigger promise draws the crowd
    assert ts["team_wiifm"].tail(10).mean() > 90  # the clear WIIFM keeps it
    assert ts["follower_payoff"].tail(10).mean() > ts["follower_payoff"].iloc[0] + 0.1
    assert ts["mean_payoff"].tail(10).mean() < ts["mean_payoff"].iloc[0]  # the group gets less


@pytest.mark.parametrize("seed", SEEDS)
def test_deserted_leaders_give_way_to_the_best_followers(seed):
    ts = series("best_follower", seed)
    assert ts["leader_turnover"].sum() >= 1
    assert ts["leader_turnover"].tail(20).sum() == 0  # turnover stops
    assert ts["follow_rate"].tail(10).mean() > ts["follow_rate"].min() + 0.2
    assert ts["mean_hype"].iloc[-1] < ts["mean_hype"].iloc[0]  # honest successors


@pytest.mark.parametrize("seed", SEEDS)
def test_introductions_grow_honest_teams_and_weak_ties_fade(seed):
    ts = series("network", seed)
    assert ts["network_edges"].min() < 0.9 * ts["network_edges"].iloc[0]  # idle ties fade
    assert ts["network_edges"].iloc[-1] > ts["network_edges"].min()  # introductions add
    assert ts["team_honest"].tail(10).mean() > 10 * ts["team_overseller"].tail(10).mean()


@pytest.mark.parametrize("seed", SEEDS)
def test_mentoring_speeds_learning_and_pays_mentors(seed):
    on = series("mentorship", seed)
    off = series("mentorship", seed, ["mentorship.enabled=false"])
    assert on["mentorships"].max() > 0 and off["mentorships"].max() == 0
    assert on["team_overseller"].head(20).sum() < 0.9 * off["team_overseller"].head(20).sum()
    assert on["trust_honest"].iloc[40] > off["trust_honest"].iloc[40] + 0.02
    assert on["leader_payoff"].mean() > off["leader_payoff"].mean()
