"""The figures of a run: which ones a scenario gets, and what each one draws."""

from __future__ import annotations

import math
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from alignsim.games import contribution_threshold
from alignsim.kinds.teams import TeamsKind
from alignsim.model import AlignmentModel
from alignsim.model.metrics import succession_and_returns
from alignsim.model.socialise import hand_over
from alignsim.outputs import figures, lattice_plots, plots, social_plots, threshold_plots
from alignsim.scenario import load_scenario
from conftest import SCENARIOS

STORIES = {
    "nash": "threshold",
    "smith": "rates",
    "hype": "trust",
    "wiifm": "trust",
    "best_follower": "succession",
    "network": "network",
    "mentorship": "mentorship",
    "lead_by_example": "team_return",
    "spatial_pd": "lattice",
    "staghunt": "evolution",
}


def scenario(name, *overrides, **updates):
    return load_scenario(SCENARIOS / f"{name}.yaml", overrides, **updates)


@pytest.fixture
def drawn(monkeypatch):
    """Figures drawn by the plot functions, kept open instead of saved."""
    kept: list[plt.Figure] = []
    for module in (plots, social_plots, lattice_plots, threshold_plots):
        monkeypatch.setattr(module, "_save", lambda fig, path: kept.append(fig))
    yield kept
    for fig in kept:
        plt.close(fig)


def series(rounds: int = 10, **columns) -> pd.DataFrame:
    """A time series with every column a leader figure reads, constant unless given."""
    base = {
        "step": np.arange(1, rounds + 1),
        "follow_rate": 0.9,
        "contribution_rate": 0.5,
        "mean_payoff": 1.0,
        "leader_payoff": 1.0,
        "network_edges": 100,
        "mentorships": 0,
        "leader_turnover": 0,
        "cooperation_rate": 0.5,
    }
    for key in ("smith", "nash", "conditional"):
        base |= {f"share_{key}": 0.0, f"mean_payoff_{key}": 0.0, f"contribution_rate_{key}": 0.0}
    base |= columns
    return pd.DataFrame({k: np.broadcast_to(v, rounds) for k, v in base.items()})


def group_columns(labels, **values) -> dict:
    out = {}
    for label in labels:
        for kind in ("team", "trust", "successors", "member_payoff"):
            out[f"{kind}_{label}"] = values.get(
                f"{kind}_{label}", 0 if kind == "successors" else 1.0
            )
    return out


def labels(ax) -> list[str]:
    return [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]


def vertical_lines(ax) -> list[float]:
    """x of the vertical lines drawn with axvline (two points, same x, spanning the axes)."""
    found = []
    for line in ax.get_lines():
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        if x.size == 2 and x[0] == x[1] and tuple(y) == (0.0, 1.0):
            found.append(float(x[0]))
    return sorted(found)


def legend_outside(ax) -> bool:
    """Whether the axes' legend sits wholly below the axes (so it covers no data)."""
    legend = ax.get_legend()
    fig = ax.figure
    fig.canvas.draw()
    return legend.get_window_extent().y1 <= ax.get_window_extent().y0


@pytest.mark.parametrize("name", sorted(STORIES))
def test_each_builtin_gets_the_figure_of_its_story(name):
    chosen = scenario(name)
    names = [f.name for f in figures.figures_for(chosen)]
    assert figures.story_figure(chosen) == STORIES[name]
    assert STORIES[name] in names
    if chosen.leaders:
        assert names[:3] == ["payoffs", "rates", "trust"]
    else:
        assert names == [STORIES[name]]  # no leader figures without leaders


def test_mechanisms_switched_off_get_no_figure_of_their_own():
    names = [f.name for f in figures.figures_for(scenario("nash"))]
    assert names == ["payoffs", "rates", "trust", "threshold"]
    for other in ("population.share_nash=0", "population.share_nash=1"):
        assert "threshold" not in [f.name for f in figures.figures_for(scenario("nash", other))]
    off = scenario("best_follower", "emergence.enabled=false")
    assert "succession" not in [f.name for f in figures.figures_for(off)]
    torus_free = scenario("spatial_pd", "network.kind=watts_strogatz")
    assert [f.name for f in figures.figures_for(torus_free)] == ["evolution"]


