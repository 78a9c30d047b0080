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

from collections.abc import Callable, Iterable
from dataclasses import dataclass

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


def aggregate(
    runs: pd.DataFrame,
    keys: list[str],
    columns: list[str],
    map_points: Callable[..., Iterable[dict[str, object]]] = map,
) -> pd.DataFrame:
    """One row per grid point: its parameters, ``n``, and per metric mean, sd, interval.

    Args:
        runs: the rows of ``runs.csv`` (``point``, the key and metric columns, and
            ``error`` if any run may have failed).
        keys: the swept key paths.
        columns: the metric columns to summarise.
        map_points: how the points are summarised, ``map_points(fn, points)``
            (results in any order): ``map`` here, or a sweep's executor
            (``imap_unordered``), which spreads the points' bootstrap
            resamples over its workers. The numbers are the same either way:
            each interval's resamples are seeded by its point and column.

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
    points = []
    for point, group in runs.groupby("point", sort=True):
        finished = group[group["error"].isna()] if "error" in group else group
        points.append(
            PointRuns(
                point=int(point),
                params={key: group[key].iloc[0] for key in keys},
                failed=len(group) - len(finished),
                values={
                    column: pd.to_numeric(finished[column], errors="coerce").to_numpy(dtype=float)
                    for column in columns
                },
                methods=methods,
                finished=len(finished),
            )
        )
    rows = sorted(map_points(summarise_point, points), key=lambda row: row["point"])
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class PointRuns:
    """What one grid point's row of the aggregate needs: its finished runs' metric values."""

    point: int
    params: dict[str, object]
    finished: int
    failed: int
    values: dict[str, np.ndarray]
    methods: dict[str, str]


def summarise_point(runs: PointRuns) -> dict[str, object]:
    """One grid point's row of the aggregate: ``n``, ``failed``, and each metric's statistics."""
    row: dict[str, object] = {"point": runs.point, **runs.params}
    row["n"] = runs.finished
    row["failed"] = runs.failed
    for column, values in runs.values.items():
        mean, sd = mean_and_sd(values)
        low, high = interval(values, runs.methods[column], runs.point, column)
        row.update(
            {
                f"{column}_n": int(np.count_nonzero(~np.isnan(values))),
                f"{column}_mean": mean,
                f"{column}_sd": sd,
                f"{column}_ci_low": low,
                f"{column}_ci_high": high,
                f"{column}_ci_method": runs.methods[column],
            }
        )
    return row
