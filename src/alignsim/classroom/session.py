"""A classroom session: seats, rounds, decisions and the model they drive.

Students take the places of simulated followers of the scenario's population
(the last followers first), so the population is the scenario's and the other
places are played by the simulated Smith and Nash agents the scenario
describes. The teacher can seat a student in a leader's place instead. Each
round the students' choices replace the simulated ones of their agents
(:mod:`alignsim.model.human`) in the model's own round,
:meth:`alignsim.model.AlignmentModel.step`: there is no second implementation.

Every change goes through one path: a public method checks the request, builds
an event, appends it to the journal (:mod:`alignsim.classroom.journal`) and
applies it. Resuming replays the journal through the same ``_apply``.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alignsim.classroom import results
from alignsim.classroom.decisions import (
    FOLLOWER,
    LEADER,
    Decision,
    DecisionError,
    clean_name,
    default_decision,
    parse_decision,
)
from alignsim.classroom.journal import JOURNAL, Journal
from alignsim.model import AlignmentModel
from alignsim.model.human import HumanChoices
from alignsim.outputs.ownership import OutputFolder
from alignsim.scenario import Scenario, ScenarioError

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: read from a projector, they look like 1, 0
LOBBY, OPEN, RESULTS, ENDED = "lobby", "open", "results", "ended"


@dataclass
class Seat:
    """A student: a seat number (join order), a name, a secret token and the agent they play."""

    number: int
    name: str
    token: str
    agent: int


@dataclass
class Round:
    """A round while it is open."""

    number: int
    opened: float
    deadline: float
    roles: dict[int, str]
    offered: dict[int, list[int]]
    offers: list[dict[str, Any]]
    decisions: dict[int, Decision] = field(default_factory=dict)


def new_code() -> str:
    """A four-letter join code."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(4))


