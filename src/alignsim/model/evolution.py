"""Evolutionary rounds: the leaderless engine, imitation among followers, matrix games in teams.

Without leaders (``leaders: []``, a matrix game), a round is the classic one
of evolutionary game theory: every agent plays its strategy in a 2x2 game
against its neighbours (all the others, if well mixed), then revises by
imitation (docs/model.md, "Imitation and the classic results"). With
leaders, the followers imitate the orientation or group weight of better-paid
followers after the round. Both use the pure functions of
:mod:`alignsim.dynamics.imitation` and :mod:`alignsim.games.pairwise`; on a
lattice both the game and the best-neighbour rule run as 2D array stencils.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from alignsim.dynamics import imitation
from alignsim.games import pairwise
from alignsim.model.state import CONDITIONAL, NASH, SMITH, PopulationState
from alignsim.scenario import Imitation, Scenario

if TYPE_CHECKING:
    from alignsim.model.model import AlignmentModel

Play = Callable[[NDArray], NDArray]


def stage_game(scenario: Scenario, state: PopulationState) -> Play:
    """The leaderless stage game: a function from strategies to the round's payoffs.

    On a lattice the payoffs are box sums over the grid
    (:func:`~alignsim.games.pairwise.lattice_payoffs`), on another network
    sparse products, and in a well-mixed population the mean over all others.
    """
    game = scenario.game
    payoffs = pairwise.as_matrix(game.payoff_matrix())
    self_play = game.self_play
    if scenario.network.kind == "lattice":
        width = scenario.lattice_width
        shape = (state.n_agents // width, width)
        torus = scenario.network.torus

        def play_lattice(strategy: NDArray) -> NDArray:
            grid = strategy.reshape(shape)
            return pairwise.lattice_payoffs(grid, payoffs, torus, self_play).ravel()

        return play_lattice
    adjacency = state.adjacency
    if adjacency is None:
        return lambda strategy: pairwise.well_mixed_payoffs(strategy, payoffs, self_play)
    return lambda strategy: pairwise.network_payoffs(strategy, adjacency, payoffs, self_play)


def leaderless_round(model: AlignmentModel) -> None:
    """One round without leaders: play the matrix game with the neighbours, then imitate."""
    s, scenario = model.state, model.config
    play = stage_game(scenario, s)
    s.payoff[:] = play(s.strategy)
    s.contributed[:] = s.strategy
    s.wealth += s.payoff
    if scenario.imitation.rule != "none":
        imitate_strategies(model, play)


def imitate_strategies(model: AlignmentModel, play: Play) -> None:
    """Revise the strategies of a leaderless population by the scenario's imitation rule.

    Asynchronous batches after the first see the strategies the earlier
    batches left, and the payoffs those strategies earn (the game is replayed).
    """
    s, scenario, rng = model.state, model.config, model.rng
    rules = scenario.imitation
    lattice = scenario.network.kind == "lattice" and rules.rule == "best"
    revise = imitation.revisers(s.n_agents, rules.rate, rng, _multiplier(s, None))
    for number, batch in enumerate(_batches(revise, rules, rng)):
        payoff = s.payoff if number == 0 else play(s.strategy)
        if lattice:
            width = scenario.lattice_width
            shape = (s.n_agents // width, width)
            new = imitation.lattice_best_strategy(
                s.strategy.reshape(shape), payoff.reshape(shape), scenario.network.torus, rng
            ).ravel()
            if batch is None:
                s.strategy[:] = new
            else:
                s.strategy[batch] = new[batch]
            continue
        model_of = choose_models(rules, s.adjacency, payoff, rng)
        _copy(model_of, batch, [s.strategy])


def imitate_followers(model: AlignmentModel, people: NDArray | None = None) -> None:
    """Followers copy the orientation or group weight of better-paid followers.

    Leaders neither imitate nor are imitated, and nor do the agents people
    play (``people``, agent indices): a person has no orientation to copy
    (:mod:`alignsim.model.human`). Neighbours are the followers
    among an agent's network neighbours (well mixed: a random other
    follower). Copying an orientation copies its group weight with it;
    copying a group weight makes a Smith agent Nash-style (weight above 0)
    and a Nash-style agent Smith (weight 0); conditional cooperators stay
    conditional.
    """
    s, scenario, rng = model.state, model.config, model.rng
    rules = scenario.imitation
    if rules.rule == "none":
        return
    simulated = ~s.is_leader
    if people is not None:
        simulated[people] = False
    pool = np.flatnonzero(simulated)
    adjacency = None if s.adjacency is None else s.adjacency[pool][:, pool].tocsr()
    payoff = s.payoff[pool]
    target = rules.resolved_target(True)
    orientation, weight = s.orientation[pool], s.group_weight[pool]
    traits = [orientation, weight] if target == "orientation" else [weight]
    revise = imitation.revisers(pool.size, rules.rate, rng, _multiplier(s, pool))
    for batch in _batches(revise, rules, rng):
        _copy(choose_models(rules, adjacency, payoff, rng), batch, traits)
    if target == "group_weight":
        orientation = np.where(
            orientation == CONDITIONAL, CONDITIONAL, np.where(weight > 0, NASH, SMITH)
        ).astype(s.orientation.dtype)
    s.orientation[pool] = orientation
    s.group_weight[pool] = weight


def choose_models(
    rules: Imitation,
    adjacency: sparse.csr_matrix | None,
    payoff: NDArray,
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """Whom each agent copies this round, -1 for nobody (it keeps its trait).

    Fermi rule: a random neighbour, adopted with the Fermi probability. Best
    neighbour: the best-paid neighbour if better paid than the agent (well
    mixed: one random other agent, if better paid).
    """
    n = payoff.size
    if rules.rule == "fermi" or adjacency is None:
        model_of = (
            imitation.random_others(n, rng)
            if adjacency is None
            else imitation.random_neighbours(adjacency, rng)
        )
        if rules.rule == "fermi":
            adopt = imitation.fermi_adopt(payoff, model_of, rules.beta, rng)
        else:
            adopt = (model_of >= 0) & (payoff[np.maximum(model_of, 0)] > payoff)
        return np.where(adopt, model_of, -1)
    model_of = imitation.best_neighbours(adjacency, payoff, rng)
    return np.where(model_of == np.arange(n), -1, model_of)


def _copy(model_of: NDArray, batch: NDArray | None, traits: list[NDArray]) -> None:
    """Copy the traits of each adopter's model (in ``batch``, or everyone) at once."""
    adopters = np.flatnonzero(model_of >= 0) if batch is None else batch[model_of[batch] >= 0]
    sources = model_of[adopters]
    for trait in traits:
        trait[adopters] = trait[sources]


