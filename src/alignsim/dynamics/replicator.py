"""The replicator equation of a symmetric 2x2 game, and the mean field of Fermi imitation.

With ``x`` the share playing action 0 in a large well-mixed population and
``[[R, S], [T, P]]`` the row player's payoffs, the two actions earn
``pi_0 = R x + S (1 - x)`` and ``pi_1 = T x + P (1 - x)``. The replicator
equation [TaylorJonker1978]_ [HofbauerSigmund1998]_ is

    dx/dt = x (1 - x) (pi_0 - pi_1).

Pairwise comparison by the Fermi rule with selection strength ``beta``, one
revision per agent per unit of time, has the mean field

    dx/dt = x (1 - x) tanh(beta (pi_0 - pi_1) / 2)

[Traulsen2006]_: the same rest points and directions, and for weak selection
the replicator equation slowed by ``beta / 2``. A round in which each agent
revises with probability ``rate`` changes the share, in expectation, by
exactly ``rate`` times that right-hand side; :func:`fermi_mean_field_rounds`
iterates that map, the deterministic limit of the run as the population
grows (:func:`trajectory` solves the continuous-time equation). In the Stag Hunt
``[[4, 0], [3, 3]]`` the interior rest point is ``x* = 0.75``: above it the
population goes to all-Stag, below it to all-Hare.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.integrate import solve_ivp

from alignsim.games.pairwise import as_matrix

if TYPE_CHECKING:
    from alignsim.scenario import Scenario

__all__ = [
    "MEAN_FIELD_SOURCE",
    "fermi_mean_field",
    "fermi_mean_field_rounds",
    "gain",
    "interior_rest_point",
    "mean_field_column",
    "replicator",
    "trajectory",
]

MEAN_FIELD_SOURCE = "Traulsen, Nowak and Pacheco 2006"
"""Where the mean field of Fermi imitation comes from ([Traulsen2006]_), for labels."""


def gain(x: ArrayLike, payoffs: ArrayLike) -> NDArray:
    """Payoff advantage of action 0 over action 1 at share ``x`` of action 0."""
    (r, s), (t, p) = as_matrix(payoffs)
    x = np.asarray(x, dtype=np.float64)
    return (r - t) * x + (s - p) * (1.0 - x)


def replicator(x: ArrayLike, payoffs: ArrayLike) -> NDArray:
    """Right-hand side of the replicator equation: ``x (1 - x) (pi_0 - pi_1)``."""
    x = np.asarray(x, dtype=np.float64)
    return x * (1.0 - x) * gain(x, payoffs)


def fermi_mean_field(x: ArrayLike, payoffs: ArrayLike, beta: float) -> NDArray:
    """Mean field of Fermi pairwise comparison: ``x (1 - x) tanh(beta (pi_0 - pi_1) / 2)``."""
    x = np.asarray(x, dtype=np.float64)
    return x * (1.0 - x) * np.tanh(0.5 * beta * gain(x, payoffs))


def interior_rest_point(payoffs: ArrayLike) -> float | None:
    """The mixed rest point ``x* = (P - S) / (R - S - T + P)`` if it lies in (0, 1), else None."""
    (r, s), (t, p) = as_matrix(payoffs)
    denominator = r - s - t + p
    if denominator == 0:
        return None
    x = (p - s) / denominator
    return float(x) if 0.0 < x < 1.0 else None


def trajectory(
    x0: float, payoffs: ArrayLike, times: ArrayLike, beta: float | None = None
) -> NDArray:
    """Share of action 0 at ``times`` from ``x0``, by ``scipy.integrate.solve_ivp``.

    Args:
        x0: initial share of action 0.
        payoffs: ``[[R, S], [T, P]]``.
        times: increasing times, the first being the start.
        beta: None for the replicator equation; a selection strength for the
            Fermi mean field.

    """
    times = np.asarray(times, dtype=np.float64)

    def rhs(_: float, y: NDArray) -> NDArray:
        return replicator(y, payoffs) if beta is None else fermi_mean_field(y, payoffs, beta)

    solution = solve_ivp(
        rhs, (times[0], times[-1]), [x0], t_eval=times, rtol=1e-8, atol=1e-10, method="LSODA"
    )
    return solution.y[0]


def fermi_mean_field_rounds(
    x0: float, payoffs: ArrayLike, beta: float, rate: float, rounds: int, substeps: int = 1
) -> NDArray:
    """Share of action 0 round by round in the large-population limit of Fermi imitation.

    Each round every agent revises with probability ``rate``, meets a random
    other and copies it with the Fermi probability ``1 / (1 + exp(-beta
    (pi_other - pi_own)))``. In expectation a round moves the share by

        rate * x (1 - x) tanh(beta (pi_0 - pi_1) / 2)

    [Traulsen2006]_, and as the population grows the share follows this map
    (the law of large numbers). With asynchronous revision in ``substeps``
    batches, each batch seeing the strategies the earlier ones left, a round
    is ``substeps`` steps of ``rate / substeps``. As ``rate`` goes to 0 the
    map becomes the continuous mean field of :func:`trajectory`.

    Args:
        x0: the share in the first round.
        payoffs: ``[[R, S], [T, P]]``.
        beta: selection strength.
        rate: probability that an agent revises in a round.
        rounds: how many values to return (the first is ``x0``).
        substeps: revision batches per round (1: everyone at once).

    Returns:
        ``rounds`` shares, one per round, starting with ``x0``.

    """
    shares = np.empty(rounds)
    x = float(x0)
    step = rate / substeps
    for t in range(rounds):
        shares[t] = x
        for _ in range(substeps):
            x = float(x + step * fermi_mean_field(x, payoffs, beta))
    return shares


def mean_field_column(scenario: Scenario, first_share: float, rounds: int) -> NDArray | None:
    """The ``mean_field`` column of a run: its deterministic limit, where one is known.

    Known for leaderless play of a matrix game in a well-mixed population
    revising by the Fermi rule (:func:`fermi_mean_field_rounds`, from the
    run's own first share); None for every other run (a lattice or another
    network, imitation of the best, no imitation), whose large-population
    limit is not a mean-field equation of the share alone.
    """
    rules = scenario.imitation
    if scenario.leaders or not scenario.game.is_matrix:
        return None
    if scenario.network.kind != "complete" or rules.rule != "fermi" or rounds < 1:
        return None
    substeps = 1 if rules.update == "synchronous" else rules.batches
    return fermi_mean_field_rounds(
        first_share, scenario.game.payoff_matrix(), rules.beta, rules.rate, rounds, substeps
    )
