"""What each page is sent: a student's view of their seat, the projector's view of the class.

Plain dictionaries, turned into JSON by the web app. A student sees only their
own seat, the leaders offered to them and their own results; the projector
(the teacher's page) sees the roster, who has answered and every result.
"""

from __future__ import annotations

from typing import Any

from alignsim.classroom import results
from alignsim.classroom.decisions import LEADER
from alignsim.classroom.session import OPEN, ClassSession, Seat


def _seconds_left(session: ClassSession) -> float | None:
    if session.round is None:
        return None
    return max(0.0, round(session.round.deadline - session.clock(), 1))


def _my_last_round(session: ClassSession, seat: Seat) -> dict[str, Any] | None:
    """The seat's own result in the last round it played, or None before its first."""
    decision = session.last_decision.get(seat.number)
    if decision is None or decision.round != session.model.steps:
        return None
    s = session.model.state
    leads = (s.slot_agent == seat.agent).nonzero()[0]
    slot = int(leads[0]) if leads.size else int(s.leader_of[seat.agent])
    names = results.leader_names(session.model)
    # a leader with a capacity takes the most trusting requests first (MODEL.md step 3):
    # a student it declined stays out, and is told which leader was full
    declined = decision.role != LEADER and decision.leader >= 0 and slot < 0
    return {
        "round": decision.round,
        "role": decision.role,
        "default": decision.default,
        "payoff": float(s.payoff[seat.agent]),
        "wealth": float(s.wealth[seat.agent]),
        "contributed": bool(s.contributed[seat.agent]),
        "leader": names[slot] if slot >= 0 and decision.role != LEADER else None,
        "full": names[decision.leader] if declined else None,
        "team": int((s.leader_of == slot).sum()) if slot >= 0 else None,
        "team_contribution": (
            results.finite(s.team_contribution[slot])
            if slot >= 0 and (s.leader_of == slot).any()
            else None
        ),
    }


def student_view(session: ClassSession, seat: Seat) -> dict[str, Any]:
    """Everything a student's phone shows: the open round's choice or the last results."""
    view: dict[str, Any] = {
        "phase": session.phase,
        "seat": seat.number,
        "name": seat.name,
        "role": session.role_of(seat),
        "round": None,
        "last": _my_last_round(session, seat),
    }
    current = session.round
    if session.phase == OPEN and current is not None:
        role = current.roles.get(seat.number)
        mine = current.decisions.get(seat.number)
        s = session.model.state
        offered = set(current.offered.get(seat.number, []))
        view["round"] = {
            "number": current.number,
            "seconds_left": _seconds_left(session),
            "playing": role is not None,
            "role": role,
            "answered": mine is not None,
            "choice": None if mine is None else mine.choice(),
            "offers": [
                {**offer, "trust": float(s.trust[seat.agent, offer["slot"]])}
                for offer in current.offers
                if offer["slot"] in offered
            ],
            "hype_max": session.model.config.learning.max_hype,
        }
        if role == LEADER:
            slot = int((s.slot_agent == seat.agent).nonzero()[0][0])
            view["round"]["my_offer"] = current.offers[slot]
    return view


def projector_view(session: ClassSession) -> dict[str, Any]:
    """Everything the projector shows: code, roster, answered count, every round's results."""
    current = session.round
    scenario = session.scenario
    return {
        "phase": session.phase,
        "code": session.code,
        "scenario": {
            "name": scenario.name,
            "group_weight": scenario.population.group_weight,
            "exact": results.theory_is_exact(scenario),
            "rule": scenario.choice.rule,
            "game": scenario.game.type,
        },
        "seats": [
            {
                "number": seat.number,
                "name": seat.name,
                "role": session.role_of(seat),
                "answered": current is not None and seat.number in current.decisions,
            }
            for seat in session.seats
        ],
        "round": (
            None
            if current is None
            else {
                "number": current.number,
                "answered": len(current.decisions),
                "playing": len(current.roles),
                "seconds_left": _seconds_left(session),
                "offers": current.offers,
            }
        ),
        "history": session.history,
        "written": session.written,
    }


def final_view(session: ClassSession) -> dict[str, Any]:
    """The reveal: the class's trajectory beside the model with no students, and the theory."""
    rounds = len(session.history)
    simulated, theory = results.simulated_run(session.scenario, rounds)
    return {
        "rounds": rounds,
        "class": [
            {"round": played["round"], **played["groups"]["class"]} for played in session.history
        ],
        "session": [
            {
                "round": played["round"],
                **{
                    f"contribution_rate_{kind}": played["groups"][kind]["contribution_rate"]
                    for kind in ("smith", "nash")
                    if kind in played["groups"]
                },
            }
            for played in session.history
        ],
        "simulated": simulated,
        "theory": theory,
        "exact": results.theory_is_exact(session.scenario),
        "group_weight": session.scenario.population.group_weight,
    }
