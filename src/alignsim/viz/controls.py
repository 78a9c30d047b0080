"""The page's controls for each kind of scenario, and what a control changes in a model.

Every control is a :class:`Param` named by the scenario key it sets
(``population.share_nash``, ``leaders.0.hype``). A control marked ``live``
changes the running model at once (:mod:`alignsim.model.tuning`, or the bar
model's learning section); the others shape the population and apply when
the model is rebuilt. Which list a scenario gets is its page's declaration
(:mod:`alignsim.viz.pages`). A new control is one more :class:`Param` here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from alignsim.model.bar import BarModel
from alignsim.model.tuning import is_live
from alignsim.scenario import BarScenario, Scenario, load_scenario
from alignsim.scenario.bar_schema import BarLearning, Suitors
from alignsim.scenario.schema import Network

NETWORK_KINDS: tuple[str, ...] = get_args(Network.model_fields["kind"].annotation)
BAR_RULES: tuple[str, ...] = get_args(BarLearning.model_fields["rule"].annotation)
BAR_REVISIONS: tuple[str, ...] = get_args(BarLearning.model_fields["revision"].annotation)
BAR_STARTS: tuple[str, ...] = get_args(Suitors.model_fields["start"].annotation)
# The bar model reads its learning section every round: these act at once.
BAR_LIVE_KEYS = frozenset({"learning.rule", "learning.revision", "learning.rationality"})


@dataclass(frozen=True)
class Param:
    """One control in the page's sidebar, bound to one scenario key.

    Attributes:
        key: the scenario key it sets, dotted as in ``--set``.
        label: what the page shows beside it.
        kind: ``"float"`` or ``"int"`` (a slider) or ``"select"`` (a drop-down of ``values``).
        low: the slider's smallest value.
        high: the slider's largest value.
        step: the slider's increment.
        values: the choices of a ``"select"``.
        fallback: the value shown when the scenario leaves the key unset (None).
        live: whether it changes the running model at once (else: at the next rebuild).

    """

    key: str
    label: str
    kind: Literal["float", "int", "select"] = "float"
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05
    values: tuple[str, ...] = ()
    fallback: Any = None
    live: bool = False

    def current(self, scenario: Scenario | BarScenario) -> Any:
        """The value this key has in ``scenario`` (``fallback`` when it is unset)."""
        node: Any = scenario
        for part in self.key.split("."):
            node = node[int(part)] if part.isdigit() else getattr(node, part)
        return self.fallback if node is None else node

    def bounds(self, scenario: Scenario | BarScenario) -> tuple[float, float]:
        """The slider's range, widened when the scenario's value lies outside it."""
        value = self.current(scenario)
        return min(self.low, value), max(self.high, value)


def leader_params(scenario: Scenario) -> list[Param]:
    """The controls of a scenario with leaders, in sidebar order: live ones first.

    Leader controls come once per leader group, labelled with the group's label
    when the scenario has more than one group.
    """
    several = len(scenario.leaders) > 1
    live = [
        Param("population.group_weight", "Group weight (Nash agents)", high=2.0),
        Param("learning.trust_rate", "Trust rate"),
        Param("choice.rationality", "Rationality (logit precision)", low=0.5, high=50, step=0.5),
    ]
    rebuild = [
        Param("population.n_followers", "Followers", "int", 10, 1000, 10),
        Param("population.share_nash", "Share of Nash agents"),
    ]
    for i, group in enumerate(scenario.leaders):
        suffix = f" ({group.label})" if several else ""
        live += [
            Param(f"leaders.{i}.hype", f"Hype{suffix}", high=2.0),
            Param(f"leaders.{i}.cut", f"Leader's cut{suffix}"),
        ]
        rebuild.append(Param(f"leaders.{i}.count", f"Number of leaders{suffix}", "int", 1, 10, 1))
    rebuild += [
        Param("network.kind", "Network", "select", values=NETWORK_KINDS),
        Param("network.degree", "Network degree (random graphs)", "int", 1, 12, 1),
        Param("network.radius", "Hearing radius (steps)", "int", 1, 5, 1),
        Param("seed", "Seed", "int", 0, 100, 1),
    ]
    assert all(is_live(p.key) for p in live) and not any(is_live(p.key) for p in rebuild)
    return [_as_live(p) for p in live] + rebuild


def _as_live(param: Param) -> Param:
    return Param(**{**param.__dict__, "live": True})


def bar_params() -> list[Param]:
    """The bar scene's controls: learning acts at once, the game and the suitors on rebuild."""
    return [
        _as_live(Param("learning.rule", "Learning rule", "select", values=BAR_RULES)),
        _as_live(Param("learning.revision", "Who revises", "select", values=BAR_REVISIONS)),
        _as_live(
            Param("learning.rationality", "Rationality (logit rule)", low=0.5, high=50, step=0.5)
        ),
        Param("game.n", "Suitors", "int", 2, 12, 1),
        Param("game.b", "Worth of her friends (most-wanted: 1)", low=0.05, high=0.95),
        Param("suitors.group_weight", "Group weight (suitors)", high=1.0),
        Param("suitors.start", "First profile", "select", values=BAR_STARTS),
        Param("seed", "Seed", "int", 0, 100, 1),
    ]


