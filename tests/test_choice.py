"""Choice rules: logit frequencies, best response, capacity with fall-back."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import softmax

from alignsim.dynamics.choice import (
    assign_with_capacity,
    binary_choice,
    perturbed_utilities,
)


def test_gumbel_argmax_draws_the_logit_distribution():
    rng = np.random.default_rng(0)
    utilities = np.array([1.0, 1.3, 0.5])
    lam = 4.0
    draws = 200_000
    scores = perturbed_utilities(np.tile(utilities, (draws, 1)), "logit", lam, rng)
    freq = np.bincount(np.argmax(scores, axis=1), minlength=3) / draws
    expected = softmax(lam * utilities)
    # Standard error is at most 0.0012; allow 4 of them.
    assert np.allclose(freq, expected, atol=0.005)


def test_best_response_picks_the_best_and_breaks_ties_at_random():
    rng = np.random.default_rng(1)
    scores = perturbed_utilities(np.tile([0.0, 2.0, 2.0], (10_000, 1)), "best_response", 1.0, rng)
    picks = np.argmax(scores, axis=1)
    assert set(picks) == {1, 2}
    assert abs((picks == 1).mean() - 0.5) < 0.03


def test_binary_logit_probability():
    rng = np.random.default_rng(2)
    gain = np.full(100_000, 0.2)
    acts = binary_choice(gain, "logit", 5.0, rng.random(gain.size)).mean()
    assert acts == pytest.approx(1 / (1 + np.exp(-1.0)), abs=0.01)
    assert binary_choice(np.array([-1e-9, 1e-9]), "best_response", 1.0, None).tolist() == [
        False,
        True,
    ]
    with pytest.raises(ValueError, match="uniform"):
        binary_choice(gain, "logit", 5.0, None)


def test_capacity_accepts_the_most_trusted_and_declined_fall_back():
    rng = np.random.default_rng(3)
    # Three followers all prefer leader 0 (capacity 1), then leader 1, then outside.
    scores = np.array([[3.0, 2.0, 1.0]] * 3)
    priority = np.array([[0.2, 0.5], [0.9, 0.5], [0.5, 0.1]])
    capacity = np.array([1.0, 1.0])
    choice = assign_with_capacity(scores, priority, capacity, rng)
    assert choice[1] == 0  # most trusted by leader 0
    assert choice[0] == 1  # declined, next best; more trusted by leader 1 than follower 2
    assert choice[2] == -1  # declined twice, takes the outside option


def test_outside_option_preferred_is_kept():
    rng = np.random.default_rng(4)
    scores = np.array([[0.0, 0.0, 5.0]])
    assert assign_with_capacity(scores, np.ones((1, 2)), np.array([np.inf, np.inf]), rng)[0] == -1


@settings(max_examples=60, deadline=None)
@given(
    m=st.integers(1, 40),
    leaders=st.integers(1, 5),
    cap=st.integers(1, 10),
    seed=st.integers(0, 2**32 - 1),
)
def test_capacity_is_never_exceeded_and_nobody_is_left_unplaced(m, leaders, cap, seed):
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(m, leaders + 1))
    priority = rng.random((m, leaders))
    capacity = np.full(leaders, float(cap))
    choice = assign_with_capacity(scores, priority, capacity, rng)
    counts = np.bincount(choice[choice >= 0], minlength=leaders)
    assert np.all(counts <= cap)
    # Anyone at the outside option either preferred it or found every better leader full.
    for i in np.flatnonzero(choice == -1):
        better = np.flatnonzero(scores[i, :leaders] > scores[i, leaders])
        assert np.all(counts[better] == cap)
    # Nobody in a team would rather have joined a leader with free places.
    for i in np.flatnonzero(choice >= 0):
        better = np.flatnonzero(scores[i, :leaders] > scores[i, choice[i]])
        assert np.all(counts[better] == cap)
