"""The page's main-area components: the agent view, the live plots and the round summary.

Every component takes the model and is redrawn after each step (it reads
Mesa's ``update_counter``). Plots are matplotlib figures sent as PNG images,
which need no front-end files beyond solara's own.
"""

from __future__ import annotations

from html import escape

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import solara  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from mesa.visualization.utils import update_counter  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

from alignsim.model import NASH, AlignmentModel  # noqa: E402
from alignsim.outputs.plots import COLOURS  # noqa: E402
from alignsim.viz.layout import OUTSIDE_RING, layout, marker_sizes  # noqa: E402

DPI = 80
MAX_SHOWN = 2000
RATES = {"follow_rate": COLOURS["follow"], "contribution_rate": COLOURS["contribute"]}
PAYOFFS = {"mean_payoff_smith": COLOURS["smith"], "mean_payoff_nash": COLOURS["nash"]}


def draw_agents(model: AlignmentModel) -> Figure:
    """Leaders and followers, coloured by orientation, sized by wealth, tied to their leader.

    Args:
        model: the model to draw.

    Returns:
        A matplotlib figure (not attached to pyplot, so nothing leaks between redraws).

    """
    s, cfg = model.state, model.config
    grid_width = cfg.lattice_width if cfg.network.kind == "lattice" else None
    where = layout(s, grid_width)
    shown = shown_followers(~where.leader)
    fig = Figure(figsize=(6.4, 4.9), dpi=DPI)
    ax = fig.add_axes((0.0, 0.0, 0.72, 0.94))
    if len(where.edges):
        ax.add_collection(
            LineCollection(where.edges, colors="#c7c7e8", linewidths=0.4, alpha=0.35, zorder=0)
        )
    ties = where.ties[shown[where.members]]
    ax.add_collection(LineCollection(ties, colors="#9a9a9a", linewidths=0.6, alpha=0.6))
    colour = np.where(s.orientation[shown] == NASH, COLOURS["nash"], COLOURS["smith"])
    crowding = min(1.0, 300.0 / max(int(shown.sum()), 1))
    ax.scatter(
        where.xy[shown, 0],
        where.xy[shown, 1],
        s=marker_sizes(s.wealth[shown], 12.0 * crowding, 120.0 * crowding),
        c=colour,
        edgecolors="white",
        linewidths=0.4 * crowding,
        zorder=2,
    )
    ax.scatter(
        where.xy[where.leader, 0],
        where.xy[where.leader, 1],
        s=marker_sizes(s.wealth[where.leader], 160.0, 420.0),
        c=COLOURS["leader"],
        marker="*",
        edgecolors="black",
        linewidths=0.8,
        zorder=3,
    )
    team = np.bincount(s.leader_of[where.members], minlength=s.n_leaders)
    for slot, agent in enumerate(s.slot_agent):
        x, y = where.xy[agent]
        ax.annotate(
            f"{model.leader_labels[s.leader_group[slot]]} {slot}\nteam {team[slot]}",
            (x, y),
            xytext=(0, 12),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            zorder=4,
        )
    limit = OUTSIDE_RING * 1.12
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.axis("off")
    n_followers = int((~where.leader).sum())
    sample = (
        f" ({int(shown.sum())} of {n_followers} followers shown)"
        if shown.sum() < n_followers
        else ""
    )
    ax.set_title(f"Agents after round {model.steps}{sample}", fontsize=10)
    ax.legend(
        handles=_legend_handles(leaders=s.n_leaders > 0, network=len(where.edges) > 0),
        loc="upper left",
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(1.0, 1.0),
    )
    return fig


