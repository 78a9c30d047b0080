"""The pages' live connections: the server pushes each page its view when the session changes.

Each open page (the projector, a student's phone) holds one websocket. When
something it shows changes (a join, an answer, a round opened or closed), the
server marks the connection stale and the connection's own sender builds the
page's view then and sends it. Marks coalesce: however many answers arrive
while a view is being sent, the page gets one more view, the latest, so a slow
phone never builds a backlog and the projector is never more than one view
behind. Views are built on the event loop, one at a time, from the session in
memory; nothing is queued per change.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

PROJECTOR = 0  # the audience of a projector page; students are their seat numbers


@dataclass(eq=False)
class Connection:
    """One open page: whom it shows (a seat number, or PROJECTOR) and whether it is stale."""

    socket: WebSocket
    audience: int
    view: Callable[[], dict[str, Any]]
    stale: asyncio.Event = field(default_factory=asyncio.Event)
    sent: int = 0  # views sent so far


class Hub:
    """Every open page, and which of them a change concerns."""

    def __init__(self) -> None:
        self.connections: set[Connection] = set()

    def changed(self, seats: set[int] | None = None) -> None:
        """Mark stale the projectors and the given seats' pages (None: every page)."""
        for connection in self.connections:
            if seats is None or connection.audience == PROJECTOR or connection.audience in seats:
                connection.stale.set()

    async def serve(
        self, socket: WebSocket, audience: int, view: Callable[[], dict[str, Any]]
    ) -> None:
        """Send this page its view now and after every change, until it goes away.

        A page acts through the HTTP API; on its websocket it sends only
        ``ping`` now and then, answered with its view, so that a page on a
        network that died silently notices the silence and reconnects.
        Reading is also how a closed connection is noticed.
        """
        connection = Connection(socket, audience, view)
        connection.stale.set()
        self.connections.add(connection)
        sender = asyncio.create_task(self._send(connection))
        try:
            while True:
                message = await socket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                if message.get("text") == "ping":
                    connection.stale.set()
        except WebSocketDisconnect:
            pass
        finally:
            self.connections.discard(connection)
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await sender

    async def _send(self, connection: Connection) -> None:
        with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
            while True:
                await connection.stale.wait()
                connection.stale.clear()
                text = json.dumps(connection.view(), allow_nan=False)
                await connection.socket.send_text(text)
                connection.sent += 1
