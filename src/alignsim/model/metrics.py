"""Model-level metrics of a round: the per-step output columns (MODEL.md, "Names users see").

Computed from the arrays in one pass per round, so the DataCollector costs a
few array reductions per step, whatever the population size. Every reduction
runs along a replicate's block of agents or slots (one block in a single run;
:mod:`alignsim.model.replicates`), so the metrics of replicate ``k`` are those
of its own run, bit for bit. The columns are
documented in docs/scenarios.md ("Output columns").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from alignsim.dynamics import social
from alignsim.model.state import CONDITIONAL, NASH, SMITH, PopulationState

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
    return first_replicate(_succession_and_returns(model))


def _succession_and_returns(model: AlignmentModel) -> dict[str, NDArray]:
    """:func:`succession_and_returns` for every replicate: one value each."""
    s = model.state
    followers = ~s.is_leader
    member_slot = np.where(followers, s.leader_of, -1)
    in_team = member_slot >= 0
    paid = np.bincount(member_slot[in_team], weights=s.payoff[in_team], minlength=s.n_leaders)
    members = np.bincount(member_slot[in_team], minlength=s.n_leaders)
    successor = _slots(s, s.slot_agent != model.founding_agent)
    paid, members = _slots(s, paid), _slots(s, members)
    out: dict[str, NDArray] = {}
    means: dict[str, tuple[NDArray, NDArray]] = {}
    for group, label in enumerate(model.leader_labels):
        in_group = s.leader_group[: s.leaders_per_replicate] == group
        out[f"successors_{label}"] = successor[:, in_group].sum(axis=1)
        means[f"member_payoff_{label}"] = (
            paid[:, in_group].sum(axis=1),
            members[:, in_group].sum(axis=1),
        )
    return out | _ratios(means)


def social_metrics(model: AlignmentModel) -> dict[str, NDArray]:
    """Leader turnover, active mentorships, network size and clustering, mean reputation.

    One value per replicate. Clustering is the mean local clustering
    coefficient, recomputed only when the ties change
    (:func:`alignsim.dynamics.social.average_clustering`); in populations above
    ``CLUSTERING_EXACT_UP_TO`` agents, whose ties change every round, only
    every ``CLUSTERING_EVERY`` rounds, the value carried over in between.
    Replicates side by side are well mixed (no network).
    """
    s = model.state
    n = s.agents_per_replicate
    if s.adjacency is None:
        edges, clustering = n * (n - 1) // 2, 1.0 if n >= 3 else 0.0
    else:
        edges = s.adjacency.nnz // 2
        cached = getattr(model, "_clustering", None)
        due = n <= CLUSTERING_EXACT_UP_TO or model.steps % CLUSTERING_EVERY == 0
        if cached is None or (cached[0] is not s.adjacency and due):
            model._clustering = (s.adjacency, social.average_clustering(s.adjacency))
        clustering = model._clustering[1]
    reps = s.replicates
    return {
        "leader_turnover": np.full(reps, int(s.turnover)),
        "mentorships": np.count_nonzero(_agents(s, s.mentor >= 0), axis=1),
        "network_edges": np.full(reps, int(edges)),
        "network_clustering": np.full(reps, float(clustering)),
        "mean_reputation": _agents(s, s.reputation).mean(axis=1),
    }


def _ratios(means: dict[str, tuple[NDArray, NDArray]]) -> dict[str, NDArray]:
    """Each ``name: (total, count)`` as ``total / count`` per replicate, in one division.

    NaN where the count is 0: a mean over nobody does not exist.
    """
    totals = np.array([total for total, _ in means.values()], dtype=float)
    counts = np.array([count for _, count in means.values()], dtype=float)
    quotients = np.divide(totals, counts, out=np.full(totals.shape, np.nan), where=counts != 0)
    return dict(zip(means, quotients, strict=True))


def _agents(s: PopulationState, values: NDArray) -> NDArray:
    """A per-agent array as one row per replicate."""
    return values.reshape(s.replicates, s.agents_per_replicate)


def _slots(s: PopulationState, values: NDArray) -> NDArray:
    """A per-slot array as one row per replicate."""
    return values.reshape(s.replicates, s.leaders_per_replicate)


def first_replicate(columns: dict[str, NDArray]) -> dict[str, float]:
    """The first replicate's values, as Python numbers (ints for whole-number columns)."""
    return {name: values[0].item() for name, values in columns.items()}


