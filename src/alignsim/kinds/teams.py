"""Leader teams: the kind of every scenario whose game is played in leaders' teams or pairwise.

Its schema is :class:`alignsim.scenario.Scenario` and its model
:class:`alignsim.model.AlignmentModel`. A population without leaders
(``leaders: []``, a matrix game: ``spatial_pd``, ``staghunt``) is a mode of
this kind, not a kind of its own: the same schema, model, round loop, run
folder and metrics, and the differences (the figures, the table, the
analysis of the matrix game) are chosen by what the scenario switches on, as
for every other mechanism (:mod:`alignsim.outputs.figures`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from alignsim.dynamics import replicator
from alignsim.games import contribution_threshold
from alignsim.kinds import team_analysis
from alignsim.kinds.base import Progress, RunResult, ScenarioKind, run_id, run_record, run_rounds
from alignsim.model import CONDITIONAL, NASH, ORIENTATIONS, SMITH, AlignmentModel
from alignsim.model.metrics import BASE_METRICS, PER_GROUP_EXTRA, SOCIAL_METRICS
from alignsim.outputs import report as report_text
from alignsim.outputs.analyze_report import format_team_analysis
from alignsim.outputs.ownership import staged_folder
from alignsim.outputs.storage import write_json
from alignsim.outputs.table import print_summary
from alignsim.scenario import Scenario

__all__ = ["TeamsKind", "agents_table", "predictions", "summarise"]

QUICK_AGENTS = 400
"""Agents of the gallery's quick variant of a large scenario."""

