"""The classic results of evolutionary game theory, reproduced by the leaderless engine.

Each test states its tolerance and why (MODEL.md, "Checkable facts").
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from alignsim.dynamics import moran, replicator
from alignsim.model import AlignmentModel
from alignsim.scenario import load_scenario
from conftest import SCENARIOS

NOWAK_MAY_SHARE = 12 * math.log(2) - 8  # 0.3178


def cooperation(scenario_name, steps=None, rng=None, overrides=()):
    scenario = load_scenario(SCENARIOS / f"{scenario_name}.yaml", list(overrides), steps=steps)
    model = AlignmentModel(scenario, rng=rng)
    model.run()
    return model.datacollector.get_model_vars_dataframe()["cooperation_rate"].to_numpy()


# --- Nowak and May's spatial Prisoner's Dilemma -------------------------------------------


@pytest.mark.parametrize(("torus", "target"), [(False, NOWAK_MAY_SHARE), (True, 0.315)])
def test_nowak_may_cooperator_share(torus, target):
    """200 x 200, b = 1.9, 200 rounds from 10% defectors: the mean of rounds 101-200.

    Tolerance 0.01: the share keeps fluctuating by about 0.01 from round to
    round (spatial chaos), and a 100-round mean of one 40,000-cell run varies
    by a few thousandths from seed to seed (0.319 to 0.320 with fixed edges and
    0.314 to 0.316 on a torus for seeds 0 to 2); the published figures are for
    large lattices, so a small finite-size offset remains.
    """
    share = cooperation("spatial_pd", rng=0, overrides=[f"network.torus={str(torus).lower()}"])
    assert share.size == 200
    assert share[0] == pytest.approx(0.9)
    assert abs(share[100:].mean() - target) < 0.01
    assert share[100:].min() > 0.25 and share[100:].max() < 0.40


def test_nowak_may_dynamics_are_the_same_for_every_b_between_1_8_and_2():
    """Only the order of payoffs matters; it is the same for all 1.8 < b < 2 (exactly)."""
    overrides = ["population.n_followers=2500", "network.width=50"]
    low = cooperation("spatial_pd", 40, 1, [*overrides, "game.temptation=1.81"])
    high = cooperation("spatial_pd", 40, 1, [*overrides, "game.temptation=1.99"])
    np.testing.assert_array_equal(low, high)
    other = cooperation("spatial_pd", 40, 1, [*overrides, "game.temptation=1.7"])
    assert not np.array_equal(low, other)


# --- Stag Hunt: Fermi imitation and the replicator equation -------------------------------


@pytest.mark.parametrize(("start", "end"), [(0.8, 1.0), (0.85, 1.0), (0.7, 0.0), (0.65, 0.0)])
def test_stag_hunt_goes_to_the_side_of_its_start(start, end):
    """10,000 agents, well mixed, beta = 2: absorbed in all-Stag above 0.75, all-Hare below.

    Exact: after 60 rounds (rate 1) the population has fixed; the initial
    share is at least 0.05 from the rest point, where the drift exceeds the
    sampling noise of 10,000 agents many times over.
    """
    share = cooperation(
        "staghunt", 60, 0, [f"population.share_cooperators={start}", "imitation.rate=1"]
    )
    assert share[-1] == end


def test_fermi_imitation_follows_its_mean_field():
    """20,000 agents, rate 0.2: the run stays within 0.02 of the ODE for 60 rounds.

    The deviation of a finite population from its mean field is of order
    1/sqrt(N) per revision, about 0.007 for N = 20,000, and the Euler step of
    0.2 per round adds a discretisation error of a few thousandths.
    """
    share = cooperation("staghunt", 60, 3, ["population.n_followers=20000"])
    times = 0.2 * np.arange(share.size)
    mean_field = replicator.trajectory(share[0], [[4, 0], [3, 3]], times, beta=2.0)
    assert np.abs(share - mean_field).max() < 0.02


def test_replicator_equation_of_the_stag_hunt():
    stag_hunt = [[4, 0], [3, 3]]
    assert replicator.interior_rest_point(stag_hunt) == pytest.approx(0.75)
    assert replicator.replicator(0.75, stag_hunt) == pytest.approx(0.0)
    times = np.linspace(0, 20, 5)
    assert replicator.trajectory(0.76, stag_hunt, times)[-1] > 0.99
    assert replicator.trajectory(0.74, stag_hunt, times)[-1] < 0.01
    # weak selection: the Fermi mean field is the replicator equation slowed by beta / 2
    x = np.linspace(0.05, 0.95, 7)
    beta = 1e-3
    np.testing.assert_allclose(
        replicator.fermi_mean_field(x, stag_hunt, beta),
        0.5 * beta * replicator.replicator(x, stag_hunt),
        rtol=1e-5,
    )
    assert replicator.interior_rest_point([[1, 0], [1.9, 0]]) is None


# --- Moran fixation ------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "r"), [(10, 1.5), (10, 1.0), (10, 0.8), (20, 1.2)])
def test_moran_fixation_probability(n, r):
    """20,000 replicates: within 4 standard errors of (1 - 1/r) / (1 - 1/r^N)."""
    replicates = 20_000
    fixed = moran.moran_fixation(n, r, replicates, np.random.default_rng(11))
    rho = moran.fixation_probability(n, r)
    se = math.sqrt(rho * (1 - rho) / replicates)
    assert abs(fixed.mean() - rho) < 4 * se


def test_moran_closed_form():
    assert moran.fixation_probability(10, 1.0) == pytest.approx(0.1)
    assert moran.fixation_probability(10, 1.5) == pytest.approx((1 - 1 / 1.5) / (1 - 1.5**-10))
    assert moran.fixation_probability(5, 1.0 + 1e-9) == pytest.approx(0.2, abs=1e-6)
