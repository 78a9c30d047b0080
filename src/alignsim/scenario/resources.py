"""How much memory a scenario's run needs, estimated before anything is allocated.

A run that would not fit is refused in one line with the estimate, instead of
failing after a long wait with numpy's "Unable to allocate 7.35 TiB". The
estimate adds up what grows with the scenario (docs/scenarios.md, "Memory"):

* the agents-by-leaders matrices (trust, experience, and where switched on the
  exclusion bans and who hears whom), with the round's temporary copies of
  them; bytes per cell measured with ``tracemalloc`` on 20,200 agents x 200
  leaders (16 B stored, up to 57 B at the round's peak with leader capacities);
* every agent's own arrays and its Mesa agent object (about 750 B an agent,
  measured as peak resident memory over 400,000 followers);
* the social network: a networkx graph while it is built (up to about 330 B
  an edge end) or a lattice's sparse matrix;
* the data collected every round: the model's metrics, and with
  ``output.agent_data`` a row per agent per round (about 160 B each).

The budget is half of this machine's physical memory, or what the
``ALIGNSIM_MEMORY_LIMIT`` environment variable (or ``--memory-limit``) says:
``16G``, ``512M``, ``2.5GiB`` or a number of bytes. The estimate is rounded
up on purpose, above the peaks measured when the constants were set;
tests/test_memory_estimate.py checks it against the peak of real runs.
This module imports nothing else of alignsim.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from alignsim.scenario.errors import ScenarioError

__all__ = [
    "ENV",
    "MemoryEstimate",
    "check_memory",
    "estimate_memory",
    "format_bytes",
    "memory_budget",
    "parse_size",
]

ENV = "ALIGNSIM_MEMORY_LIMIT"
"""Environment variable that sets the memory budget of one run."""

BYTES_PER_AGENT = 800
CELL_STORED = 16  # trust and experience, float64
CELL_BANNED = 8  # learning.exclusion_probability > 0: the round each ban ends, int64
CELL_HEARS = 1  # a network other than complete: who hears which leader, bool
CELL_ROUND = 8  # temporaries of the follow kernel
CELL_CAPACITY = 40  # leaders with a capacity: utilities, scores and the ranking, float64
CELL_WORD_OF_MOUTH = 24  # the neighbours' mean trust and its blend
CELL_MENTORSHIP = 8  # mentors' scores
BYTES_PER_GRAPH_EDGE_END = 350  # networkx graph while it is built, then the CSR matrix
BYTES_PER_LATTICE_ENTRY = 32
BYTES_PER_ROUND = 800  # the model's metrics, one row a round
BYTES_PER_GROUP_ROUND = 64  # each leader group's own columns
BYTES_PER_AGENT_ROUND = 180  # output.agent_data: a row per agent per round

_UNITS = {"": 1, "b": 1, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12}
_BINARY = {"ki": 2**10, "mi": 2**20, "gi": 2**30, "ti": 2**40}
_SIZE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*([kmgt]i?)?b?\s*$", re.I)


@dataclass(frozen=True)
class MemoryEstimate:
    """Bytes a run needs, by part; ``parts`` maps a part's words to (bytes, keys that set it)."""

    parts: dict[str, tuple[int, str]]

    @property
    def total(self) -> int:
        """All parts together."""
        return sum(size for size, _ in self.parts.values())

    def largest(self) -> tuple[str, int, str]:
        """The part that needs the most: its words, bytes and keys."""
        name = max(self.parts, key=lambda part: self.parts[part][0])
        return name, *self.parts[name]


def format_bytes(size: float) -> str:
    """``7.35 TiB``, ``512 MiB``: a size in binary units, three figures."""
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{int(size)} B"


def parse_size(text: str) -> int:
    """Bytes from ``16G``, ``512M``, ``2.5GiB``, ``1e9``-free plain numbers like ``1000000``.

    Raises:
        ValueError: with what was expected.

    """
    match = _SIZE.match(str(text))
    if not match:
        raise ValueError(f"expected a size such as 16G, 512M or 2.5GiB, got {text!r}")
    number, unit = float(match.group(1)), (match.group(2) or "").lower()
    scale = _BINARY.get(unit) or _UNITS[unit[:1]]
    size = int(number * scale)
    if size < 1:
        raise ValueError(f"expected a size above zero, got {text!r}")
    return size


