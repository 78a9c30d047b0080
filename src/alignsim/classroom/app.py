"""The web app: the students' join page, the projector page, their live views and the API.

Starlette on uvicorn with the ``websockets`` library (the ``class`` extra): a
small ASGI toolkit with a test client and websockets, no front-end build and
no files from the internet. Each page holds a websocket on which the server
pushes its view whenever the session changes (:mod:`alignsim.classroom.push`);
a page that loses it (a phone asleep, a change of network, a restarted server)
reconnects with growing pauses and, with the seat token it keeps in its
browser's storage, is back in its seat. Pages act by plain HTTP requests
(join, answer, the teacher's buttons): each gets its own answer, sent only
once the journal holds it, or one line saying what was wrong, and sending it
again is harmless. ``GET /api/me`` and ``GET /api/projector`` return the same
views for scripts and tests. Every request runs on the event loop one at a
time, so the session needs no locks; a round's model step takes milliseconds.

Security: students need the join code; the teacher's controls and the
projector's view need the teacher's token (sent as a header, compared in
constant time); pages insert names as text, never as HTML; the content
security policy lets pages load only this server's own files.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from importlib import resources
from typing import Any

import segno
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from alignsim.classroom.decisions import DecisionError
from alignsim.classroom.push import PROJECTOR, Hub
from alignsim.classroom.session import ClassSession
from alignsim.classroom.views import final_view, projector_view, student_view
from alignsim.scenario import ScenarioError

MAX_BODY = 4096
TICK_SECONDS = 0.5
HELLO_SECONDS = 10  # a page's websocket sends its token at once, or is closed
UNKNOWN = 4403  # websocket close code: the token is not this session's
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]+)?$|^\[[0-9A-Fa-f:.]+\](:[0-9]+)?$")
Handler = Callable[[Request], Awaitable[Response]]


def _page(name: str) -> str:
    return (resources.files("alignsim.classroom") / "static" / name).read_text(encoding="utf-8")


def _page_headers(request: Request) -> dict[str, str]:
    """The headers of a page: its websocket is allowed to this server alone, named outright.

    CSP 3 lets ``'self'`` cover ``ws:`` to the same host, but some phones'
    browsers predate it; the page's own ``Host`` (checked to be a host name
    or address, and a port) names the websocket's address instead.
    """
    host = request.headers.get("host", "")
    if not HOST.match(host):
        return HEADERS
    policy = HEADERS["Content-Security-Policy"] + f"; connect-src 'self' ws://{host} wss://{host}"
    return {**HEADERS, "Content-Security-Policy": policy}


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=HEADERS)


def _ok(data: Any) -> JSONResponse:
    return JSONResponse(data, headers=HEADERS)


async def _body(request: Request) -> Any:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise DecisionError(f"request too large (at most {MAX_BODY} bytes)", 413)
    try:
        return json.loads(raw or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise DecisionError("expected a JSON object") from None


def create_app(
    session: ClassSession,
    join_url: str,
    on_end: Callable[[ClassSession], str] | None = None,
) -> Starlette:
    """The app serving one session.

    Args:
        session: the session (new or resumed).
        join_url: the address students open (printed and shown as a QR code).
        on_end: writes the session's run folder when the teacher ends it;
            returns what to show (the folder).

    """
    writing = asyncio.Lock()
    syncing = asyncio.Lock()
    hub = Hub()
    session.journal.sync_each = False  # group commit below

    def moment() -> tuple[Any, ...]:
        """What every page shows: when it changes, every page gets a new view."""
        return session.phase, len(session.history), session.written

    async def durable() -> None:
        """Wait until every journal line written so far is on disk (one fsync for many)."""
        target = session.journal.written
        async with syncing:
            if session.journal.synced < target:
                await run_in_threadpool(session.journal.sync)

    def guarded(handler: Handler) -> Handler:
        """Every request first closes a round whose time is up; errors become one line.

        Once the journal is on disk the pages concerned are told: every page
        when the phase, the rounds or the written folder changed, otherwise the
        projector and the seat that acted (``request.state.seat``).
        """

        async def wrapper(request: Request) -> Response:
            before = moment()
            request.state.seat = None
            try:
                session.tick()
                response = await handler(request)
            except DecisionError as err:
                response = _error(str(err), err.status)
            except ScenarioError as err:
                response = _error(str(err), 409)
            await durable()  # nothing is acknowledged, or shown, before it is on disk
            if moment() != before:
                hub.changed()
            elif request.state.seat is not None:
                hub.changed({request.state.seat})
            return response

        return wrapper

    def teacher(handler: Handler) -> Handler:
        async def wrapper(request: Request) -> Response:
            sent = request.headers.get("x-teacher-token", "")
            if not secrets.compare_digest(sent.encode(), session.teacher_token.encode()):
                raise DecisionError("the teacher's token is needed for this", 403)
            return await handler(request)

        return guarded(wrapper)

    async def join_page(request: Request) -> Response:
        return HTMLResponse(_page("join.html"), headers=_page_headers(request))

    async def projector_page(request: Request) -> Response:
        token = request.query_params.get("token", "")
        if not secrets.compare_digest(token.encode(), session.teacher_token.encode()):
            return HTMLResponse("<h1>The projector page needs the teacher's address.</h1>", 403)
        return HTMLResponse(_page("projector.html"), headers=_page_headers(request))

    async def qr_code(request: Request) -> Response:
        svg = io.BytesIO()
        segno.make(join_url, error="m").save(
            svg, kind="svg", scale=8, border=2, xmldecl=False, light="#fff"
        )
        return Response(svg.getvalue(), media_type="image/svg+xml", headers=HEADERS)

    async def join(request: Request) -> Response:
        body = await _body(request)
        if not isinstance(body, dict):
            raise DecisionError("expected a JSON object")
        seat = session.join(body.get("code"), body.get("name"))
        request.state.seat = seat.number  # the projector's roster changes, no other phone's page
        return _ok({"token": seat.token, "seat": seat.number, "name": seat.name})

    async def me(request: Request) -> Response:
        return _ok(student_view(session, session.seat(request.headers.get("x-seat-token"))))

    async def decide(request: Request) -> Response:
        token = request.headers.get("x-seat-token")
        request.state.seat = session.seat(token).number
        decision = session.decide(token, await _body(request))
        return _ok({"round": decision.round, "choice": decision.choice()})

    def projector_data() -> dict[str, Any]:
        return {**projector_view(session), "join_url": join_url}

    async def projector(request: Request) -> Response:
        return _ok(projector_data())

    async def start(request: Request) -> Response:
        return _ok({"round": session.start_round().number})

    async def close(request: Request) -> Response:
        session.close_round()
        return _ok({"round": session.history[-1]["round"]})

    async def role(request: Request) -> Response:
        body = await _body(request)
        if not isinstance(body, dict):
            raise DecisionError("expected a JSON object")
        seat = session.set_role(body.get("seat"), body.get("role"))
        request.state.seat = seat.number
        return _ok({"seat": seat.number, "role": session.role_of(seat)})

    async def end(request: Request) -> Response:
        session.end()
        async with writing:  # one write, however often End is pressed
            if on_end and session.history and session.written is None:
                # matplotlib takes seconds: off the event loop, so the pages keep answering
                session.written = await run_in_threadpool(on_end, session)
        return _ok({"written": session.written})

    async def final(request: Request) -> Response:
        return _ok(final_view(session))

    async def hello(socket: WebSocket) -> str | None:
        """Accept a page's websocket and read its token (its first message)."""
        await socket.accept()
        try:
            return await asyncio.wait_for(socket.receive_text(), HELLO_SECONDS)
        except WebSocketDisconnect:
            return None
        except (TimeoutError, KeyError):  # silent, or bytes instead of the token
            await socket.close(UNKNOWN, "send the token first")
            return None

    async def student_socket(socket: WebSocket) -> None:
        token = await hello(socket)
        if token is None:
            return
        seat = session.by_token.get(token)
        if seat is None:
            await socket.close(UNKNOWN, "unknown seat: join the class first")
            return
        await hub.serve(socket, seat.number, lambda: student_view(session, seat))

    async def projector_socket(socket: WebSocket) -> None:
        token = await hello(socket)
        if token is None:
            return
        if not secrets.compare_digest(token.encode(), session.teacher_token.encode()):
            await socket.close(UNKNOWN, "the teacher's token is needed for this")
            return
        await hub.serve(socket, PROJECTOR, projector_data)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async def ticker() -> None:
            while True:
                await asyncio.sleep(TICK_SECONDS)
                before = moment()
                with contextlib.suppress(DecisionError):
                    session.tick()
                await durable()
                if moment() != before:  # the timer closed the round
                    hub.changed()

        task = asyncio.create_task(ticker())
        try:
            yield
        finally:
            task.cancel()

    static = StaticFiles(packages=[("alignsim.classroom", "static")])
    app = Starlette(
        routes=[
            Route("/", join_page),
            Route("/projector", projector_page),
            Route("/qr.svg", qr_code),
            Route("/api/join", guarded(join), methods=["POST"]),
            Route("/api/me", guarded(me)),
            Route("/api/decide", guarded(decide), methods=["POST"]),
            Route("/api/projector", teacher(projector)),
            Route("/api/final", teacher(final)),
            Route("/api/teacher/start", teacher(start), methods=["POST"]),
            Route("/api/teacher/close", teacher(close), methods=["POST"]),
            Route("/api/teacher/role", teacher(role), methods=["POST"]),
            Route("/api/teacher/end", teacher(end), methods=["POST"]),
            WebSocketRoute("/ws/student", student_socket),
            WebSocketRoute("/ws/projector", projector_socket),
            Mount("/static", static, name="static"),
        ],
        lifespan=lifespan,
    )
    app.state.hub = hub  # the open pages, for looking in
    return app