def collect_metrics(model: AlignmentModel) -> dict[str, NDArray]:
    """The metrics of the round just played: per column, one value per replicate.

    Per orientation, a count and two masked sums (skipped for an orientation
    nobody holds), then every mean as one division, so a round's metrics cost
    a few tens of microseconds even for 10,000 agents, or for 16 replicates.
    Whole-number columns are integer arrays (the DataCollector keeps them as
    int64), the others float.
    """
    s = model.state
    reps = s.replicates
    follower = ~s.is_leader
    in_team = follower & (s.leader_of >= 0)
    # who played the stage game this round: team members, or everyone without leaders
    players = in_team if s.n_leaders else follower
    gave = s.contributed & players
    count, payoff, wealth, playing, given = (np.zeros((3, reps)) for _ in range(5))
    for kind in (SMITH, NASH, CONDITIONAL):
        mask = follower & (s.orientation == kind)
        rows = _agents(s, mask)
        count[kind] = np.count_nonzero(rows, axis=1)
        if count[kind].any():
            payoff[kind] = _agents(s, s.payoff).sum(axis=1, where=rows)
            wealth[kind] = _agents(s, s.wealth).sum(axis=1, where=rows)
            playing[kind] = np.count_nonzero(_agents(s, players & mask), axis=1)
            given[kind] = np.count_nonzero(_agents(s, gave & mask), axis=1)
    n_followers = count.sum(axis=0)
    n_leaders = np.full(reps, float(s.leaders_per_replicate))
    # Column sums over followers, without copying the (agents x leaders) trust matrix.
    trust_sums = _slots(s, s.follower_trust_sums())
    cooperation = (
        np.count_nonzero(_agents(s, gave), axis=1),
        np.count_nonzero(_agents(s, players), axis=1),
    )
    means = {
        "follow_rate": (np.count_nonzero(_agents(s, in_team), axis=1), n_followers),
        "contribution_rate": cooperation,
        "contribution_rate_smith": (given[SMITH], playing[SMITH]),
        "contribution_rate_nash": (given[NASH], playing[NASH]),
        "contribution_rate_conditional": (given[CONDITIONAL], playing[CONDITIONAL]),
        "cooperation_rate": cooperation,
        "mean_payoff_smith": (payoff[SMITH], count[SMITH]),
        "mean_payoff_nash": (payoff[NASH], count[NASH]),
        "mean_payoff_conditional": (payoff[CONDITIONAL], count[CONDITIONAL]),
        "share_smith": (count[SMITH], n_followers),
        "share_nash": (count[NASH], n_followers),
        "share_conditional": (count[CONDITIONAL], n_followers),
        "mean_trust": (trust_sums.sum(axis=1), n_followers * n_leaders),
        "leader_payoff": (_slots(s, s.payoff[s.slot_agent]).sum(axis=1), n_leaders),
        "follower_payoff": (payoff.sum(axis=0), n_followers),
        "mean_wealth_smith": (wealth[SMITH], count[SMITH]),
        "mean_wealth_nash": (wealth[NASH], count[NASH]),
        "mean_wealth_conditional": (wealth[CONDITIONAL], count[CONDITIONAL]),
        "mean_hype": (_slots(s, s.hype).sum(axis=1), n_leaders),
        "mean_cut": (_slots(s, s.cut).sum(axis=1), n_leaders),
    }
    team_sizes = _slots(s, np.bincount(s.leader_of[in_team], minlength=s.n_leaders))
    metrics: dict[str, NDArray] = {
        "step": np.full(reps, model.steps),
        "mean_payoff": _agents(s, s.payoff).mean(axis=1),
        "n_leaders": np.full(reps, s.leaders_per_replicate),
    }
    for group, label in enumerate(model.leader_labels):
        in_group = s.leader_group[: s.leaders_per_replicate] == group
        metrics[f"team_{label}"] = team_sizes[:, in_group].sum(axis=1).astype(float)
        means[f"trust_{label}"] = (
            trust_sums[:, in_group].sum(axis=1),
            n_followers * int(in_group.sum()),
        )
    metrics.update(_ratios(means))
    metrics.update(social_metrics(model))
    metrics.update(_succession_and_returns(model))
    return metrics
