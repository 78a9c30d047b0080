"""Shared set-up of the classroom tests: a session on a fake clock, its app and test client."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from alignsim.classroom.app import create_app  # noqa: E402
from alignsim.classroom.folder import write_session  # noqa: E402
from alignsim.classroom.session import ClassSession  # noqa: E402
from alignsim.scenario import load_scenario  # noqa: E402


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Class:
    """A session, its app, a test client, and the calls the pages make."""

    def __init__(self, folder: Path, scenario: str = "nash", **options) -> None:
        self.clock = Clock()
        self.session = ClassSession.create(
            load_scenario(scenario), folder, clock=self.clock, **options
        )
        self.client = self.connect()
        self.tokens: list[str] = []

    def connect(self) -> TestClient:
        """A new client (a phone that reconnects); the session is the same."""

        def written(session: ClassSession) -> str:
            return str(write_session(session))

        app = create_app(self.session, "http://127.0.0.1:9/?code=X", on_end=written)
        return TestClient(app)

    @property
    def teacher(self) -> dict[str, str]:
        return {"X-Teacher-Token": self.session.teacher_token}

    def join(self, name: str) -> str:
        response = self.client.post("/api/join", json={"code": self.session.code, "name": name})
        assert response.status_code == 200, response.text
        self.tokens.append(response.json()["token"])
        return self.tokens[-1]

    def start(self) -> int:
        response = self.client.post("/api/teacher/start", headers=self.teacher)
        assert response.status_code == 200, response.text
        return response.json()["round"]

    def decide(self, token: str, **choice):
        return self.client.post("/api/decide", json=choice, headers={"X-Seat-Token": token})

    def me(self, token: str) -> dict:
        response = self.client.get("/api/me", headers={"X-Seat-Token": token})
        assert response.status_code == 200, response.text
        return response.json()

    def projector(self) -> dict:
        response = self.client.get("/api/projector", headers=self.teacher)
        assert response.status_code == 200, response.text
        return response.json()

    @contextlib.contextmanager
    def live(self) -> Iterator[TestClient]:
        """Requests and websockets on one event loop (the app's, with its timer running)."""
        with self.connect() as client:
            self.client = client
            yield client
