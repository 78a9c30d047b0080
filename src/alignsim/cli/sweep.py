"""``alignsim sweep``: run a scenario over a grid of parameters, with replicates."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from alignsim.cli.common import (
    out_folder,
    progress_bar,
    scenario_argument,
    set_option,
    user_errors,
)
from alignsim.outputs.ownership import check_destination
from alignsim.outputs.safe_text import printable
from alignsim.runner.executors import make_executor
from alignsim.runner.sweep import sweep
from alignsim.runner.sweep_plan import plan_sweep

EXIT_INTERRUPTED = 130


@click.command("sweep")
@scenario_argument
@click.option(
    "--grid",
    multiple=True,
    metavar="KEY.PATH=VALUES",
    help="Swept key and values: v1,v2,... or start:stop:step or start:stop:Npts (repeatable).",
)
@click.option("--replicates", type=click.IntRange(min=1), help="Runs per grid point.")
@click.option("--steps", type=click.IntRange(min=1), help="Rounds per run.")
@click.option("--seed", type=click.IntRange(min=0), help="Root seed of the sweep.")
@set_option
@click.option(
    "--workers", type=click.IntRange(min=1), help="Worker processes (default: the cores)."
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run on Dask: 'local' for a LocalCluster, or a scheduler address (tcp://host:8786).",
)
@click.option(
    "--out",
    type=click.Path(),
    help="Sweep folder (default: results/<scenario>/sweep-<fingerprint>): a new folder, "
    "or this same sweep's.",
)
@click.option("--resume", is_flag=True, help="Continue a stopped sweep in --out, redoing no run.")
@click.option("--pdf", is_flag=True, help="Also write the figures as PDF.")
@click.option("--no-plots", is_flag=True, help="Write the tables only.")
@click.option("--quiet", is_flag=True, help="Print only where the results went.")
@user_errors
def sweep_command(
    scenario: str,
    grid: tuple[str, ...],
    replicates: int | None,
    steps: int | None,
    seed: int | None,
    overrides: tuple[str, ...],
    workers: int | None,
    scheduler: str | None,
    out: str | None,
    resume: bool,
    pdf: bool,
    no_plots: bool,
    quiet: bool,
) -> None:
    """Sweep SCENARIO (its sweep: section, and --grid) and write runs.csv, aggregate.csv, figures.

    Each run's seed comes from the root seed; every row of runs.csv holds the
    `alignsim run` command that repeats that run alone.
    """
    plan = plan_sweep(scenario, overrides, grid, replicates, steps, seed)
    folder = out_folder(out) or Path("results") / plan.base.name / f"sweep-{plan.fingerprint()}"
    check_destination(folder, "sweep", plan.fingerprint())  # refused before any work
    executor = make_executor(workers, scheduler)
    console = Console(stderr=True)
    if not quiet:
        console.print(
            f"[bold]{plan.base.name}[/bold]: {plan.spec.n_points} grid points x "
            f"{plan.spec.replicates} replicates = {plan.spec.n_runs} runs of {plan.steps} rounds",
            soft_wrap=True,
        )
    formats = ("png", "svg", "pdf") if pdf else ("png", "svg")
    with executor, progress_bar(console, quiet, "runs") as progress:
        task = progress.add_task("runs", total=plan.spec.n_runs)
        try:
            outcome = sweep(
                plan,
                folder,
                executor,
                resume=resume,
                on_run=lambda done, _: progress.update(task, completed=done),
                formats=formats,
                plots=not no_plots,
            )
        except KeyboardInterrupt:
            progress.stop()
            shown = printable(str(folder))
            click.echo(
                f"alignsim: interrupted; finished runs are saved in {shown}/runs; "
                f"continue with --resume --out {shown}",
                err=True,
            )
            sys.exit(EXIT_INTERRUPTED)
    if not quiet:
        console.print(
            f"{outcome.ran} runs done, {outcome.reused} reused ({executor.label}); "
            f"report: alignsim report {printable(str(folder))}",
            soft_wrap=True,
        )
    click.echo(f"results: {printable(str(folder))}")
