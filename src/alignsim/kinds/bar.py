"""The bar scene of *A Beautiful Mind*: suitors learning in the bar game, a kind of its own.

A scenario file whose ``game.type`` is ``bar`` is validated by
:class:`alignsim.scenario.BarScenario` and run by
:class:`alignsim.model.bar.BarModel` (rules in
:mod:`alignsim.dynamics.bar_learning`). Its summary puts the analysis of
:mod:`alignsim.games` beside what the learning did: whether the film's profile
is an equilibrium for group weights from 0 to 1, what each profile pays the
group, the equilibria, and where the suitors ended up (docs/model.md, "The
bar game"). Its tables are :mod:`alignsim.outputs.bar_table`, its figures
:mod:`alignsim.outputs.bar_plots`. The declaration imports no model and no
plotting (each method imports what it needs when called); the run is
:mod:`alignsim.kinds.bar_run`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from alignsim.kinds.base import Progress, RunResult, ScenarioKind
from alignsim.outputs.metric_words import words
from alignsim.scenario.bar_schema import BarScenario

if TYPE_CHECKING:
    import mesa

__all__ = ["BarKind"]


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

    def new_model(self, scenario: BarScenario) -> mesa.Model:
        """The :class:`~alignsim.model.bar.BarModel` of the scenario."""
        from alignsim.model.bar import BarModel

        return BarModel(scenario)

    def run(self, scenario: BarScenario, progress: Progress | None = None) -> RunResult:
        """Run it; the time series starts with round 0, the starting profile."""
        from alignsim.kinds import bar_run

        return bar_run.run(scenario, progress)

    def write(self, result: RunResult, destination: Path, plots: bool | None = None) -> Path:
        """timeseries.csv, summary.json and the two bar figures."""
        from alignsim.kinds import bar_run

        return bar_run.write(result, destination, plots)

    def metrics(self, scenario: BarScenario) -> dict[str, str]:
        """The bar model's columns but ``step``, in words (:mod:`alignsim.outputs.metric_words`)."""
        from alignsim.model.bar import BAR_METRICS

        return {name: words(name).label for name in BAR_METRICS if name != "step"}

    def sweep_predictions(self, scenario: BarScenario) -> list[dict[str, Any]]:
        """None: the bar game has no leader groups and no threshold to mark."""
        return []

    def print_summary(self, summary: dict[str, Any], console: Any) -> None:
        """Where learning went, and what each profile pays the group."""
        from alignsim.outputs.bar_table import print_bar_summary

        print_bar_summary(summary, console)

    def report_theory(self, report: Any, summary: dict[str, Any]) -> None:
        """Each head count's group payoff and equilibrium, beside where learning went."""
        from alignsim.outputs.report import bar_theory

        bar_theory(report, summary)

    def report_findings(self, summary: dict[str, Any], timeseries: Any) -> list[str]:
        """Where the suitors' learning went, beside the bar game's equilibria."""
        from alignsim.outputs.findings import bar_findings

        return bar_findings(summary, timeseries)

    def report_columns(self, summary: dict[str, Any]) -> list[str]:
        """Every column of the bar model but ``step``."""
        return [key for key in summary["final"] if key != "step"]

    def analyze(self, scenario: BarScenario, source: str) -> dict[str, Any]:
        """The bar game at the scenario's parameters, and the suitors' learning beside it."""
        from alignsim.kinds.bar_run import bar_analysis
        from alignsim.kinds.game_analysis import analyze_game_file

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
        from alignsim.outputs.analyze_report import format_bar_analysis

        return format_bar_analysis(result)

    def draw_story(self, result: RunResult, path: Path) -> str:
        """``bar_learning``: suitors going for her, round by round, against the theory."""
        from alignsim.outputs.bar_plots import plot_bar_learning  # matplotlib only when drawing

        plot_bar_learning(result.timeseries, result.summary, path)
        return "bar_learning"

    def quick_overrides(self, scenario: BarScenario) -> list[str]:
        """None: the bar scene is small already."""
        return []
