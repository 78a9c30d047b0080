"""The ``sweep:`` section of a scenario file, and the grid syntax of ``--grid``.

A sweep is a cartesian grid over scenario key paths (the dotted paths of
``--set``: ``population.group_weight``, ``leaders.0.hype``), run ``replicates``
times per grid point, each run from its own seed. The values of a key are
written in one of three ways (docs/scenarios.md, "sweep"):

* a list: ``[0.0, 0.25, 0.5]`` in YAML, ``0,0.25,0.5`` on the command line;
* a range by step: ``"0:1:0.25"`` (start:stop:step, stop included when the
  steps land on it) or ``{start: 0, stop: 1, step: 0.25}``;
* a number of evenly spaced points, both ends included: ``"0:1:5pts"`` or
  ``{start: 0, stop: 1, num: 5}``.

In a YAML file a range string must be quoted: YAML reads an unquoted
``1:30:10`` as a base-60 number. A bare number is refused for that reason.
This module imports nothing else of alignsim.
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

DEFAULT_METRICS = (
    "follow_rate",
    "contribution_rate",
    "contribution_rate_smith",
    "contribution_rate_nash",
    "mean_payoff_smith",
    "mean_payoff_nash",
    "mean_trust",
)
BAR_DEFAULT_METRICS = ("share_going", "group_payoff", "is_equilibrium")
"""What a sweep of a bar scenario keeps when its ``sweep:`` names no metrics."""
RESERVED_KEYS = ("seed", "steps", "name", "description", "sweep")
MAX_POINTS = 100_000
GRID_SYNTAX = (
    "expected a list of values, 'v1,v2,...', 'start:stop:step', 'start:stop:Npts' "
    "or a mapping {start, stop, step|num}"
)
_PTS = re.compile(r"^\s*(\d+)\s*pts\s*$")
_KEY = re.compile(r"^[a-z_][a-z0-9_]*(\.([a-z_][a-z0-9_]*|\d+))*$")


def _number(text: str) -> int | float:
    """Parse an int or a float from a range bound, or raise ``ValueError``."""
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        return float(text)


def _clean(value: float) -> float:
    """Round away the float noise of repeated addition (0.30000000000000004 -> 0.3)."""
    return float(f"{value:.12g}")


def step_range(start: int | float, stop: int | float, step: int | float) -> list[int | float]:
    """Values ``start, start + step, ...`` up to ``stop``, included when a step lands on it.

    Args:
        start: first value.
        stop: last value (included within a tolerance of 1e-9 steps).
        step: increment; its sign must lead from ``start`` to ``stop``.

    Returns:
        The values; integers when all three bounds are integers.

    """
    if step == 0 or (stop - start) * step < 0:
        raise ValueError(f"step {step} does not lead from {start} to {stop}")
    count = math.floor((stop - start) / step + 1e-9) + 1
    if count > MAX_POINTS:
        raise ValueError(f"range gives {count} values, more than {MAX_POINTS}")
    if all(isinstance(v, int) for v in (start, stop, step)):
        return [start + i * step for i in range(count)]
    return [_clean(start + i * step) for i in range(count)]


def spaced_points(start: int | float, stop: int | float, num: int) -> list[float]:
    """``num`` evenly spaced values from ``start`` to ``stop``, both included."""
    if not 1 <= num <= MAX_POINTS:
        raise ValueError(f"number of points must be between 1 and {MAX_POINTS}, got {num}")
    if num == 1:
        return [_clean(float(start))]
    width = (stop - start) / (num - 1)
    return [_clean(start + i * width) for i in range(num)]


def parse_values(text: str) -> list[Any]:
    """Values of one grid key from its text: a range, a point count, or a comma list.

    Examples:
        ``"0:1:0.25"`` -> ``[0.0, 0.25, 0.5, 0.75, 1.0]``;
        ``"0:1:3pts"`` -> ``[0.0, 0.5, 1.0]``; ``"2,4,8"`` -> ``[2, 4, 8]``;
        ``"logit,best_response"`` -> the two strings.

    Raises:
        ValueError: with a message saying what was expected.

    """
    text = text.strip()
    if not text:
        raise ValueError(GRID_SYNTAX)
    parts = text.split(":")
    if len(parts) == 3:
        try:
            start, stop = _number(parts[0]), _number(parts[1])
            points = _PTS.match(parts[2])
            if points:
                return spaced_points(start, stop, int(points.group(1)))
            return step_range(start, stop, _number(parts[2]))
        except ValueError as err:
            message = str(err)
            if "could not convert" in message or "invalid literal" in message:
                message = f"range {text!r} is not start:stop:step or start:stop:Npts"
            raise ValueError(message) from None
    if len(parts) != 1:
        raise ValueError(f"{text!r}: {GRID_SYNTAX}")
    return [_yaml_value(item) for item in text.split(",")]


def _yaml_value(item: str) -> Any:
    """One comma-separated item, typed as YAML types it (``0.5``, ``true``, ``logit``)."""
    item = item.strip()
    if not item:
        raise ValueError(f"empty value in a list; {GRID_SYNTAX}")
    try:
        return yaml.safe_load(item)
    except yaml.YAMLError:
        return item


def values_from_spec(spec: Any) -> list[Any]:
    """Grid values from what a scenario file holds under a grid key."""
    if isinstance(spec, list):
        if not spec:
            raise ValueError("empty list of values")
        return list(spec)
    if isinstance(spec, str):
        return parse_values(spec)
    if isinstance(spec, dict):
        return _values_from_mapping(spec)
    raise ValueError(f"{GRID_SYNTAX}; quote a range in YAML (got {spec!r})")


def _values_from_mapping(spec: dict[str, Any]) -> list[Any]:
    keys = set(spec)
    if keys not in ({"start", "stop", "step"}, {"start", "stop", "num"}):
        raise ValueError(f"a range mapping needs start, stop and step or num (got {sorted(keys)})")
    start, stop = spec["start"], spec["stop"]
    for name, value in spec.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"range {name} must be a number (got {value!r})")
    if "num" in spec:
        if not isinstance(spec["num"], int):
            raise ValueError(f"range num must be an integer (got {spec['num']!r})")
        return spaced_points(start, stop, spec["num"])
    return step_range(start, stop, spec["step"])


def check_key(key: str) -> None:
    """Refuse a grid key that is not a dotted path or that a sweep sets itself."""
    if not _KEY.match(key):
        raise ValueError(f"{key!r} is not a key path like population.group_weight")
    if key.split(".")[0] in RESERVED_KEYS:
        raise ValueError(f"{key!r} cannot be swept (seeds come from the sweep's root seed)")


class Sweep(BaseModel):
    """A parameter sweep: grid, replicates, steps, root seed and what to keep of each run."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    question: str = Field("", description="the question the sweep answers, for the report")
    grid: dict[str, list[Any]] = Field(
        default_factory=dict, description="key path -> values (list, range or point count)"
    )
    replicates: int = Field(5, ge=1, le=100_000, description="runs per grid point")
    steps: int | None = Field(None, ge=1, le=10_000_000, description="rounds per run")
    seed: int | None = Field(None, ge=0, description="root seed; default: the scenario's")
    metrics: list[str] = Field(
        default_factory=lambda: list(DEFAULT_METRICS), min_length=1, description="metrics kept"
    )
    keep: list[Literal["final", "mean_last"]] = Field(
        default_factory=lambda: ["mean_last"], min_length=1, description="statistics kept"
    )
    last_steps: int = Field(10, ge=1, description="rounds averaged by mean_last")

    @field_validator("grid", mode="before")
    @classmethod
    def _parse_grid(cls, value: Any) -> dict[str, list[Any]]:
        if not isinstance(value, dict):
            raise ValueError("expected a mapping of key paths to values")
        parsed = {}
        for key, spec in value.items():
            try:
                check_key(str(key))
                parsed[str(key)] = values_from_spec(spec)
            except ValueError as err:
                raise ValueError(f"{key}: {err}") from None
        return parsed

    @field_validator("metrics")
    @classmethod
    def _metrics_unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError(f"metrics listed twice: {value}")
        return value

    @property
    def n_points(self) -> int:
        """Number of grid points (1 for an empty grid)."""
        return math.prod(len(values) for values in self.grid.values())

    @property
    def n_runs(self) -> int:
        """Number of runs: grid points times replicates."""
        return self.n_points * self.replicates

    def columns(self) -> list[str]:
        """The metric columns of ``runs.csv``: ``<metric>_final`` and ``<metric>_last<K>``."""
        suffixes = {"final": "final", "mean_last": f"last{self.last_steps}"}
        return [f"{m}_{suffixes[k]}" for k in self.keep for m in self.metrics]
