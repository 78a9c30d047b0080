"""A leader-team run: the model stepped, its agents table, its summary, its folder.

What :class:`alignsim.kinds.teams.TeamsKind` does when it runs; kept apart
from the declaration so that loading the registry imports no model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from alignsim.dynamics import replicator
from alignsim.games import contribution_threshold
from alignsim.kinds.base import Progress, RunResult, run_id, run_record, run_rounds
from alignsim.kinds.teams import TeamsKind
from alignsim.model import CONDITIONAL, NASH, ORIENTATIONS, SMITH, AlignmentModel
from alignsim.model.replicates import batch_obstacles
from alignsim.outputs.ownership import staged_folder
from alignsim.outputs.storage import write_json
from alignsim.scenario import Scenario

__all__ = [
    "add_mean_field",
    "agents_table",
    "predictions",
    "run",
    "run_replicates",
    "side_by_side",
    "summarise",
    "write",
]


def run(scenario: Scenario, progress: Progress | None = None) -> RunResult:
    """Run a leader-team scenario; the result holds the final agents table too."""
    model = AlignmentModel(scenario)
    timeseries = run_rounds(model, scenario.steps, progress)
    add_mean_field(scenario, timeseries)
    agents = agents_table(model)
    summary = summarise(scenario, timeseries, model)
    return RunResult(scenario, timeseries, summary, model, agents)


def side_by_side(scenarios: list[Scenario]) -> bool:
    """Whether the scenarios can run as one model.

    More than one, equal but for their seed, and with no mechanism that keeps
    replicates apart (:func:`~alignsim.model.replicates.batch_obstacles`).
    """
    first = scenarios[0]
    alike = all(s.model_copy(update={"seed": first.seed}) == first for s in scenarios[1:])
    return len(scenarios) > 1 and alike and not batch_obstacles(first)


def run_replicates(scenarios: list[Scenario]) -> list[Mapping[str, Sequence[Any]]]:
    """Each scenario's time series, the replicates of one grid point stepped as one model.

    The scenarios must be able to run :func:`side_by_side`; replicate ``k``
    gives the numbers of ``scenarios[k]`` run alone, bit for bit
    (:mod:`alignsim.model.replicates`).
    """
    first = scenarios[0]
    model = AlignmentModel(first, replicates=[s.seed for s in scenarios])
    model.run(first.steps)
    return [collector.model_vars for collector in model.collectors]


def write(result: RunResult, destination: Path, plots: bool | None = None) -> Path:
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
    """The summary.json content: kind, resolved scenario, seed, versions, final and tail metrics.

    A class session's folder has it too: it is a leader-team run with students in it.
    """
    s = model.state
    follower = ~s.is_leader
    smith = follower & (s.orientation != NASH) & (s.orientation != CONDITIONAL)
    nash = follower & (s.orientation == NASH)
    return {
        "kind": TeamsKind.name,
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
