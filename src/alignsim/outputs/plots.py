"""Plots of one run, made to be read from the back of a classroom.

Large type, thick lines, titles, labelled axes with units and legends. Reads
the time series only: it never runs a model.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from alignsim.scenario import Scenario  # noqa: E402

STYLE = {
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.labelsize": 16,
    "legend.fontsize": 14,
    "lines.linewidth": 2.8,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 110,
}
COLOURS = {
    "smith": "#d95f02",
    "nash": "#1b9e77",
    "leader": "#7570b3",
    "follower": "#666666",
    "follow": "#1f78b4",
    "contribute": "#33a02c",
}
ROUND = "round"
PAYOFF = "payoff per round (endowments)"
SHARE = "share of followers (0 to 1)"
# Saved without a timestamp or version stamp, so the same run gives the same bytes.
PNG_METADATA = {"Software": None}


def _save(fig: plt.Figure, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, metadata=PNG_METADATA)
    plt.close(fig)


def _line(ax: plt.Axes, ts: pd.DataFrame, column: str, **style: object) -> None:
    """Plot a metric unless it never exists in the run (all NaN): no line, not a line at 0."""
    if ts[column].notna().any():
        ax.plot(ts["step"], ts[column], **style)


def plot_payoffs(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Payoffs per round: Smith against Nash followers, and leaders against followers."""
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(15, 6), sharey=True)
        _line(left, ts, "mean_payoff_smith", color=COLOURS["smith"], label="Smith")
        _line(left, ts, "mean_payoff_nash", color=COLOURS["nash"], label="Nash")
        left.axhline(
            scenario.choice.outside_option * scenario.population.endowment,
            color="black",
            linestyle=":",
            linewidth=2,
            label="outside option",
        )
        left.set(title="Followers by orientation", xlabel=ROUND, ylabel=PAYOFF)
        left.legend(loc="best")
        _line(right, ts, "leader_payoff", color=COLOURS["leader"], label="leaders")
        _line(right, ts, "follower_payoff", color=COLOURS["follower"], label="followers")
        right.plot(ts["step"], ts["mean_payoff"], color="black", linestyle="--", label="everyone")
        right.set(title="By role", xlabel=ROUND)
        right.legend(loc="best")
        fig.suptitle(f"{scenario.name}: payoffs per round", fontsize=20)
        _save(fig, path)


def plot_rates(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Share of followers who follow a leader, and of team members who contribute."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(12, 6))
        ax.plot(ts["step"], ts["follow_rate"], color=COLOURS["follow"], label="follow a leader")
        _line(
            ax, ts, "contribution_rate", color=COLOURS["contribute"],
            label="contribute (team members)",
        )  # fmt: skip
        if ts["mean_payoff_smith"].notna().any() and ts["mean_payoff_nash"].notna().any():
            for kind in ("smith", "nash"):
                _line(
                    ax, ts, f"contribution_rate_{kind}", color=COLOURS[kind], linestyle="--",
                    label=f"contribute: {kind.capitalize()}",
                )  # fmt: skip
        ax.set(
            title=f"{scenario.name}: following and contributing",
            xlabel=ROUND,
            ylabel=SHARE,
            ylim=(-0.03, 1.03),
        )
        ax.legend(loc="best")
        _save(fig, path)


def plot_trust(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Trust in each leader group and the size of its teams, round by round."""
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(15, 6))
        palette = plt.get_cmap("tab10")
        for i, group in enumerate(scenario.leaders):
            colour = palette(i)
            _line(left, ts, f"trust_{group.label}", color=colour, label=group.label)
            right.plot(ts["step"], ts[f"team_{group.label}"], color=colour, label=group.label)
        left.set(
            title="Followers' trust in leaders",
            xlabel=ROUND,
            ylabel="mean trust (0 to 1)",
            ylim=(-0.03, 1.03),
        )
        right.set(title="Followers per leader group", xlabel=ROUND, ylabel="followers (agents)")
        left.legend(title="leader group", loc="best")
        right.legend(title="leader group", loc="best")
        fig.suptitle(f"{scenario.name}: trust and following", fontsize=20)
        _save(fig, path)


def plot_run(ts: pd.DataFrame, scenario: Scenario, folder: Path) -> list[Path]:
    """Write every plot of a run into ``folder``; returns the files.

    A leaderless matrix-game run gets the one ``evolution`` plot instead
    (:mod:`alignsim.outputs.evolution`).
    """
    from alignsim.outputs.evolution import is_evolutionary, plot_evolution

    folder = Path(folder)
    if is_evolutionary(scenario):
        plot_evolution(ts, scenario, folder / "evolution.png")
        return [folder / "evolution.png"]
    made = []
    for name, plot in (("payoffs", plot_payoffs), ("rates", plot_rates), ("trust", plot_trust)):
        path = folder / f"{name}.png"
        plot(ts, scenario, path)
        made.append(path)
    return made
