"""Mentorship: requests to admired leaders, capacity, refusals, and the gains on both sides."""

from __future__ import annotations

import numpy as np
import pytest

from alignsim.dynamics import mentorship
from alignsim.model import AlignmentModel
from alignsim.scenario import Mentorship, load_scenario


def rng() -> np.random.Generator:
    return np.random.default_rng(0)


def test_a_refused_mentee_asks_its_next_choice():
    # both admire leader 0 most and leader 1 next; leader 0 has one place and
    # takes the better record (follower 1), so follower 0 ends with leader 1
    trust = np.array([[0.9, 0.8], [0.9, 0.8]])
    scores = mentorship.request_scores(trust, None, 0.5, rng())
    chosen = mentorship.match(scores, np.array([0.3, 0.7]), np.array([1.0, 1.0]), rng())
    assert list(chosen) == [1, 0]


def test_a_refused_mentee_asks_nobody_it_trusts_too_little():
    trust = np.array([[0.9, 0.4], [0.9, 0.4]])
    scores = mentorship.request_scores(trust, None, 0.5, rng())
    chosen = mentorship.match(scores, np.array([0.3, 0.7]), np.array([1.0, 1.0]), rng())
    assert list(chosen) == [-1, 0]


def test_only_leaders_heard_are_asked_and_full_leaders_refuse():
    trust = np.array([[0.9, 0.8, 0.7]])
    hears = np.array([[False, True, True]])
    scores = mentorship.request_scores(trust, hears, 0.0, rng())
    places = mentorship.room(np.array([-1, 1, 1, -1]), capacity=2, n_leaders=3)
    assert list(places) == [2, 0, 2]
    assert list(mentorship.match(scores, np.array([1.0]), places, rng())) == [2]


def test_mentorships_end_after_their_term_and_pay_the_mentor_per_mentee():
    mentor = np.array([-1, 0, 0, 1])
    until = np.array([0, 5, 6, 5])
    assert list(mentorship.end_expired(mentor, until, 5)) == [-1, -1, 0, -1]
    assert list(mentorship.mentor_payoff(mentor, 3, 0.1)) == pytest.approx([0.2, 0.1, 0.0])
    assert list(mentorship.learning_multiplier(mentor, 3.0)) == [1.0, 3.0, 3.0, 3.0]


def test_defaults_documented():
    m = Mentorship()
    assert (m.enabled, m.request_rate, m.capacity, m.duration) == (False, 0.2, 2, 10)
    assert (m.min_trust, m.learning_boost, m.mentor_benefit) == (0.5, 2.0, 0.05)


def one_leader_model(**mentoring) -> AlignmentModel:
    keys = {"enabled": True, "request_rate": 0.0, **mentoring}
    overrides = [
        "population.n_followers=20",
        "population.share_nash=1",
        "choice.rule=best_response",
        "learning.trust_rate=0.2",
        "steps=1",
        "leaders.0.count=1",
        *(f"mentorship.{k}={v}" for k, v in keys.items()),
    ]
    return AlignmentModel(load_scenario("nash", overrides))


def test_a_mentee_learns_trust_faster_by_the_boost():
    model = one_leader_model(learning_boost=3.0, duration=50)
    s = model.state
    mentee, peer = 5, 6
    s.mentor[mentee], s.mentor_until[mentee] = 0, 50
    s.learning_multiplier[mentee] = 3.0
    start = s.trust[[mentee, peer], 0].copy()
    model.step()
    assert s.leader_of[mentee] == s.leader_of[peer] == 0
    moved = s.trust[[mentee, peer], 0] - start
    assert moved[1] == pytest.approx(0.2 * (1 - start[1]))  # a kept promise, plain rate
    assert moved[0] == pytest.approx(0.6 * (1 - start[0]))  # three times the rate
    assert s.learning_multiplier[mentee] == 3.0 and s.learning_multiplier[peer] == 1.0


def test_the_mentor_earns_its_benefit_per_mentee():
    plain = one_leader_model(mentor_benefit=0.5)
    plain.step()
    mentored = one_leader_model(mentor_benefit=0.5, duration=50)
    mentored.state.mentor[[3, 4, 5]] = 0
    mentored.state.mentor_until[[3, 4, 5]] = 50
    mentored.step()
    gain = mentored.state.payoff[0] - plain.state.payoff[0]
    assert gain == pytest.approx(3 * 0.5)
    assert mentored.metrics["mentorships"] == 3


def test_mentorships_never_exceed_capacity_and_go_to_trusted_leaders():
    model = AlignmentModel(load_scenario("mentorship", ["steps=12"]))
    cap = model.config.mentorship.capacity
    for _ in range(12):
        model.step()
        s = model.state
        active = s.mentor >= 0
        assert np.bincount(s.mentor[active], minlength=s.n_leaders).max() <= cap
        assert not s.is_leader[active].any()
    assert model.metrics["mentorships"] > 0
