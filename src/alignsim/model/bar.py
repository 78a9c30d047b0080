"""The bar game as a Mesa model: suitors learn, round by round, whom to go for.

In *A Beautiful Mind* [Howard2001]_ Nash tells his friends that nobody should
go for the blonde. :class:`BarModel` starts from that profile (by default)
and lets the suitors learn (:mod:`alignsim.dynamics.bar_learning`): the film's
profile is not an equilibrium, so they leave it, and best-response learning
settles where exactly one suitor goes for the most-wanted target, which is
what the analysis (:mod:`alignsim.games.bar`) predicts [AndersonEngers2007]_.

The default revision is asynchronous: each round one suitor, drawn at random,
revises. It converges: from the film's profile the first reviser goes for her,
and no one gains by moving after that. Synchronous revision (everyone at once)
is the classroom's counter-example: under best response all suitors jump
together, all go, all get nothing, all leave, and the group cycles between
the film's profile and the crush for ever.

The state is a handful of numpy arrays owned by the model; a :class:`Suitor`
is a thin Mesa view onto its row. The model owns one numpy Generator
(``rng=``, default the scenario's seed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mesa
import numpy as np
from numpy.typing import NDArray

from alignsim.dynamics import bar_learning as learn
from alignsim.games.symmetric import pure_equilibrium_counts
from alignsim.scenario import BarScenario, load_scenario

__all__ = ["BAR_METRICS", "BarModel", "Suitor", "bar_payoffs"]

BAR_METRICS = (
    "step",
    "going",
    "share_going",
    "group_payoff",
    "mean_payoff",
    "equilibrium_distance",
    "max_deviation_gain",
    "is_equilibrium",
    "belief_going",
)


def bar_payoffs(going: NDArray, a: float, b: float) -> NDArray:
    """Payoffs of a profile: ``a`` to a lone suitor at the most-wanted, 0 to a crowd, else ``b``."""
    count = int(going.sum())
    return np.where(going, a if count == 1 else 0.0, b)


class Suitor(mesa.Agent):
    """A suitor: a view onto row ``index`` of the model's arrays."""

    def __init__(self, model: BarModel, index: int) -> None:
        super().__init__(model)
        self.index = int(index)

    @property
    def going(self) -> bool:
        """Whether the suitor goes for the most-wanted target this round."""
        return bool(self.model.going[self.index])

    @going.setter
    def going(self, value: bool) -> None:
        self.model.going[self.index] = bool(value)

    @property
    def payoff(self) -> float:
        """Payoff of the last round."""
        return float(self.model.payoff[self.index])

    @property
    def wealth(self) -> float:
        """Payoffs summed over all rounds so far."""
        return float(self.model.wealth[self.index])

    @property
    def belief(self) -> float:
        """Frequency with which this suitor has gone so far (what fictitious players believe)."""
        return float(self.model.beliefs[self.index])


class BarModel(mesa.Model):
    """Suitors learning in the bar game, from the film's profile by default.

    Args:
        scenario: a :class:`~alignsim.scenario.BarScenario`, a bar scenario
            file, or the name of a built-in one; default: the built-in ``bar``.
        rng: seed or generator for the model's one random stream; default:
            the scenario's ``seed``.

    Attributes:
        going: each suitor's current action (True: the most-wanted target).
        payoff: each suitor's payoff in the last round.
        wealth: each suitor's payoffs summed over the rounds.
        beliefs: each suitor's frequency of going so far, the start included.
        utility: ``U[x, k]``, a suitor's utility by action and others going.
        datacollector: a Mesa DataCollector with a column per metric; round 0
            is the starting profile.

    """

    def __init__(
        self, scenario: BarScenario | str | Path | None = None, *, rng: int | None = None
    ) -> None:
        if scenario is None:
            scenario = "bar"
        if not isinstance(scenario, BarScenario):
            scenario = load_scenario(scenario, schema=lambda data: BarScenario)
        super().__init__(rng=scenario.seed if rng is None else rng)
        self.config = scenario
        game, suitors = scenario.game, scenario.suitors
        self.utility = learn.utility_table(game.n, game.a, game.b, suitors.group_weight)
        self.equilibrium_counts = pure_equilibrium_counts(self.utility)
        self.going = self._start(suitors.start, game.n)
        self.payoff = bar_payoffs(self.going, game.a, game.b)
        self.wealth = np.zeros(game.n)
        self._seen = self.going.astype(float)  # times each suitor went, the start included
        self._rounds_seen = 1
        self.suitors = [Suitor(self, i) for i in range(game.n)]
        self.metrics: dict[str, float] = {}
        self.datacollector = mesa.DataCollector(
            model_reporters={name: _reporter(name) for name in BAR_METRICS}
        )
        self._record()

    def _start(self, start: str, n: int) -> NDArray:
        if start == "everyone":
            return np.ones(n, dtype=bool)
        if start == "random":
            return self.rng.random(n) < 0.5
        return np.zeros(n, dtype=bool)

    @property
    def beliefs(self) -> NDArray:
        """Each suitor's frequency of going so far: what fictitious players believe of it."""
        return self._seen / self._rounds_seen

    def revisers(self) -> NDArray:
        """Suitors who revise this round: one drawn at random, or all (synchronous)."""
        n = self.going.size
        if self.config.learning.revision == "synchronous":
            return np.arange(n)
        return np.array([self.rng.integers(n)])

    def choose(self, revisers: NDArray) -> NDArray:
        """The revisers' new actions under the scenario's learning rule."""
        rule = self.config.learning
        others = int(self.going.sum()) - self.going[revisers].astype(int)
        if rule.rule == "logit":
            return learn.logit_response(self.utility, others, rule.rationality, self.rng)
        if rule.rule == "fictitious_play":
            return learn.fictitious_play(self.utility, self.beliefs, revisers, self.going)
        return learn.best_response(self.utility, others, self.going[revisers])

    def step(self) -> None:
        """One round: the revisers choose, everyone is paid, beliefs and metrics update."""
        revisers = self.revisers()
        self.going[revisers] = self.choose(revisers)
        self.payoff = bar_payoffs(self.going, self.config.game.a, self.config.game.b)
        self.wealth += self.payoff
        self._seen += self.going
        self._rounds_seen += 1
        self._record()

    def deviation_gains(self) -> NDArray:
        """Each suitor's utility gain from switching alone (negative: it would lose)."""
        others = int(self.going.sum()) - self.going.astype(int)
        gain_of_going = self.utility[1, others] - self.utility[0, others]
        return np.where(self.going, -gain_of_going, gain_of_going)

    def _record(self) -> None:
        going = int(self.going.sum())
        distance = min(abs(going - m) for m in self.equilibrium_counts)
        best_gain = float(self.deviation_gains().max())
        self.metrics = {
            "step": self.steps,
            "going": going,
            "share_going": going / self.going.size,
            "group_payoff": float(self.payoff.sum()),
            "mean_payoff": float(self.payoff.mean()),
            "equilibrium_distance": distance,
            "max_deviation_gain": max(best_gain, 0.0),
            "is_equilibrium": int(best_gain <= 1e-9),
            "belief_going": float(self.beliefs.mean()),
        }
        self.datacollector.collect(self)


def _reporter(name: str) -> Callable[[BarModel], float]:
    return lambda model: model.metrics[name]
