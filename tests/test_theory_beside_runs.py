"""The theory printed beside a run is the right theory for that run.

The contribution threshold uses the teams the leaders actually had; the mean
field drawn and written beside an imitation run is the limit of the rule that
ran (Traulsen, Nowak and Pacheco 2006), not the replicator equation.
"""

from __future__ import annotations

import numpy as np
import pytest
from rich.console import Console

from alignsim.dynamics import replicator
from alignsim.games import contribution_threshold
from alignsim.kinds.teams import TeamsKind
from alignsim.outputs.table import threshold_table
from alignsim.scenario import load_scenario
from conftest import SCENARIOS

STAG_HUNT = [[4, 0], [3, 3]]


def table_text(summary) -> str:
    console = Console(record=True, width=160)
    console.print(threshold_table(summary))
    return console.export_text()


def test_threshold_uses_realised_team_sizes_and_a_leader_without_team_has_none():
    """A good project draws every follower; a bad one (r 0.5, cut 0.9) draws nobody."""
    scenario = load_scenario(
        SCENARIOS / "hype.yaml",
        [
            "population.n_followers=60",
            "choice.rule=best_response",
            "leaders.1.r=0.5",
            "leaders.1.cut=0.9",
            "leaders.1.hype=0.0",
        ],
        steps=10,
    )
    result = TeamsKind().run(scenario)
    state = result.model.state
    sizes = np.bincount(state.leader_of[state.leader_of >= 0], minlength=state.n_leaders)
    rows = {row["leader_group"]: row for row in result.summary["predictions"]}
    honest = state.leader_group == 0
    assert sizes[~honest].sum() == 0 and sizes[honest][0] > 30  # not followers / leaders
    assert rows["honest"]["team_size"] == int(sizes[honest][0])
    assert rows["honest"]["threshold_group_weight"] == pytest.approx(
        contribution_threshold(rows["honest"]["team_size"], 1.6, rows["honest"]["cut"])
    )
    assert rows["overseller"]["team_size"] is None
    assert rows["overseller"]["threshold_group_weight"] is None
    line = next(x for x in table_text(result.summary).splitlines() if "overseller" in x)
    assert "30" not in line and line.count("-") >= 3


def test_theory_table_shows_only_the_preference_types_present():
    smith = TeamsKind().run(
        load_scenario(SCENARIOS / "smith.yaml", ["population.n_followers=60"], steps=5)
    )
    text = table_text(smith.summary)
    assert "Smith a=0" in text and "Nash" not in text
    assert all(row["nash_contributes"] is None for row in smith.summary["predictions"])
    nash = TeamsKind().run(
        load_scenario(SCENARIOS / "nash.yaml", ["population.n_followers=60"], steps=5)
    )
    text = table_text(nash.summary)
    assert "Smith a=0" in text and "Nash a=1" in text


# --- the deterministic limit of Fermi imitation ---------------------------------------------


def test_fermi_mean_field_closed_form():
    """At x = 1/2 the Stag Hunt's payoff gap is 4/2 - 3 = -1: dx/dt = tanh(-1) / 4."""
    assert replicator.fermi_mean_field(0.5, STAG_HUNT, 2.0) == pytest.approx(np.tanh(-1.0) / 4)
    # beta = 1 halves the argument: tanh(-1/2) / 4, not tanh(-1) / 4
    assert replicator.fermi_mean_field(0.5, STAG_HUNT, 1.0) == pytest.approx(np.tanh(-0.5) / 4)
    # x = 0.9: gap 3.6 - 3 = 0.6; 0.09 tanh(0.6)
    assert replicator.fermi_mean_field(0.9, STAG_HUNT, 2.0) == pytest.approx(0.09 * np.tanh(0.6))
    rounds = replicator.fermi_mean_field_rounds(0.5, STAG_HUNT, 2.0, 0.2, 3)
    assert rounds[0] == 0.5
    assert rounds[1] == pytest.approx(0.5 + 0.2 * np.tanh(-1.0) / 4)


def test_staghunt_from_070_tracks_its_mean_field_column():
    """40,000 agents, beta = 2, rate 0.2, seed 2, from 0.70 Stag: within 0.02 for 60 rounds.

    The start lies 0.05 below the unstable rest point 0.75, where the sampling
    noise of the first rounds (about sqrt(0.21 / 40,000) = 0.002) is amplified
    before the drift takes over; seeds 1, 2 and 42 give 0.009, 0.008 and 0.004.
    The replicator equation drawn before (time x beta / 2 = 1) is 0.2 away:
    it is only the weak-selection approximation.
    """
    scenario = load_scenario(
        SCENARIOS / "staghunt.yaml",
        ["population.share_cooperators=0.7", "population.n_followers=40000", "seed=2"],
    )
    series = TeamsKind().run(scenario).timeseries
    share = series["cooperation_rate"].to_numpy()
    assert share[0] == pytest.approx(0.7, abs=0.01) and share[-1] < 0.01
    assert np.abs(share - series["mean_field"].to_numpy()).max() < 0.02
    times = 0.2 * np.arange(share.size)
    weak_selection = replicator.trajectory(share[0], STAG_HUNT, times)
    assert np.abs(share - weak_selection).max() > 0.15


def test_mean_field_column_only_where_it_is_the_limit():
    lattice = TeamsKind().run(
        load_scenario(
            SCENARIOS / "spatial_pd.yaml",
            ["population.n_followers=400", "network.width=20"],
            steps=3,
        )
    )
    assert "mean_field" not in lattice.timeseries
    leaders = TeamsKind().run(
        load_scenario(SCENARIOS / "nash.yaml", ["population.n_followers=40"], steps=3)
    )
    assert "mean_field" not in leaders.timeseries
