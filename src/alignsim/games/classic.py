"""The classic two-player, two-action games of the library.

Each game is a small frozen dataclass whose fields are its named payoff
parameters; :attr:`payoff_matrices` gives the row and column matrices of the
equivalent :class:`~alignsim.games.bimatrix.MatrixGame`. Action 0 is always the
"nice" action (cooperate, stag, dove, ...), action 1 the other.

The symmetric games use the usual letters for a symmetric 2 x 2 game: the row
player receives ``reward`` (R) when both play action 0, ``sucker`` (S) when it
plays 0 against 1, ``temptation`` (T) when it plays 1 against 0 and
``punishment`` (P) when both play 1. The ordering of R, S, T, P is what makes
a game a Prisoner's Dilemma or a Stag Hunt [Rapoport1965]_.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from alignsim.games.bimatrix import MatrixGame

__all__ = [
    "BattleOfTheSexes",
    "Chicken",
    "ClassicGame",
    "MatchingPennies",
    "PrisonersDilemma",
    "StagHunt",
    "SymmetricTwoByTwo",
]


class ClassicGame:
    """Shared behaviour of the named two-player games (not a game itself)."""

    type_name: ClassVar[str]
    title: ClassVar[str]
    action_names: ClassVar[tuple[str, str]]
    n_players: ClassVar[int] = 2

    @property
    def payoff_matrices(self) -> tuple[NDArray, NDArray]:
        """The payoff matrices ``(A, B)`` of the row and the column player."""
        raise NotImplementedError

    @property
    def actions(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Action names of the row and the column player."""
        return self.action_names, self.action_names

    def params(self) -> dict[str, Any]:
        """Return the parameters that rebuild this game (its scenario ``game:`` section)."""
        return asdict(self)  # type: ignore[call-overload]

    def as_matrix_game(self) -> MatrixGame:
        """Return the same game as a general :class:`MatrixGame`."""
        a, b = self.payoff_matrices
        return MatrixGame(a.tolist(), b.tolist(), *self.actions)

    def to_dict(self) -> dict[str, Any]:
        """Describe the game as JSON-able data: type, title, parameters, actions, matrices."""
        a, b = self.payoff_matrices
        return {
            "type": self.type_name,
            "title": self.title,
            "params": self.params(),
            "n_players": 2,
            "actions": [list(names) for names in self.actions],
            "row": a.tolist(),
            "column": b.tolist(),
        }


@dataclass(frozen=True)
class SymmetricTwoByTwo(ClassicGame):
    """A symmetric 2 x 2 game given by R, S, T, P (no ordering imposed).

    Row payoffs ``[[R, S], [T, P]]``; the column player's matrix is the
    transpose.
    """

    type_name: ClassVar[str] = "symmetric_2x2"
    title: ClassVar[str] = "Symmetric 2 x 2 game"
    action_names: ClassVar[tuple[str, str]] = ("a", "b")

    reward: float = 3.0
    sucker: float = 0.0
    temptation: float = 5.0
    punishment: float = 1.0

    @property
    def payoff_matrices(self) -> tuple[NDArray, NDArray]:
        """Row ``[[R, S], [T, P]]`` and its transpose for the column player."""
        a = np.array([[self.reward, self.sucker], [self.temptation, self.punishment]], dtype=float)
        return a, a.T.copy()


@dataclass(frozen=True)
class PrisonersDilemma(SymmetricTwoByTwo):
    """Prisoner's Dilemma: defecting pays whatever the other does.

    Story: two suspects held apart are each offered a deal to testify against
    the other. Whatever the other does, testifying (defecting) pays more, yet
    both are better off if both stay silent (cooperate). Posed by Flood and
    Dresher and named by Tucker in 1950 [Rapoport1965]_, it is the stage game
    of the iterated tournaments of [Axelrod1984]_. Requires
    ``temptation > reward > punishment >= sucker``. The defaults are Axelrod's
    (R, S, T, P) = (3, 0, 5, 1); the weak form of [NowakMay1992]_ (CC = 1,
    DC = b, CD = DD = 0) is ``reward=1, temptation=b, sucker=0, punishment=0``.
    """

    type_name: ClassVar[str] = "prisoners_dilemma"
    title: ClassVar[str] = "Prisoner's Dilemma"
    action_names: ClassVar[tuple[str, str]] = ("cooperate", "defect")

    def __post_init__(self) -> None:
        """Check the Prisoner's Dilemma ordering of the payoffs."""
        if not self.temptation > self.reward > self.punishment >= self.sucker:
            raise ValueError(
                "temptation, reward, punishment, sucker: expected "
                "temptation > reward > punishment >= sucker"
            )


