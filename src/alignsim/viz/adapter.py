"""From the page's sliders to a model: the parameter table and the model SolaraViz rebuilds.

SolaraViz makes a model by calling its class with keyword arguments, one per
input in the sidebar. Here every input is named by the scenario key it sets
(``population.share_nash``, ``leaders.0.hype``), so the adapter is one line:
the inputs become ``--set`` overrides of the scenario file, read with
:func:`alignsim.scenario.load_scenario`, and the model is an ordinary
:class:`~alignsim.model.AlignmentModel`.

This module imports neither solara nor Mesa's visualization, so it works and is
tested without the ``viz`` extra. A new input is one more :class:`Param` in
:func:`params_for`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from alignsim.model import AlignmentModel
from alignsim.scenario import Scenario, load_scenario
from alignsim.scenario.schema import Network

SCENARIO_PATH = "scenario_path"
NETWORK_KINDS: tuple[str, ...] = get_args(Network.model_fields["kind"].annotation)


@dataclass(frozen=True)
class Param:
    """One input in the page's sidebar, bound to one scenario key.

    Attributes:
        key: the scenario key it sets, dotted as in ``--set`` (also its name in SolaraViz).
        label: what the page shows beside it.
        kind: ``"float"`` or ``"int"`` (a slider) or ``"select"`` (a drop-down of ``values``).
        low: the slider's smallest value.
        high: the slider's largest value.
        step: the slider's increment.
        values: the choices of a ``"select"``.
        fallback: the value shown when the scenario leaves the key unset (None).

    """

    key: str
    label: str
    kind: Literal["float", "int", "select"] = "float"
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05
    values: tuple[str, ...] = ()
    fallback: Any = None

    def current(self, scenario: Scenario) -> Any:
        """The value this key has in ``scenario`` (``fallback`` when it is unset)."""
        node: Any = scenario
        for part in self.key.split("."):
            node = node[int(part)] if part.isdigit() else getattr(node, part)
        return self.fallback if node is None else node

    def solara_spec(self, scenario: Scenario) -> dict[str, Any]:
        """The SolaraViz ``model_params`` entry, starting at the scenario's value.

        A slider's range is widened when the scenario's value lies outside it.
        """
        value = self.current(scenario)
        if self.kind == "select":
            return {"type": "Select", "label": self.label, "value": value, "values": self.values}
        cast = int if self.kind == "int" else float
        return {
            "type": "SliderInt" if self.kind == "int" else "SliderFloat",
            "label": self.label,
            "value": cast(value),
            "min": cast(min(self.low, value)),
            "max": cast(max(self.high, value)),
            "step": cast(self.step),
        }


def params_for(scenario: Scenario) -> list[Param]:
    """The inputs the page offers for ``scenario``, in sidebar order.

    Leader inputs come once per leader group, labelled with the group's label
    when the scenario has more than one group. Without leaders the inputs are
    those of the classic games (see :func:`leaderless_params`).
    """
    if not scenario.leaders:
        return leaderless_params(scenario)
    found = [
        Param("seed", "Seed", "int", 0, 100, 1),
        Param("population.n_followers", "Followers", "int", 10, 500, 10),
        Param("population.share_nash", "Share of Nash agents"),
        Param("population.group_weight", "Group weight (Nash agents)", high=2.0),
        Param("learning.trust_rate", "Trust rate"),
        Param("choice.rationality", "Rationality (logit precision)", low=0.5, high=50, step=0.5),
    ]
    several = len(scenario.leaders) > 1
    for i, group in enumerate(scenario.leaders):
        suffix = f" ({group.label})" if several else ""
        found += [
            Param(f"leaders.{i}.count", f"Number of leaders{suffix}", "int", 1, 10, 1),
            Param(f"leaders.{i}.hype", f"Hype{suffix}", high=2.0),
            Param(f"leaders.{i}.cut", f"Leader's cut{suffix}"),
        ]
    found += [
        Param("network.kind", "Network", "select", values=NETWORK_KINDS),
        Param("network.degree", "Network degree (random graphs)", "int", 1, 12, 1),
        Param("network.radius", "Hearing radius (steps)", "int", 1, 5, 1),
    ]
    return found


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


def model_params(scenario_path: str | Path) -> dict[str, Any]:
    """SolaraViz's ``model_params`` for a scenario: its inputs and the fixed scenario file."""
    path = str(scenario_path)
    scenario = load_scenario(path)
    specs: dict[str, Any] = {p.key: p.solara_spec(scenario) for p in params_for(scenario)}
    return {SCENARIO_PATH: path, **specs}


def overrides_from(values: Mapping[str, Any]) -> list[str]:
    """``key.path=value`` overrides from input values, in a stable order."""
    return [f"{key}={_yaml_value(value)}" for key, value in sorted(values.items())]


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def lattice_width_for(n_agents: int) -> int:
    """The widest lattice rows, no wider than the square root, that ``n_agents`` fill exactly."""
    width = max(math.isqrt(n_agents), 1)
    while n_agents % width:
        width -= 1
    return width


def build_scenario(scenario_path: str | Path, values: Mapping[str, Any]) -> Scenario:
    """The scenario file with the page's input values applied.

    A lattice must be filled by whole rows; when the sliders' population does
    not fill the lattice's rows, or differs from the scenario file's (whose
    width was chosen for its own population), the page picks the widest width
    that it fills (see :func:`lattice_width_for`) instead of refusing to
    build: 10,000 agents make a 100 x 100 grid.

    Raises:
        ScenarioError: a value the scenario schema refuses, named by its key.

    """
    overrides = overrides_from(values)
    file = load_scenario(scenario_path)
    if (values.get("network.kind") or file.network.kind) == "lattice":
        probe = load_scenario(scenario_path, [*overrides, "network.kind=complete"])
        n_agents = probe.population.n_followers + probe.n_leaders
        resized = n_agents != file.population.n_followers + file.n_leaders
        if resized or n_agents % probe.lattice_width:
            overrides.append(f"network.width={lattice_width_for(n_agents)}")
    return load_scenario(scenario_path, overrides)


class VizModel(AlignmentModel):
    """The model the page shows: an :class:`AlignmentModel` built from the page's inputs.

    Args:
        scenario_path: the scenario file (or built-in name) the inputs modify.
        rng: seed of the model's random stream; default: the scenario's ``seed``.
        scenario: ignored. Mesa's controller passes its own (empty) scenario
            object when it rebuilds a model; alignsim's comes from ``scenario_path``.
        **values: input values keyed by scenario key, e.g. ``population.share_nash=0.8``.

    """

    def __init__(
        self,
        scenario_path: str = "nash",
        rng: int | None = None,
        scenario: object = None,
        **values: Any,
    ) -> None:
        self.scenario_path = str(scenario_path)
        self.values = dict(values)
        super().__init__(build_scenario(self.scenario_path, self.values), rng=rng)
