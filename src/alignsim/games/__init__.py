"""Stage games and their analysis. Imports nothing else of alignsim.

The game library (one class per game, built from a scenario's ``game:``
section by :func:`build_game`), the equilibrium algorithms for two-player and
symmetric N-player games, and :func:`analyze_game` behind ``alignsim analyze``
(rendered as text by :mod:`alignsim.outputs.game_text`). See docs/games.md.
"""

from alignsim.games.analyze import analyze_game
from alignsim.games.bar import BarGame, bar_mixed_probability, bar_pure_equilibria
from alignsim.games.bimatrix import MatrixGame, weighted_payoffs
from alignsim.games.classic import (
    BattleOfTheSexes,
    Chicken,
    MatchingPennies,
    PrisonersDilemma,
    StagHunt,
)
from alignsim.games.equilibria import (
    is_degenerate,
    is_nash,
    nash_equilibria,
    support_enumeration,
    vertex_enumeration,
)
from alignsim.games.public_goods import (
    contribution_threshold,
    expected_gains,
    pivotal_factor,
    team_payoffs,
    threshold_count,
)
from alignsim.games.registry import GAME_TYPES, Game, build_game, game_spec
from alignsim.games.team_games import LinearPublicGoods, ThresholdPublicGoods

__all__ = [
    "GAME_TYPES",
    "BarGame",
    "BattleOfTheSexes",
    "Chicken",
    "Game",
    "LinearPublicGoods",
    "MatchingPennies",
    "MatrixGame",
    "PrisonersDilemma",
    "StagHunt",
    "ThresholdPublicGoods",
    "analyze_game",
    "bar_mixed_probability",
    "bar_pure_equilibria",
    "build_game",
    "contribution_threshold",
    "expected_gains",
    "game_spec",
    "is_degenerate",
    "is_nash",
    "nash_equilibria",
    "pivotal_factor",
    "support_enumeration",
    "team_payoffs",
    "threshold_count",
    "vertex_enumeration",
    "weighted_payoffs",
]
