"""``alignsim viz``: serve the classroom page for a scenario on this machine."""

from __future__ import annotations

import os
import socket

import click

from alignsim.cli.common import fail, scenario_argument, user_errors

# Read by solara when it is imported: the page works offline, reports nothing home, and
# shows no "This website runs on Solara" banner over the charts.
OFFLINE_ENV = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
    "SOLARA_THEME_SHOW_BANNER": "false",
    "SOLARA_THEME_TITLE": "alignsim",
}


def free_port(host: str) -> int:
    """A port on ``host`` that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def solara_args(port: int, host: str, open_browser: bool) -> list[str]:
    """The ``solara run`` command line for the page."""
    return [
        "run",
        "alignsim.viz.app",
        "--port",
        str(port),
        "--host",
        host,
        "--production",
        "--no-check-version",
        "--open" if open_browser else "--no-open",
        "--log-level",
        "warning",
    ]


@click.command("viz")
@scenario_argument
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to serve the page on (0: any free port).",
)
@click.option("--host", default="localhost", show_default=True, help="Address to listen on.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser tab.")
@user_errors
def viz_command(scenario: str, port: int, host: str, no_browser: bool) -> None:
    """Serve the classroom page for SCENARIO (default: nash): the agents, charts, theory.

    Needs the viz extra. Play, Pause, Step and Reset run the model; the
    controls under "Act at once" change the running model, those under
    "Apply at Reset" rebuild it. A chooser opens every built-in scenario,
    the bar scene included. Stop with Ctrl-C.
    """
    from alignsim.scenario import load_any, resolve_path
    from alignsim.viz import INSTALL_HINT, missing_modules

    if missing_modules():
        fail(INSTALL_HINT)
    path = resolve_path(scenario)
    load_any(path)  # a broken scenario is reported here, in one line, not in the browser
    from alignsim.viz.session import warm_up

    warm_up(str(path))
    os.environ["ALIGNSIM_VIZ_SCENARIO"] = str(path.resolve())
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    from solara.__main__ import cli as solara_cli

    port = port or free_port(host)

    click.echo(f"alignsim viz: serving {path.stem} at http://{host}:{port} (Ctrl-C stops)")
    solara_cli.main(args=solara_args(port, host, not no_browser), prog_name="solara")
