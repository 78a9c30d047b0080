"""``alignsim viz``: serve the classroom page for a scenario on this machine."""

from __future__ import annotations

import os

import click

from alignsim.cli.common import fail, scenario_argument, user_errors
from alignsim.cli.serving import base_url, listen_address, server_options

# Read by solara when it is imported: the page works offline, reports nothing home, and
# shows no "This website runs on Solara" banner over the charts.
OFFLINE_ENV = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
    "SOLARA_THEME_SHOW_BANNER": "false",
    "SOLARA_THEME_TITLE": "alignsim",
}


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
@server_options(8765, "Address to listen on.")
@user_errors
def viz_command(scenario: str, port: int, host: str, no_browser: bool) -> None:
    """Serve the classroom page for SCENARIO (default: nash): the agents, charts, theory.

    Needs the viz extra. Play, Pause, Step and Reset run the model; the
    controls under "Act at once" change the running model, those under
    "Apply at Reset" rebuild it. A chooser opens every built-in scenario,
    the bar scene included. Stop with Ctrl-C.
    """
    from alignsim.scenario import resolve_path
    from alignsim.viz import INSTALL_HINT, missing_modules

    if missing_modules():
        fail(INSTALL_HINT)
    from alignsim.kinds import load

    path = resolve_path(scenario)
    listen, port = listen_address(host, port)
    load(path)  # a broken scenario is reported here, in one line, not in the browser
    from alignsim.viz.session import warm_up

    warm_up(str(path))
    os.environ["ALIGNSIM_VIZ_SCENARIO"] = str(path.resolve())
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    from solara.__main__ import cli as solara_cli

    click.echo(f"alignsim viz: serving {path.stem} at {base_url(host, port)} (Ctrl-C stops)")
    solara_cli.main(args=solara_args(port, listen, not no_browser), prog_name="solara")
