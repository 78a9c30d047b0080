"""People's choices in the model's round (alignsim.model.human): they replace the simulated ones."""

from __future__ import annotations

import numpy as np

from alignsim.model import AlignmentModel
from alignsim.model.human import STAY_OUT, HumanChoices
from alignsim.scenario import load_scenario


def nash_model() -> AlignmentModel:
    return AlignmentModel(load_scenario("nash"))


def test_without_choices_the_round_is_unchanged():
    plain, empty = nash_model(), nash_model()
    plain.step()
    empty.human = HumanChoices()
    empty.step()
    assert np.array_equal(plain.state.payoff, empty.state.payoff)
    assert plain.metrics.keys() == empty.metrics.keys()
    for key, value in plain.metrics.items():  # NaN: a group that does not exist, in both
        assert value == empty.metrics[key] or (
            value != value and empty.metrics[key] != empty.metrics[key]
        ), key


def test_follow_and_contribute_choices_replace_the_simulated_ones():
    model = nash_model()
    s = model.state
    a, b, c = s.n_agents - 1, s.n_agents - 2, s.n_agents - 3
    model.human = HumanChoices(
        leader={a: 2, b: STAY_OUT, c: 0}, contribute={a: True, b: False, c: False}
    )
    model.step()
    e = model.config.population.endowment
    assert s.leader_of[a] == 2 and s.contributed[a]
    assert s.leader_of[b] == -1 and not s.contributed[b]
    assert s.payoff[b] == model.config.choice.outside_option * e
    assert s.leader_of[c] == 0 and not s.contributed[c]
    assert model.human is None  # used for one round only


def test_the_other_agents_draw_the_same_numbers():
    """Choices replace after the draws: another agent's choices do not depend on them."""
    plain, played = nash_model(), nash_model()
    last = played.state.n_agents - 1
    played.human = HumanChoices(leader={last: STAY_OUT}, contribute={last: False})
    plain.step()
    played.step()
    others = np.arange(played.state.n_agents - 1)
    assert np.array_equal(plain.state.leader_of[others], played.state.leader_of[others])
    assert np.array_equal(plain.state.contributed[others], played.state.contributed[others])


def test_a_human_leader_sets_hype_and_cut_before_the_pitch():
    model = nash_model()
    leader = int(model.state.slot_agent[1])
    model.human = HumanChoices(pitch={leader: (1.0, 0.3)})
    model.step()
    assert model.state.hype[1] == 1.0 and model.state.cut[1] == 0.3
    assert model.state.hype[0] == 0.0 and model.state.cut[0] == 0.1
    assert model.metrics["mean_hype"] == 1.0 / 3


def test_choices_for_agents_that_are_not_followers_are_ignored():
    model = nash_model()
    leader = int(model.state.slot_agent[0])
    model.human = HumanChoices(leader={leader: 1}, contribute={leader: True})
    model.step()
    assert model.state.leader_of[leader] == -1


def test_same_choices_same_numbers():
    runs = []
    for _ in range(2):
        model = nash_model()
        last = model.state.n_agents - 1
        for round_number in range(5):
            model.human = HumanChoices(
                leader={last: round_number % 3}, contribute={last: round_number % 2 == 0}
            )
            model.step()
        runs.append(model.state.wealth.copy())
    assert np.array_equal(runs[0], runs[1])


def test_a_full_leader_takes_the_most_trusting_requests_people_included():
    """Capacity binds people as it binds agents: one matching, most trusting first (MODEL.md)."""
    model = AlignmentModel(load_scenario("public_goods_lab"))
    s = model.state
    capacity = int(s.capacity[0])
    people = [int(a) for a in np.flatnonzero(~s.is_leader)[-(capacity + 2) :]]
    # the people trust leader 0 more than anyone else does, in a known order
    for rank, agent in enumerate(people):
        s.trust[agent, 0] = 0.99 - 0.01 * rank
    model.human = HumanChoices(
        leader=dict.fromkeys(people, 0), contribute=dict.fromkeys(people, True)
    )
    model.step()
    assert (s.leader_of == 0).sum() <= capacity
    accepted = [a for a in people if s.leader_of[a] == 0]
    assert accepted == people[:capacity]  # the most trusting requests first
    for declined in people[capacity:]:  # declined: they named no second choice, so they stay out
        assert s.leader_of[declined] == -1 and not s.contributed[declined]


def test_a_person_who_stays_out_stays_out_where_leaders_are_full():
    model = AlignmentModel(load_scenario("public_goods_lab"))
    last = model.state.n_agents - 1
    model.human = HumanChoices(leader={last: STAY_OUT}, contribute={last: False})
    model.step()
    assert model.state.leader_of[last] == -1


def test_imitation_never_copies_a_person_nor_revises_one():
    """A person's agent has no orientation of its own: nobody copies it, and it keeps its draw."""
    scenario = load_scenario(
        "nash", ["imitation.rule=best", "imitation.target=group_weight", "imitation.rate=1.0"]
    )
    model = AlignmentModel(scenario)
    s = model.state
    people = [int(a) for a in np.flatnonzero(~s.is_leader)[-5:]]
    marker = 0.777  # a group weight no simulated agent has
    s.group_weight[people] = marker
    for _ in range(10):  # the people free ride in leader 0's team: they are the best paid
        model.human = HumanChoices(
            leader=dict.fromkeys(people, 0), contribute=dict.fromkeys(people, False)
        )
        model.step()
        assert (s.payoff[people] >= np.median(s.payoff[~s.is_leader])).all()
    others = np.setdiff1d(np.flatnonzero(~s.is_leader), people)
    assert not np.isclose(s.group_weight[others], marker).any()
    assert np.allclose(s.group_weight[people], marker)
