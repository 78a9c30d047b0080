"""The end-of-run table a class reads: outcomes by orientation and role, and the theory."""

from __future__ import annotations

import math
from typing import Any

from rich.console import Console
from rich.table import Table

from alignsim.outputs.metric_words import words

COUNTS = ("team_", "leader_turnover", "mentorships", "network_edges")  # whole numbers


DASH = "-"  # a quantity that does not exist in the run (JSON null, NaN)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _fmt(value: float | None, spec: str = ".3f") -> str:
    """A number for the table; a dash for a missing one, never 0."""
    return DASH if _missing(value) else format(value, spec)


def summary_columns(summary: dict[str, Any], keep_missing: bool = False) -> list[str]:
    """The columns a leader run's table shows, in order: only what the scenario has.

    A per-group row appears with more than one leader group, a mechanism's row
    when the scenario switches it on; a row whose quantity is missing in the
    last round and in the last rounds' mean (a group that never existed) is
    left out of the terminal's table, and kept (as dashes) with
    ``keep_missing``, as the report does. Their words are
    :mod:`alignsim.outputs.metric_words`'.
    """
    final = summary["final"]
    tail = summary[next(k for k in summary if k.startswith("mean_last_"))]
    columns = [
        "follow_rate",
        "contribution_rate",
        "mean_payoff_smith",
        "mean_payoff_nash",
        "leader_payoff",
        "follower_payoff",
        "mean_payoff",
        "mean_trust",
    ]
    scenario = summary["scenario"]
    if scenario["population"].get("share_conditional", 0) > 0:
        columns.insert(4, "mean_payoff_conditional")
    groups = [group["label"] for group in scenario["leaders"]]
    if len(groups) > 1:
        columns += [f"team_{label}" for label in groups]
    columns += [key for key, on in _social_rows(scenario) if on]
    return [
        key
        for key in columns
        if key in final and (keep_missing or not (_missing(final[key]) and _missing(tail.get(key))))
    ]


def summary_table(summary: dict[str, Any]) -> Table:
    """Final metrics (last round and mean of the last rounds) in one table."""
    final = summary["final"]
    tail_key = next(k for k in summary if k.startswith("mean_last_"))
    tail = summary[tail_key]
    rounds = tail_key.removeprefix("mean_last_")
    table = Table(
        title=f"{summary['scenario']['name']} after {int(final['step'])} rounds "
        f"(seed {summary['seed']})"
    )
    table.add_column("metric")
    table.add_column("last round", justify="right")
    table.add_column(f"mean, last {rounds}", justify="right")
    for key in summary_columns(summary):
        label = words(key).name
        if key.startswith(COUNTS):
            table.add_row(label, _fmt(final[key], ".0f"), _fmt(tail.get(key), ".1f"))
        else:
            table.add_row(label, _fmt(final[key]), _fmt(tail.get(key)))
    wealth = summary["wealth"]
    if not _missing(wealth["smith_mean"]) and not _missing(wealth["nash_mean"]):
        table.add_row(
            "wealth per agent, Smith / Nash",
            f"{wealth['smith_mean']:.1f} / {wealth['nash_mean']:.1f}",
            "",
        )
    return table


def _social_rows(scenario: dict[str, Any]) -> list[tuple[str, bool]]:
    """Columns of the social mechanisms, each shown only when the scenario switches it on."""
    network = scenario.get("network", {}).get("kind", "complete") != "complete"
    return [
        ("leader_turnover", scenario.get("emergence", {}).get("enabled", False)),
        ("mentorships", scenario.get("mentorship", {}).get("enabled", False)),
        ("network_edges", network),
        ("network_clustering", network),
    ]


def _threshold_text(value: float | None) -> str:
    """The threshold, or what an infinite one means (JSON holds those as null)."""
    if value is None:
        return DASH
    if not math.isfinite(value):
        return "any" if value < 0 else "none"
    return f"{value:.3f}"


def _verdict(contributes: bool | None) -> str:
    return DASH if contributes is None else "contributes" if contributes else "free rides"


def threshold_table(summary: dict[str, Any]) -> Table:
    """The contribution threshold (docs/model.md) beside what the agents did.

    One row per realised team (the last round's); a column per preference
    type present among the followers; a dash where a leader has no team.
    """
    weight = summary["scenario"]["population"]["group_weight"]
    final = summary["final"]
    rows = summary["predictions"]
    types = [
        (name, key, column)
        for name, key, column in (
            ("Smith", "smith_contributes", "Smith a=0"),
            ("Nash", "nash_contributes", f"Nash a={weight:g}"),
        )
        if final.get(f"share_{name.lower()}", 0) > 0
    ]
    table = Table(title="Theory: contribute iff group weight > threshold")
    for column in ("leaders", "team", "r", "cut", "a*", *(c for _, _, c in types)):
        table.add_column(column, justify="right" if column != "leaders" else "left")
    for row in rows:
        count = row.get("leaders", 1)
        table.add_row(
            row["leader_group"] + (f" ({count})" if count > 1 else ""),
            DASH if row["team_size"] is None else str(row["team_size"]),
            f"{row['r']:g}",
            f"{row['cut']:.2f}",
            _threshold_text(row["threshold_group_weight"]),
            *(_verdict(row[key]) for _, key, _ in types),
        )
    observed = [
        f"{name} {_fmt(final.get(f'contribution_rate_{name.lower()}'), '.2f')}"
        for name, _, _ in types
    ]
    table.caption = "observed contribution: " + ", ".join(observed)
    return table


def evolution_table(summary: dict[str, Any]) -> Table:
    """A leaderless matrix-game run: the share playing action 0 and the payoffs."""
    final = summary["final"]
    tail_key = next(k for k in summary if k.startswith("mean_last_"))
    tail = summary[tail_key]
    table = Table(
        title=f"{summary['scenario']['name']} after {int(final['step'])} rounds "
        f"(seed {summary['seed']})"
    )
    table.add_column("metric")
    table.add_column("last round", justify="right")
    table.add_column(f"mean, last {tail_key.removeprefix('mean_last_')}", justify="right")
    for key in ("cooperation_rate", "mean_payoff"):
        table.add_row(words(key).name, _fmt(final[key]), _fmt(tail.get(key)))
    return table


def print_summary(summary: dict[str, Any], console: Console | None = None) -> None:
    """Print both tables of a leader-team run (a run without leaders: the evolution table)."""
    console = console or Console()
    if not summary["scenario"]["leaders"]:
        console.print(evolution_table(summary))
        return
    console.print(summary_table(summary))
    console.print(threshold_table(summary))
