"""Plots of one leader run, made to be read from the back of a classroom.

Large type, thick lines, titles, axes labelled in words with units, legends
below the axes where they never cover a line. Quantities of different scales
get axes of their own (followers' payoffs beside leaders'), and a line that
sits exactly on another keeps a marker of its own, so every line stays
readable. A group nobody belongs to gets no line. Reads the time series only:
it never runs a model. Which figures a run gets is
:mod:`alignsim.outputs.figures`.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from alignsim.scenario import Scenario  # noqa: E402

STYLE = {
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.labelsize": 16,
    "legend.fontsize": 14,
    "lines.linewidth": 2.8,
    "lines.markersize": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 110,
}
COLOURS = {
    "smith": "#d95f02",
    "nash": "#1b9e77",
    "conditional": "#e7298a",
    "leader": "#7570b3",
    "follower": "#666666",
    "follow": "#1f78b4",
    "contribute": "#33a02c",
}
ORIENTATIONS = {"smith": "Smith", "nash": "Nash", "conditional": "conditional cooperators"}
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
ROUND = "round"
PAYOFF = "payoff per round (endowments)"
SHARE = "share of followers (0 to 1)"
# Saved without a timestamp or version stamp, so the same run gives the same bytes.
PNG_METADATA = {"Software": None}


def _save(fig: plt.Figure, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, metadata=PNG_METADATA)
    plt.close(fig)


def legend_below(ax: plt.Axes, columns: int = 2, **options: object) -> None:
    """A legend under the axes (below the round axis label), where it covers no data."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            ncol=min(columns, len(handles)),
            frameon=False,
            **options,
        )


def readable_ylim(ax: plt.Axes, *series: object, floor: float | None = None) -> None:
    """Y-limits that show flat lines as flat, not as noise stretched over the whole axis.

    When every value lies within 5% of their scale (``smith``: every payoff
    is 1.0), the axis spans a quarter of the scale either side (at least 0.5),
    instead of matplotlib's +-4% around the value. ``floor`` keeps the axis
    from going below a bound (0 for counts).
    """
    values = np.concatenate([np.asarray(s, dtype=float).ravel() for s in series])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return
    low, high = float(values.min()), float(values.max())
    scale = max(abs(low), abs(high), 1.0)
    if high - low > 0.05 * scale:
        return
    middle, pad = (low + high) / 2, max(0.25 * scale, 0.5)
    bottom = middle - pad if floor is None else max(middle - pad, floor)
    ax.set_ylim(bottom, middle + pad)


