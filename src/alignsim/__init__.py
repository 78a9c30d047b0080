"""Alignsim: an agent-based model of leader-follower alignment.

Leaders sell a vision and what is in it for the follower; followers, Smith-style
or Nash-style, decide whom to follow and whether to contribute.

The names below are loaded on first use (PEP 562 module ``__getattr__``):
``from alignsim import AlignmentModel`` works as usual, while ``import alignsim``
alone, and so ``alignsim --help``, loads none of Mesa, pandas, numba or SciPy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alignsim.api import run
    from alignsim.model import AlignmentModel, Follower, Leader
    from alignsim.scenario import Scenario, ScenarioError, load_scenario

_LAZY = {
    "run": "alignsim.api",
    "AlignmentModel": "alignsim.model",
    "Follower": "alignsim.model",
    "Leader": "alignsim.model",
    "Scenario": "alignsim.scenario",
    "ScenarioError": "alignsim.scenario",
    "load_scenario": "alignsim.scenario",
}

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


def _version() -> str:
    """The installed distribution's version (reading package metadata costs tens of ms)."""
    from importlib import metadata

    try:
        return metadata.version("alignsim")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0.0.0"


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` the first time it is asked for, then keep it."""
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'alignsim' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | {"__version__"})
