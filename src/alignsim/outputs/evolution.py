"""The ``evolution`` plot of a leaderless matrix-game run, beside its own deterministic limit.

Left: the share of agents playing action 0 round by round. Where the run has
a ``mean_field`` column (well-mixed Fermi imitation) the panel draws it: the
mean field of the Fermi rule, ``x + rate x (1 - x) tanh(beta (pi_0 - pi_1) /
2)`` per round [Traulsen2006]_, the run's own large-population limit. The
replicator equation (time scaled by ``beta / 2``) is drawn only as what it is
there, the weak-selection approximation of that mean field. Right: the
trajectories of the same limit from a fan of starting shares, with the
interior rest point that splits them (0.75 in the Stag Hunt ``[[4, 0], [3,
3]]``); for a run without a known limit (a lattice, another network, another
rule), the replicator equation of a well-mixed population, titled as a
comparison. Reads the time series only; it never runs a model.
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


def _limit_fan(scenario: Scenario, payoffs: list[list[float]], fermi: bool):
    """Trajectories from a fan of starts: the run's own limit, or the well-mixed replicator."""
    rules = scenario.imitation
    if fermi:
        rounds = 60
        substeps = 1 if rules.update == "synchronous" else rules.batches
        title = f"Mean field of the Fermi rule, beta = {rules.beta:g}, rate {rules.rate:g}"
        curves = [
            replicator.fermi_mean_field_rounds(x, payoffs, rules.beta, rules.rate, rounds, substeps)
            for x in STARTS
        ]
        return np.arange(1, rounds + 1), curves, title, ROUND
    horizon = np.linspace(0.0, 10.0, 200)
    curves = [replicator.trajectory(x, payoffs, horizon) for x in STARTS]
    title = "For comparison, well mixed: replicator equation"
    return horizon, curves, title, "time (generations)"


def plot_evolution(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Write the evolution plot of a leaderless matrix-game run to ``path``."""
    payoffs = scenario.game.payoff_matrix()
    rest = replicator.interior_rest_point(payoffs)
    rules = scenario.imitation
    fermi = "mean_field" in ts
    share = ts["cooperation_rate"].to_numpy()
    source = replicator.MEAN_FIELD_SOURCE
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(16, 6.5))
        left.plot(ts["step"], share, color=SIMULATION, label="simulation")
        if fermi:
            left.plot(
                ts["step"], ts["mean_field"], color=MEAN_FIELD, linestyle="--",
                label=f"Fermi mean field ({source})",
            )  # fmt: skip
            if rules.beta > 0 and share.size > 1:
                times = rules.rate * (ts["step"].to_numpy() - ts["step"].iloc[0])
                scaled = replicator.trajectory(share[0], payoffs, 0.5 * rules.beta * times)
                left.plot(
                    ts["step"], scaled, color=REPLICATOR, linestyle=":", linewidth=2,
                    label=f"replicator, time x {0.5 * rules.beta:g}: weak-selection approximation",
                )  # fmt: skip
        if rest is not None:
            left.axhline(rest, color="black", linewidth=1.5, linestyle="-.", label=f"x* = {rest:g}")
        left.set(
            title=f"{scenario.name}: {scenario.network.kind} population",
            xlabel=ROUND,
            ylabel=cooperative_label(scenario.game.type),
            ylim=(-0.03, 1.03),
        )
        left.legend(loc="best", fontsize=11)
        x, curves, title, xlabel = _limit_fan(scenario, payoffs, fermi)
        colour = MEAN_FIELD if fermi else REPLICATOR
        for curve in curves:
            right.plot(x, curve, color=colour)
        if rest is not None:
            right.axhline(
                rest, color="black", linewidth=1.5, linestyle="-.", label=f"x* = {rest:g}"
            )
            right.legend(loc="best")
        (r, s), (t, p) = payoffs
        right.set(
            title=f"{title}\n[[{r:g}, {s:g}], [{t:g}, {p:g}]]",
            xlabel=xlabel,
            ylabel=cooperative_label(scenario.game.type),
            ylim=(-0.03, 1.03),
        )
        fig.suptitle(f"{scenario.name}: evolution of the cooperative action", fontsize=20)
        _save(fig, path)
