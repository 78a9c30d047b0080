"""Intervals of a sweep's means: Wilson for yes/no shares, a seeded bootstrap otherwise."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from alignsim.outputs.aggregate import aggregate, interval_method, mean_and_sd
from alignsim.outputs.intervals import (
    BOOTSTRAP,
    WILSON,
    bootstrap_interval,
    interval,
    is_yes_no,
    wilson_interval,
)

Z = 1.959963984540054


def wilson_closed_form(k: int, n: int) -> tuple[float, float]:
    """Wilson (1927), written out independently of the module."""
    p = k / n
    root = Z * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    centre, shrink = p + Z**2 / (2 * n), 1 + Z**2 / n
    return (centre - root) / shrink, (centre + root) / shrink


@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [
        (0, 10, (0.0, 0.27753)),  # z^2 / (n + z^2): not the empty [0, 0] of the normal interval
        (10, 10, (0.72247, 1.0)),
        (3, 10, (0.10779, 0.60322)),  # Brown, Cai and DasGupta (2001)'s tables; scipy below
    ],
)
def test_wilson_known_values(k, n, expected):
    low, high = wilson_interval(k, n)
    assert (low, high) == pytest.approx(expected, abs=5e-6)
    assert (low, high) == pytest.approx(wilson_closed_form(k, n), abs=1e-12)


@given(st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_matches_scipy_and_stays_in_the_unit_interval(pair):
    k, n = pair
    low, high = wilson_interval(k, n)
    reference = binomtest(k, n).proportion_ci(method="wilson")
    assert (low, high) == pytest.approx((reference.low, reference.high), abs=1e-9)
    assert 0.0 <= low <= k / n <= high <= 1.0
    assert low < high


def test_wilson_refuses_impossible_counts():
    with pytest.raises(ValueError, match="successes"):
        wilson_interval(11, 10)


def test_bootstrap_percentiles_of_three_values_match_the_exact_distribution():
    # the 27 equally likely resamples of (0, 0.5, 1): a mean of 0 has probability 1/27 > 2.5%,
    # so the exact 2.5th percentile is 0 and the 97.5th is 1; at the 5th it would be 1/6
    values = np.array([0.0, 0.5, 1.0])
    exact = sorted(np.mean(c) for c in itertools.product(values, repeat=3))
    assert exact[0] == 0.0 and exact[1] == pytest.approx(1 / 6)
    assert bootstrap_interval(values, seed=1) == pytest.approx((0.0, 1.0))


def test_bootstrap_of_many_values_is_near_the_normal_interval():
    values = np.random.default_rng(3).normal(5.0, 2.0, size=400)
    low, high = bootstrap_interval(values, seed=2)
    half = Z * values.std(ddof=1) / np.sqrt(values.size)
    assert low == pytest.approx(values.mean() - half, abs=0.03)
    assert high == pytest.approx(values.mean() + half, abs=0.03)


@given(st.lists(st.floats(0, 1), min_size=2, max_size=30), st.integers(0, 2**32 - 1))
def test_bootstrap_stays_within_the_runs_and_repeats_with_its_seed(values, seed):
    values = np.array(values)
    low, high = bootstrap_interval(values, seed)
    assert values.min() - 1e-12 <= low <= high <= values.max() + 1e-12
    assert bootstrap_interval(values, seed) == (low, high)


def test_no_interval_below_two_runs():
    assert np.isnan(interval(np.array([0.3, np.nan]), BOOTSTRAP, 0, "x")).all()
    assert np.isnan(interval(np.array([1.0]), WILSON, 0, "x")).all()


def test_yes_no_shares_get_wilson_and_everything_else_the_bootstrap():
    assert is_yes_no(np.array([0.0, 1.0, np.nan, 1.0]))
    assert not is_yes_no(np.array([0.0, 0.5]))
    assert not is_yes_no(np.array([np.nan]))
    assert interval_method("is_equilibrium_final", np.array([0.0, 1.0])) == WILSON
    assert interval_method("is_equilibrium_last10", np.array([0.0, 1.0])) == BOOTSTRAP  # rounds
    # a rate at its bound in every run is not a yes/no outcome: the runs did not differ
    assert interval_method("contribution_rate_nash_final", np.array([1.0, 1.0])) == BOOTSTRAP
    assert interval_method("contribution_rate_last10", np.array([0.2, 1.0])) == BOOTSTRAP
    assert interval_method("mean_payoff_final", np.array([0.0, 1.0])) == BOOTSTRAP


def test_aggregate_names_the_method_and_keeps_shares_in_bounds():
    # 0.14 of runs at an equilibrium: the t interval went below 0 ([-0.0678, 0.348])
    runs = pd.DataFrame(
        {
            "point": [0] * 7 + [1] * 7,
            "k.x": [0.1] * 7 + [0.5] * 7,
            "is_equilibrium_final": [1, 0, 0, 0, 0, 0, 0] + [1] * 7,
            "mean_payoff_final": [1.0, 2.0, 3.0, 2.0, 2.0, 1.5, 2.5] * 2,
        }
    )
    table = aggregate(runs, ["k.x"], ["is_equilibrium_final", "mean_payoff_final"])
    first, second = table.iloc[0], table.iloc[1]
    assert set(table["is_equilibrium_final_ci_method"]) == {WILSON}
    assert set(table["mean_payoff_final_ci_method"]) == {BOOTSTRAP}
    assert (first["is_equilibrium_final_ci_low"], first["is_equilibrium_final_ci_high"]) == (
        pytest.approx(wilson_closed_form(1, 7))
    )
    assert first["is_equilibrium_final_ci_low"] > 0 and second["is_equilibrium_final_ci_high"] == 1
    assert 1.0 <= first["mean_payoff_final_ci_low"] < 2.0 < first["mean_payoff_final_ci_high"] <= 3
    assert (first["mean_payoff_final_mean"], first["mean_payoff_final_sd"]) == pytest.approx(
        mean_and_sd(runs["mean_payoff_final"][:7].to_numpy())
    )
    again = aggregate(runs, ["k.x"], ["mean_payoff_final"])
    assert again["mean_payoff_final_ci_low"].tolist() == table["mean_payoff_final_ci_low"].tolist()
