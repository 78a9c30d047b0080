"""The scenario schema: every key a user can write, with its type, range and default.

This module is the single source of truth for scenario keys; docs/scenarios.md
documents the same keys and tests/test_scenario_defaults.py checks that the two
agree. Keys are snake_case and stable once released.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from alignsim.scenario.sweep import Sweep


class _Section(BaseModel):
    """Base for every section: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Population(_Section):
    """The followers: how many, which preference type, what they start with."""

    n_followers: int = Field(100, ge=1, le=10_000_000, description="number of followers")
    share_nash: float = Field(
        0.5, ge=0.0, le=1.0, description="share of followers that are Nash-style"
    )
    group_weight: float = Field(
        1.0, ge=0.0, le=100.0, description="Nash-style agents' weight on the others' payoffs"
    )
    endowment: float = Field(1.0, gt=0.0, description="endowment e each agent holds every round")
    initial_trust: float = Field(
        0.5, ge=0.0, le=1.0, description="every follower's trust in every leader at the start"
    )
    prior_experience: float | None = Field(
        None,
        ge=0.0,
        description="return expected from a leader never followed; default: the outside option",
    )


class LeaderGroup(_Section):
    """A group of identical leaders: their project and their pitch."""

    label: str = Field("leader", pattern=r"^[a-z][a-z0-9_]*$", description="name in outputs")
    count: int = Field(1, ge=1, le=100_000, description="how many leaders of this kind")
    r: float = Field(1.6, ge=0.0, le=1000.0, description="the project's return multiplier")
    cut: float = Field(0.0, ge=0.0, le=1.0, description="share of output the leader keeps")
    hype: float = Field(0.0, ge=0.0, le=100.0, description="overselling: pitch = (1 + hype) w")
    lead_by_example: bool = Field(False, description="contributes first, seen by followers")
    capacity: int | None = Field(None, ge=1, description="most followers accepted; none: no limit")


class Choice(_Section):
    """How followers choose a leader and whether to contribute."""

    rule: Literal["best_response", "logit"] = Field("logit", description="choice rule")
    rationality: float = Field(
        10.0, gt=0.0, le=1e6, description="logit precision lambda (higher: closer to best)"
    )
    follow_cost: float = Field(0.0, ge=0.0, description="cost of following any leader")
    outside_option: float = Field(
        1.0, ge=0.0, description="r0: a solo project's return; 1 keeps the endowment"
    )
    example_credibility: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="share of distrust removed when the leader contributes first",
    )


class Game(_Section):
    """The stage game each team plays."""

    type: Literal["linear_public_goods", "threshold_public_goods"] = Field(
        "linear_public_goods", description="stage game"
    )
    threshold_share: float = Field(
        0.5, gt=0.0, le=1.0, description="threshold game: share of followers needed"
    )


class Learning(_Section):
    """How trust, experience and leaders' pitches change from round to round."""

    trust_rate: float = Field(0.2, ge=0.0, le=1.0, description="speed of trust updates")
    tolerance: float = Field(
        0.05, ge=0.0, le=1.0, description="shortfall of a promise still counted as kept"
    )
    experience_rate: float = Field(
        0.5, ge=0.0, le=1.0, description="weight of the newest return in experience"
    )
    disappointment: float = Field(
        1.0, ge=0.0, le=100.0, description="weight of a broken promise's shortfall in experience"
    )
    adapt_leaders: bool = Field(False, description="leaders tune hype and cut to their payoff")
    adapt_step: float = Field(0.02, gt=0.0, le=1.0, description="size of a leader's tuning step")
    exclusion_probability: float = Field(
        0.0, ge=0.0, le=1.0, description="chance a free rider is seen and expelled"
    )
    exclusion_rounds: int = Field(5, ge=1, description="rounds an expelled follower is barred")


class Network(_Section):
    """Who knows whom: whose pitches a follower hears (and, later, whom it imitates)."""

    kind: Literal["complete", "watts_strogatz", "barabasi_albert", "erdos_renyi", "lattice"] = (
        Field("complete", description="graph; complete is the well-mixed population")
    )
    degree: int = Field(4, ge=1, description="mean degree of the random graphs")
    rewire: float = Field(0.1, ge=0.0, le=1.0, description="Watts-Strogatz rewiring probability")
    width: int | None = Field(
        None, ge=1, description="lattice width; default: the square root of the population"
    )
    torus: bool = Field(True, description="lattice edges wrap around")
    radius: int = Field(1, ge=1, le=10, description="steps away a leader can still be heard")


class Output(_Section):
    """What a run records beyond the per-step model metrics."""

    agent_data: bool = Field(False, description="record every agent every step (large)")
    plots: bool = Field(True, description="write PNG plots with the results")


class Scenario(_Section):
    """A whole scenario file."""

    name: str = Field("scenario", pattern=r"^[A-Za-z0-9_\-]+$", description="scenario name")
    description: str = Field("", description="one paragraph shown by the CLI")
    seed: int = Field(42, ge=0, description="root seed of the run")
    steps: int = Field(100, ge=1, le=10_000_000, description="rounds to run")
    population: Population = Field(default_factory=Population)
    leaders: list[LeaderGroup] = Field(default_factory=lambda: [LeaderGroup()])
    choice: Choice = Field(default_factory=Choice)
    game: Game = Field(default_factory=Game)
    learning: Learning = Field(default_factory=Learning)
    network: Network = Field(default_factory=Network)
    output: Output = Field(default_factory=Output)
    sweep: Sweep | None = None

    @model_validator(mode="after")
    def _labels_unique(self) -> Scenario:
        labels = [group.label for group in self.leaders]
        if len(set(labels)) != len(labels):
            raise ValueError(f"leader labels must be unique, got {labels}")
        if not self.leaders:
            raise ValueError("at least one leader group is needed")
        if self.network.kind == "lattice":
            n = self.population.n_followers + self.n_leaders
            width = self.lattice_width
            if n % width:
                raise ValueError(
                    f"network.width: a lattice of width {width} cannot hold {n} agents "
                    "(leaders plus followers must fill whole rows)"
                )
        return self

    @property
    def lattice_width(self) -> int:
        """Width of the lattice: ``network.width`` or the square root of the population."""
        n = self.population.n_followers + self.n_leaders
        return self.network.width or max(int(math.isqrt(n)), 1)

    @property
    def n_leaders(self) -> int:
        """Total number of leaders over all groups."""
        return sum(group.count for group in self.leaders)
