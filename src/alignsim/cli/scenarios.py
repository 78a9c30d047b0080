"""``alignsim validate`` and ``alignsim scenarios``: check and list scenario files."""

from __future__ import annotations

import click

from alignsim.cli.common import memory_limit_option, scenario_argument, set_option, user_errors
from alignsim.outputs.safe_text import printable


@click.command("validate")
@scenario_argument
@set_option
@memory_limit_option
@user_errors
def validate_command(scenario: str, overrides: tuple[str, ...]) -> None:
    """Check SCENARIO and say what is wrong, or that it is fine."""
    from alignsim.kinds import kind_of, load

    resolved = load(scenario, overrides)
    click.echo(f"{printable(scenario)}: ok ({printable(kind_of(resolved).describe(resolved))})")


@click.command("scenarios")
@user_errors
def scenarios_command() -> None:
    """List the built-in scenarios, a line each."""
    from alignsim.kinds import load
    from alignsim.scenario import builtin_scenarios

    found = builtin_scenarios()
    width = max((len(name) for name in found), default=0)
    for name, path in found.items():
        description = " ".join(load(path).description.split())
        first = description.split(". ")[0].rstrip(".")
        click.echo(f"{name:<{width}}  {first}.")