def agents_in_teams(sizes, r=1.6, cut=0.0):
    """An agents table: a leader per team size, each with that many followers."""
    rows = [
        {"id": i, "role": "leader", "leader_followed": -1, "r": r, "cut": cut}
        for i in range(len(sizes))
    ]
    for leader, size in enumerate(sizes):
        rows += [{"id": len(rows), "role": "follower", "leader_followed": leader}] * size
    return pd.DataFrame(rows).assign(id=range(len(rows)))


def test_the_threshold_figure_marks_each_teams_a_star_beside_who_contributed(drawn):
    agents = agents_in_teams([4, 10], cut=0.0)
    assert threshold_plots.team_thresholds(agents, scenario("nash")) == [
        (10, pytest.approx(float(contribution_threshold(10, 1.6, 0.0)))),
        (4, pytest.approx(0.5)),  # MODEL.md: n = 4, r = 1.6, no cut
    ]
    ts = series(20, share_smith=0.5, share_nash=0.5, contribution_rate_nash=0.9)
    threshold_plots.plot_threshold(ts, agents, scenario("nash"), None)
    theory, payoffs = drawn[0].axes
    assert sorted(vertical_lines(theory)) == pytest.approx(
        sorted([0.5, float(contribution_threshold(10, 1.6, 0.0))])
    )
    points = {line.get_label(): line.get_xydata()[0] for line in theory.get_lines()}
    assert points["Smith (a = 0): 0.00 contribute"] == pytest.approx([0.0, 0.0])
    assert points["Nash (a = 1): 0.90 contribute"] == pytest.approx([1.0, 0.9])
    assert "a* = 0.5 to 0.583\n(teams of 4 to 10)" == theory.texts[0].get_text()  # (10 - r) / (9 r)
    assert "Smith" in labels(payoffs) and "outside option" in labels(payoffs)
    nobody_smith = series(20, share_smith=0.0, share_nash=1.0, contribution_rate_nash=1.0)
    threshold_plots.plot_threshold(nobody_smith, agents, scenario("nash"), None)
    assert not any(label.startswith("Smith") for label in labels(drawn[1].axes[0]))


def test_payoffs_put_followers_and_leaders_on_axes_of_their_own(drawn):
    ts = series(mean_payoff_smith=1.2, share_smith=1.0, leader_payoff=40.0)
    plots.plot_payoffs(ts, scenario("smith"), None)
    (fig,) = drawn
    followers, leaders = fig.axes
    assert labels(followers) == ["Smith", "everyone, leaders too", "outside option"]  # no Nash line
    assert leaders.get_ylim()[1] > 40 > followers.get_ylim()[1]
    assert not followers.get_shared_y_axes().joined(followers, leaders)
    assert legend_outside(followers)


def test_lines_that_sit_on_each_other_stay_readable(drawn):
    """smith: every payoff is 1.0; the axis is not stretched over noise, each line has a marker."""
    ts = series(40, share_smith=1.0, mean_payoff_smith=1.0)
    plots.plot_payoffs(ts, scenario("smith"), None)
    followers, leaders = drawn[0].axes
    low, high = followers.get_ylim()
    assert low <= 0.75 and high >= 1.25
    assert leaders.get_ylim()[0] <= 0.75
    lines = [
        line
        for line in followers.get_lines()
        if line.get_label() in ("Smith", "everyone, leaders too")
    ]
    assert len({line.get_marker() for line in lines}) == 2
    assert len({line.get_markevery()[0] for line in lines}) == 2  # markers do not coincide


def test_rates_split_following_from_contributing_by_orientation_present(drawn):
    ts = series(share_smith=0.5, share_nash=0.5, contribution_rate_nash=1.0)
    plots.plot_rates(ts, scenario("nash"), None)
    following, contributing = drawn[0].axes
    assert labels(following) == ["follow a leader"]
    assert labels(contributing) == ["all members", "Smith", "Nash"]
    plots.plot_rates(series(share_smith=1.0), scenario("smith"), None)
    assert labels(drawn[1].axes[1]) == ["all members"]  # one orientation: no split
    assert all(legend_outside(ax) for ax in drawn[0].axes)


