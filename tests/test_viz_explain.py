"""The explanation panel: each scenario's story and the right theory beside the live numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from alignsim.games import bar_mixed_probability, contribution_threshold
from alignsim.kinds import load
from alignsim.scenario import builtin_scenarios
from alignsim.viz.adapter import build_model, params_for
from alignsim.viz.explain import NOWAK_MAY_FIXED, explanation_html
from alignsim.viz.pages import theory_for


def row(theory, start: str) -> tuple[str, str, str]:
    return next(r for r in theory.rows if r[0].startswith(start))


def test_every_builtin_says_what_to_try_and_what_to_watch_with_its_own_controls():
    for name in builtin_scenarios():
        scenario = load(name)
        teaching = scenario.teaching
        assert teaching.what_to_try and teaching.what_to_watch, name
        labels = {p.label.split(" (")[0] for p in params_for(scenario)} | {"Play", "Step"}
        for sentence in teaching.what_to_try:
            assert any(label in sentence for label in labels), (name, sentence)
        html = explanation_html(
            build_model(name, _small(name)), theory_for(build_model(name, _small(name)))
        )
        assert "What to try" in html and "What to watch" in html


def _small(name: str) -> dict:
    return {"population.n_followers": 400} if name == "spatial_pd" else {}


def test_the_threshold_is_model_mds_for_each_teams_size_now():
    model = build_model("nash")
    theory = theory_for(model)
    assert row(theory, "threshold a*, leader: team of 33")[1] == "0.61"
    model.run(4)
    s = model.state
    sizes = np.bincount(s.leader_of[(s.leader_of >= 0) & ~s.is_leader], minlength=3)
    n = round(sizes.mean())
    expected = float(contribution_threshold(n, 1.6, 0.1))
    label, value, verdict = row(theory_for(model), "threshold a*")
    assert label == f"threshold a*, leader: team of {n}"
    assert value == f"{expected:.2f}"
    assert verdict == "Nash agents (weight 1) contribute"


def test_the_equilibrium_contribution_rate_follows_the_group_weight():
    model = build_model("nash")
    model.run(3)
    s = model.state
    members = (s.leader_of >= 0) & ~s.is_leader
    nash_share = float(np.mean(s.group_weight[members] > 0))
    assert row(theory_for(model), "contribution rate, equilibrium")[1] == f"{nash_share:.2f}"
    assert theory_for(model).levels[0][1] == pytest.approx(nash_share)
    low = build_model("nash", {"population.group_weight": 0.3})
    low.run(3)
    assert row(theory_for(low), "contribution rate, equilibrium")[1] == "0.00"
    assert "Nash agents (weight 0.3) keep" in row(theory_for(low), "threshold a*")[2]
    assert row(theory_for(model), "contribution rate, social optimum")[1] == "1.00"


def test_nowak_and_mays_share_is_shown_only_for_their_game():
    spatial = build_model("spatial_pd", {"population.n_followers": 400})
    theory = theory_for(spatial)
    assert row(theory, "cooperators, Nowak-May")[1] == f"{NOWAK_MAY_FIXED:.3f}"
    assert math.isclose(NOWAK_MAY_FIXED, 0.318, abs_tol=5e-4)
    outside = build_model("spatial_pd", {"population.n_followers": 400, "game.temptation": 1.5})
    assert not any(r[0].startswith("cooperators, Nowak-May") for r in theory_for(outside).rows)
    assert "both defect" in row(theory, "Nash equilibria")[1]


def test_the_stag_hunt_shows_its_tipping_point_and_three_equilibria():
    theory = theory_for(build_model("staghunt", {"population.n_followers": 1000}))
    assert row(theory, "tipping point")[1] == "0.75"
    assert row(theory, "Nash equilibria")[1] == "both stag; both hare; each stag with chance 0.75"


def test_the_bar_shows_its_equilibria_and_optimum_beside_the_profile_now():
    model = build_model("bar")
    theory = theory_for(model)
    assert row(theory, "going for her, pure equilibria")[1:] == ("1", "now 0")
    assert row(theory, "chance of going")[1] == f"{bar_mixed_probability(5, 1.0, 0.5):.3f}"
    assert row(theory, "group payoff, social optimum")[1:] == ("3", "now 2.5")
    assert row(theory, "group payoff, film's profile")[1] == "2.5"
