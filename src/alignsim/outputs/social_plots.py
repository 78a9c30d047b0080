"""Figures of the social mechanisms: succession, changing ties, mentoring, leading by example.

Each draws what its scenario's description asks the reader to watch
(docs/model.md, "Networks, word of mouth, mentorship and emergent
leadership"): ``succession.png`` the hand-overs of emergent leadership,
marked at the rounds they happen and with successors' records apart from
their founders'; ``network.png`` the ties fading and the teams that grow
through introductions; ``mentorship.png`` the mentorships filling the
leaders' places; ``team_return.png`` what a member of each group's teams
and its whole team earn. Reads the time series only; it never runs a model.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from alignsim.outputs.plots import (  # noqa: E402
    COLOURS,
    PAYOFF,
    ROUND,
    SHARE,
    STYLE,
    _save,
    group_colours,
    group_lines,
    handover_marks,
    handover_rounds,
    legend_below,
    legend_columns,
)
from alignsim.scenario import Scenario  # noqa: E402

TRUST = "mean trust (0 to 1)"
FOLLOWERS = "followers (agents)"


def _trust_panel(ax: plt.Axes, ts: pd.DataFrame, scenario: Scenario) -> None:
    group_lines(ax, ts, scenario, "trust")
    handover_marks(ax, ts, scenario)
    ax.set(title="Followers' trust in leaders", xlabel=ROUND, ylabel=TRUST, ylim=(-0.03, 1.03))
    legend_below(ax, columns=legend_columns(scenario))


def _teams_panel(ax: plt.Axes, ts: pd.DataFrame, scenario: Scenario) -> None:
    group_lines(ax, ts, scenario, "team")
    ax.set(title="Followers per leader group", xlabel=ROUND, ylabel=FOLLOWERS)
    ax.set_ylim(bottom=0)
    legend_below(ax, columns=legend_columns(scenario))


def plot_succession(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Emergent leadership: who follows, and trust, with every hand-over marked and named."""
    colours = group_colours(scenario)
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(15, 7))
        left.plot(ts["step"], ts["follow_rate"], color=COLOURS["follow"], label="follow a leader")
        handover_marks(left, ts, scenario)
        levels = _number_handovers(left, ts, scenario, colours)
        left.set(xlabel=ROUND, ylabel=SHARE, ylim=(-0.03, 1.03))
        left.set_title("Leaders stepping down, and who follows", pad=8 + 17 * levels)
        legend_below(left, columns=1)
        _trust_panel(right, ts, scenario)
        right.set_title(right.get_title(), pad=8 + 17 * levels)  # both panels' tops level
        total = int(ts["leader_turnover"].sum())
        fig.suptitle(
            f"{scenario.name}: emergent leadership ({total} hand-over{'s' * (total != 1)})",
            fontsize=20,
        )
        _save(fig, path)


MAX_NAMED_HANDOVERS = 8
"""Hand-overs named one by one under the succession figure; more are counted."""


def _number_handovers(
    ax: plt.Axes, ts: pd.DataFrame, scenario: Scenario, colours: dict[str, tuple]
) -> int:
    """Number each hand-over above the axes and name it in the legend; returns the rows of numbers.

    The names go in the legend, below the plot, and the numbers above the
    top of the axes, so no label crosses a line: a number close to the one
    before it (within 4% of the rounds) goes one row higher.
    """
    events = sorted(
        (step, group.label)
        for group in scenario.leaders
        for step in handover_rounds(ts, group.label)
    )
    span = max(float(ts["step"].max() - ts["step"].min()), 1.0)
    rows: list[float] = []  # the last round numbered in each row
    for number, (step, label) in enumerate(events[:MAX_NAMED_HANDOVERS], start=1):
        row = next((i for i, last in enumerate(rows) if step - last > 0.04 * span), len(rows))
        if row < len(rows):
            rows[row] = step
        else:
            rows.append(step)
        ax.annotate(
            str(number), xy=(step, 1.0), xycoords=("data", "axes fraction"),
            xytext=(0, 3 + 17 * row), textcoords="offset points", ha="center", va="bottom",
            fontsize=14, fontweight="bold", color=colours[label], annotation_clip=False,
        )  # fmt: skip
        ax.plot([], [], linestyle="none", label=f"{number}: {label} hands over in round {step}")
    if len(events) > MAX_NAMED_HANDOVERS:
        more = len(events) - MAX_NAMED_HANDOVERS
        ax.plot([], [], linestyle="none", label=f"and {more} more hand-over{'s' * (more != 1)}")
    return len(rows)


