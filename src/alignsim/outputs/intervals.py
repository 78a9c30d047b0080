"""Confidence intervals of a sweep's means that never leave the range their quantity lives in.

A sweep's unit of observation is a run (replicates are independent; the
agents of one run are not), so every interval is over the ``n`` runs at a
grid point. Two methods, chosen per column:

* **Wilson score interval** [Wilson1927] for the share of runs with a yes/no
  outcome (a metric that is 0 or 1 by definition, in its last round: "did the
  suitors end at an equilibrium?"): ``k`` of ``n`` runs, 95% level,
  ``z = 1.95996``::

      centre = (p + z^2 / 2n) / (1 + z^2 / n),   p = k / n
      half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2)

  It stays inside [0, 1] and is not empty at 0 of n or n of n, where the
  normal (Wald) and t intervals collapse to a point or leave [0, 1]
  ("0.14 [-0.0678, 0.348]") [BrownCaiDasGupta2001].
* **Bootstrap percentile interval** [Efron1993, ch. 13] for every other mean
  (a share that varies within a run, a payoff, trust): the 2.5th and 97.5th
  percentiles of the means of :data:`RESAMPLES` resamples (with replacement)
  of the runs. A resampled mean lies between the smallest and largest run, so
  the interval respects whatever bounds the quantity has (where every run
  gives the same value, the interval is that value). The resamples are
  seeded from the grid point and the column's name: the same runs give the
  same interval, whatever else the sweep keeps.

With fewer than two runs there is no interval (missing, never a point).
"""

from __future__ import annotations

import zlib

import numpy as np
from scipy import stats

__all__ = [
    "BOOTSTRAP",
    "LEVEL",
    "RESAMPLES",
    "WILSON",
    "bootstrap_interval",
    "interval",
    "is_yes_no",
    "wilson_interval",
]

LEVEL = 0.95
RESAMPLES = 4000
SEED = 14
WILSON = "wilson"
BOOTSTRAP = "bootstrap"
METHOD_WORDS = {
    WILSON: "Wilson score interval (a yes/no outcome per run)",
    BOOTSTRAP: f"bootstrap percentile interval ({RESAMPLES:,} resamples of the runs, seeded)",
}


def wilson_interval(successes: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    """The Wilson score interval of a proportion, ``successes`` of ``n`` [Wilson1927]."""
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n and n > 0, got {successes} of {n}")
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = successes / n
    shrink = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / shrink
    half = z / shrink * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact ends, not 1 - 1e-16
    high = 1.0 if successes == n else min(1.0, centre + half)
    return float(low), float(high)


def bootstrap_interval(
    values: np.ndarray, seed: int | tuple[int, ...], level: float = LEVEL
) -> tuple[float, float]:
    """The percentile bootstrap interval of the mean of ``values`` [Efron1993]."""
    values = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, values.size, size=(RESAMPLES, values.size))
    means = values[picks].mean(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return float(low), float(high)


def is_yes_no(values: np.ndarray) -> bool:
    """Whether every value is 0 or 1 (missing ones left out)."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    return bool(values.size) and bool(np.isin(values, (0.0, 1.0)).all())


def cell_seed(point: int, column: str) -> tuple[int, int, int]:
    """The bootstrap seed of one grid point and column: stable across runs and versions."""
    return SEED, int(point), zlib.crc32(column.encode())


def interval(
    values: np.ndarray, method: str, point: int, column: str, level: float = LEVEL
) -> tuple[float, float]:
    """The interval of the mean of one column's values at one point (NaN, NaN below 2 runs)."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size < 2:
        return float("nan"), float("nan")
    if method == WILSON:
        return wilson_interval(int(values.sum()), int(values.size), level)
    return bootstrap_interval(values, cell_seed(point, column), level)
