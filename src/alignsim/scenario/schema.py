"""The scenario schema: every key a user can write, with its type, range and default.

This module is the single source of truth for scenario keys; docs/scenarios.md
documents the same keys and tests/test_scenario_reference.py checks that the two
agree. Keys are snake_case and stable once released.
"""

from __future__ import annotations

import math
import types
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from alignsim.scenario.sweep import MAX_SEED, Sweep

MAX_MAGNITUDE = 1e6
"""Largest size of a payoff, an endowment, a cost or a benefit: sums over ten million agents
of such values stay far from overflowing a float (a 1e308 would overflow at once)."""
MAX_COUNT = 10_000_000
"""Largest count of agents, rounds or rounds of a delay: what the arrays can index."""
MAX_NAME = 100
"""Longest scenario name: it names a results folder, and a folder name has at most 255 bytes."""
NAME_PATTERN = r"^[A-Za-z0-9_\-]+$"

Payoff = Annotated[float, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]


def _type_allows(annotation: Any, accepts: typing.Callable[[Any], bool]) -> bool:
    """Whether ``accepts`` holds for a field's type or any member of its union or annotation."""
    if accepts(annotation):
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, Annotated):
        return any(_type_allows(arg, accepts) for arg in typing.get_args(annotation))
    return False


def _accepts_bool(annotation: Any) -> bool:
    """Whether a field's type takes ``true``/``false``: bool itself, or anything (``Any``)."""
    return _type_allows(annotation, lambda kind: kind is bool or kind is Any)


def _expects_text(annotation: Any) -> bool:
    """Whether a field's type is text: a string or a choice among words."""
    return _type_allows(annotation, lambda kind: kind is str or typing.get_origin(kind) is Literal)


