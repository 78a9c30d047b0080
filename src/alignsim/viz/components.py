"""The page's main-area components: the agent view, the live plots and the round summary.

Every component takes the model and is redrawn after each step (it reads
Mesa's ``update_counter``). Plots are matplotlib figures sent as PNG images,
which need no front-end files beyond solara's own.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import solara  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from mesa.visualization import make_plot_component  # noqa: E402
from mesa.visualization.utils import update_counter  # noqa: E402

from alignsim.model import NASH, AlignmentModel  # noqa: E402
from alignsim.outputs.plots import COLOURS  # noqa: E402
from alignsim.viz.layout import OUTSIDE_RING, layout, marker_sizes  # noqa: E402

RATES = {"follow_rate": COLOURS["follow"], "contribution_rate": COLOURS["contribute"]}
PAYOFFS = {"mean_payoff_smith": COLOURS["smith"], "mean_payoff_nash": COLOURS["nash"]}


def draw_agents(model: AlignmentModel) -> Figure:
    """Leaders and followers, coloured by orientation, sized by wealth, tied to their leader.

    Args:
        model: the model to draw.

    Returns:
        A matplotlib figure (not attached to pyplot, so nothing leaks between redraws).

    """
    s = model.state
    where = layout(s)
    fig = Figure(figsize=(6.4, 4.9), dpi=90, layout="constrained")
    ax = fig.subplots()
    if len(where.edges):
        ax.add_collection(
            LineCollection(where.edges, colors="#c7c7e8", linewidths=0.4, alpha=0.35, zorder=0)
        )
    ax.add_collection(LineCollection(where.ties, colors="#9a9a9a", linewidths=0.6, alpha=0.6))
    colour = [COLOURS["nash"] if o == NASH else COLOURS["smith"] for o in s.orientation]
    follower = ~where.leader
    ax.scatter(
        where.xy[follower, 0],
        where.xy[follower, 1],
        s=marker_sizes(s.wealth[follower]),
        c=[c for c, f in zip(colour, follower, strict=True) if f],
        edgecolors="white",
        linewidths=0.4,
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
    team = np.bincount(s.leader_of[follower & (s.leader_of >= 0)], minlength=s.n_leaders)
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
    ax.set_title(f"Agents after round {model.steps}", fontsize=10)
    ax.legend(
        handles=_legend_handles(),
        loc="upper left",
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(1.0, 1.0),
    )
    return fig


def _legend_handles() -> list[Line2D]:
    def dot(colour: str, label: str, marker: str = "o", size: float = 7) -> Line2D:
        return Line2D(
            [], [], color=colour, marker=marker, linestyle="", markersize=size, label=label
        )

    return [
        dot(COLOURS["leader"], "leader", "*", 11),
        dot(COLOURS["smith"], "Smith follower"),
        dot(COLOURS["nash"], "Nash follower"),
        Line2D([], [], color="#9a9a9a", label="follows"),
        Line2D([], [], color="#c7c7e8", label="knows (network)"),
        Line2D([], [], linestyle="", label="size: wealth"),
        Line2D([], [], linestyle="", label="outer ring:\noutside option"),
    ]


@solara.component
def AgentView(model: AlignmentModel) -> None:
    """The agent view as a solara component, redrawn every step."""
    update_counter.get()
    solara.FigureMatplotlib(draw_agents(model), format="png")


@solara.component
def RoundSummary(model: AlignmentModel) -> None:
    """The round, the last round's metrics, and the parameters the model was built with."""
    update_counter.get()
    m, cfg = model.metrics, model.config
    pop = cfg.population
    leaders = ", ".join(
        f"{g.count} x {g.label} (r {g.r:g}, cut {g.cut:g}, hype {g.hype:g})" for g in cfg.leaders
    )
    solara.Markdown(
        f"""
**Round {model.steps}** of scenario `{cfg.name}`

| metric | last round |
|---|---|
| follow rate | {m["follow_rate"]:.2f} |
| contribution rate | {m["contribution_rate"]:.2f} |
| mean payoff, Smith | {m["mean_payoff_smith"]:.3f} |
| mean payoff, Nash | {m["mean_payoff_nash"]:.3f} |
| mean trust | {m["mean_trust"]:.2f} |

Built with: {pop.n_followers} followers, share_nash {pop.share_nash:g},
group_weight {pop.group_weight:g}, trust_rate {cfg.learning.trust_rate:g},
rationality {cfg.choice.rationality:g}, seed {cfg.seed}; leaders: {leaders}.
"""
    )


def _rates_axes(ax) -> None:  # noqa: ANN001 - a matplotlib Axes
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("share of followers")
    ax.set_title("Following and contributing", fontsize=10)


def _payoff_axes(ax) -> None:  # noqa: ANN001 - a matplotlib Axes
    ax.set_ylabel("payoff per round")
    ax.set_title("Mean payoff by orientation", fontsize=10)


def main_components() -> list:
    """The main area, in SolaraViz's ``components`` form: agent view, summary, two plots."""
    return [
        (AgentView, 0),
        (RoundSummary, 0),
        make_plot_component(RATES, post_process=_rates_axes, backend="matplotlib"),
        make_plot_component(PAYOFFS, post_process=_payoff_axes, backend="matplotlib"),
    ]
