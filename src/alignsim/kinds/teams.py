"""Leader teams: the kind of every scenario whose game is played in leaders' teams or pairwise.

Its schema is :class:`alignsim.scenario.Scenario` and its model
:class:`alignsim.model.AlignmentModel`. A population without leaders
(``leaders: []``, a matrix game: ``spatial_pd``, ``staghunt``) is a mode of
this kind, not a kind of its own: the same schema, model, round loop, run
folder and metrics, and the differences (the figures, the table, the
analysis of the matrix game) are chosen by what the scenario switches on, as
for every other mechanism (:mod:`alignsim.outputs.figures`).

The declaration imports no model and no plotting: each method imports what it
needs when it is called, so ``alignsim validate`` and ``alignsim scenarios``
load none of it (the run itself is :mod:`alignsim.kinds.team_run`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from alignsim.kinds.base import Progress, RunResult, ScenarioKind
from alignsim.outputs.metric_words import words
from alignsim.scenario.schema import Scenario

if TYPE_CHECKING:
    import mesa

__all__ = ["TeamsKind"]

QUICK_AGENTS = 400
"""Agents of the gallery's quick variant of a large scenario."""


class TeamsKind(ScenarioKind):
    """Leaders sell a vision and WIIFM, followers choose whom to follow (or play pairwise)."""

    name: ClassVar[str] = "teams"
    title: ClassVar[str] = "leaders and their teams (or a population without leaders)"
    schema: ClassVar[type[Scenario]] = Scenario
    players: ClassVar[str] = "followers"
    group_weight_key: ClassVar[str] = "population.group_weight"
    analysis_kind: ClassVar[str] = "scenario"
    plays_in_class: ClassVar[bool] = True

    def recognises(self, data: Mapping[str, Any]) -> bool:
        """Any file another kind does not claim: the registry asks this kind last."""
        return True

    def describe(self, scenario: Scenario) -> str:
        """Its followers, leaders, rounds and game."""
        return (
            f"{scenario.name}: {scenario.population.n_followers} followers, "
            f"{scenario.n_leaders} leaders, {scenario.steps} rounds, game {scenario.game.type}"
        )

    def new_model(self, scenario: Scenario) -> mesa.Model:
        """The :class:`~alignsim.model.AlignmentModel` of the scenario."""
        from alignsim.model import AlignmentModel

        return AlignmentModel(scenario)

    def run_replicates(self, scenarios: list[Scenario]) -> list[Mapping[str, Sequence[Any]]]:
        """Replicates of a grid point as one array model (:mod:`alignsim.model.replicates`).

        Where they cannot run side by side (:func:`team_run.side_by_side`), one
        model after another, as every kind's replicates.
        """
        from alignsim.kinds import team_run

        if not team_run.side_by_side(scenarios):
            return super().run_replicates(scenarios)
        return team_run.run_replicates(scenarios)

    def replicates_per_batch(self, scenario: Scenario) -> int:
        """Up to 16 replicates of a small well-mixed population at once; 1 where batching cannot."""
        from alignsim.model.replicates import batch_size

        return batch_size(scenario)

    def run(self, scenario: Scenario, progress: Progress | None = None) -> RunResult:
        """Run it; the result holds the final agents table too."""
        from alignsim.kinds import team_run

        return team_run.run(scenario, progress)

    def write(self, result: RunResult, destination: Path, plots: bool | None = None) -> Path:
        """timeseries.csv, agents.csv (agent_steps.csv on request), summary.json, figures."""
        from alignsim.kinds import team_run

        return team_run.write(result, destination, plots)

    def metrics(self, scenario: Scenario) -> dict[str, str]:
        """Every column of the model's time series but ``step``, per leader group too.

        In words from :mod:`alignsim.outputs.metric_words`, the one mapping every output uses.
        """
        from alignsim.model.metrics import BASE_METRICS, PER_GROUP_EXTRA, SOCIAL_METRICS

        names = list((*BASE_METRICS, *SOCIAL_METRICS)[1:])
        for group in scenario.leaders:
            names += [f"{prefix}_{group.label}" for prefix in ("team", "trust", *PER_GROUP_EXTRA)]
        return {name: words(name).label for name in names}

    def sweep_predictions(self, scenario: Scenario) -> list[dict[str, Any]]:
        """docs/model.md's contribution threshold per leader group, at its planned team size."""
        from alignsim.kinds import team_analysis

        return team_analysis.planned_predictions(scenario)

    def print_summary(self, summary: dict[str, Any], console: Any) -> None:
        """The outcome by orientation and role and the threshold table (leaderless: its own)."""
        from alignsim.outputs.table import print_summary

        print_summary(summary, console)

    def report_theory(self, report: Any, summary: dict[str, Any]) -> None:
        """The contribution threshold of each realised team beside what the agents did."""
        from alignsim.outputs.report import team_theory

        team_theory(report, summary)

    def report_findings(self, summary: dict[str, Any], timeseries: Any) -> list[str]:
        """Following, contributing, payoffs, groups and mechanisms, the threshold beside them."""
        from alignsim.outputs.findings import team_findings

        return team_findings(summary, timeseries)

    def report_columns(self, summary: dict[str, Any]) -> list[str]:
        """The terminal table's quantities (a dash where a group never existed)."""
        from alignsim.outputs.table import summary_columns

        if not summary["scenario"]["leaders"]:
            return ["cooperation_rate", "mean_payoff"]
        return summary_columns(summary, keep_missing=True)

    def analyze(self, scenario: Scenario, source: str) -> dict[str, Any]:
        """Each leader group's team game at its planned size (or the matrix game), and the run."""
        from alignsim.kinds import team_analysis

        return team_analysis.analyze_teams(scenario, source, self.run)

    def format_analysis(self, result: dict[str, Any]) -> str:
        """Thresholds and equilibria per group, what the analysis covers, the simulated outcome."""
        from alignsim.outputs.analyze_report import format_team_analysis

        return format_team_analysis(result)

    def draw_story(self, result: RunResult, path: Path) -> str:
        """The figure :func:`alignsim.outputs.figures.story_figure` picks, as ``run`` draws it."""
        from alignsim.outputs import figures  # matplotlib only when drawing

        name = figures.story_figure(result.scenario)
        (figure,) = [f for f in figures.FIGURES if f.name == name]
        figure.draw(figures.RunData(result.timeseries, result.agents, result.scenario), path)
        return name

    def quick_overrides(self, scenario: Scenario) -> list[str]:
        """At most 400 agents (a lattice shrinks to a 20 x 20 grid)."""
        if scenario.population.n_followers <= QUICK_AGENTS:
            return []
        overrides = [f"population.n_followers={QUICK_AGENTS - scenario.n_leaders}"]
        if scenario.network.kind == "lattice":
            overrides.append(f"network.width={math.isqrt(QUICK_AGENTS)}")
        return overrides
