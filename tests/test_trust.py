"""Belief and trust updates (MODEL.md steps 2 and 5)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignsim.dynamics import trust


def test_belief_is_the_trust_weighted_mix():
    assert trust.belief(np.array(0.25), 2.0, 1.0) == pytest.approx(1.25)


@given(t=st.floats(0, 1), rate=st.floats(0, 1), kept=st.booleans())
def test_trust_stays_in_unit_interval_and_moves_the_right_way(t, rate, kept):
    new = float(trust.update_trust(np.array(t), np.array(kept), rate))
    assert 0.0 <= new <= 1.0
    assert (new >= t) if kept else (new <= t)


def test_trust_rate_is_the_step_toward_the_target():
    assert trust.update_trust(np.array(0.5), np.array(True), 0.2) == pytest.approx(0.6)
    assert trust.update_trust(np.array(0.5), np.array(False), 0.2) == pytest.approx(0.4)


def test_promise_scales_with_contribution_and_tolerance_counts():
    promised = trust.promise(np.array(2.0), np.array(0.5))
    assert promised == pytest.approx(1.0)
    assert trust.promise_kept(np.array(0.96), promised, 0.05)
    assert not trust.promise_kept(np.array(0.94), promised, 0.05)


def test_disappointment_weighs_only_shortfalls():
    assert trust.felt_return(np.array(1.0), np.array(1.5), 2.0) == pytest.approx(0.0)
    assert trust.felt_return(np.array(2.0), np.array(1.5), 2.0) == pytest.approx(2.0)


def test_lead_by_example_removes_a_share_of_doubt():
    out = trust.credible_trust(np.array([0.2, 0.2]), np.array([True, False]), 0.5)
    assert out.tolist() == pytest.approx([0.6, 0.2])
