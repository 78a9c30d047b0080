"""Leaders' learning: the pitch search (one lever at a time, neutral start, a documented cap)
and expelling free riders."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from alignsim.dynamics import leaders
from alignsim.dynamics.leaders import CUT, HYPE, NO_LEVER, Pitches, climb, judge, tune_pitch
from alignsim.model import AlignmentModel
from alignsim.scenario import Learning
from conftest import make_scenario


def test_win_stay_lose_shift():
    direction = np.array([1.0, 1.0, -1.0, -1.0, 1.0])
    payoff = np.array([2.0, 0.5, 2.0, 0.5, 1.0])
    before = np.array([1.0, 1.0, 1.0, 1.0, 1.0])
    # a gain or no change keeps the direction, a fall reverses it
    assert list(judge(direction, payoff, before)) == [1.0, -1.0, -1.0, 1.0, 1.0]
    assert judge(np.array([1.0]), np.array([0.0]), np.array([np.nan]))[0] == 1.0  # no baseline


def test_climb_stays_in_bounds_and_turns_back():
    value, direction = climb(np.array([0.0, 0.5, 0.99]), np.array([-1.0, 1.0, 1.0]), 0.02, 0, 1)
    assert value == pytest.approx([0.0, 0.52, 1.0])
    assert list(direction) == [1.0, 1.0, -1.0]


def pitches(n, hype=0.0, cut=0.1, lever=NO_LEVER, last=np.nan, hd=0.0, cd=0.0) -> Pitches:
    return Pitches(
        np.full(n, hype), np.full(n, cut), np.full(n, hd), np.full(n, cd),
        np.full(n, lever, dtype=np.int8), np.full(n, last),
    )  # fmt: skip


def test_each_lever_learns_from_its_own_move():
    """The payoff fell after the cut moved: only the cut turns; the hype moves this round."""
    p = pitches(3, hype=1.0, cut=0.3, lever=CUT, last=2.0, hd=1.0, cd=1.0)
    tune_pitch(p, np.array([1.0, 3.0, 2.0]), 0.1, 5.0, np.random.default_rng(0))
    assert list(p.cut_direction) == [-1.0, 1.0, 1.0]  # judged: fell, rose, unchanged
    assert p.cut == pytest.approx([0.3, 0.3, 0.3])  # not moved this round
    assert list(p.hype_direction) == [1.0, 1.0, 1.0]  # not judged on the cut's signal
    assert p.hype == pytest.approx([1.1, 1.1, 1.1])  # the hype's turn
    assert list(p.last_lever) == [HYPE] * 3
    tune_pitch(p, np.array([0.5, 4.0, 2.0]), 0.1, 5.0, np.random.default_rng(0))
    assert list(p.hype_direction) == [-1.0, 1.0, 1.0]  # judged on its own move
    assert p.cut == pytest.approx([0.2, 0.4, 0.4])  # the cut moves with its own direction


def test_the_search_starts_neutral():
    """First round: baseline only. Then the cut probes up or down at random, then the hype."""
    n = 4000
    p = pitches(n)
    rng = np.random.default_rng(1)
    tune_pitch(p, np.ones(n), 0.02, 5.0, rng)
    assert np.all(p.hype == 0) and np.all(p.cut == 0.1) and np.all(p.last_lever == NO_LEVER)
    tune_pitch(p, np.ones(n), 0.02, 5.0, rng)
    assert np.all(p.hype == 0), "an honest leader does not start overselling"
    up = (p.cut > 0.1).mean()
    assert abs(up - 0.5) < 4 * np.sqrt(0.25 / n)
    assert np.all(np.isclose(p.cut, 0.08) | np.isclose(p.cut, 0.12))
    tune_pitch(p, np.ones(n), 0.02, 5.0, rng)
    raised = (p.hype > 0).mean()
    assert abs(raised - 0.5) < 4 * np.sqrt(0.25 / n)  # a probe, not a rule to oversell


def test_the_hype_cap_is_the_documented_key():
    assert Learning().max_hype == 5.0
    p = pitches(1, hype=7.99, lever=CUT, last=1.0, hd=1.0)
    tune_pitch(p, np.array([1.0]), 0.02, 8.0, np.random.default_rng(0))
    assert p.hype[0] == pytest.approx(8.0)  # beyond the old hidden clip at 5
    p = pitches(1, hype=0.99, lever=CUT, last=1.0, hd=1.0)
    tune_pitch(p, np.array([1.0]), 0.02, 1.0, np.random.default_rng(0))
    assert p.hype[0] == pytest.approx(1.0) and p.hype_direction[0] == -1.0


def test_a_tuned_leader_cannot_start_above_the_cap():
    with pytest.raises(ValidationError, match="leaders.0.hype: 8 is above learning.max_hype 5"):
        make_scenario(leaders=[{"hype": 8.0}], learning={"adapt_leaders": True})
    make_scenario(leaders=[{"hype": 8.0}])  # without tuning the cap does not apply
    make_scenario(leaders=[{"hype": 8.0}], learning={"adapt_leaders": True, "max_hype": 10})


def adapting_model(**learning) -> AlignmentModel:
    return AlignmentModel(
        make_scenario(
            population={"n_followers": 600, "share_nash": 0.5},
            leaders=[{"label": "honest", "count": 60, "r": 1.6, "cut": 0.1}],
            learning={"adapt_leaders": True, **learning},
        )
    )


def test_honest_leaders_do_not_start_overselling_in_the_model():
    """The pitches of rounds 1 to 3 are honest; the cut probes first, both ways."""
    model = adapting_model()
    for _ in range(2):
        model.step()
        assert np.all(model.state.hype == 0), f"hype after round {model.steps}"
    assert 0.2 < (model.state.cut > 0.1).mean() < 0.8
    model.step()
    assert 0.2 < (model.state.hype > 0).mean() < 0.8  # the hype's first probe, both ways


def test_max_hype_zero_keeps_every_pitch_honest():
    model = adapting_model(max_hype=0.0)
    model.run(30)
    assert np.all(model.state.hype == 0)
    assert np.any(model.state.cut != 0.1)


def test_expulsion_takes_free_riders_only():
    members = np.arange(10, 20)
    slots = np.arange(10) % 3
    gave = np.arange(10) % 2 == 0
    expelled, from_slot = leaders.expel_free_riders(
        members, slots, gave, 1.0, np.random.default_rng(0)
    )
    assert list(expelled) == list(members[~gave])
    assert list(from_slot) == list(slots[~gave])
    none, _ = leaders.expel_free_riders(members, slots, gave, 0.0, np.random.default_rng(0))
    assert none.size == 0
