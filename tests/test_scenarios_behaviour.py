"""The built-in scenarios show what their descriptions promise, over several seeds."""

from __future__ import annotations

import numpy as np
import pytest

from alignsim.model import AlignmentModel
from alignsim.scenario import load_scenario
from conftest import SCENARIOS

SEEDS = [1, 2, 3]


def series(name, seed, steps=None):
    model = AlignmentModel(load_scenario(SCENARIOS / f"{name}.yaml", seed=seed, steps=steps))
    model.run()
    return model.datacollector.get_model_vars_dataframe()


@pytest.mark.parametrize("seed", SEEDS)
def test_hype_wins_followers_first_then_loses_them(seed):
    ts = series("hype", seed)
    n = 100
    assert ts["team_overseller"].iloc[0] > 0.8 * n  # the oversold pitch wins first
    assert ts["trust_overseller"].iloc[-1] < 0.3  # broken promises cost trust
    assert ts["team_overseller"].tail(10).mean() < 0.2 * n  # and the followers
    assert ts["team_honest"].tail(10).mean() > 0.7 * n  # the honest leader keeps them
    assert ts["trust_honest"].iloc[-1] > 0.9


@pytest.mark.parametrize("seed", SEEDS)
def test_an_honest_leader_alone_keeps_its_followers(seed):
    ts = series("hype", seed)
    honest_only = AlignmentModel(
        load_scenario(SCENARIOS / "hype.yaml", ["leaders.1.hype=0.0"], seed=seed)
    )
    honest_only.run()
    both = honest_only.datacollector.get_model_vars_dataframe()
    # With the hype removed, neither leader's trust collapses.
    assert both["trust_overseller"].iloc[-1] > 0.9
    assert ts["trust_overseller"].iloc[-1] < both["trust_overseller"].iloc[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_leading_by_example_draws_more_followers(seed):
    ts = series("lead_by_example", seed)
    assert ts["team_example"].sum() > 1.5 * ts["team_talker"].sum()


@pytest.mark.parametrize("seed", SEEDS)
def test_leading_by_example_wins_a_team_not_a_better_deal_per_member(seed):
    ts = series("lead_by_example", seed)
    both = ts.dropna(subset=["member_payoff_example", "member_payoff_talker"])
    example, talker = both["member_payoff_example"].mean(), both["member_payoff_talker"].mean()
    assert 0.85 * talker < example <= talker + 0.02  # about the same, no more per member
    team_return = {
        g: (ts[f"team_{g}"] * ts[f"member_payoff_{g}"]).sum() for g in ("example", "talker")
    }
    assert team_return["example"] > 3 * team_return["talker"]  # the whole team's return


@pytest.mark.parametrize("seed", SEEDS)
def test_nash_agents_contribute_smith_agents_free_ride(seed):
    ts = series("nash", seed)
    tail = ts.tail(10).mean()
    assert tail["contribution_rate_nash"] > 0.9
    assert tail["contribution_rate_smith"] < 0.1
    assert tail["mean_payoff_smith"] > tail["mean_payoff_nash"]  # individually, Smith wins


def test_the_group_earns_more_with_nash_agents_than_without():
    nash = series("nash", 1).tail(10)["mean_payoff"].mean()
    smith = series("smith", 1).tail(10)["mean_payoff"].mean()
    assert nash > smith + 0.1
    assert np.isclose(series("smith", 1)["contribution_rate"].tail(10).mean(), 0.0, atol=0.05)
