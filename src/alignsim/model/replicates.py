"""Replicates of one scenario stepped as one array model: the layout and the random streams.

A sweep runs many replicates of the same scenario that differ only in their
seed. At 100 followers a round costs a few dozen small array operations whose
fixed cost (a microsecond or two each) outweighs their arithmetic, so R
replicates side by side, as one population of ``R x agents`` split into R
independent blocks, cost little more than one (docs/performance.md, "Replicates
as one array model").

The layout: replicate ``k`` holds agents ``k N .. k N + N - 1`` (its leaders
first, as in a single run) and leader slots ``k L .. k L + L - 1``; the trust
and experience matrices keep one column per leader *of the agent's own
replicate*, so an agent's row is the row it has in its own run. Each replicate
draws from its own generator, seeded as its own run would be, in the same
order, so replicate ``k`` gives the numbers of the run with seed ``seeds[k]``,
bit for bit (``tests/test_replicates.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from alignsim.scenario import Scenario

MAX_BATCH_AGENTS = 4096
"""Largest population a batch of replicates forms; larger runs gain nothing from batching."""
MAX_BATCH_REPLICATES = 16
"""Most replicates in a batch (benchmarks/bench_replicates.py: 32 gained no more)."""


@dataclass(frozen=True)
class Streams:
    """One random generator per replicate; draws for items laid out replicate by replicate."""

    generators: tuple[np.random.Generator, ...]

    @property
    def count(self) -> int:
        """Number of replicates."""
        return len(self.generators)

    def random(self, owner: NDArray[np.int64]) -> NDArray[np.float64]:
        """A uniform in ``[0, 1)`` per item, item ``i`` from replicate ``owner[i]``'s generator.

        ``owner`` is sorted (items are laid out replicate by replicate), so each
        generator draws its items' numbers in one call, in the order its own
        run draws them.
        """
        if self.count == 1:
            return self.generators[0].random(owner.size)
        out = np.empty(owner.size)
        ends = np.cumsum(np.bincount(owner, minlength=self.count)).tolist()
        start = 0
        for generator, end in zip(self.generators, ends, strict=True):
            if end > start:
                generator.random(out=out[start:end])
            start = end
        return out


def batch_obstacles(scenario: Scenario) -> list[str]:
    """What in a scenario keeps its replicates from running as one array model (empty: nothing).

    Batching covers the leader-team round in a well-mixed population: pitch,
    follow, contribute, play, learn and reputation. The mechanisms listed here
    draw or match across the population in ways the batch does not split by
    replicate yet; their replicates run one after another.
    """
    reasons = []
    if scenario.n_leaders == 0:
        reasons.append("no leaders (the evolutionary round)")
    if scenario.network.kind != "complete":
        reasons.append("a social network")
    if any(group.capacity is not None for group in scenario.leaders):
        reasons.append("leaders with a capacity")
    if scenario.learning.exclusion_probability > 0:
        reasons.append("exclusion of free riders")
    if scenario.word_of_mouth.rate > 0:
        reasons.append("word of mouth")
    if scenario.mentorship.enabled:
        reasons.append("mentorship")
    if scenario.emergence.enabled:
        reasons.append("emergent leadership")
    if scenario.imitation.rule != "none":
        reasons.append("imitation")
    if scenario.output.agent_data:
        reasons.append("agent data")
    return reasons


def batch_size(scenario: Scenario) -> int:
    """How many replicates of ``scenario`` to step together: 1 when batching cannot or need not."""
    if batch_obstacles(scenario):
        return 1
    agents = scenario.population.n_followers + scenario.n_leaders
    return max(1, min(MAX_BATCH_REPLICATES, MAX_BATCH_AGENTS // max(agents, 1)))


def seeds_of(seeds: Sequence[int]) -> tuple[np.random.Generator, ...]:
    """The replicates' generators, as each run's own Mesa model makes it (``default_rng(seed)``)."""
    return tuple(np.random.default_rng(seed) for seed in seeds)
