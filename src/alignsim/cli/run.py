"""``alignsim run``: run one scenario, print the table, write results."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from alignsim.cli.common import (
    memory_limit_option,
    progress_bar,
    scenario_argument,
    set_option,
    user_errors,
)
from alignsim.outputs.table import print_summary
from alignsim.runner import run_any, run_id, write_any
from alignsim.scenario import load_any


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
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the results (default: results/<scenario>/<run id>).",
)
@click.option("--quiet", is_flag=True, help="Print only where the results went.")
@user_errors
def run_command(
    scenario: str,
    seed: int | None,
    steps: int | None,
    overrides: tuple[str, ...],
    out: Path | None,
    quiet: bool,
) -> None:
    """Run SCENARIO (a YAML file or a built-in name; default: nash) and write its results."""
    resolved = load_any(scenario, overrides, seed=seed, steps=steps)
    console = Console(stderr=True)
    if not quiet and resolved.description:
        console.print(f"[bold]{resolved.name}[/bold]: {' '.join(resolved.description.split())}")
    with progress_bar(console, quiet, "rounds") as progress:
        task = progress.add_task(resolved.name, total=resolved.steps)
        result = run_any(resolved, lambda done, _: progress.update(task, completed=done))
    destination = out or Path("results") / resolved.name / run_id(resolved)
    write_any(result, destination)
    if not quiet:
        print_summary(result.summary, Console())
    click.echo(f"results: {destination}")