def _holds_bool(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return any(_holds_bool(item) for item in value)
    return isinstance(value, bool)


class _Section(BaseModel):
    """Base for every section: unknown keys are errors, values are checked on assignment.

    Numbers are strict about truth values: YAML reads ``yes``, ``no``, ``on``,
    ``off``, ``true`` and ``false`` as booleans, and a boolean where a number
    goes is a mistake, not 1 or 0. No float may be infinite or NaN.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_truth_values_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is None or _accepts_bool(field.annotation) or not _holds_bool(value):
            return value
        if _expects_text(field.annotation):
            raise ValueError(
                f"expected text, not {str(value).lower()} (YAML reads yes/no/on/off/true/false "
                "as true or false: quote the word)"
            )
        raise ValueError(
            f"expected a number, not {str(value).lower()} (YAML reads yes/no/on/off/true/false "
            "as true or false)"
        )


class Population(_Section):
    """The followers: how many, which preference type, what they start with."""

    n_followers: int = Field(100, ge=1, le=MAX_COUNT, description="number of followers")
    share_nash: float = Field(
        0.5, ge=0.0, le=1.0, description="share of followers that are Nash-style"
    )
    share_conditional: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="share of followers that are conditional cooperators (the rest: Smith)",
    )
    share_cooperators: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="no leaders, matrix game: share of agents whose first strategy is action 0",
    )
    group_weight: float = Field(
        1.0, ge=0.0, le=100.0, description="Nash-style agents' weight on the others' payoffs"
    )
    endowment: float = Field(
        1.0, gt=0.0, le=MAX_MAGNITUDE, description="endowment e each agent holds every round"
    )
    initial_trust: float = Field(
        0.5, ge=0.0, le=1.0, description="every follower's trust in every leader at the start"
    )
    prior_experience: float | None = Field(
        None,
        ge=0.0,
        le=MAX_MAGNITUDE,
        description="return expected from a leader never followed; default: the outside option",
    )
    initial_belief: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="share of teammates a follower expects to contribute before it has seen "
        "the team play",
    )
    conditional_slope: float = Field(
        0.8,
        ge=0.0,
        le=1.0,
        description="conditional cooperators contribute this share of what they believe the "
        "others contribute (below 1: imperfect conditional cooperation)",
    )

    @model_validator(mode="after")
    def _shares_fit(self) -> Population:
        if self.share_nash + self.share_conditional > 1.0 + 1e-12:
            raise ValueError(
                "share_nash + share_conditional must be at most 1 "
                f"(got {self.share_nash} + {self.share_conditional})"
            )
        return self


class LeaderGroup(_Section):
    """A group of identical leaders: their project and their pitch."""

    label: str = Field("leader", pattern=r"^[a-z][a-z0-9_]*$", description="name in outputs")
    count: int = Field(1, ge=1, le=100_000, description="how many leaders of this kind")
    r: float = Field(1.6, ge=0.0, le=1000.0, description="the project's return multiplier")
    cut: float = Field(0.0, ge=0.0, le=1.0, description="share of output the leader keeps")
    hype: float = Field(0.0, ge=0.0, le=100.0, description="overselling: pitch = (1 + hype) w")
    lead_by_example: bool = Field(False, description="contributes first, seen by followers")
    capacity: int | None = Field(
        None, ge=1, le=MAX_COUNT, description="most followers accepted; none: no limit"
    )


class Choice(_Section):
    """How followers choose a leader and whether to contribute."""

    rule: Literal["best_response", "logit"] = Field("logit", description="choice rule")
    rationality: float = Field(
        10.0, gt=0.0, le=1e6, description="logit precision lambda (higher: closer to best)"
    )
    follow_cost: float = Field(
        0.0, ge=0.0, le=MAX_MAGNITUDE, description="cost of following any leader"
    )
    outside_option: float = Field(
        1.0, ge=0.0, le=1000.0, description="r0: a solo project's return; 1 keeps the endowment"
    )
    example_credibility: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="share of distrust removed when the leader contributes first",
    )


MAX_GROUPS = 1000
"""Most leader groups: each adds its own columns to every round's record."""
RANDOM_GRAPHS = ("watts_strogatz", "barabasi_albert", "erdos_renyi")

MATRIX_GAMES = ("matrix", "prisoners_dilemma", "stag_hunt")
# [[R, S], [T, P]] of the named games when no key is given (as the game library's defaults)
NAMED_DEFAULTS = {
    "prisoners_dilemma": {"reward": 3.0, "sucker": 0.0, "temptation": 5.0, "punishment": 1.0},
    "stag_hunt": {"reward": 4.0, "sucker": 0.0, "temptation": 3.0, "punishment": 3.0},
}


class Game(_Section):
    """The stage game: public goods in a leader's team, or a 2x2 matrix game played pairwise.

    Matrix games are symmetric: the row player's payoffs are ``[[R, S], [T, P]]``,
    action 0 cooperates (contributes, hunts stag) and action 1 defects (hare).
    """

    type: Literal[
        "linear_public_goods", "threshold_public_goods", "matrix", "prisoners_dilemma", "stag_hunt"
    ] = Field("linear_public_goods", description="stage game")
    threshold_share: float = Field(
        0.5, gt=0.0, le=1.0, description="threshold game: share of followers needed"
    )
    payoffs: list[list[Payoff]] | None = Field(
        None, description="matrix: the row player's payoffs [[R, S], [T, P]]; action 0 cooperates"
    )
    reward: Payoff | None = Field(
        None,
        description="R, both cooperate; default 3 (prisoners_dilemma), 4 (stag_hunt)",
    )
    sucker: Payoff | None = Field(
        None,
        description="S, cooperate against defect; default 0",
    )
    temptation: Payoff | None = Field(
        None,
        description="T, defect against cooperate; default 5 (prisoners_dilemma), 3 (stag_hunt)",
    )
    punishment: Payoff | None = Field(
        None,
        description="P, both defect; default 1 (prisoners_dilemma), 3 (stag_hunt)",
    )
    self_play: bool = Field(
        False, description="matrix games: each agent also plays itself (Nowak and May)"
    )

    @property
    def is_matrix(self) -> bool:
        """Whether the stage game is a two-player two-action matrix game."""
        return self.type in MATRIX_GAMES

    def payoff_matrix(self) -> list[list[float]] | None:
        """The row player's ``[[R, S], [T, P]]`` of a matrix game; None for public goods."""
        if self.type == "matrix":
            return self.payoffs
        if self.type not in NAMED_DEFAULTS:
            return None
        value = {
            key: NAMED_DEFAULTS[self.type][key]
            if getattr(self, key) is None
            else getattr(self, key)
            for key in ("reward", "sucker", "temptation", "punishment")
        }
        return [[value["reward"], value["sucker"]], [value["temptation"], value["punishment"]]]

    @model_validator(mode="after")
    def _matrix_keys(self) -> Game:
        named = [k for k in ("reward", "sucker", "temptation", "punishment")
                 if getattr(self, k) is not None]  # fmt: skip
        if named and self.type not in NAMED_DEFAULTS:
            raise ValueError(f"{', '.join(named)}: only for prisoners_dilemma and stag_hunt")
        if self.payoffs is not None and self.type != "matrix":
            raise ValueError("payoffs: only for game type matrix")
        if self.type == "matrix" and self.payoffs is None:
            raise ValueError("game type matrix needs payoffs [[R, S], [T, P]]")
        if self.payoffs is not None and (
            len(self.payoffs) != 2 or any(len(row) != 2 for row in self.payoffs)
        ):
            raise ValueError("payoffs: expected a 2x2 matrix [[R, S], [T, P]]")
        matrix = self.payoff_matrix()
        if matrix is not None and self.type in NAMED_DEFAULTS:
            (r, s), (t, p) = matrix
            if self.type == "prisoners_dilemma" and not (t > r > p >= s):
                raise ValueError(
                    "a prisoner's dilemma needs temptation > reward > punishment >= sucker "
                    f"(got T={t:g}, R={r:g}, P={p:g}, S={s:g})"
                )
            if self.type == "stag_hunt" and not (r > t >= p > s):
                raise ValueError(
                    "a stag hunt needs reward > temptation >= punishment > sucker "
                    f"(got R={r:g}, T={t:g}, P={p:g}, S={s:g})"
                )
        return self


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
    max_hype: float = Field(
        5.0, ge=0.0, le=100.0, description="highest hype a leader's tuning may reach"
    )
    exclusion_probability: float = Field(
        0.0, ge=0.0, le=1.0, description="chance a free rider is seen and expelled"
    )
    exclusion_rounds: int = Field(
        5, ge=1, le=MAX_COUNT, description="rounds an expelled follower is barred"
    )


class Network(_Section):
    """Who knows whom: whose pitches a follower hears (and, later, whom it imitates)."""

    kind: Literal["complete", "watts_strogatz", "barabasi_albert", "erdos_renyi", "lattice"] = (
        Field("complete", description="graph; complete is the well-mixed population")
    )
    degree: int = Field(
        4, ge=1, le=MAX_COUNT, description="mean degree of the random graphs; below the agents"
    )
    rewire: float = Field(0.1, ge=0.0, le=1.0, description="Watts-Strogatz rewiring probability")
    width: int | None = Field(
        None,
        ge=1,
        le=MAX_COUNT,
        description="lattice width; default: the square root of the population",
    )
    torus: bool = Field(True, description="lattice edges wrap around")
    radius: int = Field(1, ge=1, le=10, description="steps away a leader can still be heard")
    introduction_rate: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="chance per round a follower introduces a neighbour to its leader",
    )
    decay_rounds: int | None = Field(
        None,
        ge=1,
        le=MAX_COUNT,
        description="rounds a tie may go unused before it can decay; none: never",
    )
    decay_probability: float = Field(
        0.1, ge=0.0, le=1.0, description="chance per round an overdue weak tie is dropped"
    )
    strong_tie_trust: float = Field(
        0.7, ge=0.0, le=1.0, description="trust across a tie above which it never decays"
    )

    @model_validator(mode="after")
    def _dynamic_needs_graph(self) -> Network:
        dynamic = self.introduction_rate > 0 or self.decay_rounds is not None
        if dynamic and self.kind == "complete":
            raise ValueError(
                "introductions and tie decay need a graph: set network.kind to another kind"
            )
        return self


