"""A tab's session: rounds, live changes, rebuilds, and the per-leader history the charts read."""

from __future__ import annotations

import numpy as np
import pytest

from alignsim.kinds import KINDS, load
from alignsim.scenario import builtin_scenarios
from alignsim.viz.charts import HANDOVER
from alignsim.viz.pages import PAGES, charts_for, page_for, theory_for
from alignsim.viz.session import Session


def test_every_kind_has_a_page_and_each_builtin_gets_the_page_of_what_it_runs():
    assert set(PAGES) == {kind.name for kind in KINDS}
    pages = {name: page_for(load(name)).name for name in builtin_scenarios()}
    assert pages.pop("bar") == "bar"
    assert pages.pop("spatial_pd") == pages.pop("staghunt") == "leaderless"
    assert set(pages.values()) == {"leaders"}


def test_per_leader_history_adds_up_to_the_groups_metrics():
    session = Session("hype")
    session.step(6)
    model = session.model
    team = np.array(session.history.team)
    assert team.shape == (6, 2)
    for k, label in enumerate(model.leader_labels):
        np.testing.assert_allclose(team[:, k], model.datacollector.model_vars[f"team_{label}"])
        np.testing.assert_allclose(
            np.array(session.history.trust)[:, k],
            model.datacollector.model_vars[f"trust_{label}"],
        )


def test_leaders_stepping_down_are_marked_where_the_scenario_says():
    session = Session("best_follower")
    session.step(40)
    rounds = sorted({r for r, _ in session.history.handovers})
    assert rounds == [21, 37]  # the scenario's description: rounds 21 and 37, default seed
    charts = charts_for(session, theory_for(session.model))
    team_chart = next(c for c in charts if 'aria-label="Team size by leader"' in c)
    assert HANDOVER in team_chart and team_chart.count('stroke-dasharray="2 4"') == 3  # 2 + key


def test_a_live_change_acts_on_the_running_model_and_a_rebuild_starts_again():
    session = Session("hype")
    session.step(3)
    session.retune("leaders.1.hype", 0.0)
    assert session.model.state.hype[1] == 0.0 and session.round == 3
    with pytest.raises(ValueError, match="needs a new model"):
        session.retune("population.n_followers", 50)
    session.rebuild({"population.n_followers": 50})
    assert session.round == 0 and session.history.team == []
    assert int((~session.model.state.is_leader).sum()) == 50


def test_the_bars_learning_settings_act_at_once():
    session = Session("bar")
    session.retune("learning.revision", "synchronous")
    session.step(1)
    assert session.model.going.all()  # from the film's profile everyone jumps at once
    with pytest.raises(ValueError, match="needs a new model"):
        session.retune("game.n", 3)


def test_charts_name_what_they_show_in_words():
    for name, expected in (
        ("mentorship", {"Mentorships", "Trust by leader"}),
        ("network", {"Ties in the network", "Team size by leader"}),
        ("staghunt", {"Cooperation"}),
        ("bar", {"Going for the most-wanted", "The group&#x27;s payoff"}),
    ):
        session = Session(name, {"population.n_followers": 1000} if name == "staghunt" else {})
        session.step(3)
        charts = charts_for(session, theory_for(session.model))
        titles = {c.split('aria-label="')[1].split('"')[0] for c in charts}
        assert expected <= titles, name
        assert not any("_rate" in c or "mean_payoff" in c for c in charts)


def test_a_group_nobody_belongs_to_has_no_line():
    session = Session("hype")  # every follower is Nash-style
    session.step(3)
    payoff = next(c for c in charts_for(session, theory_for(session.model)) if "Payoff" in c)
    assert "Nash-style followers" in payoff and "Smith-style followers" not in payoff


# What the built-in scenarios tell the class to try (their teaching sections) must hold.


def test_best_follower_honest_from_the_start_needs_no_successor():
    session = Session("best_follower")
    session.retune("leaders.1.hype", 0.0)
    session.step(60)
    assert session.history.handovers == []


def test_wiifm_an_honest_vision_with_a_small_cut_wins_everyone():
    session = Session("wiifm")
    session.retune("leaders.0.hype", 0.0)
    session.retune("leaders.0.cut", 0.2)
    session.step(20)
    assert session.history.team[-1].tolist() == [100.0, 0.0]
    only_cut = Session("wiifm")
    only_cut.retune("leaders.0.cut", 0.2)
    only_cut.step(20)
    assert only_cut.history.team[-1][0] <= 2


def test_lead_by_example_a_greedy_example_loses_its_team():
    session = Session("lead_by_example")
    session.step(20)
    before = session.history.team[-1][0]
    session.retune("leaders.0.cut", 0.4)
    session.step(40)
    assert session.history.team[-1][0] < min(10, before / 4)


def test_network_more_ties_empty_the_oversellers_teams_sooner():
    sparse, dense = Session("network"), Session("network", {"network.degree": 12})
    sparse.step(20)
    dense.step(20)
    assert dense.history.team[-1][2:].sum() < sparse.history.team[-1][2:].sum() * 0.6


def test_mentoring_empties_the_oversellers_team_faster():
    with_mentors = Session("mentorship")
    without = Session("mentorship", {"mentorship.enabled": False})
    with_mentors.step(10)
    without.step(10)
    assert with_mentors.history.team[-1][2] < without.history.team[-1][2] / 2
