"""``alignsim class``: a classroom session served from this machine (phones and projector)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from alignsim.cli.common import fail, scenario_argument, set_option, user_errors
from alignsim.cli.serving import LOCALHOST, base_url, listen_address, server_options
from alignsim.outputs.safe_text import printable

if TYPE_CHECKING:
    from alignsim.scenario import Scenario


def load_class_scenario(scenario: str, overrides: tuple[str, ...]) -> Scenario:
    """The scenario, refused in one line unless a class can play it (leaders' teams)."""
    from alignsim.kinds import kind_of, load

    resolved = load(scenario, overrides)
    kind = kind_of(resolved)
    if not kind.plays_in_class:
        fail(f"{scenario}: a class plays in leaders' teams; run {kind.title} with alignsim run")
    if not resolved.leaders:
        fail(f"{scenario}: leaders: a class plays in leaders' teams; this scenario has none")
    return resolved


@click.command("class")
@scenario_argument
@set_option
@server_options(8770, "Address to listen on; 0.0.0.0 lets phones on the room's network join.")
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

    listen, port = listen_address(host, port)
    if resume is not None:
        session = ClassSession.resume(resume)
    else:
        resolved = load_class_scenario(scenario, overrides)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        folder = out or Path("results") / "class" / f"{resolved.name}-{stamp}"
        session = ClassSession.create(resolved, folder, seconds=seconds, keep_names=keep_names)
    base = base_url(host, port)
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
    if host == LOCALHOST:
        click.echo("  listening on this machine only: --host 0.0.0.0 lets phones join")
    click.echo(f"  Ctrl-C stops; alignsim class --resume {folder_shown} picks it up again")
    if not no_browser:
        import webbrowser

        webbrowser.open(projector_url)
    uvicorn.run(app, host=listen, port=port, log_level="warning")
