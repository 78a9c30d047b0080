"""The notebook API: ``alignsim.run("scenarios/nash.yaml", seed=1)``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel

from alignsim.scenario import apply_overrides, validate
from alignsim.scenario.commands import command_for
from alignsim.scenario.resources import check_memory


def run(
    scenario: str | Path | BaseModel = "nash",
    *,
    seed: int | None = None,
    steps: int | None = None,
    overrides: Iterable[str] | str = (),
    out: str | Path | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Run a scenario and return its time series and summary.

    Args:
        scenario: a scenario file, a built-in name, or a validated scenario of
            any kind (:data:`alignsim.kinds.KINDS` names their schemas).
        seed: root seed (default: the scenario's).
        steps: rounds (default: the scenario's).
        overrides: ``key.path=value`` strings, as ``--set`` on the command line
            (a single string is one override).
        out: if given, also write the results there.

    Returns:
        ``(timeseries, summary)``: a DataFrame with a row per round and the
        summary dictionary that ``summary.json`` holds.

    Raises:
        ScenarioError: for a bad scenario, override, seed or steps (they are
            validated like a file's keys), or a run that would not fit in memory.

    """
    from alignsim.kinds import kind_of, load  # the models, only when a run is asked for

    if isinstance(scenario, BaseModel):
        kind_of(scenario)  # a model no kind declares is refused before anything runs
        data = scenario.model_dump()
        apply_overrides(data, overrides, type(scenario), scenario.name)
        data.update({k: v for k, v in {"seed": seed, "steps": steps}.items() if v is not None})
        resolved = validate(data, scenario.name, type(scenario))
        check_memory(resolved, scenario.name)
    else:
        resolved = load(scenario, overrides, seed=seed, steps=steps)
    kind = kind_of(resolved)
    result = kind.run(resolved)
    if not isinstance(scenario, BaseModel):  # a file or a name: the command that repeats it
        given = [overrides] if isinstance(overrides, str) else list(overrides)
        result.summary["command"] = command_for(scenario, resolved.seed, resolved.steps, given)
    if out is not None:
        kind.write(result, Path(out))
    return result.timeseries, result.summary