METRIC_WORDS: dict[str, str] = {
    "follow_rate": "followers in a leader's team (share)",
    "contribution_rate": "team members who contribute (share)",
    "contribution_rate_smith": "Smith-style team members who contribute (share)",
    "contribution_rate_nash": "Nash-style team members who contribute (share)",
    "contribution_rate_conditional": "conditional cooperators who contribute (share)",
    "cooperation_rate": "players of the stage game who cooperate (share)",
    "mean_payoff": "mean payoff of everyone (endowments per round)",
    "mean_payoff_smith": "mean payoff of Smith-style followers (endowments per round)",
    "mean_payoff_nash": "mean payoff of Nash-style followers (endowments per round)",
    "mean_payoff_conditional": "mean payoff of conditional cooperators (endowments per round)",
    "share_smith": "Smith-style followers (share)",
    "share_nash": "Nash-style followers (share)",
    "share_conditional": "conditional cooperators (share)",
    "mean_trust": "mean trust of followers in leaders (0 to 1)",
    "n_leaders": "leaders (agents)",
    "leader_payoff": "leaders' payoff (endowments per round)",
    "follower_payoff": "followers' payoff (endowments per round)",
    "mean_wealth_smith": "mean wealth of Smith-style followers (endowments)",
    "mean_wealth_nash": "mean wealth of Nash-style followers (endowments)",
    "mean_wealth_conditional": "mean wealth of conditional cooperators (endowments)",
    "mean_hype": "leaders' mean hype (0 = honest)",
    "mean_cut": "leaders' mean cut (share)",
    "leader_turnover": "leaders replaced this round (agents)",
    "mentorships": "active mentorships",
    "network_edges": "ties in the network",
    "network_clustering": "network clustering (0 to 1)",
    "mean_reputation": "mean reputation (image score)",
}
GROUP_WORDS = {
    "team": "followers of {label} leaders (agents)",
    "trust": "trust in {label} leaders (0 to 1)",
    "successors": "{label} slots held by successors (agents)",
    "member_payoff": "payoff of {label} team members (endowments per round)",
}


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

    def new_model(self, scenario: Scenario) -> AlignmentModel:
        """The :class:`~alignsim.model.AlignmentModel` of the scenario."""
        return AlignmentModel(scenario)

    def run(self, scenario: Scenario, progress: Progress | None = None) -> RunResult:
        """Run it; the result holds the final agents table too."""
        model = AlignmentModel(scenario)
        timeseries = run_rounds(model, scenario.steps, progress)
        add_mean_field(scenario, timeseries)
        agents = agents_table(model)
        summary = summarise(scenario, timeseries, model)
        return RunResult(scenario, timeseries, summary, model, agents)

    def write(self, result: RunResult, destination: Path, plots: bool | None = None) -> Path:
        """timeseries.csv, agents.csv (agent_steps.csv on request), summary.json, figures."""
        from alignsim.outputs.figures import plot_run  # matplotlib only when writing

        destination = Path(destination)
        scenario = result.scenario
        with staged_folder(destination, "run", run_id(scenario)) as staging:
            result.timeseries.to_csv(staging / "timeseries.csv", index=False)
            assert result.agents is not None
            result.agents.to_csv(staging / "agents.csv", index=False)
            if scenario.output.agent_data:
                agent_steps = result.model.datacollector.get_agent_vars_dataframe()
                agent_steps.to_csv(staging / "agent_steps.csv")
            write_json(staging / "summary.json", result.summary)
            if scenario.output.plots if plots is None else plots:
                plot_run(result.timeseries, scenario, staging, result.agents)
        return destination

    def metrics(self, scenario: Scenario) -> dict[str, str]:
        """Every column of the model's time series but ``step``, per leader group too."""
        words = {name: METRIC_WORDS[name] for name in (*BASE_METRICS, *SOCIAL_METRICS)[1:]}
        for group in scenario.leaders:
            for prefix in ("team", "trust", *PER_GROUP_EXTRA):
                words[f"{prefix}_{group.label}"] = GROUP_WORDS[prefix].format(label=group.label)
        return words

    def sweep_predictions(self, scenario: Scenario) -> list[dict[str, Any]]:
        """docs/model.md's contribution threshold per leader group, at its planned team size."""
        return team_analysis.planned_predictions(scenario)

    def print_summary(self, summary: dict[str, Any], console: Any) -> None:
        """The outcome by orientation and role and the threshold table (leaderless: its own)."""
        print_summary(summary, console)

    def report_theory(self, report: Any, summary: dict[str, Any]) -> None:
        """The contribution threshold of each realised team beside what the agents did."""
        report_text.team_theory(report, summary)

    def analyze(self, scenario: Scenario, source: str) -> dict[str, Any]:
        """Each leader group's team game at its planned size (or the matrix game), and the run."""
        return team_analysis.analyze_teams(scenario, source, self.run)

    def format_analysis(self, result: dict[str, Any]) -> str:
        """Thresholds and equilibria per group, what the analysis covers, the simulated outcome."""
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


def add_mean_field(scenario: Scenario, timeseries: pd.DataFrame) -> None:
    """Add the ``mean_field`` column: the run's deterministic limit, where one is known.

    See :func:`alignsim.dynamics.replicator.mean_field_column`; it starts from
    the run's own first share, so it shows the drift, not the start's noise.
    """
    if timeseries.empty or "cooperation_rate" not in timeseries:
        return
    first = float(timeseries["cooperation_rate"].iloc[0])
    column = replicator.mean_field_column(scenario, first, len(timeseries))
    if column is not None:
        timeseries["mean_field"] = column


