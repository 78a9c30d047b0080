"""What a run found, in a few sentences with numbers, the theory beside it where the run has one.

A report opens with these (:mod:`alignsim.outputs.report`): the reader of an
essay sees what happened before any table. Each sentence is built from the
run's own files (``summary.json``, ``timeseries.csv``); a quantity that does
not exist in the run is left out of the sentence, never written as 0. The
theory is the run's own: the contribution threshold of docs/model.md for a
team's size, return and cut (exact for best responses in the linear game, a
guide otherwise, and the sentence says which); Nowak and May's 12 ln 2 - 8 for
their spatial game only; the mean field of the Fermi rule that ran
[Traulsen2006]; the bar game's equilibria (docs/games.md).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from alignsim.outputs.lattice_plots import NOWAK_MAY_SHARE, nowak_may_applies
from alignsim.scenario import Scenario

__all__ = ["bar_findings", "leaderless_theory", "team_findings"]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def percent(value: float) -> str:
    """A share as a percentage: ``0.995`` -> ``99.5%``, ``1.0`` -> ``100%``."""
    text = f"{100 * value:.1f}".removesuffix(".0")
    return f"{text}%"


def number(value: float) -> str:
    """A number to three significant figures, whole numbers without decimals."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.3g}"


def _listed(items: Any) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _tail(summary: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The means over the last rounds, and how many rounds those are (never more than ran)."""
    key = next(k for k in summary if k.startswith("mean_last_"))
    rounds = int(key.removeprefix("mean_last_"))
    steps = summary["final"].get("step")
    return summary[key], rounds if _missing(steps) else min(rounds, int(steps))


def team_findings(summary: dict[str, Any], timeseries: pd.DataFrame | None) -> list[str]:
    """The findings of a leader-team run, or of a population without leaders."""
    if not summary["scenario"]["leaders"]:
        return leaderless_findings(summary, timeseries)
    return leader_findings(summary, timeseries)


def _by_type(values: dict[str, Any], metric: str, form: Any) -> str:
    """``Smith-style 0%, Nash-style 100%``: only the types that exist in the run."""
    parts = [
        f"{name} {form(values[f'{metric}_{key}'])}"
        for key, name in (
            ("smith", "Smith-style"),
            ("nash", "Nash-style"),
            ("conditional", "conditional cooperators"),
        )
        if not _missing(values.get(f"{metric}_{key}"))
    ]
    return ", ".join(parts)


def leader_findings(summary: dict[str, Any], timeseries: pd.DataFrame | None) -> list[str]:
    """Following, contributing, payoffs, the leader groups, the mechanisms, the threshold."""
    tail, rounds = _tail(summary)
    steps = int(summary["final"]["step"])
    out = []
    sentence = f"Over the last {rounds} of {steps} rounds" if rounds < steps else "Over all rounds"
    if not _missing(tail.get("follow_rate")):
        sentence += f", {percent(tail['follow_rate'])} of followers followed a leader"
    if not _missing(tail.get("contribution_rate")):
        by_type = _by_type(tail, "contribution_rate", percent)
        sentence += f" and {percent(tail['contribution_rate'])} of team members contributed"
        sentence += f" ({by_type})" if by_type else ""
    out.append(sentence + ".")
    payoffs = _by_type(tail, "mean_payoff", number)
    leaders = tail.get("leader_payoff")
    if payoffs or not _missing(leaders):
        text = f"Payoff per round, in endowments: followers {payoffs}" if payoffs else "Payoff"
        if not _missing(leaders):
            text += f"; leaders {number(leaders)}"
        out.append(text + ".")
    groups = [group["label"] for group in summary["scenario"]["leaders"]]
    if len(groups) > 1:
        out.append(_groups_sentence(summary, groups))
    out += _mechanisms(summary, timeseries)
    out += _threshold_sentences(summary)
    return out


def _groups_sentence(summary: dict[str, Any], groups: list[str]) -> str:
    final = summary["final"]
    parts = []
    for label in groups:
        team, trust = final.get(f"team_{label}"), final.get(f"trust_{label}")
        text = f"'{label}' {number(team)}" if not _missing(team) else f"'{label}' -"
        if not _missing(trust):
            text += f" (trust {trust:.2f})"
        parts.append(text)
    sentence = "Followers per leader group in the last round: " + ", ".join(parts) + "."
    member = [
        f"'{label}' {number(summary[_tail_key(summary)][f'member_payoff_{label}'])}"
        for label in groups
        if not _missing(summary[_tail_key(summary)].get(f"member_payoff_{label}"))
    ]
    if member:
        sentence += " Payoff per team member per round: " + ", ".join(member) + "."
    return sentence


def _tail_key(summary: dict[str, Any]) -> str:
    return next(k for k in summary if k.startswith("mean_last_"))


def _mechanisms(summary: dict[str, Any], timeseries: pd.DataFrame | None) -> list[str]:
    """A sentence per social mechanism the scenario switches on, from the whole time series."""
    scenario, out = summary["scenario"], []
    if timeseries is None or timeseries.empty:
        return out
    if scenario.get("emergence", {}).get("enabled") and "leader_turnover" in timeseries:
        total = int(timeseries["leader_turnover"].fillna(0).sum())
        out.append(f"Leaders replaced by a follower who stepped up: {total} in all.")
    if scenario.get("mentorship", {}).get("enabled") and "mentorships" in timeseries:
        out.append(
            f"Active mentorships: at most {number(timeseries['mentorships'].max())}, "
            f"{number(timeseries['mentorships'].iloc[-1])} in the last round."
        )
    network = scenario.get("network", {})
    if network.get("kind", "complete") != "complete" and "network_edges" in timeseries:
        first, last = timeseries["network_edges"].iloc[0], timeseries["network_edges"].iloc[-1]
        out.append(f"Ties in the network: {first:,.0f} after round 1, {last:,.0f} at the end.")
    return out


def _threshold_sentences(summary: dict[str, Any]) -> list[str]:
    """docs/model.md's threshold beside what each type did (MODEL.md, "Checkable facts").

    One sentence per leader group: its realised team sizes share r and cut,
    so their thresholds differ only through n and are given as a range.
    """
    rows = [row for row in summary.get("predictions", []) if row.get("team_size")]
    final, weight = summary["final"], summary["scenario"]["population"]["group_weight"]
    by_group: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_group.setdefault(row["leader_group"], []).append(row)
    out = []
    for label, group in by_group.items():
        sizes = sorted({row["team_size"] for row in group}, reverse=True)
        values = [row["threshold_group_weight"] for row in group]
        finite = [v for v in values if math.isfinite(v)]
        if not finite:
            shown = "none (no group weight makes contributing pay)"
        elif max(finite) - min(finite) < 5e-4:
            shown = f"{finite[0]:.3g}"
        else:
            shown = f"{min(finite):.3g} to {max(finite):.3g}"
        verdicts = []
        for key, name, column in (
            ("smith_contributes", "Smith-style (a = 0)", "contribution_rate_smith"),
            ("nash_contributes", f"Nash-style (a = {weight:g})", "contribution_rate_nash"),
        ):
            said = {row[key] for row in group if row.get(key) is not None}
            if len(said) != 1:
                continue
            predicted = "should contribute" if said.pop() else "should free ride"
            observed = final.get(column)
            seen = "" if _missing(observed) else f" (observed: {percent(observed)} contributed)"
            verdicts.append(f"{name} {predicted}{seen}")
        team = _listed(map(str, sizes)) if len(sizes) < 4 else f"{sizes[-1]} to {sizes[0]}"
        first = group[0]
        out.append(
            f"Theory (docs/model.md, contribution threshold): in '{label}' teams of {team} "
            f"followers, r = {first['r']:g}, cut {first['cut']:.2f}, an agent contributes iff "
            f"its group weight exceeds a* = {shown}. "
            + "; ".join(verdicts)
            + " in the last round."
            + ("" if first.get("exact") else _GUIDE)
        )
    return out


_GUIDE = (
    " The threshold is exact for best responses in the linear game; with this run's choice"
    " rule it is a guide (where contributing becomes more likely than not)."
)


def leaderless_findings(summary: dict[str, Any], timeseries: pd.DataFrame | None) -> list[str]:
    """The share playing action 0 beside the run's own limit, where one is known."""
    tail, rounds = _tail(summary)
    final = summary["final"]
    share = final.get("cooperation_rate")
    out = [
        f"The share playing the cooperative action ended at {percent(share)} "
        f"(mean of the last {rounds} rounds: {percent(tail['cooperation_rate'])}); "
        f"mean payoff {number(tail['mean_payoff'])} per round."
    ]
    return [*out, leaderless_theory(summary)]


def leaderless_theory(summary: dict[str, Any]) -> str:
    """The run's own limit where one is known without its time series, or that none is."""
    if nowak_may_applies(Scenario.model_validate(summary["scenario"])):
        return (
            f"Theory (Nowak and May 1992): on a large lattice the cooperators' share settles "
            f"near 12 ln 2 - 8 = {NOWAK_MAY_SHARE:.3f} (about 0.315 on a torus)."
        )
    if summary["final"].get("mean_field") is not None:
        return (
            "Theory: the mean field of the Fermi rule that ran (Traulsen, Nowak and Pacheco "
            f"2006), from the run's first share, ends at {percent(summary['final']['mean_field'])}."
        )
    return (
        "No deterministic limit is known for this run (a network or a rule without a "
        "mean field here); the figure's replicator curves are a comparison only."
    )


def bar_findings(summary: dict[str, Any], timeseries: pd.DataFrame | None = None) -> list[str]:
    """Where the suitors' learning went, beside the bar game's equilibria (docs/games.md)."""
    learning, analysis = summary["learning"], summary["analysis"]
    first = learning["first_equilibrium_round"]
    n = len(learning["final_profile"])
    ended = "an equilibrium" if learning["final_is_equilibrium"] else "not an equilibrium"
    reached = "never reached one" if first is None else f"first reached one in round {first}"
    film = "is" if analysis["profiles"][0]["is_equilibrium"] else "is not"
    return [
        f"The {n} suitors ended with {learning['final_going']} going for the most-wanted "
        f"({ended}); they {reached} and spent {percent(learning['share_of_rounds_in_equilibrium'])}"
        " of the rounds at an equilibrium.",
        f"Theory (docs/games.md, the bar game): the pure equilibria are the profiles where "
        f"exactly one suitor goes for her; the film's profile, nobody going, {film} an "
        f"equilibrium for the suitors' group weight.",
    ]
