"""What ``alignsim viz`` and ``alignsim class`` share: the options and address of a local server.

Both serve pages from this machine: ``--port`` (0: any free port), ``--host``
(this machine only unless told otherwise) and ``--no-browser``. The address is
checked before anything is written or started, so a port in use is one line,
never a traceback from the web server. Only the standard library and click
here: the web servers are imported inside the commands.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import click

from alignsim.scenario.errors import ScenarioError

LOCALHOST = "localhost"
ANY_ADDRESS = ("0.0.0.0", "::", "")


def server_options(default_port: int, host_help: str) -> Callable[[Callable], Callable]:
    """The ``--port``, ``--host`` and ``--no-browser`` options of a command that serves pages."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        options = [
            click.option(
                "--port",
                type=click.IntRange(0, 65535),
                default=default_port,
                show_default=True,
                help="Port to serve the pages on (0: any free port).",
            ),
            click.option("--host", default=LOCALHOST, show_default=True, help=host_help),
            click.option("--no-browser", is_flag=True, help="Do not open a browser tab."),
        ]
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def free_port(host: str) -> int:
    """A port on ``host`` that nothing listens on now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def check_port(host: str, port: int) -> None:
    """Refuse in one line, before anything is written, an address this machine cannot serve."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind
            probe.bind((host, port))
    except OSError as err:
        raise ScenarioError(f"{host}:{port}", None, f"cannot listen here: {err.strerror}") from None


def listen_address(host: str, port: int) -> tuple[str, int]:
    """The address to bind and a port free there: ``localhost`` is 127.0.0.1, port 0 any port."""
    listen = "127.0.0.1" if host == LOCALHOST else host
    port = port or free_port(listen)
    check_port(listen, port)
    return listen, port


def shared_address(host: str) -> str:
    """The address to give others: this machine's address on the room's network.

    When listening on every interface, the address the system would use for the
    local network (found without sending anything: a UDP socket's ``connect``
    only picks a route); otherwise the host as given.
    """
    if host not in ANY_ADDRESS:
        return host
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return socket.gethostname()


def base_url(host: str, port: int) -> str:
    """``http://host:port`` for the address to share (IPv6 in brackets)."""
    shown = shared_address(host)
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"
