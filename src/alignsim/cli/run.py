"""``alignsim run``: run one scenario, print the table, write results."""

from __future__ import annotations

from pathlib import Path

import click

from alignsim.cli.common import (
    memory_limit_option,
    out_folder,
    progress_bar,
    scenario_argument,
    set_option,
    user_errors,
)
from alignsim.outputs.safe_text import printable, rich_literal


@click.command("run")
@scenario_argument
@click.option("--seed", type=click.IntRange(min=0), help="Root seed (default: the scenario's).")
@click.option(
    "--steps", type=click.IntRange(min=1), help="Rounds to run (default: the scenario's)."
)
@set_option
@memory_limit_option
@click.option(
    "--out",
    type=click.Path(),
    help="Folder for the results (default: results/<scenario>/<run id>): a new folder, "
    "or this same run's, whose other files are kept.",
)
@click.option("--quiet", is_flag=True, help="Print only where the results went.")
@user_errors
def run_command(
    scenario: str,
    seed: int | None,
    steps: int | None,
    overrides: tuple[str, ...],
    out: str | None,
    quiet: bool,
) -> None:
    """Run SCENARIO (a YAML file or a built-in name; default: nash) and write its results."""
    from rich.console import Console

    from alignsim.kinds import kind_of, load, run_id  # the model, only when a command runs
    from alignsim.outputs.ownership import check_destination
    from alignsim.scenario.commands import command_for

    resolved = load(scenario, overrides, seed=seed, steps=steps)
    kind = kind_of(resolved)
    destination = out_folder(out) or Path("results") / resolved.name / run_id(resolved)
    check_destination(destination, "run", run_id(resolved))  # refused before the run, not after
    console = Console(stderr=True)
    command = command_for(scenario, resolved.seed, resolved.steps, overrides)
    if not quiet and resolved.description:
        from alignsim.outputs.swept_text import changed_description
        from alignsim.scenario.load import parse_override

        # the description without what it says of settings --set changed (as the report)
        keys = [".".join(parse_override(setting)[0]) for setting in overrides]
        paragraphs = changed_description(
            resolved.model_dump(mode="json"), scenario, keys, lambda: kind.schema
        )
        text = "\n".join(rich_literal(paragraph) for paragraph in paragraphs)
        console.print(f"[bold]{resolved.name}[/bold]: {text}")
    with progress_bar(console, quiet, "rounds") as progress:
        task = progress.add_task(resolved.name, total=resolved.steps)
        result = kind.run(resolved, lambda done, _: progress.update(task, completed=done))
    result.summary["command"] = command
    kind.write(result, destination)
    if not quiet:
        kind.print_summary(result.summary, Console())
    click.echo(f"results: {printable(str(destination))}")
