"""The classroom server through Starlette's test client: join, decide, rounds, tokens, errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from alignsim.games import contribution_threshold
from class_helpers import Class


@pytest.fixture
def room(tmp_path) -> Class:
    return Class(tmp_path / "session", seconds=30)


def one_line_error(response, status: int, *words: str) -> str:
    assert response.status_code == status, response.text
    message = response.json()["error"]
    assert "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message
    return message


# --- joining ---------------------------------------------------------------------------


def test_join_needs_the_code_and_a_name(room):
    wrong = room.client.post("/api/join", json={"code": "QQQQ", "name": "Ana"})
    one_line_error(wrong, 403, "code")
    empty = room.client.post("/api/join", json={"code": room.session.code, "name": "   "})
    one_line_error(empty, 400, "name")
    long = room.client.post("/api/join", json={"code": room.session.code, "name": "x" * 25})
    one_line_error(long, 400, "name", "24")
    assert room.session.seats == []
    lower = room.client.post("/api/join", json={"code": room.session.code.lower(), "name": "Ana"})
    assert lower.status_code == 200 and lower.json()["seat"] == 1


def test_a_name_is_data_never_markup(room):
    token = room.join("<b onclick=x>Bo</b>")
    assert room.me(token)["name"] == "<b onclick=x>Bo</b>"
    page = room.client.get("/projector", params={"token": room.session.teacher_token})
    assert "onclick" not in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    script = room.client.get("/static/projector.js").text
    assert "innerHTML" not in script and "textContent" in script


def test_a_reload_returns_to_the_same_seat(room):
    token = room.join("Ana")
    room.join("Ben")
    phone_again = room.connect()
    view = phone_again.get("/api/me", headers={"X-Seat-Token": token}).json()
    assert (view["seat"], view["name"]) == (1, "Ana")
    one_line_error(phone_again.get("/api/me", headers={"X-Seat-Token": "nope"}), 403, "join")


def test_a_full_class_is_refused_in_one_line(tmp_path):
    room = Class(tmp_path / "s", "nash")
    room.session.model.state.is_leader[3:] = True  # pretend only leaders are left
    one_line_error(
        room.client.post("/api/join", json={"code": room.session.code, "name": "Zoe"}),
        409,
        "no follower's place left",
    )


# --- the teacher's token ---------------------------------------------------------------


def test_the_teachers_controls_need_the_teachers_token(room):
    student = room.join("Ana")
    for path in ("/api/teacher/start", "/api/teacher/close", "/api/teacher/end"):
        one_line_error(room.client.post(path), 403, "teacher")
        one_line_error(room.client.post(path, headers={"X-Teacher-Token": student}), 403)
    one_line_error(room.client.get("/api/projector"), 403, "teacher")
    one_line_error(room.client.get("/api/final", headers={"X-Teacher-Token": "x"}), 403)
    one_line_error(room.client.post("/api/teacher/role", json={"seat": 1, "role": "leader"}), 403)
    assert room.session.phase == "lobby" and room.session.round is None
    assert room.client.get("/projector").status_code == 403
    assert room.client.get("/projector", params={"token": "wrong"}).status_code == 403


# --- deciding --------------------------------------------------------------------------


def test_bad_decisions_get_one_line_naming_the_key(room):
    token = room.join("Ana")
    room.join("Ben")
    one_line_error(room.decide(token, round=1, leader=0, contribute=True), 409, "no round")
    room.start()
    headers = {"X-Seat-Token": token}
    cases = [
        (room.client.post("/api/decide", content=b"{not json", headers=headers), 400, "JSON"),
        (room.client.post("/api/decide", json=[1, 2], headers=headers), 400, "JSON object"),
        (room.decide(token, leader=0, contribute=True), 400, "round"),
        (room.decide(token, round=7, leader=0, contribute=True), 409, "round 7"),
        (room.decide(token, round=1, leader=9, contribute=True), 400, "leader"),
        (room.decide(token, round=1, leader="0", contribute=True), 400, "leader"),
        (room.decide(token, round=1, leader=0, contribute="yes"), 400, "contribute"),
        (room.decide(token, round=1, leader=-1, contribute=True), 400, "contribute"),
        (room.decide(token, round=1, hype=1.0, cut=0.2), 400, "leader"),
        (room.decide("stranger", round=1, leader=0), 403, "join"),
        (
            room.client.post("/api/decide", content=b"x" * 5000, headers=headers),
            413,
            "too large",
        ),
    ]
    for response, status, word in cases:
        one_line_error(response, status, word)
    assert room.session.round.decisions == {}


def test_a_decision_sent_twice_counts_once(room):
    ana, _ = room.join("Ana"), room.join("Ben")
    room.start()
    first = room.decide(ana, round=1, leader=0, contribute=True)
    journal = room.session.journal
    assert not journal.sync_each and journal.synced == journal.written  # on disk before the answer
    again = room.decide(ana, round=1, leader=0, contribute=True)
    assert first.json() == again.json()
    one_line_error(room.decide(ana, round=1, leader=1, contribute=False), 409, "already")
    journal = (room.session.folder / "session.jsonl").read_text().splitlines()
    assert sum(json.loads(line)["event"] == "decision" for line in journal) == 1
    assert room.projector()["round"]["answered"] == 1


def test_the_round_closes_when_everyone_has_answered(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    room.start()
    room.decide(ana, round=1, leader=0, contribute=True)
    assert room.session.phase == "open"
    room.decide(ben, round=1, leader=2, contribute=False)
    assert room.session.phase == "results"
    state = room.session.model.state
    a, b = (seat.agent for seat in room.session.seats)
    assert state.leader_of[a] == 0 and state.contributed[a]
    assert state.leader_of[b] == 2 and not state.contributed[b]
    shown = room.projector()["history"][0]["groups"]["class"]
    assert shown["contribution_rate"] == 0.5 and shown["follow_rate"] == 1.0


def test_a_student_who_does_not_answer_plays_the_default(room):
    ana, _ = room.join("Ana"), room.join("Ben")
    room.start()
    room.decide(ana, round=1, leader=1, contribute=True)
    room.clock.now += 29
    assert room.projector()["phase"] == "open"
    room.clock.now += 2
    view = room.projector()
    assert view["phase"] == "results" and view["history"][0]["answered"] == 1
    ben = room.session.decisions[1]
    assert (ben.seat, ben.default, ben.leader, ben.contribute) == (2, True, -1, False)
    agent = room.session.seats[1].agent
    state = room.session.model.state
    assert state.leader_of[agent] == -1
    assert state.payoff[agent] == room.session.scenario.choice.outside_option
    assert room.me(room.tokens[1])["last"]["default"] is True


def test_missing_is_not_zero(room):
    ana = room.join("Ana")
    room.start()
    room.decide(ana, round=1, leader=-1, contribute=False)
    shown = room.projector()["history"][0]["groups"]["class"]
    assert shown["follow_rate"] == 0.0
    assert shown["contribution_rate"] is None  # nobody of the class was in a team


# --- results ---------------------------------------------------------------------------


def test_round_results_show_trust_payoffs_and_the_threshold(room):
    tokens = [room.join(name) for name in ("Ana", "Ben", "Cy")]
    room.start()
    for token in tokens:
        room.decide(token, round=1, leader=0, contribute=True)
    result = room.projector()["history"][0]
    state = room.session.model.state
    followers = ~state.is_leader
    seats = [seat.agent for seat in room.session.seats]
    for leader in result["leaders"]:
        slot = leader["slot"]
        team = int((state.leader_of == slot).sum())
        assert leader["team"] == team
        expected = contribution_threshold(team, 1.6, 0.1)
        assert leader["threshold"] == pytest.approx(float(expected))
        assert leader["trust"] == pytest.approx(state.trust[followers, slot].mean())
        assert leader["class_trust"] == pytest.approx(state.trust[seats, slot].mean())
    groups = result["groups"]
    assert groups["class"]["n"] == 3 and groups["class"]["contribution_rate"] == 1.0
    # the simulated kinds leave the students' agents out: 100 followers in all
    assert groups["smith"]["n"] + groups["nash"]["n"] == 97
    smith = followers & (state.orientation == 0)
    smith[seats] = False
    assert groups["smith"]["mean_payoff"] == pytest.approx(state.payoff[smith].mean())


def test_a_student_leader_sets_the_pitch_for_the_next_round(room):
    leader, follower = room.join("Lea"), room.join("Ana")
    response = room.client.post(
        "/api/teacher/role", json={"seat": 1, "role": "leader"}, headers=room.teacher
    )
    assert response.json() == {"seat": 1, "role": "leader"}
    room.start()
    view = room.me(leader)["round"]
    assert view["role"] == "leader" and view["my_offer"]["pitch"] == pytest.approx(0.9 * 1.6)
    room.decide(leader, round=1, hype=1.0, cut=0.3)
    room.decide(follower, round=1, leader=0, contribute=True)
    room.start()
    offers = {o["slot"]: o for o in room.me(follower)["round"]["offers"]}
    slot = int(
        np.flatnonzero(room.session.model.state.slot_agent == room.session.seats[0].agent)[0]
    )
    assert offers[slot]["pitch"] == pytest.approx(2.0 * 0.7 * 1.6)
    room.clock.now += 31
    room.projector()
    assert room.session.model.state.hype[slot] == 1.0
    assert room.session.model.state.cut[slot] == 0.3
    # the default keeps the pitch the leader set
    assert room.session.decisions[-2].default and room.session.decisions[-2].hype == 1.0


def test_roles_change_only_between_rounds(room):
    room.join("Ana")
    room.start()
    response = room.client.post(
        "/api/teacher/role", json={"seat": 1, "role": "leader"}, headers=room.teacher
    )
    one_line_error(response, 409, "between rounds")
    bad = room.client.post(
        "/api/teacher/role", json={"seat": 5, "role": "leader"}, headers=room.teacher
    )
    one_line_error(bad, 400, "seat")


def test_a_late_joiner_plays_from_the_next_round(room):
    ana = room.join("Ana")
    room.start()
    late = room.join("Late")
    assert room.me(late)["round"]["playing"] is False
    one_line_error(room.decide(late, round=1, leader=0, contribute=True), 409, "next one")
    room.decide(ana, round=1, leader=0, contribute=True)
    assert room.session.phase == "results"  # the late joiner is not waited for
    room.start()
    assert room.me(late)["round"]["playing"] is True


def test_a_full_leader_declines_students_as_it_declines_agents(tmp_path):
    """Leaders' capacity binds students too; a declined student is told, in words, who was full."""
    room = Class(tmp_path / "session", scenario="public_goods_lab", seconds=30)
    tokens = [room.join(f"Student {index}") for index in range(6)]
    room.start()
    offer = room.me(tokens[0])["round"]["offers"][0]
    assert offer["capacity"] == 4
    for token in tokens:
        room.decide(token, round=1, leader=offer["slot"], contribute=True)
    state = room.session.model.state
    assert (state.leader_of == offer["slot"]).sum() <= 4
    told = 0
    for token, seat in zip(tokens, room.session.seats, strict=True):
        last = room.me(token)["last"]
        if state.leader_of[seat.agent] == offer["slot"]:
            assert last["full"] is None and last["leader"] == offer["name"]
        else:
            assert state.leader_of[seat.agent] == -1 and not state.contributed[seat.agent]
            assert last["full"] == offer["name"] and last["leader"] is None
            told += 1
    assert told >= 2