def leaderless_params(scenario: Scenario) -> list[Param]:
    """The inputs of a scenario without leaders: population, first strategies, game, network.

    The temptation slider comes with a Prisoner's Dilemma only, over values the
    game accepts (above the reward).
    """
    found = [
        Param("seed", "Seed", "int", 0, 100, 1),
        Param("population.n_followers", "Agents", "int", 100, 40_000, 100),
        Param("population.share_cooperators", "Share of cooperators at start"),
    ]
    matrix = scenario.game.payoff_matrix()
    if scenario.game.type == "prisoners_dilemma" and matrix is not None:
        (reward, _), (temptation, _) = matrix
        low = round(reward + 0.05, 2)
        found.append(
            Param(
                "game.temptation",
                "Temptation (T)",
                low=low,
                high=max(3 * reward, low + 1),
                fallback=temptation,
            )
        )
    found += [
        Param("imitation.rate", "Share revising each round"),
        Param("network.kind", "Network", "select", values=NETWORK_KINDS),
        Param("network.degree", "Network degree (random graphs)", "int", 1, 12, 1),
    ]
    return found


def lattice_width_for(n_agents: int) -> int:
    """The widest lattice rows, no wider than the square root, that ``n_agents`` fill exactly."""
    width = max(math.isqrt(n_agents), 1)
    while n_agents % width:
        width -= 1
    return width


def fit_lattice(
    scenario_path: str | Path, file: Scenario, values: Mapping[str, Any], overrides: list[str]
) -> list[str]:
    """``overrides`` with a lattice width the controls' population fills by whole rows.

    A lattice must be filled by whole rows; when the controls' population does
    not fill the lattice's rows, or differs from the scenario file's (whose
    width was chosen for its own population), the page picks the widest width
    that it fills (see :func:`lattice_width_for`) instead of refusing to
    build: 10,000 agents make a 100 x 100 grid.
    """
    if (values.get("network.kind") or file.network.kind) != "lattice":
        return overrides
    probe = load_scenario(scenario_path, [*overrides, "network.kind=complete"])
    n_agents = probe.population.n_followers + probe.n_leaders
    resized = n_agents != file.population.n_followers + file.n_leaders
    if resized or n_agents % probe.lattice_width:
        return [*overrides, f"network.width={lattice_width_for(n_agents)}"]
    return overrides


def as_given(
    scenario_path: str | Path, file: BarScenario, values: Mapping[str, Any], overrides: list[str]
) -> list[str]:
    """``overrides`` unchanged: the bar scene needs no fitting."""
    return overrides


def retune_bar(model: BarModel, key: str, value: Any) -> None:
    """Change the bar model's learning, which it reads every round.

    Raises:
        ValueError: the key needs a new model.

    """
    if key not in BAR_LIVE_KEYS:
        raise ValueError(f"{key}: needs a new model")
    setattr(model.config.learning, key.split(".", 1)[1], value)
