"""Model-level metrics of a round: the per-step output columns (MODEL.md, "Names users see").

Computed from the arrays in one pass per round, so the DataCollector costs a
few array reductions per step, whatever the population size. The columns are
documented in docs/scenarios.md ("Output columns").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from alignsim.model.state import CONDITIONAL, NASH, SMITH

if TYPE_CHECKING:
    from alignsim.model.model import AlignmentModel

BASE_METRICS = (
    "step",
    "follow_rate",
    "contribution_rate",
    "contribution_rate_smith",
    "contribution_rate_nash",
    "contribution_rate_conditional",
    "cooperation_rate",
    "mean_payoff",
    "mean_payoff_smith",
    "mean_payoff_nash",
    "mean_payoff_conditional",
    "share_smith",
    "share_nash",
    "share_conditional",
    "mean_trust",
    "n_leaders",
    "leader_payoff",
    "follower_payoff",
    "mean_wealth_smith",
    "mean_wealth_nash",
    "mean_wealth_conditional",
    "mean_hype",
    "mean_cut",
)


def metric_names(model: AlignmentModel) -> list[str]:
    """All column names: the base metrics, then two per leader group."""
    per_group = [f"{kind}_{label}" for label in model.leader_labels for kind in ("team", "trust")]
    return [*BASE_METRICS, *per_group]


def _mean(values: NDArray, where: NDArray) -> float:
    """Mean over a mask, 0.0 when the mask is empty (keeps the columns numeric)."""
    count = int(where.sum())
    return float(values[where].sum() / count) if count else 0.0


def collect_metrics(model: AlignmentModel) -> dict[str, float]:
    """The metrics of the round just played."""
    s = model.state
    follower = ~s.is_leader
    in_team = follower & (s.leader_of >= 0)
    # who played the stage game this round: team members, or everyone without leaders
    players = in_team if s.n_leaders else follower
    smith = follower & (s.orientation == SMITH)
    nash = follower & (s.orientation == NASH)
    conditional = follower & (s.orientation == CONDITIONAL)
    slots = s.slot_agent
    # Column sums over followers, without copying the (agents x leaders) trust matrix.
    trust_sums = s.trust.sum(axis=0) - s.trust[s.slot_agent].sum(axis=0)
    n_followers = int(follower.sum())
    no_slots = np.zeros(slots.size, dtype=bool)
    metrics: dict[str, float] = {
        "step": model.steps,
        "follow_rate": _mean(in_team, follower),
        "contribution_rate": _mean(s.contributed, players),
        "contribution_rate_smith": _mean(s.contributed, players & smith),
        "contribution_rate_nash": _mean(s.contributed, players & nash),
        "contribution_rate_conditional": _mean(s.contributed, players & conditional),
        "cooperation_rate": _mean(s.contributed, players),
        "mean_payoff": float(s.payoff.mean()),
        "mean_payoff_smith": _mean(s.payoff, smith),
        "mean_payoff_nash": _mean(s.payoff, nash),
        "mean_payoff_conditional": _mean(s.payoff, conditional),
        "share_smith": _mean(smith, follower),
        "share_nash": _mean(nash, follower),
        "share_conditional": _mean(conditional, follower),
        "mean_trust": (
            float(trust_sums.sum() / (n_followers * s.n_leaders))
            if n_followers and s.n_leaders
            else 0.0
        ),
        "n_leaders": int(s.n_leaders),
        "leader_payoff": _mean(s.payoff[slots], ~no_slots),
        "follower_payoff": _mean(s.payoff, follower),
        "mean_wealth_smith": _mean(s.wealth, smith),
        "mean_wealth_nash": _mean(s.wealth, nash),
        "mean_wealth_conditional": _mean(s.wealth, conditional),
        "mean_hype": _mean(s.hype, ~no_slots),
        "mean_cut": _mean(s.cut, ~no_slots),
    }
    team_sizes = np.bincount(s.leader_of[in_team], minlength=s.n_leaders)
    for group, label in enumerate(model.leader_labels):
        in_group = s.leader_group == group
        metrics[f"team_{label}"] = float(team_sizes[in_group].sum())
        pairs = n_followers * int(in_group.sum())
        metrics[f"trust_{label}"] = float(trust_sums[in_group].sum() / pairs) if pairs else 0.0
    return metrics
