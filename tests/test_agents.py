"""Agents are Mesa agents whose attributes are views onto the model's arrays."""

from __future__ import annotations

import mesa
import numpy as np

from alignsim import AlignmentModel, Follower, Leader
from conftest import make_scenario


def small_model(**kwargs):
    scenario = make_scenario(
        population={"n_followers": 20, "share_nash": 0.5},
        leaders=[{"label": "a", "count": 2}, {"label": "b", "count": 1, "hype": 0.3}],
        **kwargs,
    )
    return AlignmentModel(scenario)


def test_model_is_a_mesa_model_with_agentsets():
    model = small_model()
    assert isinstance(model, mesa.Model)
    assert len(model.agents) == 23
    assert len(model.leaders) == 3 and all(isinstance(a, Leader) for a in model.leaders)
    assert len(model.followers) == 20 and all(isinstance(a, Follower) for a in model.followers)
    assert isinstance(model.datacollector, mesa.DataCollector)


def test_orientation_share_is_exact():
    model = small_model()
    orientations = [a.orientation for a in model.followers]
    assert orientations.count("nash") == 10 and orientations.count("smith") == 10
    assert all(a.group_weight == (1.0 if a.orientation == "nash" else 0.0) for a in model.followers)


def test_agent_views_follow_the_arrays():
    model = small_model()
    model.run(3)
    for agent in model.agents:
        assert agent.wealth == model.state.wealth[agent.index]
        assert agent.payoff == model.state.payoff[agent.index]
    follower = next(a for a in model.followers if a.leader is not None)
    leader = follower.leader
    assert follower in leader.followers
    assert follower.trust_in_leader == model.state.trust[follower.index, leader.slot]
    assert [ldr.label for ldr in model.leaders] == ["a", "a", "b"]
    assert model.leaders.select(lambda ldr: ldr.label == "b").to_list()[0].hype == 0.3


def test_setting_an_agent_attribute_changes_the_model():
    model = small_model()
    agent = next(a for a in model.followers if a.orientation == "smith")
    agent.group_weight = 0.7
    assert model.state.group_weight[agent.index] == 0.7
    leader = model.leaders.to_list()[0]
    leader.cut = 0.4
    assert model.state.cut[leader.slot] == 0.4


def test_agentset_aggregates_work():
    model = small_model()
    model.run(2)
    total = model.agents.agg("wealth", sum)
    assert np.isclose(total, model.state.wealth.sum())


def test_subclassing_the_model_keeps_the_round():
    class Counting(AlignmentModel):
        def step(self):
            super().step()
            self.rounds_seen = getattr(self, "rounds_seen", 0) + 1

    model = Counting(make_scenario(population={"n_followers": 5}))
    model.run(4)
    assert model.rounds_seen == 4 and model.steps == 4
