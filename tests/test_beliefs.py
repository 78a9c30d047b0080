"""Beliefs about teammates come from what the teammates did; the first round's are documented.

MODEL.md, "Repeated public goods in the laboratory": a follower's belief about
its teammates comes from what its teammates did; trust in the leader is about
the leader's pitch [FischbacherGaechter2010].
"""

from __future__ import annotations

import numpy as np
import pytest

from alignsim.dynamics.leaders import NO_LEVER
from alignsim.model import AlignmentModel
from alignsim.model.socialise import hand_over
from alignsim.scenario import Population
from conftest import make_scenario


def conditional_model(**population) -> AlignmentModel:
    return AlignmentModel(
        make_scenario(
            population={"n_followers": 4000, "share_nash": 0.0, "share_conditional": 1.0,
                        **population},
            leaders=[{"label": "team", "count": 2, "r": 1.6, "capacity": 2000}],
            choice={"rule": "best_response"},
        )
    )  # fmt: skip


def test_each_team_is_believed_to_do_what_it_did_last_round():
    model = conditional_model(conditional_slope=1.0)
    s = model.state
    s.team_contribution[:] = [0.9, 0.1]  # what each team did last round
    model.step()
    for slot, did in enumerate([0.9, 0.1]):
        members = s.leader_of == slot
        assert members.sum() == 2000
        gave = s.contributed[members].mean()
        assert abs(gave - did) < 4 * np.sqrt(did * (1 - did) / 2000)
        assert s.team_contribution[slot] == pytest.approx(gave)  # next round's belief


def test_trust_in_an_honest_leader_does_not_hold_contributions_up():
    """Full trust in the leader, kept promises: contributions still decay by the slope a round."""
    model = conditional_model(initial_trust=1.0, initial_belief=0.8, conditional_slope=0.8)
    model.run(6)
    rate = model.datacollector.get_model_vars_dataframe()["contribution_rate"].to_numpy()
    assert model.state.trust[~model.state.is_leader].min() == 1.0
    expected = 0.8 * 0.8 ** np.arange(1, 7)  # each round, slope x last round's share
    assert rate == pytest.approx(expected, abs=0.04)
    assert rate[-1] < 0.5 * rate[0]


def test_first_round_beliefs_are_documented_keys():
    assert Population().initial_belief == 0.5
    assert Population().conditional_slope == 0.8
    model = conditional_model(initial_belief=0.3)
    assert np.all(model.state.team_contribution == 0.3)
    assert np.all(model.state.team_size == 2000)  # min(capacity, n_followers / n_leaders)
    uncapped = AlignmentModel(
        make_scenario(
            population={"n_followers": 90}, leaders=[{"count": 3}, {"label": "b", "capacity": 5}]
        )
    )
    assert list(uncapped.state.team_size) == [22.5, 22.5, 22.5, 5.0]


def test_a_hand_over_starts_the_slot_afresh():
    """After a hand-over the slot holds exactly what a new run's slot holds."""
    scenario = make_scenario(
        population={"n_followers": 50, "initial_belief": 0.35},
        leaders=[{"count": 2, "capacity": 20}],
        learning={"adapt_leaders": True, "exclusion_probability": 0.5},
        emergence={"enabled": True},
    )
    fresh = AlignmentModel(scenario).state
    model = AlignmentModel(scenario)
    model.run(6)
    s = model.state
    s.banned_until[:, 1] = 99
    s.short_rounds[1] = 4
    successor = int(np.flatnonzero(~s.is_leader)[0])
    hand_over(model, 1, successor)
    assert s.slot_agent[1] == successor
    np.testing.assert_array_equal(s.trust[:, 1], fresh.trust[:, 1])
    np.testing.assert_array_equal(s.experience[:, 1], fresh.experience[:, 1])
    assert s.team_contribution[1] == fresh.team_contribution[1] == 0.35
    assert s.team_size[1] == fresh.team_size[1] == 20
    assert s.hype_direction[1] == s.cut_direction[1] == 0.0
    assert np.isnan(s.last_leader_payoff[1]) and s.last_lever[1] == NO_LEVER
    assert np.all(s.banned_until[:, 1] == 0) and s.short_rounds[1] == 0
    pitch = (s.hype[1], s.cut[1])  # the project is kept (successor_project: keep)
    model.step()  # the new leader's first round is a baseline: its pitch does not move
    assert (s.hype[1], s.cut[1]) == pitch and s.last_lever[1] == NO_LEVER
