"""The session written as a run folder, so ``alignsim report`` reads it like any run.

Beside the journal (``session.jsonl``) the folder gets the usual files of a
run (``timeseries.csv``, ``agents.csv``, ``summary.json``, the plots) and the
class's own: ``decisions.csv`` (every student decision, with its round, role
and time; seat numbers instead of names unless the teacher asked to keep
them), ``class_rounds.csv`` (the class beside the simulated agents and the
model with no students, round by round) and ``class.png``. They are staged
and moved in together (:func:`alignsim.outputs.ownership.staged_folder`: only
files alignsim wrote for this session are ever replaced). Unless the teacher
kept the names, the journal's names are then replaced by seat numbers too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from alignsim.classroom.session import ClassSession
from alignsim.classroom.views import final_view
from alignsim.kinds.team_run import agents_table, summarise
from alignsim.model.human import STAY_OUT
from alignsim.outputs.ownership import staged_folder
from alignsim.outputs.storage import write_json
from alignsim.scenario import ScenarioError

DECISION_COLUMNS = [
    "round", "seat", "name", "role", "leader", "contributed", "hype", "cut", "default", "seconds",
]  # fmt: skip


def decisions_table(session: ClassSession) -> pd.DataFrame:
    """One row per student decision; names only if the teacher kept them."""
    from alignsim.classroom.results import leader_names

    names = leader_names(session.model)
    rows = []
    for d in session.decisions:
        follower = d.role != "leader"
        rows.append(
            {
                "round": d.round,
                "seat": d.seat,
                "name": session.seats[d.seat - 1].name if session.keep_names else None,
                "role": d.role,
                "leader": (
                    ("stay out" if d.leader == STAY_OUT else names[d.leader]) if follower else None
                ),
                "contributed": d.contribute if follower else None,
                "hype": None if follower else d.hype,
                "cut": None if follower else d.cut,
                "default": d.default,
                "seconds": d.seconds,
            }
        )
    table = pd.DataFrame(rows, columns=DECISION_COLUMNS)
    return table if session.keep_names else table.drop(columns="name")


def class_rounds_table(final: dict[str, Any]) -> pd.DataFrame:
    """Per round: the class, the Smith and Nash agents beside it, the model without students."""
    rows = []
    for index, mine in enumerate(final["class"]):
        beside = final["session"][index]
        alone = final["simulated"][index]
        rows.append(
            {
                "round": mine["round"],
                "class_contribution_rate": mine["contribution_rate"],
                "class_follow_rate": mine["follow_rate"],
                "class_mean_payoff": mine["mean_payoff"],
                "smith_contribution_rate": beside.get("contribution_rate_smith"),
                "nash_contribution_rate": beside.get("contribution_rate_nash"),
                "model_contribution_rate": alone["contribution_rate"],
                "model_contribution_rate_smith": alone["contribution_rate_smith"],
                "model_contribution_rate_nash": alone["contribution_rate_nash"],
            }
        )
    return pd.DataFrame(rows)


def write_session(session: ClassSession) -> Path:
    """Write the played rounds as a run folder (into the session's folder); returns it."""
    from alignsim.classroom.figure import plot_class
    from alignsim.outputs.figures import plot_run

    rounds = len(session.history)
    if rounds == 0:
        raise ScenarioError(str(session.folder), None, "no round was played: nothing to write")
    folder = session.folder
    model = session.model
    scenario = session.scenario.model_copy(update={"steps": rounds})
    timeseries = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    agents = agents_table(model)
    seat_of = {seat.agent: seat.number for seat in session.seats}
    agents.insert(1, "seat", [seat_of.get(i) for i in range(len(agents))])
    final = final_view(session)
    class_rounds = class_rounds_table(final)
    decisions = decisions_table(session)
    summary = summarise(scenario, timeseries, model)
    summary["class"] = {
        "seats": len(session.seats),
        "rounds": rounds,
        "decisions": len(decisions),
        "defaults": int(decisions["default"].sum()) if len(decisions) else 0,
        "names_kept": session.keep_names,
        "note": (
            "Played by a class: students took followers' (and leaders') places; their "
            "choices are in decisions.csv. A rerun of the scenario gives the model without "
            "students (class_rounds.csv, columns model_*)."
        ),
    }
    with staged_folder(folder, "class", session.code) as staging:
        for name, table in (
            ("timeseries.csv", timeseries),
            ("agents.csv", agents),
            ("decisions.csv", decisions),
            ("class_rounds.csv", class_rounds),
        ):
            table.to_csv(staging / name, index=False)
        plot_run(timeseries, scenario, staging, agents)
        plot_class(class_rounds, final, scenario, staging / "class.png")
        write_json(staging / "summary.json", summary)
    if not session.keep_names:
        forget_names(session)
    return folder


def forget_names(session: ClassSession) -> None:
    """Replace the names in the journal by seat numbers once the session is written.

    The journal needs the names while the class plays (a restarted server shows
    the roster again); the folder that stays behind holds none.
    """
    events = session.journal.read()
    for event in events:
        if event["event"] == "join":
            event["name"] = f"seat {event['seat']}"
    session.journal.rewrite(events)
