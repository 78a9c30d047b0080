"""The Nash-style term of the follow choice: what joining does to the others (MODEL.md step 3)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats

from alignsim.dynamics.joining import joining_gain, joining_gain_matrix
from alignsim.games import team_payoffs
from alignsim.model import NASH, SMITH, AlignmentModel
from alignsim.model.evolution import team_matrix_round
from conftest import make_scenario

E = 1.0


def others_payoff(n_givers: int, n: int, joiner: int | None, r, c, lead, threshold=None) -> float:
    """The n followers' and the leader's payoffs summed, played by the game itself."""
    gives = np.arange(n) < n_givers
    if joiner is not None:
        gives = np.append(gives, bool(joiner))
    team = np.zeros(gives.size, dtype=int)
    share, leader, _ = team_payoffs(
        team, gives, 1, np.array([r]), np.array([c]), np.array([bool(lead)]), E, threshold
    )
    followers = E * (1.0 - gives[:n]) + share[:n]
    return float(followers.sum() + leader[0])


def brute_force(n, q, p, r, c, lead, threshold=None) -> float:
    """E[others' payoffs with the joiner] - E[without], K ~ Binomial(n, q) givers."""
    total = 0.0
    for k in range(n + 1):
        weight = stats.binom.pmf(k, n, q)
        with_joiner = p * others_payoff(k, n, 1, r, c, lead, threshold) + (1 - p) * others_payoff(
            k, n, 0, r, c, lead, threshold
        )
        total += weight * (with_joiner - others_payoff(k, n, None, r, c, lead, threshold))
    return total


CASES = list(
    itertools.product(
        [0, 1, 3, 9], [0.0, 0.3, 1.0], [0.0, 0.6, 1.0], [1.6, 3.0], [0.0, 0.25], [0, 1]
    )
)


@pytest.mark.parametrize(("n", "q", "p", "r", "c", "lead"), CASES)
def test_linear_closed_form_is_the_games_own_marginal_change(n, q, p, r, c, lead):
    closed = r * E * (p * (n + c) / (n + 1) - (1 - c) * (n * q + lead) / (n + 1))
    assert float(joining_gain(n, q, p, r, c, E, lead)) == pytest.approx(closed, abs=1e-12)
    assert closed == pytest.approx(brute_force(n, q, p, r, c, lead), abs=1e-9)


@pytest.mark.parametrize("share", [0.5, 1.0])
@pytest.mark.parametrize(
    ("n", "q", "p", "c", "lead"),
    [(3, 0.7, 1.0, 0.1, 0), (4, 0.5, 0.4, 0.0, 1), (0, 0.5, 1.0, 0.3, 1), (7, 0.9, 0.8, 0.2, 0)],
)
def test_threshold_marginal_change_matches_the_game(share, n, q, p, c, lead):
    got = float(joining_gain(n, q, p, 1.6, c, E, lead, threshold_share=share))
    assert got == pytest.approx(brute_force(n, q, p, 1.6, c, lead, share), abs=1e-9)


def test_the_change_is_bounded_and_depends_on_the_cut():
    rng = np.random.default_rng(0)
    n, q, p = rng.integers(0, 10_000, 2000), rng.random(2000), rng.random(2000)
    r, c, lead = rng.random(2000) * 5, rng.random(2000), rng.random(2000) < 0.5
    d = joining_gain(n, q, p, r, c, E, lead)
    assert np.all(np.abs(d) <= r * E + 1e-12)  # however large the team
    low, high = joining_gain(5, 0.5, 1.0, 1.6, 0.0, E, 0), joining_gain(5, 0.5, 1.0, 1.6, 0.5, E, 0)
    assert high > low  # more of the joiner's contribution goes to the leader, one of the others


@pytest.mark.parametrize("self_play", [False, True])
@pytest.mark.parametrize(("n", "q", "p"), list(itertools.product([0, 1, 4], [0, 1], [0, 1])))
def test_matrix_marginal_change_matches_the_round_robin(n, q, p, self_play):
    payoffs, cut = [[3.0, 0.0], [5.0, 1.0]], 0.3

    def others(members_cooperate: list[bool], joiner: bool | None) -> float:
        x = list(members_cooperate) + ([] if joiner is None else [joiner])
        if not x:
            return E  # a leader without a team keeps its endowment
        member, leader = team_matrix_round(
            np.zeros(len(x), dtype=int), np.array(x), 1, payoffs, np.array([cut]), E, self_play
        )
        return float(member[:n].sum() + leader[0])

    team = [bool(q)] * n
    expected = others(team, bool(p)) - others(team, None)
    got = float(joining_gain_matrix(n, q, p, payoffs, cut, E, self_play))
    assert got == pytest.approx(expected, abs=1e-12)


def test_nash_followers_join_the_team_their_joining_helps_most():
    """Two identical leaders; one team gave 20% last round, the other 80%.

    A Nash-style contributor's joining adds more to the others where they give
    less (it takes a share of a smaller pot), so all Nash-style followers pick
    that team; Smith followers, who weigh their own payoff only, split evenly.
    """
    scenario = make_scenario(
        population={"n_followers": 2000, "share_nash": 0.5, "group_weight": 1.0},
        leaders=[{"label": "a", "count": 2, "r": 1.6, "cut": 0.1}],
        choice={"rule": "best_response"},
    )
    model = AlignmentModel(scenario)
    s = model.state
    s.team_contribution[:] = [0.2, 0.8]
    s.team_size[:] = [1000, 1000]
    model.step()
    nash = (s.orientation == NASH) & ~s.is_leader
    smith = (s.orientation == SMITH) & ~s.is_leader
    assert np.all(s.leader_of[nash] == 0)
    assert abs((s.leader_of[smith] == 0).mean() - 0.5) < 0.05
