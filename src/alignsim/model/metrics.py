"""Model-level metrics of a round: the per-step output columns (MODEL.md, "Names users see").

Computed from the arrays in one pass per round, so the DataCollector costs a
few array reductions per step, whatever the population size. The columns are
documented in docs/scenarios.md ("Output columns").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from alignsim.dynamics import social
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


# Always present, whatever the scenario switches on (0 when a mechanism is off;
# the network columns describe the complete graph of a well-mixed population).
# A quantity about a group that does not exist this round (the Nash-style
# followers of an all-Smith run, the leaders of a leaderless one, the
# contributions of a type nobody of which played) is NaN: missing, never 0.
# It reaches summary.json as null, the CSV files as an empty cell.
CLUSTERING_EXACT_UP_TO = 20_000
CLUSTERING_EVERY = 10
SOCIAL_METRICS = (
    "leader_turnover",
    "mentorships",
    "network_edges",
    "network_clustering",
    "mean_reputation",
)


PER_GROUP_EXTRA = ("successors", "member_payoff")
"""Per leader group, after ``team_`` and ``trust_``: who holds the slots, what members earn."""


def metric_names(model: AlignmentModel) -> list[str]:
    """All column names: the base metrics, the social ones, then four per leader group."""
    per_group = [f"{kind}_{label}" for label in model.leader_labels for kind in ("team", "trust")]
    extra = [f"{kind}_{label}" for label in model.leader_labels for kind in PER_GROUP_EXTRA]
    return [*BASE_METRICS, *SOCIAL_METRICS, *per_group, *extra]


def succession_and_returns(model: AlignmentModel) -> dict[str, float]:
    """Per leader group: slots held by successors, and the mean payoff of its team members.

    ``successors_<label>`` counts the group's slots whose holder is not the
    leader who founded the slot (0 unless ``emergence`` hands slots over), so a
    figure can tell the founders' record from their successors'.
    ``member_payoff_<label>`` is the mean payoff this round of the followers in
    the group's teams, in endowments; missing (NaN) when nobody follows the group.
    """
    s = model.state
    followers = ~s.is_leader
    member_slot = np.where(followers, s.leader_of, -1)
    in_team = member_slot >= 0
    paid = np.bincount(member_slot[in_team], weights=s.payoff[in_team], minlength=s.n_leaders)
    members = np.bincount(member_slot[in_team], minlength=s.n_leaders)
    successor = s.slot_agent != model.founding_agent
    out: dict[str, float] = {}
    for group, label in enumerate(model.leader_labels):
        in_group = s.leader_group == group
        out[f"successors_{label}"] = int(successor[in_group].sum())
        count = int(members[in_group].sum())
        out[f"member_payoff_{label}"] = float(paid[in_group].sum() / count) if count else np.nan
    return out


def social_metrics(model: AlignmentModel) -> dict[str, float]:
    """Leader turnover, active mentorships, network size and clustering, mean reputation.

    Clustering is the mean local clustering coefficient, recomputed only when
    the ties change (:func:`alignsim.dynamics.social.average_clustering`); in
    populations above ``CLUSTERING_EXACT_UP_TO`` agents, whose ties change
    every round, only every ``CLUSTERING_EVERY`` rounds, the value carried
    over in between.
    """
    s = model.state
    n = s.n_agents
    if s.adjacency is None:
        edges, clustering = n * (n - 1) // 2, 1.0 if n >= 3 else 0.0
    else:
        edges = s.adjacency.nnz // 2
        cached = getattr(model, "_clustering", None)
        due = n <= CLUSTERING_EXACT_UP_TO or model.steps % CLUSTERING_EVERY == 0
        if cached is None or (cached[0] is not s.adjacency and due):
            model._clustering = (s.adjacency, social.average_clustering(s.adjacency))
        clustering = model._clustering[1]
    return {
        "leader_turnover": int(s.turnover),
        "mentorships": int((s.mentor >= 0).sum()),
        "network_edges": int(edges),
        "network_clustering": float(clustering),
        "mean_reputation": float(s.reputation.mean()),
    }


def _ratio(total: float, count: float) -> float:
    """``total / count``, NaN when the count is 0: a mean over nobody does not exist."""
    return float(total / count) if count else float("nan")


def collect_metrics(model: AlignmentModel) -> dict[str, float]:
    """The metrics of the round just played.

    Per orientation, a count and two masked sums (skipped for an orientation
    nobody holds), so a round's metrics cost a few tens of microseconds even
    for 10,000 agents.
    """
    s = model.state
    follower = ~s.is_leader
    in_team = follower & (s.leader_of >= 0)
    # who played the stage game this round: team members, or everyone without leaders
    players = in_team if s.n_leaders else follower
    gave = s.contributed & players
    count, payoff, wealth, playing, given = (np.zeros(3) for _ in range(5))
    for kind in (SMITH, NASH, CONDITIONAL):
        mask = follower & (s.orientation == kind)
        count[kind] = np.count_nonzero(mask)
        if count[kind]:
            payoff[kind] = s.payoff.sum(where=mask)
            wealth[kind] = s.wealth.sum(where=mask)
            playing[kind] = np.count_nonzero(players & mask)
            given[kind] = np.count_nonzero(gave & mask)
    n_followers = int(count.sum())
    slots = s.slot_agent
    # Column sums over followers, without copying the (agents x leaders) trust matrix.
    trust_sums = s.follower_trust_sums()
    cooperation = _ratio(np.count_nonzero(gave), np.count_nonzero(players))
    metrics: dict[str, float] = {
        "step": model.steps,
        "follow_rate": _ratio(np.count_nonzero(in_team), n_followers),
        "contribution_rate": cooperation,
        "contribution_rate_smith": _ratio(given[SMITH], playing[SMITH]),
        "contribution_rate_nash": _ratio(given[NASH], playing[NASH]),
        "contribution_rate_conditional": _ratio(given[CONDITIONAL], playing[CONDITIONAL]),
        "cooperation_rate": cooperation,
        "mean_payoff": float(s.payoff.mean()),
        "mean_payoff_smith": _ratio(payoff[SMITH], count[SMITH]),
        "mean_payoff_nash": _ratio(payoff[NASH], count[NASH]),
        "mean_payoff_conditional": _ratio(payoff[CONDITIONAL], count[CONDITIONAL]),
        "share_smith": _ratio(count[SMITH], n_followers),
        "share_nash": _ratio(count[NASH], n_followers),
        "share_conditional": _ratio(count[CONDITIONAL], n_followers),
        "mean_trust": (
            float(trust_sums.sum() / (n_followers * s.n_leaders))
            if n_followers and s.n_leaders
            else float("nan")
        ),
        "n_leaders": int(s.n_leaders),
        "leader_payoff": _ratio(s.payoff[slots].sum(), slots.size),
        "follower_payoff": _ratio(payoff.sum(), n_followers),
        "mean_wealth_smith": _ratio(wealth[SMITH], count[SMITH]),
        "mean_wealth_nash": _ratio(wealth[NASH], count[NASH]),
        "mean_wealth_conditional": _ratio(wealth[CONDITIONAL], count[CONDITIONAL]),
        "mean_hype": _ratio(s.hype.sum(), slots.size),
        "mean_cut": _ratio(s.cut.sum(), slots.size),
    }
    metrics.update(social_metrics(model))
    team_sizes = np.bincount(s.leader_of[in_team], minlength=s.n_leaders)
    for group, label in enumerate(model.leader_labels):
        in_group = s.leader_group == group
        metrics[f"team_{label}"] = float(team_sizes[in_group].sum())
        pairs = n_followers * int(in_group.sum())
        metrics[f"trust_{label}"] = _ratio(trust_sums[in_group].sum(), pairs)
    metrics.update(succession_and_returns(model))
    return metrics
