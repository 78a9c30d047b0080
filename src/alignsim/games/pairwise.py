"""Two-player two-action symmetric matrix games played pairwise, for many agents at once.

A symmetric 2x2 game is given by the row player's payoffs
``[[R, S], [T, P]]``: action 0 cooperates (contributes, hunts stag), action 1
defects (hunts hare). ``R`` rewards mutual cooperation, ``S`` is the sucker's
payoff, ``T`` the temptation to defect and ``P`` the punishment of mutual
defection [Axelrod1984]_. The Prisoner's Dilemma in the form of Nowak and May
is ``[[1, 0], [b, 0]]`` with ``1 < b < 2`` [NowakMay1992]_; the Stag Hunt of
[Skyrms2004]_ here is ``[[4, 0], [3, 3]]``.

With ``x`` the indicator of cooperators and ``A`` the adjacency matrix, the
payoff an agent collects from one game against each of its neighbours is

    x (R A x + S A (1 - x)) + (1 - x) (T A x + P A (1 - x)),

a couple of sparse products for the whole population. On a lattice the same
sums are box filters over a 2D array (:func:`lattice_payoffs`), much faster
than sparse products. Payoffs on a network are *summed* over the games
played, as in [NowakMay1992]_; in a well-mixed population or a team they are
the *mean* over the partners (the expected payoff of one game against a
random partner, as in [Traulsen2006]_), so they do not grow with its size.

Every function is pure: arrays in, arrays out.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

__all__ = [
    "action_gains",
    "as_matrix",
    "box_sum",
    "lattice_payoffs",
    "network_payoffs",
    "pad",
    "pair_payoffs",
    "team_matrix_payoffs",
    "well_mixed_payoffs",
]


def as_matrix(payoffs: ArrayLike) -> NDArray[np.float64]:
    """The row player's payoffs ``[[R, S], [T, P]]`` as a 2x2 float array (checked)."""
    matrix = np.asarray(payoffs, dtype=np.float64)
    if matrix.shape != (2, 2):
        raise ValueError(f"expected a 2x2 payoff matrix [[R, S], [T, P]], got shape {matrix.shape}")
    return matrix


def pair_payoffs(
    cooperate: NDArray, cooperating: ArrayLike, defecting: ArrayLike, payoffs: ArrayLike
) -> NDArray[np.float64]:
    """Summed payoffs of agents that meet given numbers of cooperating and defecting partners.

    Args:
        cooperate: whether each agent plays action 0.
        cooperating: how many of its games are against a cooperator.
        defecting: how many are against a defector.
        payoffs: ``[[R, S], [T, P]]``.

    Returns:
        ``x (R c + S d) + (1 - x) (T c + P d)`` per agent.

    """
    (r, s), (t, p) = as_matrix(payoffs)
    c = np.asarray(cooperating, dtype=np.float64)
    d = np.asarray(defecting, dtype=np.float64)
    return np.where(cooperate, r * c + s * d, t * c + p * d)


def network_payoffs(
    cooperate: NDArray, adjacency: sparse.csr_matrix, payoffs: ArrayLike, self_play: bool = False
) -> NDArray[np.float64]:
    """Payoffs summed over one game against every neighbour (and itself if ``self_play``).

    Args:
        cooperate: ``(n,)`` booleans, True for action 0.
        adjacency: ``(n, n)`` 0/1 sparse adjacency, no self loops.
        payoffs: ``[[R, S], [T, P]]``.
        self_play: also play a game against oneself, as in [NowakMay1992]_.

    """
    x = np.asarray(cooperate, dtype=np.float64)
    cooperating = adjacency @ x
    defecting = np.diff(adjacency.indptr) - cooperating
    if self_play:
        cooperating = cooperating + x
        defecting = defecting + (1.0 - x)
    return pair_payoffs(cooperate, cooperating, defecting, payoffs)


def pad(grid: NDArray, torus: bool, fill: float | bool = 0) -> NDArray:
    """A copy of ``grid`` with a one-cell border: wrapped on a torus, ``fill`` otherwise."""
    height, width = grid.shape
    out = np.empty((height + 2, width + 2), dtype=grid.dtype)
    out[1:-1, 1:-1] = grid
    if torus:
        out[0, 1:-1] = grid[-1]
        out[-1, 1:-1] = grid[0]
        out[:, 0] = out[:, -2]
        out[:, -1] = out[:, 1]
    else:
        out[0, :] = fill
        out[-1, :] = fill
        out[:, 0] = fill
        out[:, -1] = fill
    return out