def test_hand_overs_are_marked_and_successors_keep_no_founders_label(drawn):
    chosen = scenario("best_follower")
    successors = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2, 2])
    ts = series(
        **group_columns(["founder", "overseller"], successors_overseller=successors),
        leader_turnover=np.diff(successors, prepend=0),
    )
    ts["trust_overseller"] = np.linspace(0.1, 0.9, 10)
    social_plots.plot_succession(ts, chosen, None)
    follow, trust = drawn[0].axes
    assert vertical_lines(follow) == [4.0, 6.0] == vertical_lines(trust)
    assert [text.get_text() for text in follow.texts] == ["1", "2"]  # numbered above the plot
    named = [t.get_text() for t in follow.get_legend().get_texts()]
    assert named[-2:] == [
        "1: overseller hands over in round 4",
        "2: overseller hands over in round 6",
    ]
    drawn[0].canvas.draw()
    top = follow.get_window_extent().y1
    assert all(text.get_window_extent().y0 >= top for text in follow.texts)  # crosses no line
    by_label = {line.get_label(): line for line in trust.get_lines()}
    founders = np.asarray(by_label["overseller"].get_ydata(), dtype=float)
    assert np.isfinite(founders[:3]).all() and np.isnan(founders[3:]).all()
    later = np.asarray(by_label["overseller slots under successors"].get_ydata(), dtype=float)
    assert np.isnan(later[:2]).all() and np.isfinite(later[2:]).all()
    assert by_label["overseller slots under successors"].get_linestyle() == "--"
    assert "founder slots under successors" not in by_label


def test_hand_overs_close_together_are_numbered_on_rows_that_do_not_touch(drawn):
    successors = np.zeros(100, dtype=int)
    successors[40:], successors[41:], successors[90:] = 1, 2, 3  # rounds 41 and 42 side by side
    ts = series(
        100,
        **group_columns(["founder", "overseller"], successors_overseller=successors),
        leader_turnover=np.diff(successors, prepend=0),
    )
    social_plots.plot_succession(ts, scenario("best_follower"), None)
    follow = drawn[0].axes[0]
    drawn[0].canvas.draw()
    boxes = [text.get_window_extent() for text in follow.texts]
    assert [t.get_text() for t in follow.texts] == ["1", "2", "3"]
    assert not boxes[0].overlaps(boxes[1]) and boxes[1].y0 > boxes[0].y0
    assert boxes[2].y0 == boxes[0].y0  # round 91 is far enough: back on the first row
    assert boxes[1].y1 < follow.title.get_window_extent().y0  # the title sits above them


def test_network_figure_draws_the_ties(drawn):
    edges = np.array([100, 90, 80, 70, 75, 80, 85, 90, 92, 95])
    ts = series(network_edges=edges, **group_columns(["honest", "overseller"]))
    social_plots.plot_network(ts, scenario("network"), None)
    ties, teams = drawn[0].axes
    line = next(ln for ln in ties.get_lines() if ln.get_label() == "ties in the network")
    assert list(line.get_ydata()) == list(edges)
    assert labels(teams) == ["honest", "overseller"]


def test_mentorship_figure_marks_the_leaders_places(drawn):
    chosen = scenario("mentorship")
    ts = series(mentorships=np.arange(10) * 5, **group_columns(["honest", "overseller"]))
    social_plots.plot_mentorship(ts, chosen, None)
    places = drawn[0].axes[0].get_lines()[1]
    assert places.get_label() == "all places (3 leaders x 20)"
    assert list(places.get_ydata()) == [60, 60]


