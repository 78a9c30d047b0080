"""The end-of-run tables of a bar run: where learning went, and the theory beside it."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["learning_table", "print_bar_summary", "profiles_table"]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _round(value: int | None) -> str:
    return "never" if value is None else str(value)


def learning_table(summary: dict[str, Any]) -> Table:
    """Where learning started, when it left, where it ended."""
    learning = summary["learning"]
    scenario = summary["scenario"]
    tail = next(k for k in learning if k.startswith("mean_share_going_last_"))
    rounds = tail.removeprefix("mean_share_going_last_")
    table = Table(
        title=f"{scenario['name']}: {learning['rule'].replace('_', ' ')} learning, "
        f"{learning['revision']} revision, {scenario['steps']} rounds (seed {summary['seed']})"
    )
    table.add_column("")
    table.add_column("", justify="right")
    final = "".join(str(x) for x in learning["final_profile"])
    rows = [
        ("start", learning["start"]),
        ("first round away from the start", _round(learning["left_start_round"])),
        ("first round in equilibrium", _round(learning["first_equilibrium_round"])),
        ("final profile (1 = goes for the most-wanted)", final),
        ("final profile is an equilibrium", _yes(learning["final_is_equilibrium"])),
        ("share of rounds in equilibrium", f"{learning['share_of_rounds_in_equilibrium']:.2f}"),
        (f"share going for her, mean of last {rounds}", f"{learning[tail]:.3f}"),
        (
            f"group payoff, mean of last {rounds}",
            f"{learning[f'mean_group_payoff_last_{rounds}']:.3f}",
        ),
    ]
    for label, value in rows:
        table.add_row(label, value)
    return table


def profiles_table(summary: dict[str, Any]) -> Table:
    """What each head count pays the group, and whether it is an equilibrium."""
    analysis = summary["analysis"]
    some = analysis["film_profile"]["equilibrium_for_some_weight_in_0_1"]
    table = Table(title="Theory: what each profile pays the group")
    for column in ("going for her", "profiles", "group payoff", "equilibrium", ""):
        table.add_column(column, justify="right" if column != "" else "left")
    for row in analysis["profiles"]:
        note = "film's profile" if row["is_film_profile"] else ""
        if row["is_social_optimum"]:
            note = "social optimum"
        table.add_row(
            str(row["going"]),
            str(row["profiles"]),
            f"{row['group_payoff']:g}",
            _yes(row["is_equilibrium"]),
            note,
        )
    table.caption = (
        f"the film's profile is an equilibrium for {'some' if some else 'no'} group weight "
        "from 0 to 1; "
        f"mixed equilibrium: each goes with probability {analysis['mixed_probability']:.3f}"
    )
    return table


def print_bar_summary(summary: dict[str, Any], console: Console | None = None) -> None:
    """Print both tables."""
    console = console or Console()
    console.print(learning_table(summary))
    console.print(profiles_table(summary))