def shown_followers(follower: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The followers drawn: all of them, or about ``MAX_SHOWN`` of a larger crowd.

    The sample is fixed by agent index and spread evenly (no stripes on a lattice).
    """
    count = int(follower.sum())
    if count <= MAX_SHOWN:
        return follower.copy()
    # Knuth's multiplicative hash: a fixed, patternless draw per agent index.
    draw = (np.arange(follower.size, dtype=np.uint64) * np.uint64(2654435761)) % np.uint64(2**32)
    return follower & (draw / 2**32 < MAX_SHOWN / count)


def _legend_handles(leaders: bool, network: bool) -> list[Line2D]:
    def dot(colour: str, label: str, marker: str = "o", size: float = 7) -> Line2D:
        return Line2D(
            [], [], color=colour, marker=marker, linestyle="", markersize=size, label=label
        )

    def note(label: str) -> Line2D:
        return Line2D([], [], linestyle="", label=label)

    handles = [dot(COLOURS["smith"], "Smith follower"), dot(COLOURS["nash"], "Nash follower")]
    if leaders:
        handles.insert(0, dot(COLOURS["leader"], "leader", "*", 11))
        handles.append(Line2D([], [], color="#9a9a9a", label="follows"))
    if network:
        handles.append(Line2D([], [], color="#c7c7e8", label="knows (network)"))
    handles.append(note("size: wealth"))
    if leaders:
        handles.append(note("outer ring:\noutside option"))
    return handles


@solara.component
def AgentView(model: AlignmentModel) -> None:
    """The agent view as a solara component, redrawn every step."""
    update_counter.get()
    solara.FigureMatplotlib(draw_agents(model), format="png")


SUMMARY_CLASS = "alignsim-summary"


def summary_html(model: AlignmentModel) -> str:
    """The round, the last round's metrics and the parameters the model was built with, as HTML.

    Plain HTML rather than solara's Markdown, which fetches a maths renderer
    (KaTeX) that is not among the locally served front-end files.
    """
    m, cfg = model.metrics, model.config
    pop = cfg.population
    leaders = ", ".join(
        f"{g.count} x {g.label} (r {g.r:g}, cut {g.cut:g}, hype {g.hype:g})" for g in cfg.leaders
    )
    rows = "".join(
        f"<tr><td>{name}</td><td style='text-align:right'>{value}</td></tr>"
        for name, value in (
            ("follow rate", f"{m['follow_rate']:.2f}"),
            ("contribution rate", f"{m['contribution_rate']:.2f}"),
            ("mean payoff, Smith", f"{m['mean_payoff_smith']:.3f}"),
            ("mean payoff, Nash", f"{m['mean_payoff_nash']:.3f}"),
            ("mean trust", f"{m['mean_trust']:.2f}"),
        )
    )
    built = (
        f"{pop.n_followers} followers, share_nash {pop.share_nash:g}, "
        f"group_weight {pop.group_weight:g}, trust_rate {cfg.learning.trust_rate:g}, "
        f"rationality {cfg.choice.rationality:g}, network {cfg.network.kind}, "
        f"seed {cfg.seed}; leaders: {leaders}."
    )
    return (
        f"<p><b>Round {model.steps}</b> of scenario <code>{escape(cfg.name)}</code></p>"
        f"<table style='border-collapse:collapse;margin-bottom:1em'>"
        f"<tr><th style='text-align:left;padding-right:2em'>metric</th><th>last round</th></tr>"
        f"{rows}</table>"
        f"<p>Built with: {escape(built)}</p>"
    )


@solara.component
def RoundSummary(model: AlignmentModel) -> None:
    """The round summary as a solara component, redrawn every step."""
    update_counter.get()
    solara.HTML(tag="div", unsafe_innerHTML=summary_html(model), classes=[SUMMARY_CLASS])


def draw_series(
    model: AlignmentModel, measures: dict[str, str], title: str, ylabel: str, share: bool
) -> Figure:
    """Line plots of model metrics over the rounds so far.

    Args:
        model: the model whose DataCollector holds the metrics.
        measures: metric name to line colour.
        title: the plot's title.
        ylabel: the y axis label.
        share: whether the metrics are shares (y axis fixed to 0..1).

    Returns:
        A matplotlib figure with fixed margins (no tight layout, which doubles the drawing time).

    """
    fig = Figure(figsize=(5.6, 3.5), dpi=DPI)
    ax = fig.add_axes((0.13, 0.15, 0.8, 0.68))
    data = model.datacollector.model_vars
    rounds = data.get("step", [])
    for name, colour in measures.items():
        ax.plot(rounds, data.get(name, []), label=name, color=colour, linewidth=2)
    if share:
        ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(0, max(len(rounds), 10))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("round")
    ax.set_ylabel(ylabel)
    fig.suptitle(title, y=0.98, fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=8, frameon=False)
    return fig


@solara.component
def RatesPlot(model: AlignmentModel) -> None:
    """Follow rate and contribution rate, round by round."""
    update_counter.get()
    fig = draw_series(model, RATES, "Following and contributing", "share of followers", True)
    solara.FigureMatplotlib(fig, format="png")


@solara.component
def PayoffPlot(model: AlignmentModel) -> None:
    """Mean payoff of Smith and Nash followers, round by round."""
    update_counter.get()
    fig = draw_series(model, PAYOFFS, "Mean payoff by orientation", "payoff per round", False)
    solara.FigureMatplotlib(fig, format="png")


def main_components() -> list:
    """The main area, in SolaraViz's ``components`` form: agent view, summary, two plots."""
    return [(AgentView, 0), (RoundSummary, 0), (RatesPlot, 0), (PayoffPlot, 0)]
