"""What the projector shows after a round and at the end: the class beside the model and theory.

The class is the students who followed this round; the Smith and Nash agents
are the simulated followers of each kind (students' agents excluded). Rates
follow the model's own definitions (:mod:`alignsim.model.metrics`): the
contribution rate is the share of team members who contributed, the follow
rate the share who joined a team. A group with nobody in it, or nobody in a
team, has no rate: ``None``, never 0.

The threshold a* beside each leader is the contribution threshold of MODEL.md
(:func:`alignsim.games.contribution_threshold`) at the team's size this round:
an agent with group weight a contributes iff a > a*, exactly for best
responses in the linear public goods game.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from alignsim.games import contribution_threshold
from alignsim.kinds.base import run_rounds
from alignsim.kinds.team_run import predictions
from alignsim.model import CONDITIONAL, NASH, SMITH, AlignmentModel
from alignsim.scenario import Scenario

KINDS = {"smith": SMITH, "nash": NASH, "conditional": CONDITIONAL}


def finite(value: float) -> float | None:
    """A number JSON can hold: infinities and NaN become None (missing)."""
    value = float(value)
    return value if math.isfinite(value) else None


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def theory_is_exact(scenario: Scenario) -> bool:
    """Whether a* decides exactly: best responses in the linear public goods game."""
    return scenario.game.type == "linear_public_goods" and scenario.choice.rule == "best_response"


def leader_names(model: AlignmentModel) -> list[str]:
    """A name per leader slot: the group's label, numbered when the group has several."""
    labels = model.leader_labels
    group = model.state.leader_group
    counts = np.bincount(group, minlength=len(labels))
    seen = np.zeros(len(labels), dtype=int)
    names = []
    for g in group:
        seen[g] += 1
        names.append(labels[g] if counts[g] == 1 else f"{labels[g]} {seen[g]}")
    return names


def leader_offers(model: AlignmentModel) -> list[dict[str, Any]]:
    """Each leader's pitch as followers see it before they choose (MODEL.md step 1)."""
    s = model.state
    pitch = model.pitch()
    e = model.config.population.endowment
    return [
        {
            "slot": slot,
            "name": name,
            "vision": float(s.r[slot]),
            "wiifm": float((1.0 - s.cut[slot]) * s.r[slot] * e),
            "pitch": float(pitch[slot]),
            "hype": float(s.hype[slot]),
            "cut": float(s.cut[slot]),
            "leads_by_example": bool(s.lead_by_example[slot]),
            "capacity": int(s.capacity[slot]) if np.isfinite(s.capacity[slot]) else None,
        }
        for slot, name in enumerate(leader_names(model))
    ]


def group_figures(model: AlignmentModel, mask: NDArray) -> dict[str, Any]:
    """Size, follow rate, contribution rate, mean payoff and wealth of a group of followers."""
    s = model.state
    n = int(mask.sum())
    in_team = mask & (s.leader_of >= 0)
    playing = int(in_team.sum())
    return {
        "n": n,
        "follow_rate": _ratio(playing, n),
        "contribution_rate": _ratio(int((s.contributed & in_team).sum()), playing),
        "mean_payoff": float(s.payoff[mask].mean()) if n else None,
        "mean_wealth": float(s.wealth[mask].mean()) if n else None,
    }


def groups(model: AlignmentModel, student_agents: list[int]) -> dict[str, dict[str, Any]]:
    """The class and each kind of simulated follower present in the population."""
    s = model.state
    follower = ~s.is_leader
    human = np.zeros(s.n_agents, dtype=bool)
    human[student_agents] = True
    out = {"class": group_figures(model, follower & human)}
    for kind, code in KINDS.items():
        mask = follower & ~human & (s.orientation == code)
        if mask.any():
            out[kind] = group_figures(model, mask)
    return out


def leader_results(
    model: AlignmentModel, offers: list[dict[str, Any]], student_agents: list[int]
) -> list[dict[str, Any]]:
    """Per leader: the pitch made, the team, its contributions, trust, payoff and a*."""
    s = model.state
    follower = ~s.is_leader
    human = np.zeros(s.n_agents, dtype=bool)
    human[student_agents] = True
    class_followers = follower & human
    out = []
    for offer in offers:
        slot = offer["slot"]
        team = int((s.leader_of == slot).sum())
        threshold = contribution_threshold(team, offer["vision"], offer["cut"]) if team else None
        out.append(
            {
                **offer,
                "team": team,
                "team_contribution": finite(s.team_contribution[slot]) if team else None,
                "leader_payoff": float(s.payoff[s.slot_agent[slot]]),
                "trust": float(s.trust[follower, slot].mean()) if follower.any() else None,
                "class_trust": (
                    float(s.trust[class_followers, slot].mean()) if class_followers.any() else None
                ),
                "threshold": None if threshold is None else finite(threshold),
            }
        )
    return out


def round_results(
    model: AlignmentModel, offers: list[dict[str, Any]], student_agents: list[int]
) -> dict[str, Any]:
    """Everything the projector shows about the round just played."""
    return {
        "round": int(model.steps),
        "groups": groups(model, student_agents),
        "leaders": leader_results(model, offers, student_agents),
    }


def simulated_run(scenario: Scenario, rounds: int) -> tuple[list[dict[str, Any]], list[dict]]:
    """The same scenario and seed with no students, for ``rounds`` rounds: series and theory.

    Returns the per-round contribution and follow rates (overall, Smith, Nash;
    a kind nobody holds is None) and the model's predictions at its final team
    sizes (:func:`alignsim.kinds.team_run.predictions`).
    """
    model = AlignmentModel(scenario)
    if rounds == 0:
        return [], predictions(scenario, model)
    series = run_rounds(model, rounds)
    share = {kind: series[f"share_{kind}"] for kind in ("smith", "nash")}

    def number(value: float) -> float | None:
        """A metric missing this round (NaN: nobody of the group played) is None in JSON."""
        return None if pd.isna(value) else float(value)

    rows = []
    for index, row in series.iterrows():
        rows.append(
            {
                "round": int(row["step"]),
                "contribution_rate": number(row["contribution_rate"]),
                "follow_rate": number(row["follow_rate"]),
                **{
                    f"contribution_rate_{kind}": (
                        number(row[f"contribution_rate_{kind}"]) if share[kind][index] > 0 else None
                    )
                    for kind in ("smith", "nash")
                },
            }
        )
    return rows, predictions(scenario, model)
