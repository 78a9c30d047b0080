"""The reveal as a figure: the class's contributions beside the model's and the theory's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from alignsim.outputs.plots import COLOURS, ROUND, STYLE, _save, plt
from alignsim.scenario import Scenario


def theory_lines(final: dict[str, Any]) -> dict[str, tuple[float, str]]:
    """Theory's contribution share per kind (1 or 0) when every leader group agrees.

    From the contribution threshold a* of MODEL.md: a Smith agent (a = 0)
    contributes iff a* < 0, a Nash agent iff its group weight exceeds a*.
    """
    lines = {}
    for kind, key in (("smith", "smith_contributes"), ("nash", "nash_contributes")):
        verdicts = {p[key] for p in final["theory"] if p.get(key) is not None}  # None: no team
        if len(verdicts) == 1:
            gives = verdicts.pop()
            lines[kind] = (1.0 if gives else 0.0, "contribute" if gives else "free ride")
    return lines


def plot_class(rounds: pd.DataFrame, final: dict[str, Any], scenario: Scenario, path: Path) -> Path:
    """Contribution rate per round: class, simulated agents beside it, model alone, theory."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(10, 7))
        x = rounds["round"]
        ax.plot(x, rounds["class_contribution_rate"].astype(float), color="black",
                linewidth=4, marker="o", label="the class")  # fmt: skip
        for kind in ("smith", "nash"):
            column = rounds[f"{kind}_contribution_rate"].astype(float)
            if column.notna().any():
                ax.plot(x, column, color=COLOURS[kind], marker="s",
                        label=f"{kind.capitalize()} agents beside the class")  # fmt: skip
        ax.plot(x, rounds["model_contribution_rate"].astype(float), color="#999999",
                linestyle="--", label="the model with no students")  # fmt: skip
        lines = theory_lines(final) if final["exact"] else {}
        for kind, (level, verb) in lines.items():
            ax.axhline(level, color=COLOURS[kind], linestyle=":", linewidth=2.5,
                       label=f"theory: {kind.capitalize()} agents {verb}")  # fmt: skip
        if not lines:
            ax.text(0.5, 1.01, "theory not drawn: " + (
                "leader groups disagree" if final["exact"] else "choices are noisy or the game is "
                "not linear public goods (a* gives the direction only)"),
                transform=ax.transAxes, ha="center", va="bottom", fontsize=13)  # fmt: skip
        ax.set_ylim(-0.05, 1.05)
        ax.set_xlabel(ROUND)
        ax.set_ylabel("share of team members who contributed")
        ax.set_title(f"{scenario.name}: the class beside the model", pad=28)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
        _save(fig, path)
    return path
