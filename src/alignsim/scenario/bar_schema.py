"""The schema of a bar scenario: suitors learning in the bar game of *A Beautiful Mind*.

A bar scenario is a YAML file like a leader scenario (``name``,
``description``, ``seed``, ``steps``) whose ``game:`` section has
``type: bar``; instead of population and leaders it has ``suitors:`` and
``learning:``. docs/scenarios.md ("bar scenarios") documents every key, and a
test checks the two agree. Unknown keys are errors, as in every scenario.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from alignsim.scenario.schema import MAX_COUNT, MAX_NAME, NAME_PATTERN, Teaching, _Section
from alignsim.scenario.sweep import MAX_SEED, Sweep

__all__ = ["BarGameSection", "BarLearning", "BarOutput", "BarScenario", "Suitors"]


class BarGameSection(_Section):
    """The bar game: ``n`` suitors, the most-wanted target worth ``a``, the others ``b``."""

    type: Literal["bar"] = Field(description="stage game: the bar game")
    n: int = Field(5, ge=2, le=10_000, description="number of suitors")
    a: float = Field(1.0, gt=0.0, le=1e6, description="worth of the most-wanted target")
    b: float = Field(0.5, gt=0.0, le=1e6, description="worth of each of the others (below a)")

    @model_validator(mode="after")
    def _a_above_b(self) -> BarGameSection:
        if not self.a > self.b:
            raise ValueError(f"a must be greater than b (got a={self.a:g}, b={self.b:g})")
        return self


class Suitors(_Section):
    """What the suitors want and where they start."""

    group_weight: float = Field(
        0.0, ge=0.0, le=100.0, description="weight on the other suitors' payoffs (0: Smith)"
    )
    start: Literal["film", "everyone", "random"] = Field(
        "film",
        description="first profile: film (nobody goes for the most-wanted), everyone, "
        "or random (each with probability 1/2)",
    )


class BarLearning(_Section):
    """How suitors revise their choice from round to round."""

    rule: Literal["best_response", "fictitious_play", "logit"] = Field(
        "best_response", description="learning rule"
    )
    revision: Literal["asynchronous", "synchronous"] = Field(
        "asynchronous",
        description="asynchronous: one suitor drawn at random revises per round; "
        "synchronous: all revise at once",
    )
    rationality: float = Field(
        10.0, gt=0.0, le=1e6, description="logit precision lambda (higher: closer to best)"
    )


class BarOutput(_Section):
    """What a bar run writes beyond the time series and summary."""

    plots: bool = Field(True, description="write PNG plots with the results")


class BarScenario(_Section):
    """A whole bar scenario file."""

    name: str = Field(
        "bar",
        pattern=NAME_PATTERN,
        max_length=MAX_NAME,
        description="scenario name: letters, digits, _ and -",
    )
    description: str = Field("", description="one paragraph shown by the CLI")
    seed: int = Field(42, ge=0, le=MAX_SEED, description="root seed of the run")
    steps: int = Field(50, ge=1, le=MAX_COUNT, description="rounds to run")
    game: BarGameSection = Field(description="the bar game (type: bar)")
    suitors: Suitors = Field(
        default_factory=Suitors, description="what the suitors want and where they start"
    )
    learning: BarLearning = Field(
        default_factory=BarLearning, description="how the suitors revise their choice"
    )
    output: BarOutput = Field(default_factory=BarOutput, description="what a run writes")
    teaching: Teaching = Field(
        default_factory=Teaching, description="what the classroom page says to try and to watch"
    )
    sweep: Sweep | None = Field(
        None, description="a parameter sweep for `alignsim sweep` (see sweep)"
    )
