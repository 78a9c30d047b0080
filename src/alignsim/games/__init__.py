"""Stage games and their analysis. Imports nothing else of alignsim."""

from alignsim.games.public_goods import (
    contribution_threshold,
    expected_gains,
    pivotal_factor,
    team_payoffs,
    threshold_count,
)

__all__ = [
    "contribution_threshold",
    "expected_gains",
    "pivotal_factor",
    "team_payoffs",
    "threshold_count",
]
