"""The Mesa model and its agents: thin layers over the population arrays."""

from alignsim.model.agents import AlignAgent, Follower, Leader
from alignsim.model.metrics import BASE_METRICS, collect_metrics, metric_names
from alignsim.model.model import AlignmentModel
from alignsim.model.state import CONDITIONAL, NASH, ORIENTATIONS, SMITH, PopulationState

__all__ = [
    "BASE_METRICS",
    "CONDITIONAL",
    "NASH",
    "ORIENTATIONS",
    "SMITH",
    "AlignAgent",
    "AlignmentModel",
    "Follower",
    "Leader",
    "PopulationState",
    "collect_metrics",
    "metric_names",
]
