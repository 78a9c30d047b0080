"""``alignsim class``: a classroom session served from this machine (phones and projector)."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from alignsim.cli.common import fail, scenario_argument, set_option, user_errors
from alignsim.cli.viz import free_port
from alignsim.outputs.safe_text import printable
from alignsim.scenario.errors import ScenarioError

if TYPE_CHECKING:
    from alignsim.scenario import Scenario

ANY_ADDRESS = ("0.0.0.0", "::", "")


def shared_address(host: str) -> str:
    """The address to give students: this machine's address on the room's network.

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


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def check_port(host: str, port: int) -> None:
    """Refuse in one line, before anything is written, an address this machine cannot serve."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind((host, port))
    except OSError as err:
        raise ScenarioError(f"{host}:{port}", None, f"cannot listen here: {err.strerror}") from None


def load_class_scenario(scenario: str, overrides: tuple[str, ...]) -> Scenario:
    """The scenario, refused in one line unless a class can play it (leaders' teams)."""
    from alignsim.scenario import Scenario, load_any

    resolved = load_any(scenario, overrides)
    if not isinstance(resolved, Scenario):
        fail(f"{scenario}: a class plays in leaders' teams; run a bar scenario with alignsim run")
    if not resolved.leaders:
        fail(f"{scenario}: leaders: a class plays in leaders' teams; this scenario has none")
    return resolved


@click.command("class")
@scenario_argument
@set_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8770,
    show_default=True,
    help="Port to serve the pages on (0: any free port).",
)
@click.option(
    "--host",
    default="localhost",
    show_default=True,
    help="Address to listen on; 0.0.0.0 lets phones on the room's network join.",
)
@click.option("--no-browser", is_flag=True, help="Do not open the projector page.")
@click.option(
    "--seconds",
    type=click.FloatRange(5, 3600),
    default=60,
    show_default=True,
    help="Time students have to answer a round.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Session folder (default: results/class/<scenario>-<date and time>).",
)
@click.option(
    "--resume",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Resume the session kept in this folder (after a restart).",
)
@click.option("--keep-names", is_flag=True, help="Write students' names into decisions.csv.")
@user_errors
def class_command(
    scenario: str,
    overrides: tuple[str, ...],
    port: int,
    host: str,
    no_browser: bool,
    seconds: float,
    out: Path | None,
    resume: Path | None,
    keep_names: bool,
) -> None:
    """Play SCENARIO (default: nash) with the class: students join from their phones.

    Prints two addresses: the projector page (it holds the teacher's token:
    keep it to yourself) and the students' join page with its code. Students
    take followers' places beside the simulated Smith and Nash agents; you
    start each round, and End writes the session as a run folder that
    ``alignsim report`` reads. Needs the class extra. Stop with Ctrl-C;
    ``--resume FOLDER`` picks the session up again.
    """
    from alignsim.classroom import INSTALL_HINT, missing_modules

    if missing_modules():
        fail(INSTALL_HINT)
    import uvicorn

    from alignsim.classroom.app import create_app
    from alignsim.classroom.folder import write_session
    from alignsim.classroom.session import ClassSession

    listen = "127.0.0.1" if host == "localhost" else host
    port = port or free_port(listen)
    check_port(listen, port)
    if resume is not None:
        session = ClassSession.resume(resume)
    else:
        resolved = load_class_scenario(scenario, overrides)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        folder = out or Path("results") / "class" / f"{resolved.name}-{stamp}"
        session = ClassSession.create(resolved, folder, seconds=seconds, keep_names=keep_names)
    shown = _url_host(shared_address(host))
    base = f"http://{shown}:{port}"
    join_url = f"{base}/?code={session.code}"
    projector_url = f"{base}/projector?token={session.teacher_token}"

    session.warm_up()

    def written(ended: ClassSession) -> str:
        folder = write_session(ended)
        shown = printable(str(folder))
        click.echo(f"alignsim class: session written to {shown} (alignsim report {shown})")
        return str(folder)

    app = create_app(session, join_url, on_end=written)
    folder_shown = printable(str(session.folder))
    click.echo(f"alignsim class: {session.scenario.name}, session folder {folder_shown}")
    click.echo(f"  projector (keep this address to yourself): {projector_url}")
    click.echo(f"  students: {join_url}  (join code {session.code})")
    if host == "localhost":
        click.echo("  listening on this machine only: --host 0.0.0.0 lets phones join")
    click.echo(f"  Ctrl-C stops; alignsim class --resume {folder_shown} picks it up again")
    if not no_browser:
        import webbrowser

        webbrowser.open(projector_url)
    uvicorn.run(app, host=listen, port=port, log_level="warning")
