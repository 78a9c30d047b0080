"""The bar game of *A Beautiful Mind*, and its facts in closed form.

In the film [Howard2001]_ John Nash and his friends are in a bar when a blonde
and her brunette friends walk in. Nash argues that if they all go for the
blonde they block each other and then the friends, offended at being second
choice, turn them down; so nobody should go for the blonde, everyone should go
for a friend, and everyone succeeds: "the best result comes from everyone doing
what's best for himself *and* the group". The scene is a participation game
[AndersonEngers2007]_, and its story is not game theory:

* the film's profile (nobody goes for the blonde) is **not** a Nash
  equilibrium: each suitor then gets ``b``, and one who deviates gets ``a > b``
  while nobody else loses anything, so the deviation pays for every group
  weight ``0 <= w <= 1`` (indeed for any ``w >= 0``);
* it is **not** the social optimum either: one suitor going for the blonde
  gives the group ``a + (N - 1) b > N b``;
* the pure equilibria are the ``N`` profiles in which exactly one suitor goes
  for the blonde, and the symmetric mixed equilibrium goes for her with
  probability ``1 - (b / a)^(1 / (N - 1))``.

Payoffs (action 1 = go for the most-wanted target): a suitor alone in going
for her gets ``a``; two or more who go for her all get 0; a suitor who goes
for one of the others gets ``b`` (there are enough of them). The film's
"offended friends" are left out on purpose: here, as in the scene's usual
game-theoretic reading, the others do not punish being second choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from alignsim.games.symmetric import SymmetricBinaryGame

__all__ = [
    "BarGame",
    "bar_mixed_probability",
    "bar_pure_equilibria",
    "bar_welfare",
    "film_profile",
    "film_profile_deviation_gain",
]


@dataclass(frozen=True)
class BarGame(SymmetricBinaryGame):
    """The bar game: ``n`` suitors, one most-wanted target worth ``a``, others worth ``b``.

    Story: see the module docstring ([Howard2001]_, [AndersonEngers2007]_).
    Action 0 goes for one of the others (payoff ``b``), action 1 for the
    most-wanted target (``a`` if alone, else 0). Requires ``n >= 2`` and
    ``a > b > 0``.
    """

    type_name: ClassVar[str] = "bar"
    title: ClassVar[str] = "The bar game (A Beautiful Mind)"
    action_names: ClassVar[tuple[str, str]] = ("others", "most_wanted")

    n: int = 4
    a: float = 1.0
    b: float = 0.5

    def __post_init__(self) -> None:
        """Check the parameters."""
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 2:
            raise ValueError("n: expected an integer >= 2 (suitors)")
        if not self.a > self.b > 0:
            raise ValueError("a, b: expected a > b > 0 (most-wanted worth more than the others)")

    def payoff_table(self) -> NDArray:
        """Return ``T[0, k] = b``; ``T[1, 0] = a`` and ``T[1, k] = 0`` for ``k >= 1``."""
        table = np.zeros((2, self.n))
        table[0] = self.b
        table[1, 0] = self.a
        return table


def bar_pure_equilibria(n: int) -> list[tuple[int, ...]]:
    """List the ``n`` pure equilibria: exactly one suitor goes for the most-wanted (1)."""
    return [tuple(int(i == j) for i in range(n)) for j in range(n)]


def bar_mixed_probability(n: int, a: float, b: float) -> float:
    """Probability of going for the most-wanted in the symmetric mixed equilibrium.

    Going pays ``a`` times the chance that none of the other ``n - 1`` go,
    ``a (1 - p)^(n - 1)``; going for another pays ``b``. Indifference gives
    ``p = 1 - (b / a)^(1 / (n - 1))``.
    """
    return 1.0 - (b / a) ** (1.0 / (n - 1))


def film_profile(n: int) -> tuple[int, ...]:
    """Return the film's profile: nobody goes for the most-wanted target."""
    return (0,) * n


def bar_welfare(profile: tuple[int, ...] | list[int], a: float, b: float) -> float:
    """Total payoff of the suitors in a pure profile (1 = goes for the most-wanted)."""
    going = sum(profile)
    return float((a if going == 1 else 0.0) + (len(profile) - going) * b)


def film_profile_deviation_gain(a: float, b: float, group_weight: float) -> float:
    """Compute the utility gain of a suitor who leaves the film's profile for the most-wanted.

    Its own payoff rises from ``b`` to ``a`` and nobody else's changes, so the
    gain is ``a - b > 0`` whatever the group weight: the film's profile is
    never an equilibrium.
    """
    own = a - b
    others = 0.0
    return own + group_weight * others