# --- live views over websockets ----------------------------------------------------------


def test_a_phone_gets_its_view_pushed_at_every_change_that_concerns_it(room):
    ana, ben = room.join("Ana"), room.join("Ben")
    with room.live() as client, client.websocket_connect("/ws/student") as phone:
        phone.send_text(ana)
        first = phone.receive_json()
        assert first["seat"] == 1 and first["phase"] == "lobby" and first["round"] is None
        room.start()
        opened = phone.receive_json()
        assert opened["phase"] == "open" and opened["round"]["answered"] is False
        assert opened["round"]["offers"] and opened["round"]["seconds_left"] == 30
        room.decide(ana, round=1, leader=0, contribute=True)
        assert phone.receive_json()["round"]["answered"] is True
        room.decide(ben, round=1, leader=-1, contribute=False)  # the last answer closes the round
        closed = phone.receive_json()
        assert closed["phase"] == "results" and closed["last"]["round"] == 1
        assert closed["last"]["leader"] == room.me(ana)["last"]["leader"]


def test_the_projector_sees_each_answer_as_it_arrives(room):
    tokens = [room.join(name) for name in ("Ana", "Ben", "Cy")]
    with room.live() as client, client.websocket_connect("/ws/projector") as projector:
        projector.send_text(room.session.teacher_token)
        assert projector.receive_json()["seats"][2]["name"] == "Cy"
        room.start()
        assert projector.receive_json()["round"]["answered"] == 0
        for count, token in enumerate(tokens[:2], start=1):
            room.decide(token, round=1, leader=-1, contribute=False)
            view = projector.receive_json()
            assert view["round"]["answered"] == count
            assert [s["answered"] for s in view["seats"]] == [i < count for i in range(3)]
        room.decide(tokens[2], round=1, leader=1, contribute=True)
        results = projector.receive_json()
        assert results["phase"] == "results" and results["history"][0]["answered"] == 3


