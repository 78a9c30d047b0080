"""The bar scene of *A Beautiful Mind*: suitors learning in the bar game, a kind of its own.

A scenario file whose ``game.type`` is ``bar`` is validated by
:class:`alignsim.scenario.BarScenario` and run by
:class:`alignsim.model.bar.BarModel` (rules in
:mod:`alignsim.dynamics.bar_learning`). Its summary puts the analysis of
:mod:`alignsim.games` beside what the learning did: whether the film's profile
is an equilibrium for group weights from 0 to 1, what each profile pays the
group, the equilibria, and where the suitors ended up (docs/model.md, "The
bar game"). Its tables are :mod:`alignsim.outputs.bar_table`, its figures
:mod:`alignsim.outputs.bar_plots`.
"""

from __future__ import annotations

from collections.abc import Mapping
from math import comb
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from alignsim.dynamics import bar_learning as learn
from alignsim.games import BarGame, analyze_game, bar_mixed_probability
from alignsim.games import symmetric as sym
from alignsim.kinds.base import (
    TAIL,
    Progress,
    RunResult,
    ScenarioKind,
    run_id,
    run_record,
    run_rounds,
)
from alignsim.kinds.game_analysis import analyze_game_file
from alignsim.model.bar import BAR_METRICS, BarModel
from alignsim.outputs import report as report_text
from alignsim.outputs.analyze_report import format_bar_analysis
from alignsim.outputs.bar_table import print_bar_summary
from alignsim.outputs.ownership import staged_folder
from alignsim.outputs.storage import write_json
from alignsim.scenario import BarScenario

__all__ = ["BarKind", "bar_analysis", "learning_outcome"]

METRIC_WORDS: dict[str, str] = {
    "going": "suitors going for the most-wanted (people)",
    "share_going": "suitors going for the most-wanted (share)",
    "group_payoff": "the suitors' summed payoff in the round",
    "mean_payoff": "the suitors' mean payoff in the round",
    "equilibrium_distance": "suitors who would have to switch to reach an equilibrium (people)",
    "max_deviation_gain": "largest gain from switching alone (payoff)",
    "is_equilibrium": "rounds at a pure equilibrium (share)",
    "belief_going": "how often a suitor has gone so far (share)",
}


class BarKind(ScenarioKind):
    """The bar game's suitors, revising whom to approach round after round."""

    name: ClassVar[str] = "bar"
    title: ClassVar[str] = "the bar scene"
    schema: ClassVar[type[BarScenario]] = BarScenario
    players: ClassVar[str] = "suitors"
    group_weight_key: ClassVar[str] = "suitors.group_weight"
    analysis_kind: ClassVar[str] = "bar_scenario"
    default_sweep_metrics: ClassVar[tuple[str, ...]] = (
        "share_going",
        "group_payoff",
        "is_equilibrium",
    )

    def recognises(self, data: Mapping[str, Any]) -> bool:
        """A file whose ``game.type`` is ``bar``."""
        game = data.get("game")
        return isinstance(game, Mapping) and game.get("type") == "bar"

    def describe(self, scenario: BarScenario) -> str:
        """Its suitors, learning rule, rounds and game."""
        return (
            f"{scenario.name}: {scenario.game.n} suitors, {scenario.learning.rule}, "
            f"{scenario.steps} rounds, game bar"
        )

    def new_model(self, scenario: BarScenario) -> BarModel:
        """The :class:`~alignsim.model.bar.BarModel` of the scenario."""
        return BarModel(scenario)

    def run(self, scenario: BarScenario, progress: Progress | None = None) -> RunResult:
        """Run it; the time series starts with round 0, the starting profile."""
        model = BarModel(scenario)
        timeseries = run_rounds(model, scenario.steps, progress)
        summary = summarise_bar(scenario, timeseries, model)
        return RunResult(scenario, timeseries, summary, model)

    def write(self, result: RunResult, destination: Path, plots: bool | None = None) -> Path:
        """timeseries.csv, summary.json and the two bar figures."""
        from alignsim.outputs.bar_plots import plot_bar_run  # matplotlib only when writing

        destination = Path(destination)
        with staged_folder(destination, "run", run_id(result.scenario)) as staging:
            result.timeseries.to_csv(staging / "timeseries.csv", index=False)
            write_json(staging / "summary.json", result.summary)
            if result.scenario.output.plots if plots is None else plots:
                plot_bar_run(result.timeseries, result.summary, staging)
        return destination

    def metrics(self, scenario: BarScenario) -> dict[str, str]:
        """The bar model's columns but ``step``."""
        return {name: METRIC_WORDS[name] for name in BAR_METRICS if name != "step"}

    def sweep_predictions(self, scenario: BarScenario) -> list[dict[str, Any]]:
        """None: the bar game has no leader groups and no threshold to mark."""
        return []

    def print_summary(self, summary: dict[str, Any], console: Any) -> None:
        """Where learning went, and what each profile pays the group."""
        print_bar_summary(summary, console)

    def report_theory(self, report: Any, summary: dict[str, Any]) -> None:
        """Each head count's group payoff and equilibrium, beside where learning went."""
        report_text.bar_theory(report, summary)

    def analyze(self, scenario: BarScenario, source: str) -> dict[str, Any]:
        """The bar game at the scenario's parameters, and the suitors' learning beside it."""
        weight = scenario.suitors.group_weight
        result = self.run(scenario)
        return {
            **analyze_game_file(scenario.game.model_dump(), source, weight or None),
            "kind": self.analysis_kind,
            "scenario": scenario.name,
            "bar": bar_analysis(scenario),
            "learning": result.summary["learning"],
        }

    def format_analysis(self, result: dict[str, Any]) -> str:
        """The game's analysis, the film's profile by group weight, the learning."""
        return format_bar_analysis(result)

    def draw_story(self, result: RunResult, path: Path) -> str:
        """``bar_learning``: suitors going for her, round by round, against the theory."""
        from alignsim.outputs.bar_plots import plot_bar_learning  # matplotlib only when drawing

        plot_bar_learning(result.timeseries, result.summary, path)
        return "bar_learning"

    def quick_overrides(self, scenario: BarScenario) -> list[str]:
        """None: the bar scene is small already."""
        return []


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