@dataclass(frozen=True)
class StagHunt(SymmetricTwoByTwo):
    """Stag Hunt: cooperation pays only if the partner cooperates too.

    Story (Rousseau, 1755): hunting a stag together feeds both well, but a
    hunter who leaves to catch a hare is sure of a meal while the one left
    alone at the stag gets nothing. Two pure equilibria, one payoff dominant
    (stag) and one risk dominant (hare here); the game of social contract of
    [Skyrms2004]_. Requires ``reward > temptation >= punishment > sucker``.
    Defaults: the matrix ``[[4, 0], [3, 3]]`` of docs/model.md, whose interior
    rest point of the replicator dynamics is 0.75 stag.
    """

    type_name: ClassVar[str] = "stag_hunt"
    title: ClassVar[str] = "Stag Hunt"
    action_names: ClassVar[tuple[str, str]] = ("stag", "hare")

    reward: float = 4.0
    sucker: float = 0.0
    temptation: float = 3.0
    punishment: float = 3.0

    def __post_init__(self) -> None:
        """Check the Stag Hunt ordering of the payoffs."""
        if not self.reward > self.temptation >= self.punishment > self.sucker:
            raise ValueError(
                "reward, temptation, punishment, sucker: expected "
                "reward > temptation >= punishment > sucker"
            )


@dataclass(frozen=True)
class Chicken(ClassicGame):
    """Chicken, or Hawk-Dove: give way unless the other does.

    Story: two drivers speed at each other; the one who swerves is the
    chicken, and if neither swerves both crash [Rapoport1966]_. As Hawk-Dove
    [MaynardSmith1973]_: two animals contest a resource of ``value`` V; a hawk
    fights, a dove shares with a dove and retreats from a hawk, and two hawks
    fight at ``cost`` C, each getting (V - C) / 2. With C > V there are two
    pure equilibria (one hawk, one dove) and a mixed one playing hawk with
    probability V / C.
    """

    type_name: ClassVar[str] = "chicken"
    title: ClassVar[str] = "Chicken (Hawk-Dove)"
    action_names: ClassVar[tuple[str, str]] = ("dove", "hawk")

    value: float = 2.0
    cost: float = 4.0

    def __post_init__(self) -> None:
        """Check that fighting costs more than the resource is worth."""
        if not self.cost > self.value > 0:
            raise ValueError("value, cost: expected cost > value > 0")

    @property
    def payoff_matrices(self) -> tuple[NDArray, NDArray]:
        """Row ``[[V/2, 0], [V, (V - C)/2]]`` (dove, hawk) and its transpose."""
        v, c = self.value, self.cost
        a = np.array([[v / 2, 0.0], [v, (v - c) / 2]])
        return a, a.T.copy()


@dataclass(frozen=True)
class BattleOfTheSexes(ClassicGame):
    """Battle of the Sexes: both want to meet, each prefers a different place.

    Story [LuceRaiffa1957]_: a couple plan an evening, one prefers the ballet
    and the other the boxing match, and both would rather be together than
    apart. Being together at one's favourite pays ``high``, at the other's
    favourite ``low``, and apart ``miss``. Two pure equilibria and a mixed one
    where each goes to its own favourite with probability
    ``(high - miss) / (high + low - 2 miss)``. Requires ``high > low > miss``.
    """

    type_name: ClassVar[str] = "battle_of_the_sexes"
    title: ClassVar[str] = "Battle of the Sexes"
    action_names: ClassVar[tuple[str, str]] = ("ballet", "boxing")

    high: float = 2.0
    low: float = 1.0
    miss: float = 0.0

    def __post_init__(self) -> None:
        """Check the ordering of the payoffs."""
        if not self.high > self.low > self.miss:
            raise ValueError("high, low, miss: expected high > low > miss")

    @property
    def payoff_matrices(self) -> tuple[NDArray, NDArray]:
        """The row player favours ballet (action 0), the column player boxing."""
        h, lo, m = self.high, self.low, self.miss
        return np.array([[h, m], [m, lo]]), np.array([[lo, m], [m, h]])


@dataclass(frozen=True)
class MatchingPennies(ClassicGame):
    """Matching Pennies: the row player wins on a match, the column player otherwise.

    Story: each shows a coin; if both show the same face the row player takes
    ``stake`` from the column player, otherwise the column player takes it.
    The zero-sum game of [vonNeumann1944]_ with no pure equilibrium; the only
    equilibrium mixes both faces half and half. Requires ``stake > 0``.
    """

    type_name: ClassVar[str] = "matching_pennies"
    title: ClassVar[str] = "Matching Pennies"
    action_names: ClassVar[tuple[str, str]] = ("heads", "tails")

    stake: float = 1.0

    def __post_init__(self) -> None:
        """Check the stake is positive."""
        if not self.stake > 0:
            raise ValueError("stake: expected a number > 0")

    @property
    def payoff_matrices(self) -> tuple[NDArray, NDArray]:
        """Row ``stake * [[1, -1], [-1, 1]]``; the column player gets the negative."""
        a = self.stake * np.array([[1.0, -1.0], [-1.0, 1.0]])
        return a, -a
