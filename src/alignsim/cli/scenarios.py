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
    from alignsim.scenario import BarScenario, load_any

    resolved = load_any(scenario, overrides)
    if isinstance(resolved, BarScenario):
        click.echo(
            f"{printable(scenario)}: ok ({resolved.name}: {resolved.game.n} suitors, "
            f"{resolved.learning.rule}, {resolved.steps} rounds, game bar)"
        )
        return
    click.echo(
        f"{printable(scenario)}: ok ({resolved.name}: {resolved.population.n_followers} followers, "
        f"{resolved.n_leaders} leaders, {resolved.steps} rounds, game {resolved.game.type})"
    )


@click.command("scenarios")
@user_errors
def scenarios_command() -> None:
    """List the built-in scenarios, a line each."""
    from alignsim.scenario import builtin_scenarios, load_any

    found = builtin_scenarios()
    width = max((len(name) for name in found), default=0)
    for name, path in found.items():
        description = " ".join(load_any(path).description.split())
        first = description.split(". ")[0].rstrip(".")
        click.echo(f"{name:<{width}}  {first}.")