def physical_memory() -> int | None:
    """This machine's physical memory in bytes, where the system says."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return None


def memory_budget() -> tuple[int | None, str]:
    """The most one run may need, and where that figure comes from.

    ``ALIGNSIM_MEMORY_LIMIT`` if set, else half of physical memory; ``None``
    where neither is known (then nothing is refused).
    """
    text = os.environ.get(ENV)
    if text:
        try:
            return parse_size(text), f"{ENV}={text}"
        except ValueError as err:
            raise ScenarioError(ENV, None, str(err)) from None
    physical = physical_memory()
    if physical is None:
        return None, "unknown"
    return physical // 2, "half of this machine's memory"


def estimate_memory(scenario: Any) -> MemoryEstimate:
    """What a leader scenario's run needs (a bar scenario's few suitors need nothing to speak of).

    Args:
        scenario: a validated :class:`~alignsim.scenario.Scenario` (or a
            :class:`~alignsim.scenario.BarScenario`).

    """
    if not hasattr(scenario, "population"):
        return MemoryEstimate({"the bar game's suitors": (0, "game.n")})
    n_leaders = scenario.n_leaders
    n_agents = scenario.population.n_followers + n_leaders
    net = scenario.network
    per_cell = CELL_STORED + CELL_ROUND
    per_cell += CELL_BANNED if scenario.learning.exclusion_probability > 0 else 0
    per_cell += CELL_HEARS if net.kind != "complete" else 0
    per_cell += CELL_CAPACITY if any(g.capacity is not None for g in scenario.leaders) else 0
    per_cell += CELL_WORD_OF_MOUTH if scenario.word_of_mouth.rate > 0 else 0
    per_cell += CELL_MENTORSHIP if scenario.mentorship.enabled else 0
    if net.kind == "lattice":
        network = n_agents * ((2 * net.radius + 1) ** 2 - 1) * BYTES_PER_LATTICE_ENTRY
    elif net.kind == "complete":
        network = 0
    else:
        network = n_agents * max(net.degree, 2) * BYTES_PER_GRAPH_EDGE_END
    steps = scenario.steps
    per_round = BYTES_PER_ROUND + BYTES_PER_GROUP_ROUND * len(scenario.leaders)
    agent_rows = n_agents * steps * BYTES_PER_AGENT_ROUND if scenario.output.agent_data else 0
    return MemoryEstimate(
        {
            f"agents-by-leaders matrices, {n_agents:,} agents x {n_leaders:,} leaders": (
                n_agents * n_leaders * per_cell,
                "population.n_followers, leaders.count",
            ),
            f"{n_agents:,} agents": (n_agents * BYTES_PER_AGENT, "population.n_followers"),
            "the network": (network, "network.degree" if net.kind != "lattice" else "network"),
            f"data collected over {steps:,} rounds": (
                steps * per_round + agent_rows,
                "output.agent_data, steps" if agent_rows else "steps",
            ),
        }
    )


def check_memory(scenario: Any, source: str) -> MemoryEstimate:
    """Refuse, in one line with the estimate, a scenario whose run would not fit the budget.

    Returns:
        The estimate, when it fits.

    Raises:
        ScenarioError: naming the keys of the largest part, the estimate and
            the budget, and how to raise it.

    """
    estimate = estimate_memory(scenario)
    budget, origin = memory_budget()
    if budget is None or estimate.total <= budget:
        return estimate
    name, size, keys = estimate.largest()
    raise ScenarioError(
        source,
        keys,
        f"needs about {format_bytes(estimate.total)} of memory ({name}: {format_bytes(size)}), "
        f"more than the budget of {format_bytes(budget)} ({origin}); make the scenario smaller, "
        f"or raise the budget with --memory-limit or {ENV}",
    )
