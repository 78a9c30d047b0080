"""Run one scenario and write its results: time series, agents, summary, plots."""

from __future__ import annotations

import hashlib
import json
import math
import platform
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd
from pydantic import BaseModel

from alignsim.dynamics import replicator
from alignsim.games import contribution_threshold
from alignsim.model import CONDITIONAL, NASH, ORIENTATIONS, SMITH, AlignmentModel
from alignsim.outputs.ownership import staged_folder
from alignsim.outputs.storage import write_json
from alignsim.scenario import Scenario

TAIL = 10  # rounds averaged for the "long-run" figures of the summary


@dataclass
class RunResult:
    """What one run produced, in memory."""

    scenario: Scenario
    timeseries: pd.DataFrame
    agents: pd.DataFrame
    summary: dict[str, Any]
    model: AlignmentModel


def run_id(scenario: Scenario) -> str:
    """A folder name that is the same for the same resolved scenario and seed."""
    digest = hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()[:8]
    return f"seed{scenario.seed}-{digest}"


def versions() -> dict[str, str]:
    """Versions of alignsim and of the libraries whose numbers it depends on."""
    found = {}
    for package in ("alignsim", "mesa", "numpy", "scipy", "pandas"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "unknown"
    found["python"] = platform.python_version()
    return found


def run_rounds(
    model: mesa.Model, steps: int, progress: Callable[[int, int], None] | None = None
) -> pd.DataFrame:
    """Step a model ``steps`` times, reporting progress; return its model-level time series."""
    for done in range(1, steps + 1):
        model.step()
        if progress is not None:
            progress(done, steps)
    return model.datacollector.get_model_vars_dataframe().reset_index(drop=True)


def run_scenario(
    scenario: Scenario, progress: Callable[[int, int], None] | None = None
) -> RunResult:
    """Run a scenario for its ``steps`` rounds from its ``seed``.

    Args:
        scenario: the resolved scenario.
        progress: called as ``progress(done, total)`` after each round.

    """
    model = AlignmentModel(scenario)
    timeseries = run_rounds(model, scenario.steps, progress)
    add_mean_field(scenario, timeseries)
    agents = agents_table(model)
    summary = summarise(scenario, timeseries, model)
    return RunResult(scenario, timeseries, agents, summary, model)


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


def run_record(scenario: BaseModel, timeseries: pd.DataFrame) -> dict[str, Any]:
    """What every summary.json starts with: scenario, seed, id, versions, final and tail means.

    A metric missing in a round (NaN: its group did not exist) is None in
    ``final``; the tail mean is over the rounds where it exists, None if none.
    """
    tail = timeseries.tail(TAIL).mean(numeric_only=True, skipna=True)
    return {
        "scenario": json.loads(scenario.model_dump_json()),
        "seed": scenario.seed,
        "run_id": run_id(scenario),
        "versions": versions(),
        "final": {k: _plain(v) for k, v in timeseries.iloc[-1].items()},
        f"mean_last_{TAIL}": {k: _plain(v) for k, v in tail.items() if k != "step"},
    }


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


def _plain(value: Any) -> Any:
    """A plain Python number; None for a missing (NaN) one."""
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and math.isnan(value) else value


def write_run(result: RunResult, destination: Path, plots: bool | None = None) -> Path:
    """Write a run's files into ``destination`` atomically; returns the folder."""
    from alignsim.outputs.figures import plot_run  # matplotlib only when writing

    destination = Path(destination)
    with staged_folder(destination, "run", run_id(result.scenario)) as staging:
        result.timeseries.to_csv(staging / "timeseries.csv", index=False)
        result.agents.to_csv(staging / "agents.csv", index=False)
        if result.scenario.output.agent_data:
            agent_steps = result.model.datacollector.get_agent_vars_dataframe()
            agent_steps.to_csv(staging / "agent_steps.csv")
        write_json(staging / "summary.json", result.summary)
        if result.scenario.output.plots if plots is None else plots:
            plot_run(result.timeseries, result.scenario, staging, result.agents)
    return destination