def _batches(
    revise: NDArray[np.bool_], rules: Imitation, rng: np.random.Generator
) -> Iterator[NDArray | None]:
    """The revising agents, all at once (None: everyone) or in random-order batches."""
    if rules.update == "synchronous":
        yield None if revise.all() else np.flatnonzero(revise)
        return
    order = rng.permutation(np.flatnonzero(revise))
    if order.size:
        yield from np.array_split(order, min(rules.batches, order.size))


def _multiplier(state: PopulationState, pool: NDArray | None) -> NDArray | None:
    """Per-agent learning multiplier (mentees learn faster), or None where all are 1."""
    multiplier = getattr(state, "learning_multiplier", None)
    if multiplier is None:
        return None
    return multiplier if pool is None else multiplier[pool]


# --- matrix games inside a leader's team ----------------------------------------------


def team_matrix_gains(
    belief: NDArray, payoffs: list[list[float]], cut: NDArray, endowment: float, size: NDArray
) -> tuple[NDArray, NDArray]:
    """Change in own and others' payoffs when a team member cooperates, matrix games.

    A member's payoff is ``e (1 - cut)`` times its mean payoff against the
    other members, and the leader's ``e cut`` times the members' total (see
    :func:`team_matrix_round`). With ``g_own`` and ``g_partner`` from
    :func:`~alignsim.games.pairwise.action_gains` at the member's belief, own
    gain is ``e (1 - cut) g_own`` and the others' (members and leader)
    ``e (g_partner + cut g_own)``. A member alone in its team gains nothing.
    """
    g_own, g_partner = pairwise.action_gains(belief, payoffs)
    playing = np.asarray(size) > 1
    own = np.where(playing, endowment * (1.0 - cut) * g_own, 0.0)
    others = np.where(playing, endowment * (g_partner + cut * g_own), 0.0)
    return own, others


def team_matrix_round(
    member_slot: NDArray,
    cooperate: NDArray,
    n_leaders: int,
    payoffs: list[list[float]],
    cut: NDArray,
    endowment: float,
    self_play: bool,
) -> tuple[NDArray, NDArray]:
    """Play a matrix game round-robin inside every team.

    Returns:
        ``(member_payoff, leader_payoff)``: each member gets ``e (1 - cut)``
        times its mean payoff against the other members; each leader keeps
        its endowment ``e`` (leaders do not play) plus ``e cut`` times its
        members' mean payoffs summed.

    """
    mean = pairwise.team_matrix_payoffs(member_slot, cooperate, n_leaders, payoffs, self_play)
    member_cut = cut[member_slot]
    total = np.bincount(member_slot, weights=mean, minlength=n_leaders)
    return endowment * (1.0 - member_cut) * mean, endowment * (1.0 + cut * total)
