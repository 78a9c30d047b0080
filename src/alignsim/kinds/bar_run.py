"""A bar run: the suitors' learning stepped, its summary with the bar game's theory, its folder.

What :class:`alignsim.kinds.bar.BarKind` does when it runs; kept apart from
the declaration so that loading the registry imports no model.
"""

from __future__ import annotations

from math import comb
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from alignsim.dynamics import bar_learning as learn
from alignsim.games import BarGame, analyze_game, bar_mixed_probability
from alignsim.games import symmetric as sym
from alignsim.kinds.bar import BarKind
from alignsim.kinds.base import TAIL, Progress, RunResult, run_id, run_record, run_rounds
from alignsim.model.bar import BarModel
from alignsim.outputs.ownership import staged_folder
from alignsim.outputs.storage import write_json
from alignsim.scenario import BarScenario

__all__ = ["bar_analysis", "learning_outcome", "run", "summarise_bar", "write"]


def run(scenario: BarScenario, progress: Progress | None = None) -> RunResult:
    """Run a bar scenario; the time series starts with round 0, the starting profile."""
    model = BarModel(scenario)
    timeseries = run_rounds(model, scenario.steps, progress)
    summary = summarise_bar(scenario, timeseries, model)
    return RunResult(scenario, timeseries, summary, model)


def write(result: RunResult, destination: Path, plots: bool | None = None) -> Path:
    """timeseries.csv, summary.json and the two bar figures."""
    from alignsim.outputs.bar_plots import plot_bar_run  # matplotlib only when writing

    destination = Path(destination)
    with staged_folder(destination, "run", run_id(result.scenario)) as staging:
        result.timeseries.to_csv(staging / "timeseries.csv", index=False)
        write_json(staging / "summary.json", result.summary)
        if result.scenario.output.plots if plots is None else plots:
            plot_bar_run(result.timeseries, result.summary, staging)
    return destination


WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
"""Group weights at which the summary checks the film's profile."""


def _film_by_weight(game: BarGame) -> list[dict[str, Any]]:
    table, outsider = game.payoff_table(), game.outsider_payoffs()
    rows = []
    for weight in WEIGHTS:
        gain = float(sym.deviation_gains(sym.weighted_table(table, outsider, weight))[0])
        rows.append(
            {"group_weight": weight, "is_equilibrium": gain <= 1e-9, "deviation_gain": gain}
        )
    return rows


def _profiles(game: BarGame, group_weight: float) -> list[dict[str, Any]]:
    table, outsider = game.payoff_table(), game.outsider_payoffs()
    totals = sym.welfare(table, outsider)
    equilibria = sym.pure_equilibrium_counts(sym.weighted_table(table, outsider, group_weight))
    return [
        {
            "going": m,
            "profiles": comb(game.n, m),
            "group_payoff": float(totals[m]),
            "is_equilibrium": m in equilibria,
            "is_social_optimum": bool(totals[m] >= totals.max() - 1e-12),
            "is_film_profile": m == 0,
        }
        for m in range(game.n + 1)
    ]


def bar_analysis(scenario: BarScenario) -> dict[str, Any]:
    """The theory of the scenario's bar game, for the summary and ``alignsim analyze``.

    Returns:
        ``film_profile`` (from :func:`alignsim.games.analyze_game`) with
        ``by_group_weight`` (is it an equilibrium at 0, 0.25, ..., 1?),
        ``profiles`` (each head count's group payoff, and whether it is an
        equilibrium for the suitors' weight), ``mixed_probability`` and
        ``logit`` (the long-run share going of asynchronous logit learning,
        and the symmetric logit equilibria).

    """
    spec = scenario.game.model_dump()
    weight = scenario.suitors.group_weight
    game = BarGame(n=spec["n"], a=spec["a"], b=spec["b"])
    film = analyze_game(game, weight)["film_profile"]
    film["by_group_weight"] = _film_by_weight(game)
    rationality = scenario.learning.rationality
    stationary = learn.logit_stationary(game.n, game.a, game.b, weight, rationality)
    return {
        "film_profile": film,
        "profiles": _profiles(game, weight),
        "mixed_probability": bar_mixed_probability(game.n, game.a, game.b),
        "logit": {
            "rationality": rationality,
            "stationary_share_going": float(stationary @ np.arange(game.n + 1) / game.n),
            "stationary_one_going": float(stationary[1]),
            "equilibria": learn.logit_equilibria(game.n, game.a, game.b, weight, rationality),
        },
    }


def _first(mask: pd.Series, steps: pd.Series) -> int | None:
    hits = steps[mask.to_numpy(dtype=bool)]
    return int(hits.iloc[0]) if len(hits) else None


def learning_outcome(timeseries: pd.DataFrame, model: BarModel) -> dict[str, Any]:
    """Where learning went: when it left the start, first equilibrium, final profile."""
    ts = timeseries
    later = ts[ts["step"] > 0]
    start_going = int(ts["going"].iloc[0])
    tail = ts.tail(TAIL)
    return {
        "rule": model.config.learning.rule,
        "revision": model.config.learning.revision,
        "start": model.config.suitors.start,
        "left_start_round": _first(later["going"] != start_going, later["step"]),
        "first_equilibrium_round": _first(ts["is_equilibrium"] == 1, ts["step"]),
        "final_profile": [int(g) for g in model.going],
        "final_going": int(model.going.sum()),
        "final_is_equilibrium": bool(ts["is_equilibrium"].iloc[-1]),
        "share_of_rounds_in_equilibrium": float(later["is_equilibrium"].mean()),
        f"mean_share_going_last_{TAIL}": float(tail["share_going"].mean()),
        f"mean_group_payoff_last_{TAIL}": float(tail["group_payoff"].mean()),
    }


def summarise_bar(scenario: BarScenario, timeseries: pd.DataFrame, model: BarModel) -> dict:
    """The summary.json content of a bar run."""
    return {
        "kind": BarKind.name,
        **run_record(scenario, timeseries),
        "analysis": bar_analysis(scenario),
        "learning": learning_outcome(timeseries, model),
    }
