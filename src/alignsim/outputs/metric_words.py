"""What every output column is called on screen: words and a unit, one mapping for all.

The columns of ``timeseries.csv``, ``summary.json`` and a sweep's tables keep
their snake_case names (they are the interface, docs/scenarios.md "Output
columns"); tables, reports and figure labels show these words instead. A
column that is a share (bounded by 0 and 1) says so: the intervals of a sweep
depend on it (:mod:`alignsim.outputs.aggregate`).

Kept statistics of a sweep (``<metric>_final``, ``<metric>_last<K>``) and the
per-leader-group columns (``team_<label>``, ``trust_<label>``, ...) are named
from their parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Words",
    "column_words",
    "family_label",
    "family_name",
    "in_percent",
    "is_share",
    "is_yes_no_outcome",
    "statistic_words",
    "words",
]


@dataclass(frozen=True)
class Words:
    """A column's name in words, its unit, whether it is a share, and whether it is yes/no.

    ``yes_no``: every round's value is 1 (yes) or 0 (no), so a run's last
    round is a yes/no outcome and a share of runs is a proportion of counts.
    """

    name: str
    unit: str
    share: bool = False
    yes_no: bool = False

    @property
    def label(self) -> str:
        """Name and unit, as an axis label: ``contribution rate (share of ..., 0 to 1)``."""
        return f"{self.name} ({self.unit})"


SHARE = "0 to 1"
PAYOFF = "endowments per round"
WEALTH = "endowments"
TYPES = {
    "smith": "Smith followers",
    "nash": "Nash followers",
    "conditional": "conditional cooperators",
}


def _by_type(metric: str, name: str, unit: str, share: bool = False) -> dict[str, Words]:
    """A metric and its per-orientation variants: ``<metric>_smith`` and so on."""
    out = {f"{metric}_{key}": Words(f"{name}, {who}", unit, share) for key, who in TYPES.items()}
    return out


COLUMNS: dict[str, Words] = {
    "step": Words("round", "from 1"),
    "follow_rate": Words("follow rate", f"share of followers, {SHARE}", True),
    "contribution_rate": Words("contribution rate", f"share of team members, {SHARE}", True),
    **_by_type("contribution_rate", "contribution rate", f"share of team members, {SHARE}", True),
    "cooperation_rate": Words("cooperation rate", f"share of agents, {SHARE}", True),
    "mean_payoff": Words("mean payoff, everyone", PAYOFF),
    **_by_type("mean_payoff", "mean payoff", PAYOFF),
    "share_smith": Words("Smith-style followers", f"share, {SHARE}", True),
    "share_nash": Words("Nash-style followers", f"share, {SHARE}", True),
    "share_conditional": Words("conditional cooperators", f"share, {SHARE}", True),
    "mean_trust": Words("mean trust", SHARE, True),
    "n_leaders": Words("leaders", "agents"),
    "leader_payoff": Words("leaders' payoff", PAYOFF),
    "follower_payoff": Words("followers' payoff", PAYOFF),
    **_by_type("mean_wealth", "wealth per agent", WEALTH),
    "mean_hype": Words("mean hype", "0 = honest"),
    "mean_cut": Words("leaders' cut", f"share of the output, {SHARE}", True),
    "leader_turnover": Words("leaders replaced this round", "leaders"),
    "mentorships": Words("active mentorships", "pairs"),
    "network_edges": Words("network ties", "pairs of agents"),
    "network_clustering": Words("network clustering", SHARE, True),
    "mean_reputation": Words("mean reputation", "image score"),
    "mean_field": Words("mean field (theory)", f"share of agents, {SHARE}", True),
    # the bar game (docs/games.md)
    "going": Words("suitors going for the most-wanted", "people"),
    "share_going": Words("suitors going for the most-wanted", f"share, {SHARE}", True),
    "group_payoff": Words("group payoff", "sum over suitors per round"),
    "equilibrium_distance": Words("suitors who would have to switch", "people"),
    "max_deviation_gain": Words("largest gain from switching alone", "payoff"),
    "is_equilibrium": Words(
        "at a pure equilibrium", f"1 = yes; a mean is a share, {SHARE}", share=True, yes_no=True
    ),
    "belief_going": Words("how often a suitor has gone so far", f"share, {SHARE}", True),
}

PER_GROUP: dict[str, tuple[str, str, bool]] = {
    "team": ("followers of '{}' leaders", "agents", False),
    "trust": ("trust in '{}' leaders", SHARE, True),
    "successors": ("'{}' slots held by successors", "leaders", False),
    "member_payoff": ("payoff per member of '{}' teams", PAYOFF, False),
}

FAMILIES = {"mean_payoff": "mean payoff", "mean_wealth": "wealth per agent"}
"""Sweep figures draw a family (all, Smith, Nash lines): its name where the all-line's differs."""

STATISTIC = re.compile(r"^(?P<metric>.+)_(?P<stat>final|last(?P<k>\d+))$")


def words(column: str) -> Words:
    """The words of a time-series column; unknown columns read as their name with spaces."""
    if column in COLUMNS:
        return COLUMNS[column]
    for prefix, (name, unit, share) in PER_GROUP.items():
        if column.startswith(prefix + "_"):
            return Words(name.format(column[len(prefix) + 1 :]), unit, share)
    return Words(column.replace("_", " "), "")


def statistic_words(stat: str) -> str:
    """``final`` -> ``last round``; ``last10`` -> ``mean of the last 10 rounds``."""
    return "last round" if stat == "final" else f"mean of the last {stat[4:]} rounds"


def column_words(column: str) -> str:
    """Words for any column, a sweep's kept statistics included.

    ``contribution_rate_nash_last10`` -> ``contribution rate, Nash followers,
    mean of the last 10 rounds``.
    """
    match = STATISTIC.match(column)
    if match and match["metric"] != "step":
        return f"{words(match['metric']).name}, {statistic_words(match['stat'])}"
    return words(column).name


def is_share(column: str) -> bool:
    """Whether a column (a sweep's kept statistic too) is a share between 0 and 1."""
    match = STATISTIC.match(column)
    return words(match["metric"] if match else column).share


def in_percent(column: str) -> bool:
    """Whether a column reads best as a percentage: a share of people, runs or rounds.

    Trust and clustering are between 0 and 1 too, but are levels, not shares.
    """
    match = STATISTIC.match(column)
    found = words(match["metric"] if match else column)
    return found.share and (found.unit.startswith("share") or found.yes_no)


def is_yes_no_outcome(column: str) -> bool:
    """Whether a sweep column is one yes/no outcome per run: a yes/no metric's last round."""
    match = STATISTIC.match(column)
    return bool(match) and match["stat"] == "final" and words(match["metric"]).yes_no


def family_name(family: str) -> str:
    """The name of a metric family (the metric without ``_smith``/``_nash``)."""
    return FAMILIES.get(family, words(family).name)


def family_label(family: str) -> str:
    """A family's axis label with its unit."""
    found = words(family)
    unit = found.unit or "value"
    return f"{family_name(family)} ({unit})"
