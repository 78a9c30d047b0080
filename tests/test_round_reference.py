"""The fast round against a plain float64 statement of the same round, on fixed seeds.

The round's hot path (:mod:`alignsim.dynamics.follow`, :mod:`alignsim.dynamics.logit_weights`,
the followers' trust sums kept up to date in :meth:`PopulationState.trust_changed`) is
checked here against numpy written the obvious way: ``np.exp``, ``np.cumsum``, and
the trust matrix summed afresh every time. Choices must be identical (the exponential
differs from numpy's by at most 2 units in the last place, so a draw could differ only
when its uniform falls within about 1e-15 of a boundary); metrics built on the trust sums
agree within 1e-12 relative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alignsim.dynamics import follow
from alignsim.dynamics.logit_weights import shifted_exp
from alignsim.model import AlignmentModel
from alignsim.model.state import PopulationState
from alignsim.scenario import load_scenario

ULP_BOUND = 2
SUM_TOLERANCE = 1e-12


def reference_choices(
    followers, trust, experience, pitch, lbe, credibility, value_table, code, follow_cost,
    outside, rationality, logit, hears, banned_until, step, uniforms, slot_offset,
):  # fmt: skip
    """The follow decision as plain numpy: utilities, masks, then a softmax and its cumsum."""
    assert not slot_offset.any()  # one replicate
    u = follow.follow_utilities(
        followers, trust, experience, pitch, lbe, credibility, value_table[code], follow_cost
    )
    if hears.shape[0]:
        u[~hears[followers]] = -np.inf
    if banned_until.shape[0]:
        u[banned_until[followers] > step] = -np.inf
    options = np.hstack([u, np.full((followers.size, 1), outside)])
    best = options.max(axis=1, keepdims=True)
    if logit:
        cumulative = np.cumsum(np.exp(rationality * (options - best)), axis=1)
        picked = (cumulative > (uniforms * cumulative[:, -1])[:, None]).argmax(axis=1)
    else:
        tied = options == best
        rank = np.minimum((uniforms * tied.sum(axis=1)).astype(int), tied.sum(axis=1) - 1)
        picked = (np.cumsum(tied, axis=1) > rank[:, None]).argmax(axis=1)
    return np.where(picked == pitch.size, -1, picked)


def test_exponential_is_within_two_ulp_of_numpy_everywhere():
    rng = np.random.default_rng(0)
    x = np.concatenate([-rng.random(200_000) * 708, -rng.random(200_000), [0.0, -708.0]])
    ours = x.copy()
    shifted_exp(ours, 0.0, 1.0, np.empty(x.size, dtype=np.int64))
    ulp = np.abs(ours.view(np.int64) - np.exp(x).view(np.int64))
    assert ulp.max() <= ULP_BOUND
    assert ours[-2] == 1.0
    # scale and shift enter as exp(scale (x - shift))
    shifted = np.array([1.0, 0.5, -3.0])
    shifted_exp(shifted, 1.0, 4.0, np.empty(3, dtype=np.int64))
    np.testing.assert_allclose(
        shifted, np.exp(4.0 * (np.array([1.0, 0.5, -3.0]) - 1.0)), rtol=5e-16
    )


def test_weights_below_the_normal_range_are_zero():
    x = np.array([-708.5, -800.0, -np.inf, -707.9])
    shifted_exp(x, 0.0, 1.0, np.empty(4, dtype=np.int64))
    assert x[:3].tolist() == [0.0, 0.0, 0.0] and x[3] > 0.0


def random_round(rng, n_agents, n_leaders, masks):
    trust = rng.random((n_agents, n_leaders))
    experience = rng.random((n_agents, n_leaders)) * 2
    followers = np.arange(n_leaders, n_agents)
    hears = rng.random(trust.shape) < 0.7 if masks else follow.EMPTY_MASK
    banned = np.where(rng.random(trust.shape) < 0.1, 9, 0) if masks else follow.EMPTY_BAN
    return (
        followers, trust, experience, rng.random(n_leaders) + 1, rng.random(n_leaders) < 0.3,
        0.4, 1.0 - rng.random((3, n_leaders)), rng.integers(0, 3, followers.size), 0.1, 1.2,
    ), hears, banned  # fmt: skip


@pytest.mark.parametrize(
    ("n_leaders", "rationality", "masks"),
    [(100, 10.0, False), (7, 3.0, True), (1, 10.0, False), (33, 200.0, True), (4, 0.0, False)],
)
@pytest.mark.parametrize("parallel", [False, True])
def test_kernel_choices_equal_the_reference(n_leaders, rationality, masks, parallel):
    rng = np.random.default_rng(n_leaders)
    head, hears, banned = random_round(rng, 20_000 + n_leaders, n_leaders, masks)
    uniforms = rng.random(head[0].size)
    args = (*head, rationality, True, hears, banned, 5, uniforms, np.zeros_like(head[0]))
    kernel = follow._choose_parallel if parallel else follow._choose_serial
    ours = kernel(*args)
    expected = reference_choices(*args)
    assert np.array_equal(ours, expected)
    assert len(np.unique(ours)) > min(n_leaders, 3)  # the draws spread over the options


def test_best_response_choices_equal_the_reference():
    rng = np.random.default_rng(11)
    head, hears, banned = random_round(rng, 5_000, 12, True)
    uniforms = rng.random(head[0].size)
    args = (*head, 10.0, False, hears, banned, 5, uniforms, np.zeros_like(head[0]))
    assert np.array_equal(follow._choose_serial(*args), reference_choices(*args))


def run_frame(name: str, overrides: list[str], steps: int) -> pd.DataFrame:
    model = AlignmentModel(load_scenario(name, overrides, steps=steps))
    model.run()
    return model.datacollector.get_model_vars_dataframe()


SCENARIOS = [
    ("nash", ["population.n_followers=3000", "leaders.0.count=40"], 25),
    ("nash", [], 60),
    ("network", [], 30),
    ("mentorship", [], 30),
    ("best_follower", [], 40),
]


@pytest.mark.parametrize(("name", "overrides", "steps"), SCENARIOS)
def test_round_time_series_equal_the_plain_float64_round(monkeypatch, name, overrides, steps):
    fast = run_frame(name, overrides, steps)
    monkeypatch.setattr(follow, "choose_followed", reference_choices)
    # the trust sums summed afresh whenever asked, instead of kept up to date
    monkeypatch.setattr(
        PopulationState,
        "trust_changed",
        lambda self, slot, change: setattr(self, "cached_trust_sums", None),
    )
    plain = run_frame(name, overrides, steps)
    sums = [
        c
        for c in fast.columns
        if c == "mean_trust" or c.startswith("trust_") or c == "mean_reputation"
    ]
    exact = fast.columns.difference(sums)
    pd.testing.assert_frame_equal(fast[exact], plain[exact], check_exact=True)
    pd.testing.assert_frame_equal(
        fast[sums], plain[sums], check_exact=False, rtol=SUM_TOLERANCE, atol=0
    )


def test_same_seed_same_bytes_serial_or_threaded(monkeypatch):
    overrides = ["population.n_followers=2000", "leaders.0.count=30"]
    serial = run_frame("nash", overrides, 15)
    monkeypatch.setattr(follow, "PARALLEL_FROM", 0)  # every round on the threaded kernel
    monkeypatch.setattr(follow, "cores_free", lambda: True)  # however busy the machine
    calls = []
    threaded_kernel = follow._choose_parallel
    monkeypatch.setattr(
        follow, "_choose_parallel", lambda *args: calls.append(1) or threaded_kernel(*args)
    )
    threaded = run_frame("nash", overrides, 15)
    assert len(calls) == 15
    assert serial.to_csv().encode() == threaded.to_csv().encode()
    other_seed = run_frame("nash", [*overrides, "seed=7"], 15)
    assert not other_seed.equals(serial)


def test_a_busy_machine_runs_the_large_kernel_on_one_thread(monkeypatch):
    rng = np.random.default_rng(3)
    head, hears, banned = random_round(rng, 20_100, 100, False)
    args = (*head, 10.0, True, hears, banned, 5, rng.random(head[0].size), np.zeros_like(head[0]))

    def threaded(*_):
        raise AssertionError("threads on a busy machine")

    monkeypatch.setattr(follow, "_choose_parallel", threaded)
    monkeypatch.setattr(follow.os, "getloadavg", lambda: (50.0, 50.0, 50.0))
    assert follow.choose_followed(*args).size == head[0].size  # the serial kernel ran
    monkeypatch.setattr(follow.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(follow.os, "getloadavg", lambda: (1.6, 1.6, 1.6))
    assert follow.choose_followed(*args).size == head[0].size  # this run and another job
    for quiet in (0.0, 1.2):  # 1.2: this run itself and a little noise
        monkeypatch.setattr(follow.os, "getloadavg", lambda quiet=quiet: (quiet, quiet, quiet))
        with pytest.raises(AssertionError, match="busy"):
            follow.choose_followed(*args)  # a quiet machine gets the threads
