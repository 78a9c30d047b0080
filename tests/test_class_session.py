"""A whole class session: many students, restarts, the run folder and ``alignsim report``."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from alignsim.classroom.session import ClassSession
from alignsim.cli import main
from alignsim.kinds.base import run_rounds
from alignsim.model import AlignmentModel
from alignsim.scenario import load_scenario
from class_helpers import Class, Clock

STUDENTS = 12
ROUNDS = 3


def play(room: Class, rounds: int, seed: int = 1, silent: int = 1) -> None:
    """Every student but the last ``silent`` answers at random; the timer closes each round."""
    rng = np.random.default_rng(seed)
    for _ in range(rounds):
        number = room.start()
        for token in room.tokens[: len(room.tokens) - silent]:
            offers = room.me(token)["round"]["offers"]
            leader = int(rng.choice([-1] + [o["slot"] for o in offers]))
            gives = bool(leader >= 0 and rng.random() < 0.5)
            response = room.decide(token, round=number, leader=leader, contribute=gives)
            assert response.status_code == 200, response.text
        room.clock.now += room.session.seconds + 1
        room.projector()


@pytest.fixture
def played(tmp_path) -> Class:
    room = Class(tmp_path / "session", seconds=20)
    for index in range(STUDENTS):
        room.join(f"Student {index}")
    play(room, ROUNDS)
    return room


def test_a_class_plays_a_session_end_to_end(played):
    view = played.projector()
    assert view["phase"] == "results" and len(view["history"]) == ROUNDS
    assert [h["answered"] for h in view["history"]] == [STUDENTS - 1] * ROUNDS
    assert len(played.session.decisions) == STUDENTS * ROUNDS
    defaults = [d for d in played.session.decisions if d.default]
    assert {d.seat for d in defaults} == {STUDENTS} and len(defaults) == ROUNDS
    # the model ran one round per class round, with the students in it
    assert played.session.model.steps == ROUNDS
    assert played.session.model.datacollector.get_model_vars_dataframe().shape[0] == ROUNDS


def test_the_session_is_written_as_a_run_folder_that_report_reads(played):
    response = played.client.post("/api/teacher/end", headers=played.teacher)
    folder = played.session.folder
    assert response.json()["written"] == str(folder)
    for name in ("timeseries.csv", "agents.csv", "summary.json", "decisions.csv",
                 "class_rounds.csv", "class.png", "rates.png", "session.jsonl"):  # fmt: skip
        assert (folder / name).is_file(), name
    decisions = pd.read_csv(folder / "decisions.csv")
    assert len(decisions) == STUDENTS * ROUNDS
    assert "name" not in decisions.columns  # seat numbers only
    assert not decisions.to_csv().count("Student")
    assert "Student" not in (folder / "session.jsonl").read_text()
    assert ClassSession.resume(folder).seats[0].name == "seat 1"
    assert set(decisions["role"]) == {"follower"}
    assert decisions["default"].sum() == ROUNDS
    assert decisions.loc[~decisions["default"], "seconds"].notna().all()
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["class"]["decisions"] == STUDENTS * ROUNDS
    assert summary["kind"] == "teams"  # a class session is a leader-team run, and says so
    assert summary["scenario"]["steps"] == ROUNDS
    agents = pd.read_csv(folder / "agents.csv")
    assert sorted(agents["seat"].dropna().astype(int)) == list(range(1, STUDENTS + 1))
    result = CliRunner().invoke(main, ["report", str(folder)])
    assert result.exit_code == 0, result.output
    assert "nash: one run" in (folder / "report.md").read_text()


def test_the_model_without_students_is_the_scenario_run_as_usual(played):
    played.session.end()
    rounds = pd.DataFrame(
        played.client.get("/api/final", headers=played.teacher).json()["simulated"]
    )
    alone = run_rounds(AlignmentModel(load_scenario("nash")), ROUNDS)
    assert np.allclose(rounds["contribution_rate"], alone["contribution_rate"])


def test_names_are_kept_only_when_the_teacher_asks(tmp_path):
    room = Class(tmp_path / "s", keep_names=True)
    room.join("Ana")
    play(room, 1, silent=0)
    room.client.post("/api/teacher/end", headers=room.teacher)
    decisions = pd.read_csv(room.session.folder / "decisions.csv")
    assert list(decisions["name"]) == ["Ana"]
    assert '"name": "Ana"' in (room.session.folder / "session.jsonl").read_text()


def test_a_restarted_server_resumes_with_no_decision_lost(played):
    # a round left open with two answers when the server stops
    number = played.start()
    for token in played.tokens[:2]:
        played.decide(token, round=number, leader=0, contribute=True)
    before = played.session
    resumed = ClassSession.resume(before.folder, clock=played.clock)
    assert resumed.code == before.code and resumed.teacher_token == before.teacher_token
    assert [s.name for s in resumed.seats] == [s.name for s in before.seats]
    assert resumed.history == before.history
    assert resumed.decisions == before.decisions
    assert np.array_equal(resumed.model.state.wealth, before.model.state.wealth)
    assert np.array_equal(resumed.model.state.trust, before.model.state.trust)
    assert set(resumed.round.decisions) == {1, 2}
    # the students carry on with their tokens; both servers then play the same round
    for session in (before, resumed):
        for seat in session.seats[2:]:
            session.decide(seat.token, {"round": number, "leader": 1, "contribute": False})
    assert resumed.history[-1] == before.history[-1]
    assert np.array_equal(resumed.model.state.payoff, before.model.state.payoff)


def test_a_journal_cut_short_by_a_crash_loses_only_the_unacknowledged_line(played):
    journal = played.session.folder / "session.jsonl"
    with journal.open("a") as handle:
        handle.write('{"event": "decis')
    resumed = ClassSession.resume(played.session.folder, clock=Clock())
    assert len(resumed.history) == ROUNDS
    assert journal.read_text().endswith("}\n")  # the cut line is gone; the next starts afresh
    resumed.start_round()
    again = ClassSession.resume(played.session.folder, clock=Clock())
    assert again.round is not None and again.round.number == ROUNDS + 1


def test_cli_refusals_are_one_line(tmp_path):
    runner = CliRunner()
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    cases = [
        (["class", "bar", "--no-browser"], "leaders' teams"),
        (["class", "spatial_pd", "--no-browser"], "leaders"),
        (["class", "--no-browser", "--out", str(tmp_path / "taken"), "--port", "0"],
         "did not write"),
        (["class", "--no-browser", "--resume", str(tmp_path / "taken"), "--port", "0"],
         "no classroom session"),
        (["class", "--no-browser", "--host", "192.0.2.1", "--out", str(tmp_path / "n")],
         "cannot listen"),
    ]  # fmt: skip
    for args, words in cases:
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], result.output
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"
    assert not (tmp_path / "n").exists()


def test_theory_lines_only_where_every_leader_group_agrees():
    from alignsim.classroom.figure import theory_lines

    final = {
        "theory": [
            {"smith_contributes": False, "nash_contributes": True},
            {"smith_contributes": False, "nash_contributes": False},
        ]
    }
    assert theory_lines(final) == {"smith": (0.0, "free ride")}


def test_files_alignsim_did_not_write_are_never_replaced(played):
    from alignsim.classroom.folder import write_session
    from alignsim.scenario import ScenarioError

    folder = played.session.folder
    (folder / "notes.txt").write_text("mine")
    assert played.client.post("/api/teacher/end", headers=played.teacher).status_code == 200
    assert (folder / "notes.txt").read_text() == "mine"
    (folder / "decisions.csv").write_text("edited by the teacher")
    resumed = ClassSession.resume(folder, clock=Clock())
    with pytest.raises(ScenarioError, match="not written by alignsim"):
        write_session(resumed)
    assert (folder / "decisions.csv").read_text() == "edited by the teacher"
    with pytest.raises(ScenarioError, match="different class"):
        ClassSession.create(load_scenario("nash"), folder)