class ClassSession:
    """The state of one classroom session, kept in memory and journalled to its folder."""

    def __init__(
        self,
        scenario: Scenario,
        folder: Path,
        *,
        seconds: float = 60.0,
        keep_names: bool = False,
        code: str | None = None,
        teacher_token: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not scenario.leaders:
            raise ScenarioError(scenario.name, "leaders", "a class plays in leaders' teams")
        self.scenario = scenario
        self.folder = Path(folder)
        self.seconds = float(seconds)
        self.keep_names = keep_names
        self.code = code or new_code()
        self.teacher_token = teacher_token or secrets.token_urlsafe(16)
        self.clock = clock
        self.model = AlignmentModel(scenario)
        self.seats: list[Seat] = []
        self.by_token: dict[str, Seat] = {}
        self.round: Round | None = None
        self.phase = LOBBY
        self.history: list[dict[str, Any]] = []
        self.decisions: list[Decision] = []
        self.last_decision: dict[int, Decision] = {}  # each seat's latest, for its page
        self.pitches: dict[int, tuple[float, float]] = {}  # a student leader's hype and cut
        self.written: str | None = None  # where the run folder went, once ended
        self.journal = Journal(self.folder)
        self._replaying = False

    # --- creating and resuming ----------------------------------------------------------

    @classmethod
    def create(cls, scenario: Scenario, folder: Path, **options: Any) -> ClassSession:
        """Start a new session in ``folder``: a new or empty folder, claimed as alignsim's."""
        session = cls(scenario, folder, **options)
        session.claim_folder()
        session._record(
            {
                "event": "session",
                "scenario": scenario.model_dump(mode="json"),
                "code": session.code,
                "teacher_token": session.teacher_token,
                "seconds": session.seconds,
                "keep_names": session.keep_names,
            }
        )
        return session

    def claim_folder(self) -> None:
        """Make the folder alignsim's for this session (:mod:`alignsim.outputs.ownership`).

        Its manifest names the session (kind ``class``, id the join code) and
        owns the journal, which only this session appends to; a folder holding
        anything else is refused in one line before anything is written.
        """
        OutputFolder.claim(self.folder, "class", self.code, patterns=(JOURNAL,))

    def warm_up(self) -> None:
        """Play a round of a copy of the model: compiling its kernels does not delay round 1."""
        AlignmentModel(self.scenario).step()

    @classmethod
    def resume(cls, folder: Path, clock: Callable[[], float] = time.time) -> ClassSession:
        """Rebuild a session from its journal: same seats, same rounds, same model."""
        journal = Journal(folder)
        if not journal.exists():
            raise ScenarioError(str(folder), None, "no classroom session here (no session.jsonl)")
        events = journal.read()
        first = events[0] if events else {}
        if first.get("event") != "session":
            raise ScenarioError(str(journal.path), "line 1", "expected the session's settings")
        session = cls(
            Scenario.model_validate(first["scenario"]),
            folder,
            seconds=first["seconds"],
            keep_names=first["keep_names"],
            code=first["code"],
            teacher_token=first["teacher_token"],
            clock=clock,
        )
        session.claim_folder()
        session._replaying = True
        for event in events[1:]:
            session._apply(event)
        session._replaying = False
        if session.round is not None:  # a round left open: it gets a fresh timer
            session.round.deadline = clock() + session.seconds
        return session

    def _record(self, event: dict[str, Any]) -> None:
        """Journal an event (on disk before anyone is told), then apply it."""
        event = {**event, "at": event.get("at", self.clock())}
        if not self._replaying:
            self.journal.append(event)
        self._apply(event)

    # --- seats ----------------------------------------------------------------------------

    def seat(self, token: str | None) -> Seat:
        """The seat a token belongs to."""
        seat = self.by_token.get(token or "")
        if seat is None:
            raise DecisionError("unknown seat: join the class first", 403)
        return seat

    def role_of(self, seat: Seat) -> str:
        """Whether the seat's agent leads or follows now (leaders can change in the model)."""
        return LEADER if self.model.state.is_leader[seat.agent] else FOLLOWER

    def _free_agent(self, role: str) -> int:
        taken = {seat.agent for seat in self.seats}
        s = self.model.state
        if role == LEADER:
            free = [int(a) for a in s.slot_agent if int(a) not in taken]
        else:
            free = [a for a in range(s.n_agents - 1, -1, -1) if not s.is_leader[a]]
            free = [a for a in free if a not in taken]
        if not free:
            places = s.n_leaders if role == LEADER else s.n_agents - s.n_leaders
            raise DecisionError(f"no {role}'s place left: this scenario has {places}", 409)
        return free[0]

    def join(self, code: Any, name: Any) -> Seat:
        """Seat a student who gives the join code and a name (no account)."""
        if not isinstance(code, str) or code.strip().upper() != self.code:
            raise DecisionError("code: that is not this class's code", 403)
        if self.phase == ENDED:
            raise DecisionError("the session has ended", 409)
        name = clean_name(name)
        agent = self._free_agent(FOLLOWER)
        token = secrets.token_urlsafe(16)
        self._record(
            {"event": "join", "seat": len(self.seats) + 1, "name": name, "token": token,
             "agent": agent}
        )  # fmt: skip
        return self.seats[-1]

    def set_role(self, number: Any, role: Any) -> Seat:
        """The teacher seats a student as a leader or a follower (between rounds)."""
        if role not in (LEADER, FOLLOWER):
            raise DecisionError("role: expected leader or follower")
        if isinstance(number, bool) or not isinstance(number, int):
            raise DecisionError("seat: expected a seat number")
        if not 1 <= number <= len(self.seats):
            raise DecisionError(f"seat: no seat {number}")
        if self.phase in (OPEN, ENDED):
            raise DecisionError("roles change between rounds", 409)
        seat = self.seats[number - 1]
        if self.role_of(seat) != role:
            agent = self._free_agent(role)
            self._record({"event": "role", "seat": number, "agent": agent})
        return seat

    # --- rounds ---------------------------------------------------------------------------

    def start_round(self) -> Round:
        """Open the next round (the teacher's button)."""
        if self.phase == OPEN:
            raise DecisionError("a round is already open", 409)
        if self.phase == ENDED:
            raise DecisionError("the session has ended", 409)
        self._record({"event": "open", "round": int(self.model.steps) + 1})
        assert self.round is not None
        return self.round

    def decide(self, token: str | None, payload: Any) -> Decision:
        """Record a student's decision; a repeat of the same decision counts once."""
        seat = self.seat(token)
        self.tick()
        current = self.round
        if current is None:
            raise DecisionError("no round is open: wait for your teacher", 409)
        role = current.roles[seat.number] if seat.number in current.roles else None
        if role is None:
            raise DecisionError("you joined during this round: you play from the next one", 409)
        decision = parse_decision(
            payload,
            round_open=current.number,
            seat=seat.number,
            role=role,
            offered=current.offered.get(seat.number, []),
            seconds=round(self.clock() - current.opened, 3),
            hype_max=self.model.config.learning.max_hype,
        )
        earlier = current.decisions.get(seat.number)
        if earlier is not None:
            if earlier.choice() == decision.choice():
                return earlier
            raise DecisionError("you have already answered this round", 409)
        self._record({"event": "decision", "round": current.number, "seat": seat.number,
                      "choice": decision.choice(), "seconds": decision.seconds})  # fmt: skip
        if len(current.decisions) == len(current.roles):
            self.close_round()
        return current.decisions[seat.number]

    def tick(self) -> None:
        """Close the open round if its time is up (called on every request and by a timer)."""
        if self.round is not None and self.clock() >= self.round.deadline:
            self.close_round()

    def close_round(self) -> None:
        """Close the open round: absent students play the default; the model plays the round."""
        if self.round is None:
            raise DecisionError("no round is open", 409)
        self._record({"event": "close", "round": self.round.number})

    def end(self) -> None:
        """End the session (after closing an open round)."""
        if self.round is not None:
            self.close_round()
        if self.phase != ENDED:
            self._record({"event": "end"})

    # --- applying events ------------------------------------------------------------------

    def _apply(self, event: dict[str, Any]) -> None:
        kind = event["event"]
        if kind == "join":
            seat = Seat(event["seat"], event["name"], event["token"], event["agent"])
            self.seats.append(seat)
            self.by_token[seat.token] = seat
        elif kind == "role":
            self.seats[event["seat"] - 1].agent = event["agent"]
        elif kind == "open":
            self._open(event["round"], event["at"])
        elif kind == "decision":
            self._take(event)
        elif kind == "close":
            self._close()
        elif kind == "end":
            self.phase = ENDED

    def _open(self, number: int, at: float) -> None:
        s = self.model.state
        roles = {seat.number: self.role_of(seat) for seat in self.seats}
        offered = {}
        for seat in self.seats:
            heard = [
                slot
                for slot in range(s.n_leaders)
                if (s.hears is None or s.hears[seat.agent, slot])
                and (s.banned_until is None or s.banned_until[seat.agent, slot] <= self.model.steps)
            ]
            offered[seat.number] = heard
        offers = results.leader_offers(self.model)
        self._patch_offers(offers)
        self.round = Round(number, at, at + self.seconds, roles, offered, offers)
        self.phase = OPEN

    def _take(self, event: dict[str, Any]) -> None:
        assert self.round is not None
        seat = self.seats[event["seat"] - 1]
        choice = event["choice"]
        role = self.round.roles[seat.number]
        self.round.decisions[seat.number] = Decision(
            self.round.number, seat.number, role, seconds=event["seconds"], **choice
        )

    def _standing_pitch(self, agent: int) -> tuple[float, float]:
        """A student leader's hype and cut in force: set last round, else the slot's own."""
        s = self.model.state
        slot = int((s.slot_agent == agent).nonzero()[0][0])
        return self.pitches.get(agent, (float(s.hype[slot]), float(s.cut[slot])))

    def _patch_offers(self, offers: list[dict[str, Any]]) -> None:
        """Show student leaders' pitches as they stand (the model may have adapted the slot)."""
        for offer in offers:
            agent = int(self.model.state.slot_agent[offer["slot"]])
            if any(seat.agent == agent for seat in self.seats):
                offer["hype"], offer["cut"] = self._standing_pitch(agent)
                offer["wiifm"] = (1 - offer["cut"]) * offer["vision"] * self._endowment
                offer["pitch"] = (1 + offer["hype"]) * offer["wiifm"]

    def _close(self) -> None:
        """Play the round; absent students play the default.

        A student leader's pitch is the one shown at the opening; the hype and
        cut they chose this round stand from the next round on (leaders adapt
        after a round, MODEL.md step 5).
        """
        current = self.round
        assert current is not None
        human = HumanChoices()
        chosen: dict[int, tuple[float, float]] = {}
        for seat in self.seats:
            role = current.roles.get(seat.number)
            if role is None:
                continue  # joined while the round was open: simulated this round
            decision = current.decisions.get(seat.number)
            standing = self._standing_pitch(seat.agent) if role == LEADER else (0.0, 0.0)
            if decision is None:
                decision = default_decision(current.number, seat.number, role, *standing)
            self.decisions.append(decision)
            self.last_decision[seat.number] = decision
            if role == LEADER:
                human.pitch[seat.agent] = standing
                chosen[seat.agent] = (decision.hype, decision.cut)
            else:
                human.leader[seat.agent] = decision.leader
                human.contribute[seat.agent] = decision.contribute
        offers = current.offers
        self.model.human = human
        self.model.step()
        played = results.round_results(self.model, offers, [s.agent for s in self.seats])
        played["answered"] = len(current.decisions)
        played["seats"] = len(current.roles)
        self.history.append(played)
        self.pitches.update(chosen)
        self.round = None
        self.phase = RESULTS

    @property
    def _endowment(self) -> float:
        return self.model.config.population.endowment
