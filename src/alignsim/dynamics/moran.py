"""The Moran process: fixation of a mutant in a finite population, many replicates at once.

A population of ``N`` holds ``i`` mutants of constant relative fitness ``r``
(residents: 1). Each step one individual reproduces, chosen with probability
proportional to fitness, and its offspring replaces one individual chosen
uniformly at random (possibly the parent) [Moran1958]_. A single mutant
takes over with probability

    rho = (1 - 1/r) / (1 - 1/r^N)      (rho = 1/N when r = 1)

[Nowak2006]_, chapter 6.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["fixation_probability", "moran_fixation"]


def fixation_probability(n: int, r: float) -> float:
    """Probability that one mutant of relative fitness ``r`` fixes in a population of ``n``."""
    if r == 1.0:
        return 1.0 / n
    return (1.0 - 1.0 / r) / (1.0 - r ** (-float(n)))


def moran_fixation(
    n: int,
    r: float,
    replicates: int,
    rng: np.random.Generator,
    initial: int = 1,
    max_steps: int = 10_000_000,
) -> NDArray[np.bool_]:
    """Run ``replicates`` independent Moran processes until each fixes or goes extinct.

    All replicates advance together, one birth-death event per step, as
    arrays; finished replicates drop out.

    Args:
        n: population size.
        r: the mutants' relative fitness.
        replicates: number of independent runs.
        rng: the generator all randomness comes from.
        initial: mutants at the start.
        max_steps: a safety bound on the number of steps.

    Returns:
        ``(replicates,)`` True where the mutants took over.

    """
    mutants = np.full(replicates, initial, dtype=np.int64)
    active = np.flatnonzero((mutants > 0) & (mutants < n))
    for _ in range(max_steps):
        if active.size == 0:
            break
        i = mutants[active].astype(np.float64)
        birth_mutant = rng.random(active.size) < r * i / (r * i + n - i)
        death_mutant = rng.random(active.size) < i / n
        mutants[active] += birth_mutant.astype(np.int64) - death_mutant.astype(np.int64)
        current = mutants[active]
        active = active[(current > 0) & (current < n)]
    else:
        raise RuntimeError(f"Moran process not absorbed after {max_steps} steps")
    return mutants == n
