"""``alignsim analyze``: the equilibria of a game file or a scenario, beside its simulation."""

from __future__ import annotations

import json

import click

from alignsim.cli.common import memory_limit_option, user_errors


@click.command("analyze")
@click.argument("file")
@click.option(
    "--group-weight",
    type=float,
    metavar="A",
    help="Group weight of Nash-style players (default: a game file's none, a scenario's own).",
)
@memory_limit_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@user_errors
def analyze_command(file: str, group_weight: float | None, as_json: bool) -> None:
    """Print the equilibria, social optimum and price of anarchy of FILE.

    FILE is a game file (only a ``game:`` section), a scenario or a built-in
    scenario's name. A scenario is also run, and its simulated long-run
    outcome is printed beside the theory.
    """
    from alignsim.runner.analyze import analysis_text, analyze_file

    result = analyze_file(file, group_weight)
    if as_json:
        click.echo(json.dumps(result, indent=2, allow_nan=False))
    else:
        click.echo(analysis_text(result), nl=False)