class WordOfMouth(_Section):
    """Trust spreading along the network: each follower's trust moves toward its neighbours'."""

    rate: float = Field(
        0.0, ge=0.0, le=1.0, description="weight of the neighbours' mean trust; 0: off"
    )


class Mentorship(_Section):
    """Followers ask leaders they admire to mentor them; leaders accept the most promising."""

    enabled: bool = Field(False, description="switch mentorship on")
    request_rate: float = Field(
        0.2, ge=0.0, le=1.0, description="chance per round an unmentored follower asks"
    )
    capacity: int = Field(2, ge=0, le=MAX_COUNT, description="mentees a leader takes at once")
    duration: int = Field(10, ge=1, le=MAX_COUNT, description="rounds a mentorship lasts")
    min_trust: float = Field(
        0.5, ge=0.0, le=1.0, description="least trust in a leader worth asking"
    )
    learning_boost: float = Field(
        2.0, ge=1.0, le=100.0, description="multiplier on a mentee's learning rates"
    )
    mentor_benefit: float = Field(
        0.05,
        ge=0.0,
        le=1000.0,
        description="payoff per mentee per round to the mentor, in endowments",
    )


class Emergence(_Section):
    """Emergent leadership: a leader without a following steps down, the best follower steps up."""

    enabled: bool = Field(False, description="switch emergent leadership on")
    min_followers: int = Field(
        1, ge=1, le=MAX_COUNT, description="a team smaller than this is too small"
    )
    patience: int = Field(
        5, ge=1, le=MAX_COUNT, description="rounds in a row too small before stepping down"
    )
    endorsement_weight: float = Field(
        0.5, ge=0.0, le=1.0, description="weight of reputation (against wealth) in succession"
    )
    successor_project: Literal["keep", "defaults"] = Field(
        "keep", description="successor keeps the slot's r, cut, hype, or takes its group's"
    )
    successor_hype: float | None = Field(
        None, ge=0.0, le=100.0, description="hype of a successor's pitch; none: as the project"
    )


