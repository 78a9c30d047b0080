"""The ``lattice`` figure of a leaderless run on a lattice: the grid, and the cooperators' share.

Left: the last round's grid in the colours of Nowak and May (1992)
[NowakMay1992]_: blue a cooperator that stays a cooperator, red a defector
that stays a defector, green a defector turning cooperator, yellow a
cooperator turning defector (what each cell played in the last round, and
what it will play after the last imitation). Right: the share of cooperators
round by round; in the regime Nowak and May studied (the weak Prisoner's
Dilemma 1 / b / 0 / 0 with 1.8 < b < 2, each cell playing its 8 neighbours and
itself, then copying the best-paid of them all at once) the line
12 ln 2 - 8 = 0.318 near which the share settles on a large lattice
(docs/model.md). Outside that regime no reference line is drawn, and the
figure says why. Reads the time series and the agents table only.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from alignsim.outputs.evolution import cooperative_label  # noqa: E402
from alignsim.outputs.plots import ROUND, STYLE, _save, legend_below  # noqa: E402
from alignsim.scenario import Scenario  # noqa: E402

NOWAK_MAY_SHARE = 12 * math.log(2) - 8
"""Cooperators' share near which the Nowak-May spatial game settles, 1.8 < b < 2 [NowakMay1992]_."""
TRANSITIONS = (
    ("cooperator stays", "#1f4fd0"),
    ("defector stays", "#d62728"),
    ("defector turns cooperator", "#2ca02c"),
    ("cooperator turns defector", "#ffd92f"),
)


def nowak_may_applies(scenario: Scenario) -> bool:
    """Whether the run is the Nowak-May spatial game for which 12 ln 2 - 8 holds.

    The weak Prisoner's Dilemma (R = 1, S = P = 0, 1.8 < T < 2) with self-play,
    no leaders, on a lattice, every cell copying the best of its neighbourhood
    at once.
    """
    game, rules = scenario.game, scenario.imitation
    if scenario.leaders or not game.is_matrix:
        return False
    (reward, sucker), (temptation, punishment) = game.payoff_matrix()
    return (
        (reward, sucker, punishment) == (1.0, 0.0, 0.0)
        and 1.8 < temptation < 2.0
        and game.self_play
        and scenario.network.kind == "lattice"
        and rules.rule == "best"
        and rules.update == "synchronous"
        and rules.rate == 1.0
    )


def transitions(agents: pd.DataFrame, width: int) -> np.ndarray:
    """The grid of Nowak-May colour codes (indices into ``TRANSITIONS``), row by row.

    ``contributed`` is what each cell played in the last round,
    ``cooperates_next`` what it plays next.
    """
    before = agents["contributed"].astype(bool).to_numpy()
    after = agents["cooperates_next"].astype(bool).to_numpy()
    code = np.select([before & after, ~before & ~after, ~before & after], [0, 1, 2], default=3)
    return code.reshape(-1, width)


def plot_lattice(ts: pd.DataFrame, agents: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Write the lattice figure of a leaderless lattice run to ``path``."""
    grid = transitions(agents, scenario.lattice_width)
    share = ts["cooperation_rate"]
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(
            1, 2, figsize=(16, 7.5), gridspec_kw={"width_ratios": [1, 1.25]}
        )
        left.imshow(
            grid,
            cmap=ListedColormap([colour for _, colour in TRANSITIONS]),
            vmin=-0.5,
            vmax=len(TRANSITIONS) - 0.5,
            interpolation="nearest",
        )
        left.set(
            title=f"The grid after round {int(ts['step'].iloc[-1])}",
            xticks=[],
            yticks=[],
        )
        left.grid(False)
        left.legend(
            handles=[Patch(facecolor=c, edgecolor="black", label=n) for n, c in TRANSITIONS],
            loc="upper center", bbox_to_anchor=(0.5, -0.03), ncol=2, frameon=False,
            fontsize=13,
        )  # fmt: skip
        right.plot(ts["step"], share, color="#1f4fd0", label="simulation")
        if nowak_may_applies(scenario):
            right.axhline(
                NOWAK_MAY_SHARE, color="black", linestyle="--", linewidth=2,
                label=f"Nowak and May (1992): 12 ln 2 - 8 = {NOWAK_MAY_SHARE:.3f}",
            )  # fmt: skip
        else:
            right.text(
                0.98, 0.02, "no reference line: not the Nowak-May game (1.8 < b < 2)",
                transform=right.transAxes, ha="right", va="bottom", fontsize=12,
            )  # fmt: skip
        right.set(
            title="Share of cooperators",
            xlabel=ROUND,
            ylabel=cooperative_label(scenario.game.type),
            ylim=(-0.03, 1.03),
        )
        legend_below(right, columns=1)
        edges = "torus" if scenario.network.torus else "fixed edges"
        (reward, sucker), (temptation, punishment) = scenario.game.payoff_matrix()
        fig.suptitle(
            f"{scenario.name}: {grid.shape[0]} x {scenario.lattice_width} lattice ({edges}); "
            f"payoffs [[{reward:g}, {sucker:g}], [{temptation:g}, {punishment:g}]]",
            fontsize=18,
        )
        _save(fig, path)
