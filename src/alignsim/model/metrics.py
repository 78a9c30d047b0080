"""Model-level metrics of a round: the per-step output columns (MODEL.md, "Names users see").

Computed from the arrays in one pass per round, so the DataCollector costs a
few array reductions per step, whatever the population size. The columns are
documented in docs/scenarios.md ("Output columns").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from alignsim.model.state import NASH, SMITH

if TYPE_CHECKING:
    from alignsim.model.model import AlignmentModel

BASE_METRICS = (
    "step",
    "follow_rate",
    "contribution_rate",
    "contribution_rate_smith",
    "contribution_rate_nash",
    "mean_payoff",
    "mean_payoff_smith",
    "mean_payoff_nash",
    "share_nash",
    "mean_trust",
    "n_leaders",
    "leader_payoff",
    "follower_payoff",
    "mean_wealth_smith",
    "mean_wealth_nash",
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
    smith = follower & (s.orientation == SMITH)
    nash = follower & (s.orientation == NASH)
    n_followers = int(follower.sum())
    slots = s.slot_agent
    # Column sums over followers, without copying the (agents x leaders) trust matrix.
    trust_sums = s.trust.sum(axis=0) - s.trust[s.slot_agent].sum(axis=0)
    metrics: dict[str, float] = {
        "step": model.steps,
        "follow_rate": _mean(in_team, follower),
        "contribution_rate": _mean(s.contributed, in_team),
        "contribution_rate_smith": _mean(s.contributed, in_team & smith),
        "contribution_rate_nash": _mean(s.contributed, in_team & nash),
        "mean_payoff": float(s.payoff.mean()),
        "mean_payoff_smith": _mean(s.payoff, smith),
        "mean_payoff_nash": _mean(s.payoff, nash),
        "share_nash": float(nash.sum() / n_followers) if n_followers else 0.0,
        "mean_trust": float(trust_sums.sum() / (n_followers * s.n_leaders)) if n_followers else 0.0,
        "n_leaders": int(s.n_leaders),
        "leader_payoff": float(s.payoff[slots].mean()),
        "follower_payoff": _mean(s.payoff, follower),
        "mean_wealth_smith": _mean(s.wealth, smith),
        "mean_wealth_nash": _mean(s.wealth, nash),
        "mean_hype": float(s.hype.mean()),
        "mean_cut": float(s.cut.mean()),
    }
    team_sizes = np.bincount(s.leader_of[in_team], minlength=s.n_leaders)
    for group, label in enumerate(model.leader_labels):
        in_group = s.leader_group == group
        metrics[f"team_{label}"] = float(team_sizes[in_group].sum())
        pairs = n_followers * int(in_group.sum())
        metrics[f"trust_{label}"] = float(trust_sums[in_group].sum() / pairs) if pairs else 0.0
    return metrics
