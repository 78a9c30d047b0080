"""The scenario layer: schema, loading, overrides. Imports nothing else of alignsim."""

from alignsim.scenario.bar_schema import BarScenario
from alignsim.scenario.load import (
    ScenarioError,
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
