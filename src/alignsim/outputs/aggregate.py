"""Summaries of a sweep's runs per grid point: mean, standard deviation, 95% interval, n.

The interval of a mean over the ``n`` runs of a point respects the bounds of
its quantity (:mod:`alignsim.outputs.intervals`): a Wilson score interval for
the share of runs with a yes/no outcome (the last round of ``is_equilibrium``),
a seeded bootstrap percentile interval for every other mean. The method is
chosen per column (the same for every point) and written beside it as
``<metric>_ci_method``. With one run the
standard deviation and the interval are undefined (empty in the CSV). Runs
that failed (a non-empty ``error``) are left out, never counted as zeros:
``n`` counts the runs that finished, ``failed`` those that did not, and a point
where every run failed has empty statistics.

A metric that does not exist in a run (the Nash-style followers' payoff in a
run without any) is missing there, not 0: each metric's statistics are over
the runs where it exists, and ``<metric>_n`` says how many those are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from alignsim.outputs.intervals import BOOTSTRAP, WILSON, interval, is_yes_no
from alignsim.outputs.metric_words import is_yes_no_outcome


def mean_and_sd(values: np.ndarray) -> tuple[float, float]:
    """Mean and sample standard deviation (``ddof = 1``) of the values that exist.

    NaN for the mean with no value, for the standard deviation with fewer than two.
    """
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return float("nan"), float("nan")
    sd = float(values.std(ddof=1)) if values.size > 1 else float("nan")
    return float(values.mean()), sd


def interval_method(column: str, values: np.ndarray) -> str:
    """Wilson for a yes/no outcome per run (0 or 1 in every run); the bootstrap otherwise.

    A rate that happens to sit at 0 or 1 in every run (everyone follows) is
    not a yes/no outcome: it gets the bootstrap, whose interval is then that
    value (the runs did not differ).
    """
    return WILSON if is_yes_no_outcome(column) and is_yes_no(values) else BOOTSTRAP


def aggregate(runs: pd.DataFrame, keys: list[str], columns: list[str]) -> pd.DataFrame:
    """One row per grid point: its parameters, ``n``, and per metric mean, sd, interval.

    Args:
        runs: the rows of ``runs.csv`` (``point``, the key and metric columns, and
            ``error`` if any run may have failed).
        keys: the swept key paths.
        columns: the metric columns to summarise.

    Returns:
        Columns ``point``, the keys, ``n`` (runs that finished), ``failed``, then
        per metric ``<metric>_n`` (finished runs where it exists), ``<metric>_mean``,
        ``<metric>_sd``, ``<metric>_ci_low``, ``<metric>_ci_high`` and
        ``<metric>_ci_method`` (``wilson`` or ``bootstrap``).

    """
    finished_runs = runs[runs["error"].isna()] if "error" in runs else runs
    methods = {
        column: interval_method(
            column, pd.to_numeric(finished_runs[column], errors="coerce").to_numpy(dtype=float)
        )
        for column in columns
    }
    rows = []
    for point, group in runs.groupby("point", sort=True):
        finished = group[group["error"].isna()] if "error" in group else group
        row: dict[str, object] = {"point": int(point)}
        row.update({key: group[key].iloc[0] for key in keys})
        row["n"] = len(finished)
        row["failed"] = len(group) - len(finished)
        for column in columns:
            values = pd.to_numeric(finished[column], errors="coerce").to_numpy(dtype=float)
            mean, sd = mean_and_sd(values)
            low, high = interval(values, methods[column], int(point), column)
            row.update(
                {
                    f"{column}_n": int(np.count_nonzero(~np.isnan(values))),
                    f"{column}_mean": mean,
                    f"{column}_sd": sd,
                    f"{column}_ci_low": low,
                    f"{column}_ci_high": high,
                    f"{column}_ci_method": methods[column],
                }
            )
        rows.append(row)
    return pd.DataFrame(rows)