def test_a_page_with_a_wrong_token_is_closed_with_a_reason(room):
    from starlette.websockets import WebSocketDisconnect

    ana = room.join("Ana")
    with room.live() as client:
        for path, token in (("/ws/student", "nobody"), ("/ws/projector", ana)):
            with client.websocket_connect(path) as socket:
                socket.send_text(token)
                with pytest.raises(WebSocketDisconnect) as closed:
                    socket.receive_json()
            assert closed.value.code == 4403
            assert "token" in closed.value.reason or "join" in closed.value.reason


def test_a_reconnected_phone_is_back_in_its_seat_mid_round(room):
    ana = room.join("Ana")
    room.join("Ben")
    with room.live() as client:
        room.start()
        room.decide(ana, round=1, leader=0, contribute=True)
        for _ in range(2):  # a phone that lost its connection opens a new one
            with client.websocket_connect("/ws/student") as phone:
                phone.send_text(ana)
                view = phone.receive_json()
                assert view["seat"] == 1 and view["round"]["answered"] is True
                assert view["round"]["choice"] == {"leader": 0, "contribute": True}


def test_when_the_timer_closes_a_round_every_page_is_told(room):
    ana = room.join("Ana")
    room.join("Ben")
    with room.live() as client, client.websocket_connect("/ws/student") as phone:
        phone.send_text(ana)
        phone.receive_json()
        room.start()
        assert phone.receive_json()["phase"] == "open"
        room.clock.now += room.session.seconds + 1  # nobody answers; the server's timer runs
        closed = phone.receive_json()
        assert closed["phase"] == "results" and closed["last"]["default"] is True


