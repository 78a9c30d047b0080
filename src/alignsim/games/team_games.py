"""Public goods games as symmetric N-player games (players are a team's followers).

A team is a leader and ``n`` followers; the followers are the players, each
contributing its endowment (action 1) or keeping it (action 0). The payoffs
come from :func:`alignsim.games.public_goods.team_payoffs`, the same function
the simulation plays, so the analysis and the model cannot disagree. The
leader does not choose; its payoff (its kept endowment and its ``cut`` of the
output) is an *outsider* payoff that counts for the group's welfare and for a
follower's group weight, exactly as in docs/model.md's threshold
``a > (1 - (1 - c) r / n) / ((n - 1)(1 - c) r / n + c r)``.

With ``leader: false`` there is no leader (``cut`` must then be 0): the
classic N-player linear public goods game of [Ledyard1995]_.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from alignsim.games.public_goods import team_payoffs
from alignsim.games.symmetric import SymmetricBinaryGame

__all__ = ["LinearPublicGoods", "ThresholdPublicGoods", "team_tables"]


def team_tables(
    n: int,
    r: float,
    cut: float,
    endowment: float,
    leader_contributes: bool,
    threshold_share: float | None,
) -> tuple[NDArray, NDArray]:
    """Tabulate one team's payoffs by the number of contributing followers.

    Args:
        n: followers in the team (the players).
        r: the project's return multiplier.
        cut: the leader's share of the output.
        endowment: each member's endowment ``e``.
        leader_contributes: whether the leader contributes first.
        threshold_share: None for the linear game, else the share of the
            followers that must contribute (as in ``team_payoffs``).

    Returns:
        ``(table, leader)``: ``table[x, k]`` is a follower's payoff when it
        plays ``x`` and ``k`` other followers contribute; ``leader[m]`` is the
        leader's payoff when ``m`` followers contribute.

    """
    team = np.zeros(n, dtype=int)

    def play(m: int) -> tuple[NDArray, float]:
        contributes = np.arange(n) < m
        share, leader, _ = team_payoffs(
            team,
            contributes,
            1,
            np.array([r], dtype=float),
            np.array([cut], dtype=float),
            np.array([leader_contributes]),
            endowment,
            threshold_share,
        )
        return endowment * (1.0 - contributes) + share, float(leader[0])

    table = np.empty((2, n))
    leader = np.empty(n + 1)
    for m in range(n + 1):
        payoffs, leader[m] = play(m)
        if m > 0:
            table[1, m - 1] = payoffs[0]  # a contributor, m - 1 others contribute
        if m < n:
            table[0, m] = payoffs[-1]  # a non-contributor, m others contribute
    return table, leader


@dataclass(frozen=True)
class LinearPublicGoods(SymmetricBinaryGame):
    """Linear public goods: every contribution is multiplied and shared.

    Story [Ledyard1995]_: each of ``n`` followers may put its endowment into
    the team's project; the pot, the leader's contribution included, is
    multiplied by ``r``, the leader keeps ``cut`` of it and the followers
    share the rest equally. Contributing costs ``e`` and returns
    ``(1 - cut) r e / n`` to the contributor, so a Smith follower contributes
    only if ``(1 - cut) r > n``, while the group gains whenever ``r > 1``: a
    social dilemma. Defaults: docs/model.md's ``n = 4``, ``r = 1.6``, ``cut = 0``,
    whose contribution threshold in group weight is 0.5.
    """

    type_name: ClassVar[str] = "linear_public_goods"
    title: ClassVar[str] = "Linear public goods"
    action_names: ClassVar[tuple[str, str]] = ("keep", "contribute")

    n: int = 4
    r: float = 1.6
    cut: float = 0.0
    endowment: float = 1.0
    leader_contributes: bool = False
    leader: bool = True

    def __post_init__(self) -> None:
        """Check the parameters."""
        _check_team(self)

    def _threshold_share(self) -> float | None:
        return None

    def _tables(self) -> tuple[NDArray, NDArray]:
        return team_tables(
            self.n,
            self.r,
            self.cut,
            self.endowment,
            self.leader_contributes,
            self._threshold_share(),
        )

    def payoff_table(self) -> NDArray:
        """Return a follower's payoff by its action and the others' contributions."""
        return self._tables()[0]

    def outsider_payoffs(self) -> NDArray:
        """Return the leader's payoff by the number of contributors (zeros without a leader)."""
        leader = self._tables()[1]
        return leader if self.leader else np.zeros_like(leader)


@dataclass(frozen=True)
class ThresholdPublicGoods(LinearPublicGoods):
    """Threshold public goods: the project pays only if enough contribute.

    Story [Palfrey1984]_: as the linear game, but the pot is paid out only if
    at least ``ceil(threshold_share * n)`` members contribute (the leader
    counts); otherwise contributions are lost. A contributor who is pivotal
    unlocks everyone's share, so "all contribute" can be an equilibrium even
    for Smith followers, beside "nobody contributes": a coordination game in
    which what the leader sells (expectations) decides. Defaults: ``n = 4``,
    ``r = 1.6`` and ``threshold_share = 1`` (everyone must contribute).
    """

    type_name: ClassVar[str] = "threshold_public_goods"
    title: ClassVar[str] = "Threshold public goods"

    threshold_share: float = 1.0

    def __post_init__(self) -> None:
        """Check the parameters."""
        _check_team(self)
        if not 0.0 < self.threshold_share <= 1.0:
            raise ValueError("threshold_share: expected a number in (0, 1]")

    def _threshold_share(self) -> float | None:
        return self.threshold_share


def _check_team(game: LinearPublicGoods) -> None:
    if isinstance(game.n, bool) or not isinstance(game.n, int) or game.n < 1:
        raise ValueError("n: expected an integer >= 1 (followers in the team)")
    if not game.r >= 0:
        raise ValueError("r: expected a number >= 0")
    if not 0.0 <= game.cut <= 1.0:
        raise ValueError("cut: expected a number in [0, 1]")
    if not game.endowment > 0:
        raise ValueError("endowment: expected a number > 0")
    if not game.leader and (game.cut != 0 or game.leader_contributes):
        raise ValueError(
            "leader: a game without a leader needs cut = 0, leader_contributes = false"
        )
