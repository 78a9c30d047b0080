"""The ``evolution`` plot of a leaderless matrix-game run, beside the replicator equation.

Left: the share of agents playing action 0 round by round. In a well-mixed
population under the Fermi rule the panel also draws the mean field of Fermi
imitation, ``dx/dt = x (1 - x) tanh(beta (pi_0 - pi_1) / 2)``, and the
replicator equation with its time scaled by ``beta / 2`` (the two agree for weak
selection), both from the run's first share, one unit of time being one
revision per agent (``1 / rate`` rounds). Right: the replicator equation's
trajectories from a fan of starting shares, with the interior rest point,
which splits them (0.75 in the Stag Hunt ``[[4, 0], [3, 3]]``). Reads the time
series only; it never runs a model.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from alignsim.dynamics import replicator  # noqa: E402
from alignsim.outputs.plots import ROUND, STYLE, _save  # noqa: E402
from alignsim.scenario import Scenario  # noqa: E402

SIMULATION = "#1b9e77"
MEAN_FIELD = "#7570b3"
REPLICATOR = "#d95f02"
STARTS = (0.05, 0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def cooperative_label(game_type: str) -> str:
    """The y-axis label naming action 0 the way the game's story does."""
    action = {"stag_hunt": "Stag", "prisoners_dilemma": "Cooperate"}.get(game_type, "action 0")
    return f"share playing {action} (0 to 1)"


def is_evolutionary(scenario: Scenario) -> bool:
    """Whether a run is leaderless play of a matrix game (the runs this plot is for)."""
    return not scenario.leaders and scenario.game.is_matrix


def plot_evolution(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Write the evolution plot of a leaderless matrix-game run to ``path``."""
    payoffs = scenario.game.payoff_matrix()
    rest = replicator.interior_rest_point(payoffs)
    rules = scenario.imitation
    well_mixed_fermi = scenario.network.kind == "complete" and rules.rule == "fermi"
    share = ts["cooperation_rate"].to_numpy()
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(16, 6.5))
        left.plot(ts["step"], share, color=SIMULATION, label="simulation")
        if well_mixed_fermi and rules.rate > 0 and share.size > 1:
            times = rules.rate * (ts["step"].to_numpy() - ts["step"].iloc[0])
            fermi = replicator.trajectory(share[0], payoffs, times, beta=rules.beta)
            left.plot(ts["step"], fermi, color=MEAN_FIELD, linestyle="--", label="Fermi mean field")
            if rules.beta > 0:
                scaled = replicator.trajectory(share[0], payoffs, 0.5 * rules.beta * times)
                left.plot(
                    ts["step"],
                    scaled,
                    color=REPLICATOR,
                    linestyle=":",
                    label=f"replicator, time x {0.5 * rules.beta:g}",
                )
        if rest is not None:
            left.axhline(rest, color="black", linewidth=1.5, linestyle="-.", label=f"x* = {rest:g}")
        left.set(
            title=f"{scenario.name}: {scenario.network.kind} population",
            xlabel=ROUND,
            ylabel=cooperative_label(scenario.game.type),
            ylim=(-0.03, 1.03),
        )
        left.legend(loc="best")
        horizon = np.linspace(0.0, 10.0, 200)
        for start in STARTS:
            right.plot(horizon, replicator.trajectory(start, payoffs, horizon), color=REPLICATOR)
        if rest is not None:
            right.axhline(
                rest, color="black", linewidth=1.5, linestyle="-.", label=f"x* = {rest:g}"
            )
            right.legend(loc="best")
        (r, s), (t, p) = payoffs
        right.set(
            title=f"Well mixed: replicator equation, [[{r:g}, {s:g}], [{t:g}, {p:g}]]",
            xlabel="time (generations)",
            ylabel=cooperative_label(scenario.game.type),
            ylim=(-0.03, 1.03),
        )
        fig.suptitle(f"{scenario.name}: evolution of the cooperative action", fontsize=20)
        _save(fig, path)