def test_a_page_that_sends_no_token_is_closed(room):
    from starlette.websockets import WebSocketDisconnect

    with room.live() as client, client.websocket_connect("/ws/student") as socket:
        socket.send_bytes(b"\x00\x01")
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
        assert closed.value.code == 4403 and "token" in closed.value.reason


def test_pages_may_open_websockets_to_this_server_only(room):
    page = room.client.get("/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self' ws://testserver wss://testserver" in policy
    odd = room.client.get("/", headers={"host": "evil.example/ 'unsafe-inline'"})
    assert "connect-src" not in odd.headers["content-security-policy"]
    assert "unsafe-inline" not in odd.headers["content-security-policy"]
    projector = room.client.get(f"/projector?token={room.session.teacher_token}")
    for html, scripts in ((page.text, ("live.js", "join.js")), (projector.text, ("live.js",))):
        for script in scripts:
            assert f'<script src="/static/{script}"></script>' in html
        assert "http" not in html  # nothing from elsewhere: no CDN


def test_a_ping_is_answered_with_the_view(room):
    """A page checks its connection is alive with a ping; the answer is its view, fresh."""
    ana = room.join("Ana")
    with room.live() as client, client.websocket_connect("/ws/student") as phone:
        phone.send_text(ana)
        assert phone.receive_json()["phase"] == "lobby"
        phone.send_text("ping")
        assert phone.receive_json()["seat"] == 1


def test_a_join_updates_the_projector_and_no_other_phone(room):
    ana = room.join("Ana")
    with room.live() as client:
        with (
            client.websocket_connect("/ws/projector") as projector,
            client.websocket_connect("/ws/student") as phone,
        ):
            projector.send_text(room.session.teacher_token)
            phone.send_text(ana)
            assert len(projector.receive_json()["seats"]) == 1
            phone.receive_json()
            room.join("Ben")
            assert [s["name"] for s in projector.receive_json()["seats"]] == ["Ana", "Ben"]
            sent = {c.audience: c.sent for c in client.app.state.hub.connections}
            assert sent == {0: 2, 1: 1}  # the projector got two views, Ana's phone only its first