def box_sum(grid: NDArray, torus: bool) -> NDArray:
    """Sum over each cell's 3x3 Moore block, itself included (cells past fixed edges are 0)."""
    padded = pad(grid, torus, 0)
    rows = padded[:-2] + padded[1:-1] + padded[2:]
    return rows[:, :-2] + rows[:, 1:-1] + rows[:, 2:]


def lattice_payoffs(
    cooperate: NDArray, payoffs: ArrayLike, torus: bool, self_play: bool = False
) -> NDArray[np.float64]:
    """Payoffs on a 2D lattice: one game against each of the 8 Moore neighbours.

    The same numbers as :func:`network_payoffs` with
    :func:`alignsim.dynamics.network.lattice_adjacency`, computed with two
    separable box sums over the grid instead of a sparse product. With fixed
    edges, border cells have 5 and corner cells 3 neighbours.

    Args:
        cooperate: ``(height, width)`` booleans, True for action 0.
        payoffs: ``[[R, S], [T, P]]``.
        torus: whether the edges wrap.
        self_play: also play a game against oneself [NowakMay1992]_.

    """
    x = cooperate.astype(np.float64)
    cooperating = box_sum(x, torus)
    neighbourhood = 9.0 if torus else _block_sizes(x.shape)
    defecting = neighbourhood - cooperating
    if not self_play:
        cooperating = cooperating - x
        defecting = defecting - (1.0 - x)
    return pair_payoffs(cooperate, cooperating, defecting, payoffs)


@lru_cache(maxsize=8)
def _block_sizes(shape: tuple[int, int]) -> NDArray:
    """Cells in each 3x3 block of a grid with fixed edges (9 inside, 6 on edges, 4 in corners)."""
    sizes = box_sum(np.ones(shape), torus=False)
    sizes.flags.writeable = False
    return sizes


def well_mixed_payoffs(
    cooperate: NDArray, payoffs: ArrayLike, self_play: bool = False
) -> NDArray[np.float64]:
    """Mean payoff of one game against every other agent of a well-mixed population.

    With ``i`` cooperators among ``N``, a cooperator earns
    ``(R (i - 1) + S (N - i)) / (N - 1)`` and a defector
    ``(T i + P (N - i - 1)) / (N - 1)`` [Traulsen2006]_; with ``self_play``
    the agent counts among its own partners and the means are over ``N``.
    """
    x = np.asarray(cooperate, dtype=bool)
    n = x.size
    cooperators = float(x.sum())
    if self_play:
        partners = float(n)
        cooperating = np.full(n, cooperators)
    else:
        partners = float(max(n - 1, 1))
        cooperating = cooperators - x
    defecting = partners - cooperating if self_play else (n - 1) - cooperating
    return pair_payoffs(x, cooperating, defecting, payoffs) / partners


def team_matrix_payoffs(
    team: NDArray, cooperate: NDArray, n_teams: int, payoffs: ArrayLike, self_play: bool = False
) -> NDArray[np.float64]:
    """Mean payoff of each team member from one game against every other member of its team.

    Every member plays every other member of its team (a round robin), so
    the result does not depend on a random pairing; a member alone in its
    team plays nobody and gets 0 (or its game against itself if ``self_play``).

    Args:
        team: ``(m,)`` team index of each member.
        cooperate: ``(m,)`` True for action 0.
        n_teams: number of teams.
        payoffs: ``[[R, S], [T, P]]``.
        self_play: count oneself among one's partners.

    """
    x = np.asarray(cooperate, dtype=bool)
    size = np.bincount(team, minlength=n_teams).astype(np.float64)[team]
    cooperators = np.bincount(team, weights=x.astype(np.float64), minlength=n_teams)[team]
    if self_play:
        cooperating, partners = cooperators, size
    else:
        cooperating, partners = cooperators - x, size - 1.0
    total = pair_payoffs(x, cooperating, partners - cooperating, payoffs)
    return np.divide(total, partners, out=np.zeros_like(total), where=partners > 0)


def action_gains(belief: ArrayLike, payoffs: ArrayLike) -> tuple[NDArray, NDArray]:
    """Expected change in own and partner's payoff when an agent cooperates instead of defecting.

    Against a partner who cooperates with probability ``q``:

    * own gain: ``q (R - T) + (1 - q) (S - P)``;
    * the partner's gain: ``q (R - S) + (1 - q) (T - P)``.

    An agent with group weight ``a`` whose payoff is the mean over its
    partners cooperates when ``own + a * partner > 0`` (each partner's mean
    moves by ``partner / (n - 1)``, and there are ``n - 1`` of them).
    """
    (r, s), (t, p) = as_matrix(payoffs)
    q = np.asarray(belief, dtype=np.float64)
    return q * (r - t) + (1.0 - q) * (s - p), q * (r - s) + (1.0 - q) * (t - p)