def plot_network(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Changing ties: the number of ties round by round, and the teams they feed."""
    net = scenario.network
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(15, 7))
        left.plot(ts["step"], ts["network_edges"], color="#444444", label="ties in the network")
        start = int(ts["network_edges"].iloc[0])
        left.axhline(
            start, color="#444444", linestyle=":", linewidth=2, label=f"after round 1 ({start:,})"
        )
        left.set(title="Ties: idle weak ties fade", xlabel=ROUND, ylabel="ties (pairs of agents)")
        legend_below(left)
        _teams_panel(right, ts, scenario)
        rules = []
        if net.decay_rounds is not None:
            rules.append(f"a tie unused for {net.decay_rounds} rounds may fade")
        if net.introduction_rate > 0:
            rules.append(f"introductions at rate {net.introduction_rate:g}")
        fig.suptitle(
            f"{scenario.name}: {net.kind.replace('_', '-')} network; " + ", ".join(rules),
            fontsize=18,
        )
        _save(fig, path)


def plot_mentorship(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """Mentoring: active mentorships against the leaders' places, and trust in each group."""
    places = scenario.mentorship.capacity * scenario.n_leaders
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(15, 7))
        left.plot(ts["step"], ts["mentorships"], color="#6a3d9a", label="active mentorships")
        left.axhline(
            places, color="black", linestyle=":", linewidth=2,
            label=f"all places ({scenario.n_leaders} leaders x {scenario.mentorship.capacity})",
        )  # fmt: skip
        left.set(title="Mentorships", xlabel=ROUND, ylabel="mentorships (pairs)")
        left.set_ylim(0, max(places, float(ts["mentorships"].max())) * 1.08 + 0.5)
        legend_below(left)
        _trust_panel(right, ts, scenario)
        fig.suptitle(f"{scenario.name}: mentoring and trust", fontsize=20)
        _save(fig, path)


def plot_team_return(ts: pd.DataFrame, scenario: Scenario, path: Path) -> None:
    """What each group's teams return: to one member, and to all its members together.

    Left, the mean payoff of a member; right, the members' payoffs summed
    (members times that mean): a team that draws more followers returns more
    in all even when each member gets the same. A group with no members in a
    round has no return that round: its line breaks.
    """
    outside = scenario.choice.outside_option * scenario.population.endowment
    totals = ts.copy()
    for group in scenario.leaders:
        label = group.label
        totals[f"member_payoff_{label}"] = ts[f"team_{label}"] * ts[f"member_payoff_{label}"]
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(15, 7))
        group_lines(left, ts, scenario, "member_payoff")
        left.axhline(outside, color="black", linestyle=":", linewidth=2, label="outside option")
        left.set(title="Return to one member", xlabel=ROUND, ylabel=PAYOFF)
        legend_below(left, columns=legend_columns(scenario) + 1)
        group_lines(right, totals, scenario, "member_payoff")
        right.set(
            title="Return to the whole team",
            xlabel=ROUND,
            ylabel="members' payoffs, summed (endowments)",
        )
        right.set_ylim(bottom=0)
        legend_below(right, columns=legend_columns(scenario))
        examples = [g.label for g in scenario.leaders if g.lead_by_example]
        note = f" ({', '.join(examples)} leads by example)" if examples else ""
        fig.suptitle(f"{scenario.name}: what each team returns{note}", fontsize=20)
        _save(fig, path)
