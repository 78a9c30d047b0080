"""Alignsim: an agent-based model of leader-follower alignment.

Leaders sell a vision and what is in it for the follower; followers, Smith-style
or Nash-style, decide whom to follow and whether to contribute.
"""

from importlib import metadata

try:
    __version__ = metadata.version("alignsim")
except metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

from alignsim.api import run  # noqa: E402
from alignsim.model import AlignmentModel, Follower, Leader  # noqa: E402
from alignsim.scenario import Scenario, ScenarioError, load_scenario  # noqa: E402

__all__ = [
    "AlignmentModel",
    "Follower",
    "Leader",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load_scenario",
    "run",
]
