"""Live settings of a running model (alignsim.model.tuning): they act from the next round."""

from __future__ import annotations

import numpy as np
import pytest

from alignsim.games import contribution_threshold
from alignsim.model import NASH, AlignmentModel
from alignsim.model.tuning import LIVE_KEYS, is_live, retune
from alignsim.scenario import load_scenario


def best_response_nash() -> AlignmentModel:
    """The nash scenario with best-response choice, so a threshold is sharp."""
    return AlignmentModel(load_scenario("nash", ["choice.rule=best_response"]))


def test_group_weight_below_the_threshold_stops_nash_contributions_at_once():
    model = best_response_nash()
    model.run(5)
    assert model.metrics["contribution_rate_nash"] > 0.95
    team = max(model.state.team_size)
    a_star = float(contribution_threshold(team, 1.6, 0.1))
    retune(model, "population.group_weight", a_star - 0.1)
    model.step()
    assert model.metrics["contribution_rate_nash"] == 0.0
    nash = model.state.orientation == NASH
    assert np.all(model.state.group_weight[nash] == pytest.approx(a_star - 0.1))
    assert np.all(model.state.group_weight[~nash] == 0.0)
    assert model.config.population.group_weight == pytest.approx(a_star - 0.1)


def test_hype_and_cut_change_the_pitch_of_that_group_only():
    model = AlignmentModel(load_scenario("hype"))
    model.step()
    before = model.pitch().copy()
    retune(model, "leaders.1.hype", 0.0)
    retune(model, "leaders.0.cut", 0.5)
    pitch = model.pitch()
    assert pitch[1] == pytest.approx(before[1] / 1.5)  # the overseller now pitches honestly
    assert pitch[0] == pytest.approx(0.5 * 1.6)  # (1 - cut) r e with cut 0.5
    assert model.config.leaders[1].hype == 0.0 and model.config.leaders[0].cut == 0.5


def test_trust_rate_and_rationality_reach_the_next_round():
    model = AlignmentModel(load_scenario("hype"))
    model.step()
    retune(model, "learning.trust_rate", 0.0)
    trust = model.state.trust.copy()
    retune(model, "choice.rationality", 3.0)
    model.step()
    np.testing.assert_array_equal(model.state.trust, trust)  # rate 0: trust stays put
    assert model.config.choice.rationality == 3.0


def test_keys_that_shape_the_population_are_refused():
    model = AlignmentModel(load_scenario("nash"))
    assert not is_live("population.n_followers") and is_live("leaders.3.hype")
    assert {is_live(k.replace("N", "0")) for k in LIVE_KEYS} == {True}
    with pytest.raises(ValueError, match="population.n_followers: needs a new model"):
        retune(model, "population.n_followers", 10)
    with pytest.raises(ValueError, match="leaders.2.hype: the scenario has 1 leader group"):
        retune(model, "leaders.2.hype", 0.1)


def test_a_value_out_of_range_is_refused_and_changes_nothing():
    model = AlignmentModel(load_scenario("nash"))
    with pytest.raises(ValueError, match="learning.trust_rate: .*got 1.5"):
        retune(model, "learning.trust_rate", 1.5)
    with pytest.raises(ValueError, match="leaders.0.cut"):
        retune(model, "leaders.0.cut", -0.1)
    assert model.config.learning.trust_rate == 0.2
    assert np.all(model.state.cut == 0.1)
