"""The model's contributions flip exactly at MODEL.md's threshold group weight."""

from __future__ import annotations

import pytest

from alignsim.games import contribution_threshold
from alignsim.model import AlignmentModel
from conftest import make_scenario

EPS = 0.01


def team_of(n, r, cut, share_nash, weight, seed=3):
    scenario = make_scenario(
        population={"n_followers": n, "share_nash": share_nash, "group_weight": weight},
        leaders=[{"count": 1, "r": r, "cut": cut}],
        choice={"rule": "best_response"},
        steps=5,
        seed=seed,
    )
    model = AlignmentModel(scenario)
    model.run()
    return model


@pytest.mark.parametrize("n, r, cut", [(4, 1.6, 0.0), (4, 1.6, 0.2), (6, 2.5, 0.1), (3, 2.0, 0.3)])
def test_nash_contribution_flips_at_threshold(n, r, cut):
    threshold = float(contribution_threshold(n, r, cut))
    below = team_of(n, r, cut, 1.0, threshold - EPS)
    above = team_of(n, r, cut, 1.0, threshold + EPS)
    assert below.metrics["follow_rate"] == 1.0 and above.metrics["follow_rate"] == 1.0
    assert below.metrics["contribution_rate"] == 0.0
    assert above.metrics["contribution_rate"] == 1.0


@pytest.mark.parametrize("r, contributes", [(3.9, False), (4.1, True)])
def test_smith_contributes_only_when_its_share_exceeds_the_cost(r, contributes):
    # n = 4, c = 0: a Smith agent contributes iff r > n.
    model = team_of(4, r, 0.0, 0.0, 0.0)
    assert model.metrics["contribution_rate"] == (1.0 if contributes else 0.0)


def test_mixed_population_nash_gives_smith_free_rides():
    model = team_of(10, 1.6, 0.0, 0.5, 1.0)
    assert model.metrics["contribution_rate_nash"] == 1.0
    assert model.metrics["contribution_rate_smith"] == 0.0
    # Free riders earn more than contributors in the same team.
    assert model.metrics["mean_payoff_smith"] > model.metrics["mean_payoff_nash"]
