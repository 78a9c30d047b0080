"""The leaderless engine, imitation with leaders, conditional cooperators, matrix games in teams."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from alignsim.model import CONDITIONAL, NASH, SMITH, AlignmentModel
from alignsim.scenario import Scenario
from conftest import make_scenario

NOWAK_MAY = {"type": "prisoners_dilemma", "reward": 1, "temptation": 1.9, "punishment": 0}


def leaderless(n=400, game=None, network=None, imitation=None, **population) -> Scenario:
    return make_scenario(
        leaders=[],
        population={"n_followers": n, "share_nash": 0.0, **population},
        game=game or {**NOWAK_MAY, "self_play": True},
        network=network or {"kind": "lattice", "torus": True},
        imitation=imitation or {"rule": "best"},
    )


def run(scenario: Scenario, steps: int) -> pd.DataFrame:
    model = AlignmentModel(scenario)
    model.run(steps)
    return model.datacollector.get_model_vars_dataframe()


# --- the schema ---------------------------------------------------------------------


def test_public_goods_still_needs_a_leader():
    with pytest.raises(ValidationError, match="at least one leader"):
        make_scenario(leaders=[])


def test_matrix_games_run_without_leaders():
    scenario = make_scenario(leaders=[], game={"type": "stag_hunt"})
    assert scenario.n_leaders == 0
    assert scenario.game.payoff_matrix() == [[4.0, 0.0], [3.0, 3.0]]


@pytest.mark.parametrize(
    ("game", "message"),
    [
        ({"type": "prisoners_dilemma", "temptation": 0.5}, "temptation > reward"),
        ({"type": "stag_hunt", "temptation": 5}, "reward > temptation"),
        ({"type": "matrix"}, "needs payoffs"),
        ({"type": "matrix", "payoffs": [[1, 2, 3], [4, 5, 6]]}, "2x2"),
        ({"type": "linear_public_goods", "temptation": 2}, "only for"),
        ({"type": "stag_hunt", "payoffs": [[4, 0], [3, 3]]}, "only for game type matrix"),
    ],
)
def test_bad_matrix_games_are_errors(game, message):
    with pytest.raises(ValidationError, match=message):
        make_scenario(leaders=[], game=game)


def test_defaults_of_the_named_games_are_the_game_library_defaults():
    from alignsim.games import build_game

    for name in ("prisoners_dilemma", "stag_hunt"):
        ours = make_scenario(leaders=[], game={"type": name}).game.payoff_matrix()
        row, _ = build_game({"type": name}).payoff_matrices
        np.testing.assert_array_equal(np.asarray(ours), row)


def test_imitation_targets_must_fit_the_population():
    with pytest.raises(ValidationError, match="strategy is for games without leaders"):
        make_scenario(imitation={"rule": "fermi", "target": "strategy"})
    with pytest.raises(ValidationError, match="needs leaders"):
        make_scenario(leaders=[], game={"type": "stag_hunt"}, imitation={"target": "orientation"})


def test_shares_of_orientations_cannot_exceed_one():
    with pytest.raises(ValidationError, match="at most 1"):
        make_scenario(population={"share_nash": 0.7, "share_conditional": 0.4})


# --- the leaderless engine ------------------------------------------------------------


def test_initial_cooperators_are_an_exact_share():
    model = AlignmentModel(leaderless(n=400, share_cooperators=0.9))
    assert model.state.strategy.sum() == 360
    model.step()
    assert model.metrics["cooperation_rate"] == pytest.approx(0.9)
    assert model.metrics["n_leaders"] == 0 and model.metrics["follow_rate"] == 0


def test_without_imitation_strategies_stay():
    model = AlignmentModel(leaderless(imitation={"rule": "none"}))
    before = model.state.strategy.copy()
    model.run(5)
    np.testing.assert_array_equal(model.state.strategy, before)


@pytest.mark.parametrize(
    "setup",
    [
        {"imitation": {"rule": "best"}},
        {"imitation": {"rule": "fermi", "beta": 2.0, "rate": 0.5}},
        {"imitation": {"rule": "fermi", "update": "asynchronous", "batches": 7}},
        {"imitation": {"rule": "best", "update": "asynchronous", "batches": 40}},
        {"network": {"kind": "complete"}, "imitation": {"rule": "fermi", "beta": 1.0}},
        {"network": {"kind": "complete"}, "imitation": {"rule": "best", "rate": 0.3}},
        {"network": {"kind": "watts_strogatz", "degree": 4}, "imitation": {"rule": "best"}},
        {"network": {"kind": "erdos_renyi", "degree": 6}, "imitation": {"rule": "fermi"}},
    ],
)
def test_same_seed_same_output(setup):
    first = run(leaderless(**setup), 15)
    again = run(leaderless(**setup), 15)
    pd.testing.assert_frame_equal(first, again)
    other = AlignmentModel(leaderless(**setup), rng=7)
    other.run(15)
    assert not other.datacollector.get_model_vars_dataframe().equals(first)


def test_lattice_kernel_and_sparse_rule_agree():
    """The 2D stencil and the generic sparse best-neighbour rule give the same run."""
    from alignsim.model import evolution

    scenario = leaderless(n=900, share_cooperators=0.9)
    grid = AlignmentModel(scenario)
    sparse_model = AlignmentModel(scenario)
    rng = np.random.default_rng(0)
    for _ in range(20):
        grid.step()
        s = sparse_model.state
        s.payoff[:] = evolution.stage_game(scenario, s)(s.strategy)
        model_of = evolution.choose_models(scenario.imitation, s.adjacency, s.payoff, rng)
        s.strategy[model_of >= 0] = s.strategy[model_of[model_of >= 0]]
        np.testing.assert_array_equal(grid.state.strategy, s.strategy)


def test_asynchronous_one_at_a_time_on_a_small_lattice():
    """One at a time: each agent revises from the strategies and payoffs its predecessors left.

    The reference is the plain sequential process, written out: agents in a
    random order, the game replayed before each one revises. It differs from
    everyone revising at once.
    """
    from alignsim.dynamics import imitation
    from alignsim.model import evolution

    scenario = leaderless(
        n=36, share_cooperators=0.8, imitation={"rule": "best", "update": "asynchronous",
                                                "batches": 36},
    )  # fmt: skip
    model, reference = AlignmentModel(scenario), AlignmentModel(scenario)
    s, rng = reference.state, reference.rng
    play = evolution.stage_game(scenario, s)
    synchronous = AlignmentModel(
        scenario.model_copy(
            update={"imitation": scenario.imitation.model_copy(update={"update": "synchronous"})}
        )
    )
    differs = False
    for _ in range(5):
        model.step()
        synchronous.step()
        differs |= not np.array_equal(model.state.strategy, synchronous.state.strategy)
        assert rng.random(36).size == 36  # every agent revises (rate 1): the revisers' draw
        for agent in rng.permutation(36):
            payoff = play(s.strategy).reshape(6, 6)
            new = imitation.lattice_best_strategy(s.strategy.reshape(6, 6), payoff, True, rng)
            s.strategy[agent] = new.ravel()[agent]
        np.testing.assert_array_equal(model.state.strategy, s.strategy)
    assert differs, "one at a time is not everyone at once"


def test_learning_multiplier_zero_stops_imitation():
    model = AlignmentModel(leaderless(imitation={"rule": "fermi", "beta": 5.0}))
    model.state.learning_multiplier = np.zeros(model.state.n_agents)
    before = model.state.strategy.copy()
    model.run(5)
    np.testing.assert_array_equal(model.state.strategy, before)


# --- with leaders ---------------------------------------------------------------------


def follower_scenario(**population) -> Scenario:
    return make_scenario(
        population={"n_followers": 4000, "share_nash": 0.0, **population},
        leaders=[{"count": 1, "r": 1.6}],
        choice={"rule": "best_response"},
    )


@pytest.mark.parametrize(
    ("trust", "belief", "slope"), [(0.0, 0.5, 0.8), (0.9, 0.5, 0.8), (0.6, 0.7, 1.0)]
)
def test_conditional_cooperators_contribute_with_their_belief(trust, belief, slope):
    """First round: they give slope x initial_belief, whatever their trust in the leader."""
    scenario = follower_scenario(
        share_conditional=1.0, initial_trust=trust, initial_belief=belief, conditional_slope=slope
    )
    model = AlignmentModel(scenario)
    model.step()
    s = model.state
    members = s.leader_of >= 0
    assert members.sum() == 4000
    expected = slope * belief
    share = s.contributed[members].mean()
    assert abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / 4000)
    assert model.metrics["contribution_rate_conditional"] == pytest.approx(share)
    assert model.metrics["share_conditional"] == 1.0


def test_orientation_shares_add_up():
    model = AlignmentModel(follower_scenario(share_nash=0.3, share_conditional=0.25))
    model.step()
    m = model.metrics
    assert m["share_smith"] + m["share_nash"] + m["share_conditional"] == pytest.approx(1.0)
    assert m["share_conditional"] == pytest.approx(0.25)
    assert m["cooperation_rate"] == m["contribution_rate"]


def test_followers_imitate_the_better_paid_orientation(nash_scenario):
    """In nash.yaml Smith agents out-earn Nash-style ones, so Fermi imitation spreads Smith."""
    scenario = nash_scenario.model_copy(
        update={"imitation": nash_scenario.imitation.model_copy(update={"rule": "fermi",
                                                                        "beta": 10.0})}
    )  # fmt: skip
    series = run(scenario, 40)
    assert series["share_nash"].iloc[-1] < 0.1
    without = run(nash_scenario, 40)["share_nash"]
    assert (without == 0.5).all()


def test_imitating_group_weights_keeps_orientation_labels_true(nash_scenario):
    imitation = nash_scenario.imitation.model_copy(
        update={"rule": "best", "target": "group_weight"}
    )
    model = AlignmentModel(nash_scenario.model_copy(update={"imitation": imitation}))
    model.run(10)
    s = model.state
    followers = ~s.is_leader
    assert np.all((s.orientation[followers] == NASH) == (s.group_weight[followers] > 0))
    assert set(np.unique(s.orientation[followers])) <= {SMITH, NASH, CONDITIONAL}


def test_prisoners_dilemma_in_teams_smith_defects_nash_cooperates():
    scenario = make_scenario(
        population={"n_followers": 200, "share_nash": 0.5, "group_weight": 1.0},
        leaders=[{"count": 2}],
        game={"type": "prisoners_dilemma"},
        choice={"rule": "best_response"},
    )
    model = AlignmentModel(scenario)
    model.run(3)
    s = model.state
    members = s.leader_of >= 0
    assert not s.contributed[members & (s.orientation == SMITH)].any()
    assert s.contributed[members & (s.orientation == NASH)].all()
    assert model.metrics["cooperation_rate"] == pytest.approx(s.contributed[members].mean())


def test_followers_imitate_network_neighbours_only(nash_scenario):
    """A follower that changes orientation took one a follower neighbour held before."""
    scenario = nash_scenario.model_copy(
        update={
            "network": nash_scenario.network.model_copy(
                update={"kind": "watts_strogatz", "degree": 4, "radius": 3}
            ),
            "imitation": nash_scenario.imitation.model_copy(update={"rule": "fermi", "beta": 5}),
        }
    )
    first, again = run(scenario, 10), run(scenario, 10)
    pd.testing.assert_frame_equal(first, again)
    assert first["share_nash"].iloc[-1] < 0.5
    model = AlignmentModel(scenario)
    s = model.state
    followers = np.flatnonzero(~s.is_leader)
    among = s.adjacency[followers][:, followers].tocsr()
    changed_total = 0
    for _ in range(10):
        before = s.orientation[followers].copy()
        model.step()
        after = s.orientation[followers]
        for i in np.flatnonzero(after != before):
            neighbours = among.indices[among.indptr[i] : among.indptr[i + 1]]
            assert (before[neighbours] == after[i]).any(), "copied from a non-neighbour"
            changed_total += 1
    assert changed_total > 20
    # every follower has follower neighbours to copy from
    isolated = s.adjacency[followers][:, followers].sum(axis=1).A1 == 0
    assert not isolated.any()


def test_team_matrix_gains_are_the_round_robins_own_changes():
    """Own and others' gains of cooperating, against the round robin the team plays (cut > 0)."""
    from alignsim.model import evolution

    payoffs, cut, e = [[3.0, 0.0], [5.0, 1.0]], 0.3, 2.0
    for size in (2, 3, 6):
        for belief in (0.0, 1.0):
            others = [bool(belief)] * (size - 1)

            def payoffs_when(me: bool, others=others) -> tuple[float, float]:
                x = np.array([me, *others])
                team = np.zeros(x.size, dtype=int)
                member, leader = evolution.team_matrix_round(
                    team, x, 1, payoffs, np.array([cut]), e, False
                )
                return float(member[0]), float(member[1:].sum() + leader[0])

            (own_c, rest_c), (own_d, rest_d) = payoffs_when(True), payoffs_when(False)
            own, rest = evolution.team_matrix_gains(
                np.array([belief]), payoffs, np.array([cut]), e, np.array([size])
            )
            assert own[0] == pytest.approx(own_c - own_d)
            assert rest[0] == pytest.approx(rest_c - rest_d)  # the leader's cut included