def agents_table(model: AlignmentModel) -> pd.DataFrame:
    """The final state of every agent, one row each, straight from the arrays."""
    s = model.state
    slot_of = np.full(s.n_agents, -1)
    slot_of[s.slot_agent] = np.arange(s.n_leaders)
    is_leader = s.is_leader
    followed = s.leader_of
    has_leader = followed >= 0
    trust_in = np.full(s.n_agents, np.nan)
    rows = np.flatnonzero(has_leader)
    trust_in[rows] = s.trust[rows, followed[rows]]
    unique_ids = np.array([agent.unique_id for agent in model.agent_at])

    def per_leader(values: np.ndarray) -> np.ndarray:
        out = np.full(s.n_agents, np.nan)
        out[s.slot_agent] = values
        return out

    group = np.array([""] * s.n_agents, dtype=object)
    group[s.slot_agent] = [model.leader_labels[g] for g in s.leader_group]
    return pd.DataFrame(
        {
            "id": unique_ids,
            "role": np.where(is_leader, "leader", "follower"),
            "leader_group": group,
            "orientation": np.array(ORIENTATIONS)[s.orientation],
            "group_weight": s.group_weight,
            "wealth": s.wealth,
            "last_payoff": s.payoff,
            "contributed": s.contributed,
            "leader_followed": (
                np.where(has_leader, unique_ids[s.slot_agent[np.maximum(followed, 0)]], -1)
                if s.n_leaders
                else np.full(s.n_agents, -1)
            ),
            "trust_in_leader": trust_in,
            "r": per_leader(s.r),
            "cut": per_leader(s.cut),
            "hype": per_leader(s.hype),
            # without leaders: the strategy after the last imitation (empty with leaders)
            "cooperates_next": (
                pd.array(s.strategy, dtype="boolean")
                if s.strategy is not None
                else pd.array([pd.NA] * s.n_agents, dtype="boolean")
            ),
        }
    )


def predictions(scenario: Scenario, model: AlignmentModel) -> list[dict[str, Any]]:
    """The contribution threshold (docs/model.md) for each realised team of the last round.

    One row per leader group and realised team size (the number of followers
    a leader actually had in the last round; leaders of a group with equal
    teams share a row). A leader nobody follows has no team: its row has
    ``team_size`` None and no threshold. Verdicts are given only for the
    preference types present among the followers (None for an absent one).
    """
    s = model.state
    out = []
    sizes = np.bincount(s.leader_of[s.leader_of >= 0], minlength=s.n_leaders)
    weight = scenario.population.group_weight
    orientation = s.orientation[~s.is_leader]
    has_smith = bool(np.any(orientation == SMITH))
    has_nash = bool(np.any(orientation == NASH))
    exact = scenario.game.type == "linear_public_goods" and scenario.choice.rule == "best_response"
    for group, spec in enumerate(scenario.leaders):
        slots = np.flatnonzero(s.leader_group == group)
        for size in sorted({int(v) for v in sizes[slots]}, reverse=True):
            same = slots[sizes[slots] == size]
            r, cut = float(s.r[same].mean()), float(s.cut[same].mean())
            threshold = float(contribution_threshold(size, r, cut)) if size else None
            out.append(
                {
                    "leader_group": spec.label,
                    "leaders": int(same.size),
                    "team_size": size or None,
                    "r": r,
                    "cut": cut,
                    "threshold_group_weight": threshold,
                    "smith_contributes": (bool(threshold < 0) if size and has_smith else None),
                    "nash_contributes": (bool(weight > threshold) if size and has_nash else None),
                    "exact": exact,
                }
            )
    return out


def summarise(scenario: Scenario, timeseries: pd.DataFrame, model: AlignmentModel) -> dict:
    """The summary.json content: resolved scenario, seed, versions, final and long-run metrics."""
    s = model.state
    follower = ~s.is_leader
    smith = follower & (s.orientation != NASH) & (s.orientation != CONDITIONAL)
    nash = follower & (s.orientation == NASH)
    return {
        **run_record(scenario, timeseries),
        "wealth": {
            "smith_mean": float(s.wealth[smith].mean()) if smith.any() else None,
            "nash_mean": float(s.wealth[nash].mean()) if nash.any() else None,
            "smith_total": float(s.wealth[smith].sum()) if smith.any() else None,
            "nash_total": float(s.wealth[nash].sum()) if nash.any() else None,
            "leaders_mean": float(s.wealth[s.slot_agent].mean()) if s.n_leaders else None,
            "all_total": float(s.wealth.sum()),
        },
        "predictions": predictions(scenario, model),
    }
