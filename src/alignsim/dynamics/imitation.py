"""Imitation: agents copy the traits of better-paid neighbours (social learning).

Each round a share ``rate`` of the agents revise (an agent's chance is
multiplied by its ``learning_multiplier``, e.g. a mentee's). A revising agent
``i`` picks a *model*:

* **Fermi rule** (pairwise comparison): a random neighbour ``j``, whose trait
  ``i`` adopts with probability ``1 / (1 + exp(-beta (pi_j - pi_i)))``
  [SzaboToke1998]_ [Traulsen2006]_. ``beta`` is the selection strength:
  ``beta = 0`` copies at random (neutral drift), large ``beta`` copies only
  better-paid neighbours.
* **Best neighbour**: the best-paid of itself and its neighbours, adopted
  for certain; on ties ``i`` keeps its own trait, and equally well-paid
  neighbours are picked at random [NowakMay1992]_.

Neighbours are the rows of a sparse adjacency matrix; in a well-mixed
population (no adjacency) the one neighbour is a uniformly random other agent.
On a 2D lattice :func:`lattice_best_strategy` does the best-neighbour rule with
array shifts, much faster than a sparse matrix.

Every function is vectorised over agents and takes the model's ``rng``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.special import expit

from alignsim.games.pairwise import pad

__all__ = [
    "best_neighbours",
    "fermi_adopt",
    "fermi_probability",
    "lattice_best_strategy",
    "random_neighbours",
    "random_others",
    "revisers",
]


def fermi_probability(payoff_model: ArrayLike, payoff_self: ArrayLike, beta: float) -> NDArray:
    """Probability of adopting a model's trait: ``1 / (1 + exp(-beta (pi_j - pi_i)))``.

    The Fermi function of statistical physics [SzaboToke1998]_; ``beta`` is the
    intensity of selection [Traulsen2006]_.
    """
    delta = np.asarray(payoff_model, dtype=np.float64) - np.asarray(payoff_self, dtype=np.float64)
    return expit(beta * delta)


def revisers(
    n: int, rate: float, rng: np.random.Generator, multiplier: NDArray | None = None
) -> NDArray[np.bool_]:
    """Which of ``n`` agents revise this round: each with probability ``rate * multiplier``.

    ``multiplier`` (default 1) speeds up some agents' learning; the product is
    capped at 1. With ``rate = 1`` and no multiplier everyone revises and no
    random numbers are drawn.
    """
    if rate >= 1.0 and multiplier is None:
        return np.ones(n, dtype=bool)
    chance = rate if multiplier is None else np.minimum(rate * multiplier, 1.0)
    return rng.random(n) < chance


def random_others(n: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """For each of ``n`` agents, a uniformly random *other* agent (well mixed); -1 if alone."""
    if n < 2:
        return np.full(n, -1, dtype=np.int64)
    offset = rng.integers(1, n, size=n)
    return (np.arange(n) + offset) % n


def random_neighbours(adjacency: sparse.csr_matrix, rng: np.random.Generator) -> NDArray[np.int64]:
    """For each agent, a uniformly random neighbour in ``adjacency``; -1 for the isolated."""
    degree = np.diff(adjacency.indptr)
    pick = adjacency.indptr[:-1] + np.floor(rng.random(degree.size) * degree).astype(np.int64)
    has = degree > 0
    model = np.full(degree.size, -1, dtype=np.int64)
    model[has] = adjacency.indices[pick[has]]
    return model


def fermi_adopt(
    payoff: NDArray, model: NDArray, beta: float, rng: np.random.Generator
) -> NDArray[np.bool_]:
    """Whether each agent adopts its model's trait under the Fermi rule (never if ``model < 0``).

    Args:
        payoff: ``(n,)`` payoffs of the round.
        model: ``(n,)`` index of each agent's model, -1 for none.
        beta: selection strength.
        rng: the model's generator.

    """
    has = model >= 0
    chance = np.zeros(payoff.size)
    chance[has] = fermi_probability(payoff[model[has]], payoff[has], beta)
    return rng.random(payoff.size) < chance


def best_neighbours(
    adjacency: sparse.csr_matrix, payoff: NDArray, rng: np.random.Generator
) -> NDArray[np.int64]:
    """Each agent's best-paid neighbour if it earned strictly more than the agent, else itself.

    Equally well-paid best neighbours are chosen between at random.
    """
    n = payoff.size
    degree = np.diff(adjacency.indptr)
    row = np.repeat(np.arange(n), degree)
    values = payoff[adjacency.indices]
    starts = adjacency.indptr[:-1][degree > 0]
    best = np.full(n, -np.inf)
    best[degree > 0] = np.maximum.reduceat(values, starts)
    candidate = values == best[row]
    key = np.where(candidate, rng.random(values.size), -1.0)
    top = np.full(n, -np.inf)
    top[degree > 0] = np.maximum.reduceat(key, starts)
    chosen = candidate & (key == top[row])
    model = np.arange(n)
    better = best > payoff
    entries = np.flatnonzero(chosen & better[row])
    model[row[entries]] = adjacency.indices[entries]
    return model


def lattice_best_strategy(
    cooperate: NDArray, payoff: NDArray, torus: bool, rng: np.random.Generator
) -> NDArray[np.bool_]:
    """Nowak-May update on a 2D lattice: take the strategy of the best of the 3x3 block.

    Every cell looks at its own payoff and its 8 Moore neighbours' (fewer
    past fixed edges) and takes the strategy of the best-paid; on a tie with
    itself it keeps its own, and if equally best neighbours play both
    strategies it picks one with probability 1/2 [NowakMay1992]_.

    Args:
        cooperate: ``(height, width)`` booleans, True for action 0.
        payoff: ``(height, width)`` payoffs of the round.
        torus: whether the edges wrap.
        rng: the model's generator (drawn from only on ties).

    Returns:
        The new ``(height, width)`` strategies.

    """
    height, width = cooperate.shape
    padded = pad(payoff, torus, -np.inf)
    strategy = pad(cooperate, torus, False)
    best_c = np.where(strategy, padded, -np.inf)
    best_d = np.where(strategy, -np.inf, padded)
    top_c, top_d = _block_max(best_c, height, width), _block_max(best_d, height, width)
    new = top_c > top_d
    tie = top_c == top_d
    if tie.any():
        own_best = tie & (payoff == top_c)
        new[own_best] = cooperate[own_best]
        coin = tie & ~own_best
        new[coin] = rng.random(int(coin.sum())) < 0.5
    return new


def _block_max(padded: NDArray, height: int, width: int) -> NDArray:
    """Maximum over each cell's 3x3 block of a padded grid (two separable passes)."""
    rows = np.maximum(np.maximum(padded[:-2], padded[1:-1]), padded[2:])
    return np.maximum(np.maximum(rows[:, :-2], rows[:, 1:-1]), rows[:, 2:])
