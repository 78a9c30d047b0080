"""One tab's model and what the page remembers of it: per-leader history and events.

A :class:`Session` is what the page's buttons and sliders act on: ``step``
runs rounds, ``retune`` changes a live setting of the running model,
``rebuild`` makes a fresh model from the controls. It keeps, round by round,
each leader's team size and its followers' mean trust, and the rounds where
a leader stepped down (the model's metrics hold only per-group sums). It
imports no web library, so the class-play server can drive one too.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from alignsim.model import AlignmentModel
from alignsim.model.bar import BarModel
from alignsim.scenario import BarScenario, Scenario
from alignsim.viz.adapter import Param, build_model, params_for
from alignsim.viz.pages import KindPage, page_for


@dataclass
class LeaderHistory:
    """Per leader slot, one row per round from round 1: team size and followers' mean trust.

    Attributes:
        team: ``team[t][k]``: followers of slot ``k``'s leader in round ``t + 1``.
        trust: ``trust[t][k]``: mean trust of all followers in slot ``k``'s leader.
        handovers: ``(round, slot)`` for every leader who stepped down.

    """

    team: list[NDArray[np.float64]] = field(default_factory=list)
    trust: list[NDArray[np.float64]] = field(default_factory=list)
    handovers: list[tuple[int, int]] = field(default_factory=list)

    def record(self, model: AlignmentModel, holders_before: NDArray[np.int64]) -> None:
        """Append the round just played; note slots whose holder changed."""
        s = model.state
        in_team = ~s.is_leader & (s.leader_of >= 0)
        self.team.append(np.bincount(s.leader_of[in_team], minlength=s.n_leaders).astype(float))
        n_followers = int((~s.is_leader).sum())
        trust = (
            s.follower_trust_sums() / n_followers if n_followers else np.full(s.n_leaders, np.nan)
        )
        self.trust.append(np.asarray(trust, dtype=float))
        for slot in np.flatnonzero(s.slot_agent != holders_before):
            self.handovers.append((model.steps, int(slot)))


class Session:
    """A model built from a scenario and the page's control values, and its history.

    Args:
        scenario_path: a scenario file or the name of a built-in scenario.
        values: control values by scenario key (``population.share_nash``: 0.8).

    Attributes:
        lock: held while the model steps or changes; the page's play loop and
            its buttons run in different threads.
        page: what the page shows for this kind of scenario (:mod:`alignsim.viz.pages`).

    """

    def __init__(self, scenario_path: str, values: Mapping[str, Any] | None = None) -> None:
        self.scenario_path = str(scenario_path)
        self.lock = threading.RLock()
        self.rebuild(values or {})

    def rebuild(self, values: Mapping[str, Any]) -> None:
        """A fresh model (round 0) from the scenario file with ``values`` applied."""
        model = build_model(self.scenario_path, values)
        with self.lock:
            self.values = dict(values)
            self.model: AlignmentModel | BarModel = model
            self.page: KindPage = page_for(model.config)
            self.history = LeaderHistory()

    @property
    def config(self) -> Scenario | BarScenario:
        """The running model's scenario, live changes included."""
        return self.model.config

    @property
    def round(self) -> int:
        """Rounds played so far."""
        return int(self.model.steps)

    def params(self) -> list[Param]:
        """The controls for this scenario, in sidebar order."""
        return params_for(self.config)

    def step(self, rounds: int = 1) -> None:
        """Play ``rounds`` rounds; a leader page records each leader's team and trust after each."""
        with self.lock:
            for _ in range(rounds):
                self.page.play_round(self.model, self.history)

    def retune(self, key: str, value: Any) -> None:
        """Change a live setting of the running model (it acts from the next round).

        Raises:
            ValueError: the key needs a rebuild, or the value is out of range.

        """
        with self.lock:
            self.values[key] = value
            self.page.retune(self.model, key, value)


def warm_up(scenario_path: str) -> None:
    """Build the scenario once and play a round, so the page's first Step is quick.

    The model's numba kernels load (or compile) on their first call: about a
    second, which would otherwise fall on the class's first press of Step.
    """
    session = Session(scenario_path)
    session.step(1)
