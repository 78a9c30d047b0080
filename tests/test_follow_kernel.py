"""The fused follow kernel against the plain numpy statement of the same utilities."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import softmax

from alignsim.dynamics import follow


def arrays(rng, n_agents=300, n_leaders=7):
    trust = rng.random((n_agents, n_leaders))
    experience = rng.random((n_agents, n_leaders)) * 2
    pitch = rng.random(n_leaders) + 1
    lbe = rng.random(n_leaders) < 0.4
    p_table = 1.0 - rng.random((3, n_leaders))  # the value V = e (1 - p), e = 1
    followers = np.arange(5, n_agents)
    code = rng.integers(0, 3, followers.size)
    return followers, trust, experience, pitch, lbe, p_table, code


def kernel(
    followers,
    trust,
    experience,
    pitch,
    lbe,
    p_table,
    code,
    uniforms,
    logit=False,
    hears=follow.EMPTY_MASK,
    banned=follow.EMPTY_BAN,
    outside=1.3,
    lam=10.0,
    slot_offset=None,
):
    return follow.choose_followed(
        followers,
        trust,
        experience,
        pitch,
        lbe,
        0.4,
        p_table,
        code,
        0.1,
        outside,
        lam,
        logit,
        hears,
        banned,
        3,
        uniforms,
        np.zeros_like(followers) if slot_offset is None else slot_offset,
    )


def numpy_utilities(followers, trust, experience, pitch, lbe, p_table, code, outside=1.3):
    u = follow.follow_utilities(followers, trust, experience, pitch, lbe, 0.4, p_table[code], 0.1)
    return np.hstack([u, np.full((followers.size, 1), outside)])


def test_best_response_matches_numpy_argmax():
    rng = np.random.default_rng(0)
    data = arrays(rng)
    choice = kernel(*data, uniforms=rng.random(data[0].size), outside=1.8)
    best = np.argmax(numpy_utilities(*data, outside=1.8), axis=1)
    assert np.array_equal(choice, np.where(best == data[3].size, -1, best))
    assert (choice == -1).any() and (choice >= 0).any()


def test_masks_exclude_unheard_and_banned_leaders():
    rng = np.random.default_rng(1)
    data = arrays(rng)
    followers = data[0]
    hears = rng.random(data[1].shape) < 0.5
    banned = np.where(rng.random(data[1].shape) < 0.3, 10, 0)
    choice = kernel(
        *data, uniforms=rng.random(followers.size), hears=hears, banned=banned, outside=-5.0
    )
    u = numpy_utilities(*data, outside=-5.0)
    u[:, :-1][~hears[followers] | (banned[followers] > 3)] = -np.inf
    best = np.argmax(u, axis=1)
    assert np.array_equal(choice, np.where(best == data[3].size, -1, best))


def test_logit_frequencies_match_softmax():
    rng = np.random.default_rng(2)
    _, trust, experience, pitch, lbe, p_table, _ = arrays(rng, n_agents=6, n_leaders=4)
    reps = 100_000
    many = np.full(reps, 5, dtype=np.int64)  # agent 5, asked many times
    codes = np.full(reps, 1, dtype=np.int64)
    choice = kernel(
        many,
        trust,
        experience,
        pitch,
        lbe,
        p_table,
        codes,
        uniforms=rng.random(reps),
        logit=True,
        lam=3.0,
    )
    utilities = numpy_utilities(
        np.array([5]), trust, experience, pitch, lbe, p_table, np.array([1])
    )[0]
    expected = softmax(3.0 * utilities)
    observed = np.bincount(np.where(choice < 0, 4, choice), minlength=5) / reps
    assert observed == pytest.approx(expected, abs=0.006)  # 4 standard errors at most


def test_best_response_ties_are_split_by_the_uniforms():
    n = 10_000
    trust = np.full((n, 2), 0.5)
    experience = np.ones((n, 2))
    choice = follow.choose_followed(
        np.arange(n),
        trust,
        experience,
        np.array([2.0, 2.0]),
        np.zeros(2, bool),
        0.0,
        np.ones((1, 2)),  # the value of keeping the endowment, e (1 - p) = 1
        np.zeros(n, np.int64),
        0.0,
        0.0,
        1.0,
        False,
        follow.EMPTY_MASK,
        follow.EMPTY_BAN,
        0,
        np.random.default_rng(3).random(n),
        np.zeros(n, np.int64),
    )
    assert abs((choice == 0).mean() - 0.5) < 0.02 and set(choice) == {0, 1}


def test_serial_and_threaded_kernels_agree_exactly():
    rng = np.random.default_rng(5)
    followers, trust, experience, pitch, lbe, p_table, code = arrays(rng, 2_000, 9)
    uniforms = rng.random(followers.size)
    args = (
        followers,
        trust,
        experience,
        pitch,
        lbe,
        0.4,
        p_table,
        code,
        0.1,
        1.3,
        10.0,
        True,
        follow.EMPTY_MASK,
        follow.EMPTY_BAN,
        3,
        uniforms,
        np.zeros_like(followers),
    )
    serial = follow._choose_serial(*args)
    threaded = follow._choose_parallel(*args)
    assert np.array_equal(serial, threaded)


def test_replicates_side_by_side_choose_as_each_would_alone():
    """Stacked blocks, each with its own leaders' columns: each follower chooses as in its block."""
    rng = np.random.default_rng(8)
    blocks = [arrays(rng, 200, 4) for _ in range(3)]
    uniforms = [rng.random(b[0].size) for b in blocks]
    alone = [kernel(*b, u, logit=True) for b, u in zip(blocks, uniforms, strict=True)]
    followers = np.concatenate([b[0] + 200 * k for k, b in enumerate(blocks)])
    stacked = kernel(
        followers,
        np.vstack([b[1] for b in blocks]),
        np.vstack([b[2] for b in blocks]),
        np.concatenate([b[3] for b in blocks]),
        np.concatenate([b[4] for b in blocks]),
        np.hstack([b[5] for b in blocks]),
        np.concatenate([b[6] for b in blocks]),
        np.concatenate(uniforms),
        logit=True,
        slot_offset=np.repeat(np.arange(3) * 4, [b[0].size for b in blocks]),
    )
    assert np.array_equal(stacked, np.concatenate(alone))  # slots within the block
    assert len(set(stacked.tolist())) == 5
