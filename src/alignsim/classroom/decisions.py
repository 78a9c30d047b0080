"""What a student may send, checked on the server, and what an absent student plays.

A follower sends ``{"round": R, "leader": SLOT or -1, "contribute": true/false}``:
a leader among those offered this round, or -1 to stay out (then nothing is
contributed). A leader sends ``{"round": R, "hype": H, "cut": C}``. Anything
else is refused with one line saying which key was wrong and what was expected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from alignsim.model.human import STAY_OUT

FOLLOWER, LEADER = "follower", "leader"
NAME_MAX = 24


class DecisionError(ValueError):
    """A request the session refuses; ``str()`` is one line for the student or teacher."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Decision:
    """One seat's choice in one round."""

    round: int
    seat: int
    role: str
    leader: int = STAY_OUT
    contribute: bool = False
    hype: float | None = None
    cut: float | None = None
    default: bool = False
    seconds: float | None = None  # from the round's opening to the decision

    def choice(self) -> dict[str, Any]:
        """The choice alone, as the student sent it (for comparing a repeated request)."""
        if self.role == LEADER:
            return {"hype": self.hype, "cut": self.cut}
        return {"leader": self.leader, "contribute": self.contribute}


def clean_name(raw: Any) -> str:
    """A display name: 1 to 24 printable characters. Escaped by the pages, never trusted."""
    if not isinstance(raw, str):
        raise DecisionError("name: expected text")
    name = " ".join(raw.split())
    if not name:
        raise DecisionError("name: please type a name")
    if len(name) > NAME_MAX:
        raise DecisionError(f"name: at most {NAME_MAX} characters")
    if not name.isprintable():
        raise DecisionError("name: letters, digits and punctuation only")
    return name


def _number(payload: dict[str, Any], key: str, low: float, high: float) -> float:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DecisionError(f"{key}: expected a number from {low:g} to {high:g}")
    if not low <= value <= high:
        raise DecisionError(f"{key}: expected a number from {low:g} to {high:g}, got {value:g}")
    return float(value)


def parse_decision(
    payload: Any,
    *,
    round_open: int,
    seat: int,
    role: str,
    offered: list[int],
    seconds: float,
    hype_max: float,
) -> Decision:
    """Check a student's request against the open round and the seat's role and options.

    Args:
        payload: the decoded JSON body.
        round_open: the round now open.
        seat: the student's seat number.
        role: ``"follower"`` or ``"leader"``, the seat's role this round.
        offered: the leader slots this follower may choose this round.
        seconds: time since the round opened.
        hype_max: the most a leader may oversell (the scenario's ``learning.max_hype``).

    Raises:
        DecisionError: anything not as expected, in one line.

    """
    if not isinstance(payload, dict):
        raise DecisionError("expected a JSON object")
    sent_round = payload.get("round")
    if isinstance(sent_round, bool) or not isinstance(sent_round, int):
        raise DecisionError("round: expected the round number")
    if sent_round != round_open:
        raise DecisionError(f"round: round {sent_round} is not open (round {round_open} is)", 409)
    if role == LEADER:
        hype = _number(payload, "hype", 0.0, hype_max)
        cut = _number(payload, "cut", 0.0, 1.0)
        return Decision(sent_round, seat, LEADER, hype=hype, cut=cut, seconds=seconds)
    leader = payload.get("leader")
    if isinstance(leader, bool) or not isinstance(leader, int):
        raise DecisionError("leader: expected a leader's number, or -1 to stay out")
    if leader != STAY_OUT and leader not in offered:
        raise DecisionError(f"leader: {leader} is not one of the leaders offered to you")
    contribute = payload.get("contribute", False)
    if not isinstance(contribute, bool):
        raise DecisionError("contribute: expected true or false")
    if leader == STAY_OUT and contribute:
        raise DecisionError("contribute: you stay out, so there is no team to contribute to")
    return Decision(
        sent_round, seat, FOLLOWER, leader=leader, contribute=contribute, seconds=seconds
    )


def default_decision(round_number: int, seat: int, role: str, hype: float, cut: float) -> Decision:
    """What a student who did not answer in time plays, recorded with ``default=True``.

    A follower stays out and keeps the endowment (the outside option: an absent
    student takes no part); a leader keeps last round's hype and cut.
    """
    if role == LEADER:
        return Decision(round_number, seat, LEADER, hype=hype, cut=cut, default=True)
    return Decision(round_number, seat, FOLLOWER, default=True)
