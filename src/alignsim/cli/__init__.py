"""The ``alignsim`` command line: parse, call the runner, print, set exit codes.

Every command turns the user's mistakes into one line on stderr and exit
status 2 (:func:`alignsim.cli.common.user_errors`); a command module adds
itself by being listed in ``COMMANDS``.
"""

from __future__ import annotations

import click

from alignsim import __version__
from alignsim.cli.analyze import analyze_command
from alignsim.cli.classroom import class_command
from alignsim.cli.report import report_command
from alignsim.cli.run import run_command
from alignsim.cli.scenarios import scenarios_command, validate_command
from alignsim.cli.sweep import sweep_command
from alignsim.cli.viz import viz_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="alignsim")
def main() -> None:
    """Alignsim: leaders, followers, Smith and Nash agents, trust and public goods."""


COMMANDS = [
    run_command,
    validate_command,
    scenarios_command,
    analyze_command,
    sweep_command,
    report_command,
    viz_command,
    class_command,
]
for command in COMMANDS:
    main.add_command(command)
