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
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from mesa.visualization.utils import update_counter  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

from alignsim.model import NASH, AlignmentModel  # noqa: E402
from alignsim.outputs.plots import COLOURS  # noqa: E402
from alignsim.viz.layout import (  # noqa: E402
    OUTSIDE_RING,
    layout,
    marker_sizes,
    strategy_classes,
)

DPI = 80
MAX_SHOWN = 2000
RATES = {"follow_rate": COLOURS["follow"], "contribution_rate": COLOURS["contribute"]}
PAYOFFS = {"mean_payoff_smith": COLOURS["smith"], "mean_payoff_nash": COLOURS["nash"]}
# Nowak and May's colours, by strategy class (alignsim.viz.layout.strategy_classes).
CLASS_COLOURS = ("#1f3fd1", "#21a336", "#d62020", "#f2d20c")
CLASS_LABELS = ("cooperator", "new cooperator", "defector", "new defector")
CLASS_RGB = np.array(
    [[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in CLASS_COLOURS], dtype=np.uint8
)
COOPERATION = {"cooperation_rate": CLASS_COLOURS[0]}


def is_leaderless(model: AlignmentModel) -> bool:
    """Whether the model is a classic game without leaders (agents play strategies)."""
    return model.state.n_leaders == 0 and model.state.strategy is not None


def draw_agents(model: AlignmentModel) -> Figure:
    """Leaders and followers, coloured by orientation, sized by wealth, tied to their leader.

    Args:
        model: the model to draw.

    Without leaders, the agents' strategies instead (:func:`draw_strategies`).

    Returns:
        A matplotlib figure (not attached to pyplot, so nothing leaks between redraws).

    """
    if is_leaderless(model):
        return draw_strategies(model)
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


def draw_strategies(model: AlignmentModel) -> Figure:
    """The strategies of a population without leaders, coloured as Nowak and May coloured them.

    Blue: a cooperator that cooperated last round too; red: a defector that
    defected; green: a new cooperator; yellow: a new defector. On a lattice,
    one pixel per cell (an image, fast at 200 x 200); otherwise one bar split
    into the shares of the four classes.
    """
    s, cfg = model.state, model.config
    classes = strategy_classes(s, first_round=model.steps == 0)
    fig = Figure(figsize=(6.4, 4.9), dpi=DPI)
    cooperators = float(np.mean(s.strategy)) if s.strategy.size else 0.0
    title = f"Strategies after round {model.steps}: {cooperators:.1%} cooperate"
    if cfg.network.kind == "lattice":
        width = cfg.lattice_width
        ax = fig.add_axes((0.01, 0.01, 0.69, 0.9))
        ax.imshow(CLASS_RGB[classes.reshape(-1, width)], interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title, fontsize=10)
    else:
        ax = fig.add_axes((0.05, 0.35, 0.62, 0.3))
        shares = np.bincount(classes, minlength=4) / max(classes.size, 1)
        left = np.concatenate([[0.0], np.cumsum(shares)[:-1]])
        ax.barh([0], shares, left=left, color=CLASS_COLOURS, height=0.8)
        for start, share in zip(left, shares, strict=True):
            if share >= 0.06:
                ax.text(
                    start + share / 2,
                    0,
                    f"{share:.0%}",
                    ha="center",
                    va="center",
                    color="white",
                    fontsize=9,
                    fontweight="bold",
                )
        ax.set_xlim(0, 1)
        ax.set_yticks([])
        ax.set_xlabel("share of agents")
        ax.set_title(f"{title}\n(well mixed)" if s.adjacency is None else title, fontsize=10)
    handles = [Patch(color=c, label=t) for c, t in zip(CLASS_COLOURS, CLASS_LABELS, strict=True)]
    handles.append(Line2D([], [], linestyle="", label="new: changed its\nstrategy this round"))
    ax.legend(
        handles=handles,
        loc="upper left",
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(1.02, 1.0),
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
    (KaTeX) that is not among the locally served front-end files. Without
    leaders: the cooperation rate and the game (:func:`leaderless_summary`).
    """
    if is_leaderless(model):
        return leaderless_summary(model)
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
    return _summary_page(model, rows, built)


def leaderless_summary(model: AlignmentModel) -> str:
    """The summary of a population without leaders: cooperation, payoff, game and network."""
    m, cfg, s = model.metrics, model.config, model.state
    (reward, sucker), (temptation, punishment) = cfg.game.payoff_matrix() or [[0, 0], [0, 0]]
    rows = "".join(
        f"<tr><td>{name}</td><td style='text-align:right'>{value}</td></tr>"
        for name, value in (
            ("cooperation rate", f"{m['cooperation_rate']:.3f}"),
            ("mean payoff", f"{m['mean_payoff']:.3f}"),
            ("cooperating next round", f"{float(np.mean(s.strategy)):.3f}"),
        )
    )
    network = cfg.network.kind
    if network == "lattice":
        width = cfg.lattice_width
        network += f" {width} x {s.n_agents // width}" + (", torus" if cfg.network.torus else "")
    built = (
        f"{s.n_agents} agents, share_cooperators {cfg.population.share_cooperators:g}, "
        f"game {cfg.game.type} (R {reward:g}, S {sucker:g}, T {temptation:g}, "
        f"P {punishment:g}), network {network}, imitation {cfg.imitation.rule} "
        f"(rate {cfg.imitation.rate:g}), seed {cfg.seed}."
    )
    return _summary_page(model, rows, built)


def _summary_page(model: AlignmentModel, rows: str, built: str) -> str:
    return (
        f"<p><b>Round {model.steps}</b> of scenario <code>{escape(model.config.name)}</code></p>"
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


@solara.component
def CooperationPlot(model: AlignmentModel) -> None:
    """Without leaders: the share of agents who cooperated, round by round."""
    update_counter.get()
    fig = draw_series(model, COOPERATION, "Cooperation", "share of agents", True)
    solara.FigureMatplotlib(fig, format="png")


def main_components(model: AlignmentModel | None = None) -> list:
    """The main area, in SolaraViz's ``components`` form: agent view, summary and plots.

    With leaders two plots (following and contributing, payoffs by
    orientation); without leaders (``model`` leaderless) one, of cooperation.
    """
    if model is not None and is_leaderless(model):
        return [(AgentView, 0), (RoundSummary, 0), (CooperationPlot, 0)]
    return [(AgentView, 0), (RoundSummary, 0), (RatesPlot, 0), (PayoffPlot, 0)]
