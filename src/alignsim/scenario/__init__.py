"""The scenario layer: schema, loading, overrides. Imports nothing else of alignsim.

The names below are loaded on first use (PEP 562 module ``__getattr__``), so
a command that needs only :mod:`alignsim.scenario.errors` or
:mod:`alignsim.scenario.resources` (the command line's options) does not pay
for pydantic and the schemas.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alignsim.scenario.bar_schema import BarScenario
    from alignsim.scenario.errors import ScenarioError
    from alignsim.scenario.load import (
        apply_overrides,
        builtin_scenarios,
        default_name,
        load_scenario,
        read_yaml,
        resolve_path,
        validate,
    )
    from alignsim.scenario.schema import (
        Choice,
        Emergence,
        Game,
        Imitation,
        LeaderGroup,
        Learning,
        Mentorship,
        Network,
        Output,
        Population,
        Scenario,
        WordOfMouth,
    )

__all__ = [
    "BarScenario",
    "Choice",
    "Emergence",
    "Game",
    "Imitation",
    "LeaderGroup",
    "Learning",
    "Mentorship",
    "Network",
    "Output",
    "Population",
    "Scenario",
    "ScenarioError",
    "WordOfMouth",
    "apply_overrides",
    "builtin_scenarios",
    "default_name",
    "load_scenario",
    "read_yaml",
    "resolve_path",
    "validate",
]

_SPECIAL = {"BarScenario": "bar_schema", "ScenarioError": "errors"}
_LAZY = {
    name: "alignsim.scenario." + _SPECIAL.get(name, "schema" if name[0].isupper() else "load")
    for name in __all__
}


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` the first time it is asked for, then keep it."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'alignsim.scenario' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