class Imitation(_Section):
    """Social learning: agents copy the traits of better-paid neighbours (docs/model.md)."""

    rule: Literal["none", "fermi", "best"] = Field(
        "none", description="none, Fermi pairwise comparison, or copy the best neighbour"
    )
    beta: float = Field(1.0, ge=0.0, le=1e6, description="Fermi rule: selection strength")
    target: Literal["strategy", "orientation", "group_weight"] | None = Field(
        None,
        description="trait copied; default: strategy without leaders, orientation with them",
    )
    update: Literal["synchronous", "asynchronous"] = Field(
        "synchronous", description="all revise at once, or in random order"
    )
    rate: float = Field(
        1.0, ge=0.0, le=1.0, description="probability that an agent revises in a round"
    )
    batches: int = Field(
        10,
        ge=1,
        le=MAX_COUNT,
        description="asynchronous: successive random-order batches per round",
    )

    def resolved_target(self, has_leaders: bool) -> str:
        """The trait copied: ``target``, or its default for a population with or without leaders."""
        if self.target is not None:
            return self.target
        return "orientation" if has_leaders else "strategy"


class Output(_Section):
    """What a run records beyond the per-step model metrics."""

    agent_data: bool = Field(False, description="record every agent every step (large)")
    plots: bool = Field(True, description="write PNG plots with the results")


class Teaching(_Section):
    """What the classroom page (``alignsim viz``) tells a class beside the description."""

    what_to_try: list[str] = Field(
        default_factory=list, description="things to try on the page, one sentence each"
    )
    what_to_watch: list[str] = Field(
        default_factory=list, description="what to watch for while it runs, one sentence each"
    )


class Scenario(_Section):
    """A whole scenario file."""

    name: str = Field(
        "scenario",
        pattern=NAME_PATTERN,
        max_length=MAX_NAME,
        description="scenario name: letters, digits, _ and -",
    )
    description: str = Field("", description="one paragraph shown by the CLI")
    seed: int = Field(42, ge=0, le=MAX_SEED, description="root seed of the run")
    steps: int = Field(100, ge=1, le=MAX_COUNT, description="rounds to run")
    population: Population = Field(default_factory=Population)
    leaders: list[LeaderGroup] = Field(
        default_factory=lambda: [LeaderGroup()], max_length=MAX_GROUPS
    )
    choice: Choice = Field(default_factory=Choice)
    game: Game = Field(default_factory=Game)
    learning: Learning = Field(default_factory=Learning)
    network: Network = Field(default_factory=Network)
    word_of_mouth: WordOfMouth = Field(default_factory=WordOfMouth)
    mentorship: Mentorship = Field(default_factory=Mentorship)
    emergence: Emergence = Field(default_factory=Emergence)
    output: Output = Field(default_factory=Output)
    imitation: Imitation = Field(default_factory=Imitation)
    teaching: Teaching = Field(default_factory=Teaching)
    sweep: Sweep | None = None

    @model_validator(mode="after")
    def _labels_unique(self) -> Scenario:
        labels = [group.label for group in self.leaders]
        if len(set(labels)) != len(labels):
            raise ValueError(f"leader labels must be unique, got {labels}")
        if not self.leaders and not self.game.is_matrix:
            raise ValueError(
                "at least one leader group is needed: public goods games are played in a "
                "leader's team (only matrix games run with leaders: [])"
            )
        target = self.imitation.target
        if target == "strategy" and self.leaders:
            raise ValueError(
                "imitation.target: strategy is for games without leaders; with leaders, "
                "imitate orientation or group_weight"
            )
        if target in ("orientation", "group_weight") and not self.leaders:
            raise ValueError(
                f"imitation.target: {target} needs leaders; without leaders agents imitate "
                "strategies"
            )
        n_agents = self.population.n_followers + self.n_leaders
        if self.network.kind in RANDOM_GRAPHS and self.network.degree >= n_agents:
            raise ValueError(
                f"network.degree: a mean degree of {self.network.degree} needs more agents than "
                f"that; this scenario has {n_agents} (followers plus leaders): expected at most "
                f"{n_agents - 1}"
            )
        if self.learning.adapt_leaders:
            for index, group in enumerate(self.leaders):
                if group.hype > self.learning.max_hype:
                    raise ValueError(
                        f"leaders.{index}.hype: {group.hype:g} is above learning.max_hype "
                        f"{self.learning.max_hype:g}, the most a tuning leader may oversell "
                        "(raise max_hype or lower the hype)"
                    )
            successor = self.emergence.successor_hype
            if successor is not None and successor > self.learning.max_hype:
                raise ValueError(
                    f"emergence.successor_hype: {successor:g} is above learning.max_hype "
                    f"{self.learning.max_hype:g} (raise max_hype or lower the hype)"
                )
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
