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
the replicator equation slowed by ``beta / 2``. In the Stag Hunt
``[[4, 0], [3, 3]]`` the interior rest point is ``x* = 0.75``: above it the
population goes to all-Stag, below it to all-Hare.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.integrate import solve_ivp

from alignsim.games.pairwise import as_matrix

__all__ = ["fermi_mean_field", "gain", "interior_rest_point", "replicator", "trajectory"]


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