def test_team_return_draws_a_line_per_group_with_members(drawn):
    ts = series(**group_columns(["example", "talker"]))
    ts["member_payoff_example"], ts["team_example"] = 1.25, 80.0
    ts["member_payoff_talker"], ts["team_talker"] = np.nan, 0.0  # nobody followed the talker
    social_plots.plot_team_return(ts, scenario("lead_by_example"), None)
    one, whole = drawn[0].axes
    assert labels(one) == ["example", "outside option"]
    assert set(one.get_lines()[0].get_ydata()) == {1.25}
    assert labels(whole) == ["example"]
    assert set(whole.get_lines()[0].get_ydata()) == {100.0}  # 80 members x 1.25


def test_lattice_has_the_nowak_may_line_only_in_its_regime(drawn):
    chosen = scenario("spatial_pd", "population.n_followers=16", "network.width=4")
    agents = pd.DataFrame(
        {"contributed": [True, True, False, False] * 4, "cooperates_next": [True, False] * 8}
    )
    ts = series(cooperation_rate=0.3)
    lattice_plots.plot_lattice(ts, agents, chosen, None)
    grid, share = drawn[0].axes
    reference = [ln for ln in share.get_lines() if ln.get_label().startswith("Nowak and May")]
    assert len(reference) == 1
    assert reference[0].get_ydata()[0] == pytest.approx(12 * math.log(2) - 8)
    assert reference[0].get_ydata()[0] == pytest.approx(0.318, abs=5e-4)
    # C->C blue 0, C->D yellow 3, D->C green 2, D->D red 1
    assert grid.get_images()[0].get_array()[0].tolist() == [0, 3, 2, 1]
    outside = scenario("spatial_pd", "population.n_followers=16", "network.width=4")
    outside = outside.model_copy(
        update={"game": outside.game.model_copy(update={"temptation": 1.5})}
    )
    lattice_plots.plot_lattice(ts, agents, outside, None)
    assert not any(ln.get_label().startswith("Nowak") for ln in drawn[1].axes[1].get_lines())


def test_successor_and_member_payoff_metrics_follow_the_state():
    model = AlignmentModel(scenario("lead_by_example"))
    model.step()
    s = model.state
    metrics = succession_and_returns(model)
    for group, label in enumerate(model.leader_labels):
        slots = np.flatnonzero(s.leader_group == group)
        members = np.isin(s.leader_of, slots) & ~s.is_leader
        assert metrics[f"member_payoff_{label}"] == pytest.approx(s.payoff[members].mean())
        assert metrics[f"successors_{label}"] == 0
    s.leader_of[:] = -1
    assert all(np.isnan(v) for k, v in succession_and_returns(model).items() if "payoff" in k)
    hand_over(model, 1, successor=int(np.flatnonzero(~s.is_leader)[0]))
    after = succession_and_returns(model)
    assert (after["successors_example"], after["successors_talker"]) == (0, 1)


def test_best_follower_hands_over_at_the_rounds_its_description_names():
    chosen = scenario("best_follower")
    named = re.search(r"hand over \(rounds (\d+) and (\d+)", " ".join(chosen.description.split()))
    ts = TeamsKind().run(chosen).timeseries
    assert plots.handover_rounds(ts, "overseller") == [int(r) for r in named.groups()]
    assert plots.handover_rounds(ts, "founder") == []
    gained = ts["successors_overseller"].diff().fillna(0) > 0
    assert (ts.loc[gained, "leader_turnover"] > 0).all()


def test_a_lattice_run_writes_its_picture(tmp_path):

    small = scenario("spatial_pd", "population.n_followers=400", "network.width=20", steps=5)
    result = TeamsKind().run(small)
    assert result.agents["cooperates_next"].notna().all()
    TeamsKind().write(result, tmp_path / "run")
    assert {p.name for p in (tmp_path / "run").glob("*.png")} == {"lattice.png"}
    agents = pd.read_csv(tmp_path / "run" / "agents.csv")
    assert set(agents["cooperates_next"]) <= {True, False}
    leader_agents = TeamsKind().run(scenario("nash", steps=1)).agents
    assert leader_agents["cooperates_next"].isna().all()  # missing with leaders, not False