def mark_every(ts: pd.DataFrame, index: int) -> tuple[int, int]:
    """Markers about every tenth of the run, offset by line, so coinciding lines all show."""
    every = max(len(ts) // 8, 1)
    return (index * max(every // 4, 1)) % every, every


def present(ts: pd.DataFrame, orientation: str) -> pd.Series:
    """Rounds in which some follower holds ``orientation`` (its lines are drawn only there)."""
    column = f"share_{orientation}"
    return ts[column] > 0 if column in ts else pd.Series(False, index=ts.index)


def payoff_lines(ax: plt.Axes, ts: pd.DataFrame, scenario: Scenario) -> None:
    """Followers' payoffs by orientation, everyone's mean and the outside option, per round."""
    rounds = ts["step"]
    outside = scenario.choice.outside_option * scenario.population.endowment
    shown = []
    for index, (key, name) in enumerate(ORIENTATIONS.items()):
        rows = present(ts, key)
        if rows.any():
            values = ts[f"mean_payoff_{key}"].where(rows)
            ax.plot(
                rounds, values, color=COLOURS[key], label=name, marker=MARKERS[index],
                markevery=mark_every(ts, index),
            )  # fmt: skip
            shown.append(values)
    ax.plot(
        rounds, ts["mean_payoff"], color="black", linestyle="--", label="everyone, leaders too",
        marker=MARKERS[3], markevery=mark_every(ts, 3), markerfacecolor="none",
    )  # fmt: skip
    ax.axhline(outside, color="black", linestyle=":", linewidth=2, label="outside option")
    readable_ylim(ax, *shown, ts["mean_payoff"], [outside])
    ax.set(title="Followers, by orientation", xlabel=ROUND, ylabel=PAYOFF)
    legend_below(ax, columns=2)


def plot_payoffs(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Payoffs per round: followers by orientation on one axis, leaders on their own."""
    rounds = ts["step"]
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(15, 6.8))
        payoff_lines(left, ts, scenario)
        right.plot(rounds, ts["leader_payoff"], color=COLOURS["leader"])
        readable_ylim(right, ts["leader_payoff"])
        right.set(title="Leaders (mean over leaders)", xlabel=ROUND, ylabel=PAYOFF)
        fig.suptitle(f"{scenario.name}: payoffs per round", fontsize=20)
        _save(fig, path)


def plot_rates(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Share of followers who follow a leader; apart, share of team members who contribute."""
    rounds = ts["step"]
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(15, 6.8))
        left.plot(rounds, ts["follow_rate"], color=COLOURS["follow"], label="follow a leader")
        left.set(title="Following", xlabel=ROUND, ylabel=SHARE, ylim=(-0.03, 1.03))
        legend_below(left)
        right.plot(
            rounds, ts["contribution_rate"], color=COLOURS["contribute"], label="all members"
        )
        groups = [key for key in ORIENTATIONS if present(ts, key).any()]
        if len(groups) > 1:
            for index, key in enumerate(groups):
                right.plot(
                    rounds, ts[f"contribution_rate_{key}"].where(present(ts, key)),
                    color=COLOURS[key], linestyle="--", marker=MARKERS[index],
                    markevery=mark_every(ts, index), label=ORIENTATIONS[key],
                )  # fmt: skip
        right.set(
            title="Contributing",
            xlabel=ROUND,
            ylabel="share of team members (0 to 1)",
            ylim=(-0.03, 1.03),
        )
        legend_below(right, columns=3)
        fig.suptitle(f"{scenario.name}: following and contributing", fontsize=20)
        _save(fig, path)


def group_colours(scenario: Scenario) -> dict[str, tuple]:
    """One colour per leader group, the same in every figure of a run."""
    palette = plt.get_cmap("tab10")
    return {group.label: palette(i % 10) for i, group in enumerate(scenario.leaders)}


def handover_rounds(ts: pd.DataFrame, label: str) -> list[int]:
    """Rounds in which a slot of group ``label`` passed to a successor."""
    column = f"successors_{label}"
    if column not in ts:
        return []
    gained = ts[column].diff().fillna(ts[column].iloc[0])
    return [int(step) for step in ts.loc[gained > 0, "step"]]


def group_lines(ax: plt.Axes, ts: pd.DataFrame, scenario: Scenario, prefix: str) -> None:
    """A line per leader group that has values; where successors hold its slots, a dashed one.

    The dashed part is labelled for the successors, so a successor's record is
    never shown under its founder's label.
    """
    colours = group_colours(scenario)
    for index, group in enumerate(scenario.leaders):
        label, values = group.label, ts[f"{prefix}_{group.label}"]
        if values.isna().all():
            continue  # a group with nothing to show gets no line
        column = f"successors_{label}"
        successors = ts[column] > 0 if column in ts else pd.Series(False, index=ts.index)
        founders = values.where(~successors)
        style = {"color": colours[label], "marker": MARKERS[index % len(MARKERS)]}
        if founders.notna().any():
            ax.plot(ts["step"], founders, label=label, markevery=mark_every(ts, index), **style)
        if successors.any():
            # start the dashed line at the last founders' round, so the two join
            joined = successors | successors.shift(-1, fill_value=False)
            ax.plot(
                ts["step"], values.where(joined), linestyle="--", markerfacecolor="none",
                markevery=mark_every(ts, index), label=f"{label} slots under successors",
                **style,
            )  # fmt: skip


def handover_marks(ax: plt.Axes, ts: pd.DataFrame, scenario: Scenario) -> list[int]:
    """A vertical line at each hand-over, in its group's colour; returns the rounds marked."""
    colours, marked = group_colours(scenario), []
    for group in scenario.leaders:
        for step in handover_rounds(ts, group.label):
            ax.axvline(step, color=colours[group.label], linestyle=":", linewidth=2.2, zorder=1)
            marked.append(step)
    if marked:
        ax.plot([], [], color="grey", linestyle=":", linewidth=2.2, label="a successor takes over")
    return sorted(marked)


def plot_trust(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Trust in each leader group and the size of its teams, round by round."""
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(15, 6.8))
        for ax, prefix in ((left, "trust"), (right, "team")):
            group_lines(ax, ts, scenario, prefix)
            handover_marks(ax, ts, scenario)
        left.set(
            title="Followers' trust in leaders",
            xlabel=ROUND,
            ylabel="mean trust (0 to 1)",
            ylim=(-0.03, 1.03),
        )
        right.set(title="Followers per leader group", xlabel=ROUND, ylabel="followers (agents)")
        right.set_ylim(bottom=0)
        legend_below(left, columns=legend_columns(scenario))
        legend_below(right, columns=legend_columns(scenario))
        fig.suptitle(f"{scenario.name}: trust and following", fontsize=20)
        _save(fig, path)


def legend_columns(scenario: Scenario) -> int:
    """Legend columns: the groups side by side, at most three."""
    return max(min(len(scenario.leaders), 3), 1)
