"""The ``alignsim`` command line: parse, call the runner, print, set exit codes.

Every command turns the user's mistakes into one line on stderr and exit
status 2 (:func:`alignsim.cli.common.user_errors`); a command module adds
itself by being listed in ``COMMANDS``.

A command module imports at its top only click and this package: the model,
Mesa, pandas, numba, Rich's consoles and the rest are imported inside the
command's function, so ``alignsim --help`` answers about as fast as any click
program, and ``validate`` and ``scenarios`` load only the scenario layer
(``tests/test_cli_startup.py``).
"""

from __future__ import annotations

import click

from alignsim.cli.analyze import analyze_command
from alignsim.cli.classroom import class_command
from alignsim.cli.common import OneLineGroup
from alignsim.cli.report import report_command
from alignsim.cli.run import run_command
from alignsim.cli.scenarios import scenarios_command, validate_command
from alignsim.cli.sweep import sweep_command
from alignsim.cli.viz import viz_command


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--version``: the package version is read (from its metadata) only when asked for."""
    if not value or ctx.resilient_parsing:
        return
    import alignsim

    click.echo(f"alignsim, version {alignsim.__version__}")
    ctx.exit()


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
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
