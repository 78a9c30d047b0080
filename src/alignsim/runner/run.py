"""Run one scenario and write its results: time series, agents, summary, plots."""

from __future__ import annotations

import hashlib
import json
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

from alignsim.games import contribution_threshold
from alignsim.model import CONDITIONAL, NASH, ORIENTATIONS, AlignmentModel
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
    agents = agents_table(model)
    summary = summarise(scenario, timeseries, model)
    return RunResult(scenario, timeseries, agents, summary, model)


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
    """The contribution threshold of MODEL.md for each leader group at its final team size.

    Uses each group's mean team size in the last round (or, if nobody follows
    it, the followers shared equally among all leaders).
    """
    s = model.state
    out = []
    sizes = np.bincount(s.leader_of[s.leader_of >= 0], minlength=s.n_leaders)
    weight = scenario.population.group_weight
    for group, spec in enumerate(scenario.leaders):
        in_group = s.leader_group == group
        size = float(sizes[in_group].mean())
        if size < 1:
            size = scenario.population.n_followers / scenario.n_leaders
        n = max(round(size), 1)
        threshold = float(contribution_threshold(n, s.r[in_group].mean(), s.cut[in_group].mean()))
        out.append(
            {
                "leader_group": spec.label,
                "team_size": n,
                "r": float(s.r[in_group].mean()),
                "cut": float(s.cut[in_group].mean()),
                "threshold_group_weight": threshold,
                "smith_contributes": bool(threshold < 0),
                "nash_contributes": bool(weight > threshold),
                "exact": scenario.game.type == "linear_public_goods"
                and scenario.choice.rule == "best_response",
            }
        )
    return out


def run_record(scenario: BaseModel, timeseries: pd.DataFrame) -> dict[str, Any]:
    """What every summary.json starts with: scenario, seed, id, versions, final and tail means."""
    tail = timeseries.tail(TAIL).mean(numeric_only=True)
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
            "smith_mean": float(s.wealth[smith].mean()) if smith.any() else 0.0,
            "nash_mean": float(s.wealth[nash].mean()) if nash.any() else 0.0,
            "smith_total": float(s.wealth[smith].sum()),
            "nash_total": float(s.wealth[nash].sum()),
            "leaders_mean": float(s.wealth[s.slot_agent].mean()) if s.n_leaders else 0.0,
            "all_total": float(s.wealth.sum()),
        },
        "predictions": predictions(scenario, model),
    }


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


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
