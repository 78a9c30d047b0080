"""Plots of a bar run, in the classroom style of :mod:`alignsim.outputs.plots`.

``bar_learning.png``: left, how many suitors go for the most-wanted target
each round, against the pure equilibrium (exactly one) and the film's profile
(nobody); right, the group's payoff each round against the social optimum and
the film's profile. ``bar_profiles.png``: what every profile pays the group,
the film's profile and the equilibria marked. Reads the time series and the
summary only: it never runs a model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from alignsim.outputs.plots import ROUND, STYLE, _save  # noqa: E402

__all__ = ["plot_bar_learning", "plot_bar_profiles", "plot_bar_run"]

COLOURS = {
    "learning": "#1f78b4",
    "equilibrium": "#33a02c",
    "film": "#e31a1c",
    "optimum": "#6a3d9a",
    "other": "#b2b2b2",
}
PAYOFF = "group payoff per round (sum over suitors)"


def _subtitle(summary: dict[str, Any]) -> str:
    scenario = summary["scenario"]
    learning, game = scenario["learning"], scenario["game"]
    return (
        f"{game['n']} suitors, a = {game['a']:g}, b = {game['b']:g}; "
        f"{learning['rule'].replace('_', ' ')}, {learning['revision']} revision, "
        f"group weight {scenario['suitors']['group_weight']:g}"
    )


def _reference(ax: plt.Axes, value: float, colour: str, label: str) -> None:
    """A wide, pale horizontal line that stays visible under the learning curve."""
    ax.axhline(value, color=colour, linewidth=9, alpha=0.35, label=label, zorder=1)


def _learning_curve(ax: plt.Axes, ts: pd.DataFrame, column: str, label: str) -> None:
    ax.step(ts["step"], ts[column], where="post", color=COLOURS["learning"], label=label, zorder=3)


def plot_bar_learning(ts: pd.DataFrame, summary: dict[str, Any], path: Path) -> None:
    """Suitors going for the most-wanted, and the group payoff, round by round."""
    profiles = summary["analysis"]["profiles"]
    optimum = max(p["group_payoff"] for p in profiles)
    film = profiles[0]["group_payoff"]
    n = summary["scenario"]["game"]["n"]
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(16, 6.5))
        _reference(left, 1, COLOURS["equilibrium"], "equilibrium: exactly one")
        _reference(left, 0, COLOURS["film"], "film's profile: nobody")
        _learning_curve(left, ts, "going", "suitors going for her")
        left.set(
            title="Who goes for the most-wanted?",
            xlabel=ROUND,
            ylabel="suitors going for her (people)",
            ylim=(-0.3, n * 1.6 + 0.6),  # headroom: the legend sits above the curve
        )
        left.set_yticks(range(0, n + 1, n // 8 + 1))  # no ticks above the n suitors
        left.legend(loc="upper right")
        _reference(right, optimum, COLOURS["optimum"], f"social optimum ({optimum:g})")
        _reference(right, film, COLOURS["film"], f"film's profile ({film:g})")
        _learning_curve(right, ts, "group_payoff", "learning suitors")
        right.set(
            title="What the group gets",
            xlabel=ROUND,
            ylabel=PAYOFF,
            ylim=(-0.05 * optimum, optimum * 1.6),
        )
        right.legend(loc="upper right")
        for ax in (left, right):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        fig.suptitle(
            f"{summary['scenario']['name']}: leaving the film's profile\n{_subtitle(summary)}",
            fontsize=18,
        )
        _save(fig, path)


def _profile_colour(profile: dict[str, Any]) -> str:
    if profile["is_film_profile"]:
        return COLOURS["film"]
    return COLOURS["equilibrium"] if profile["is_equilibrium"] else COLOURS["other"]


def plot_bar_profiles(summary: dict[str, Any], path: Path) -> None:
    """Group payoff of every head count, the film's profile and the equilibria marked."""
    profiles = summary["analysis"]["profiles"]
    going = [p["going"] for p in profiles]
    film_is_equilibrium = profiles[0]["is_equilibrium"]
    legend = [
        Patch(
            facecolor=COLOURS["film"],
            edgecolor="black",
            label="film's profile" + ("" if film_is_equilibrium else " (not an equilibrium)"),
        ),
        Patch(facecolor=COLOURS["equilibrium"], edgecolor="black", label="equilibrium"),
        Patch(facecolor=COLOURS["other"], edgecolor="black", label="not an equilibrium"),
    ]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(12, 6.5))
        ax.bar(
            going,
            [p["group_payoff"] for p in profiles],
            color=[_profile_colour(p) for p in profiles],
            edgecolor="black",
        )
        ax.set(
            title=f"{summary['scenario']['name']}: what each profile pays the group",
            xlabel="suitors going for the most-wanted (people)",
            ylabel=PAYOFF,
            xticks=going,
        )
        ax.legend(handles=legend, loc="upper right")
        _save(fig, path)


def plot_bar_run(ts: pd.DataFrame, summary: dict[str, Any], folder: Path) -> list[Path]:
    """Write every plot of a bar run into ``folder``; returns the files."""
    folder = Path(folder)
    learning, profiles = folder / "bar_learning.png", folder / "bar_profiles.png"
    plot_bar_learning(ts, summary, learning)
    plot_bar_profiles(summary, profiles)
    return [learning, profiles]
