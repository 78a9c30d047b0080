"""Who contributes beside the threshold a*, and what each orientation earns: the nash story.

The classroom opener says two things: Nash-style followers contribute and
Smith-style ones free ride, and the Smith ones earn more while everyone earns
more than the outside option. The left panel puts the first on the axis where
docs/model.md's threshold lives, the group weight: the best response (0
below a*, 1 above), a* for each team the run made (its size from the agents
table, the return and cut of its group), and the run's own contribution rate
of each orientation over its last rounds at that orientation's group weight
(Smith at 0). The right panel is the followers' payoffs per round.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from alignsim.games import contribution_threshold  # noqa: E402
from alignsim.outputs.plots import (  # noqa: E402
    COLOURS,
    MARKERS,
    STYLE,
    _save,
    legend_below,
    payoff_lines,
)
from alignsim.scenario import Scenario  # noqa: E402

__all__ = ["TAIL", "plot_threshold", "team_thresholds"]

TAIL = 10
"""Rounds at the end whose mean contribution rate is set beside the theory."""


def team_thresholds(agents: pd.DataFrame, scenario: Scenario) -> list[tuple[int, float]]:
    """``(team size, a*)`` of every team the run ended with, largest team first.

    Teams are counted from the agents table (``leader_followed``); the return
    and cut are those of the team's leader. A leader without followers has
    no team and no threshold.
    """
    followers = agents[(agents["role"] == "follower") & (agents["leader_followed"] >= 0)]
    sizes = followers["leader_followed"].value_counts()
    leaders = agents.set_index("id")
    out = []
    for leader, size in sizes.items():
        r, cut = leaders.loc[leader, "r"], leaders.loc[leader, "cut"]
        out.append((int(size), float(contribution_threshold(int(size), r, cut))))
    return sorted(out, reverse=True)


def _threshold_panel(ax: plt.Axes, ts: pd.DataFrame, agents: pd.DataFrame, scenario: Scenario):
    weight = scenario.population.group_weight
    thresholds = team_thresholds(agents, scenario)
    right_end = max(1.0, weight) * 1.05
    for index, (_, value) in enumerate(thresholds):
        ax.axvline(
            value, color="black", linestyle=":", linewidth=2,
            label=None if index else "a*, a team's threshold",
        )  # fmt: skip
    if thresholds:
        low = min(v for _, v in thresholds)
        high = max(v for _, v in thresholds)
        middle = float(np.mean([v for _, v in thresholds]))
        ax.plot(
            [-0.05, middle, middle, right_end], [0, 0, 1, 1], color="#555555", linewidth=2,
            label="best response: contribute iff a > a*", zorder=1,
        )  # fmt: skip
        sizes = [size for size, _ in thresholds]
        span = (
            f"a* = {low:.3g}" if f"{low:.3g}" == f"{high:.3g}" else f"a* = {low:.3g} to {high:.3g}"
        )
        teams = (
            f"team of {sizes[0]}" if len(sizes) == 1 else f"teams of {min(sizes)} to {max(sizes)}"
        )
        ax.annotate(
            f"{span}\n({teams})", xy=(high, 0.5), xytext=(8, 0), textcoords="offset points",
            ha="left", va="center", fontsize=14,
        )  # fmt: skip
    tail = ts.tail(TAIL)
    for index, (key, name, at) in enumerate((("smith", "Smith", 0.0), ("nash", "Nash", weight))):
        present = tail[f"share_{key}"] > 0
        if not present.any():
            continue  # nobody of that orientation: no point, not a point at 0
        rate = float(tail.loc[present, f"contribution_rate_{key}"].mean())
        ax.plot(
            [at], [rate], linestyle="none", marker=MARKERS[index], markersize=14,
            color=COLOURS[key], label=f"{name} (a = {at:g}): {rate:.2f} contribute",
        )  # fmt: skip
    ax.set(
        title=f"Who contributes (mean of the last {min(TAIL, len(ts))} rounds)",
        xlabel="group weight a (weight on the team's other payoffs)",
        ylabel="share of team members who contribute",
        xlim=(-0.05, right_end),
        ylim=(-0.05, 1.05),
    )
    legend_below(ax, columns=1)


def plot_threshold(ts: pd.DataFrame, agents: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Contribution beside the threshold a*, and the followers' payoffs round by round."""
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(15, 7.6))
        _threshold_panel(left, ts, agents, scenario)
        payoff_lines(right, ts, scenario)
        right.set_title("What each earns, per round")
        fig.suptitle(f"{scenario.name}: who contributes, and what each earns", fontsize=20)
        _save(fig, path)
