"""Summaries of a sweep's runs per grid point: mean, standard deviation, 95% CI, n.

The confidence interval of a mean over ``n`` replicates is the t-based one,

    mean +/- t_{0.975, n - 1} * sd / sqrt(n),

with ``sd`` the sample standard deviation (``ddof = 1``). With one replicate
the standard deviation and the interval are undefined (empty in the CSV).

A metric that does not exist in a run (the Nash-style followers' payoff in a
run without any) is missing there, not 0: each metric's statistics are over
the runs where it exists, and ``<metric>_n`` says how many those are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

LEVEL = 0.95


def t_interval(values: np.ndarray, level: float = LEVEL) -> tuple[float, float, float, float]:
    """Mean, sample sd, and the two ends of the t-based confidence interval of the mean.

    Missing values (NaN) are left out; with none left every statistic is NaN.
    """
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    n = values.size
    if n == 0:
        return (float("nan"),) * 4
    mean = float(values.mean())
    if n < 2:
        return mean, float("nan"), float("nan"), float("nan")
    sd = float(values.std(ddof=1))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / np.sqrt(n)
    return mean, sd, mean - half, mean + half


def aggregate(runs: pd.DataFrame, keys: list[str], columns: list[str]) -> pd.DataFrame:
    """One row per grid point: its parameters, ``n``, and per metric mean, sd, CI ends.

    Args:
        runs: the rows of ``runs.csv`` (``point`` and the key and metric columns).
        keys: the swept key paths.
        columns: the metric columns to summarise.

    Returns:
        Columns ``point``, the keys, ``n`` (runs), then per metric
        ``<metric>_n`` (runs where it exists), ``<metric>_mean``,
        ``<metric>_sd``, ``<metric>_ci_low``, ``<metric>_ci_high``.

    """
    rows = []
    for point, group in runs.groupby("point", sort=True):
        row: dict[str, object] = {"point": int(point)}
        row.update({key: group[key].iloc[0] for key in keys})
        row["n"] = len(group)
        for column in columns:
            values = pd.to_numeric(group[column], errors="coerce").to_numpy(dtype=float)
            mean, sd, low, high = t_interval(values)
            row.update(
                {
                    f"{column}_n": int(np.count_nonzero(~np.isnan(values))),
                    f"{column}_mean": mean,
                    f"{column}_sd": sd,
                    f"{column}_ci_low": low,
                    f"{column}_ci_high": high,
                }
            )
        rows.append(row)
    return pd.DataFrame(rows)
