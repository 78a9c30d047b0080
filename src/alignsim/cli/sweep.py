"""``alignsim sweep``: run a scenario over a grid of parameters, with replicates."""

from __future__ import annotations

import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from rich.console import Console

    from alignsim.runner.sweep import SweepOutcome
    from alignsim.runner.sweep_plan import SweepPlan

EXIT_FAILED_RUNS = 3
EXIT_INTERRUPTED = 130
SCHEDULER_ADDRESS = re.compile(
    r"^((tcp|tls|ws|wss|ucx|inproc)://)?[A-Za-z0-9_.\-\[\]:]*[A-Za-z0-9\]]:\d{1,5}$"
)


def _check_scheduler(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an address Dask could not read, before anything is planned or started."""
    if value is None or value == "local" or SCHEDULER_ADDRESS.match(value):
        return value
    raise click.BadParameter(
        f"{value!r}: expected 'local' or a scheduler address such as tcp://host:8786", ctx, param
    )


MAX_LISTED = 10


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
@memory_limit_option
@click.option(
    "--workers", type=click.IntRange(min=1), help="Worker processes (default: the cores)."
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    callback=_check_scheduler,
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
    `alignsim run` command that repeats that run alone. Exit status: 0 when
    every run finished, 3 when some failed (listed; the others are saved), 2 for
    bad input, 130 when interrupted.
    """
    from rich.console import Console

    from alignsim.outputs.ownership import check_destination
    from alignsim.runner.sweep_plan import plan_sweep

    plan = plan_sweep(scenario, overrides, grid, replicates, steps, seed)
    folder = out_folder(out) or Path("results") / plan.base.name / f"sweep-{plan.fingerprint()}"
    check_destination(folder, "sweep", plan.fingerprint())  # refused before any work
    console = Console(stderr=True)
    if not quiet:
        console.print(
            f"[bold]{plan.base.name}[/bold]: {plan.spec.n_points} grid points x "
            f"{plan.spec.replicates} replicates = {plan.spec.n_runs} runs of {plan.steps} rounds",
            soft_wrap=True,
        )
    formats = () if no_plots else ("png", "svg", "pdf") if pdf else ("png", "svg")
    with interrupt_flag() as interrupted:
        try:
            outcome = _run(plan, folder, resume, (workers, scheduler), console, quiet, formats)
        except KeyboardInterrupt:
            interrupted.append(signal.SIGINT)
    shown = printable(str(folder))
    if interrupted:
        click.echo(
            f"alignsim: interrupted; finished runs are saved in {shown}/runs; "
            f"continue with --resume --out {shown}",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    if not quiet:
        redone = f" ({outcome.redone} of them redone)" if outcome.redone else ""
        console.print(
            f"{outcome.ran} runs done{redone}, {outcome.reused} reused; "
            f"report: alignsim report {shown}",
            soft_wrap=True,
        )
    if outcome.failures:
        report_failures(outcome.failures, len(plan.tasks), folder)
    click.echo(f"results: {shown}")
    if outcome.failures:
        sys.exit(EXIT_FAILED_RUNS)


def _run(
    plan: SweepPlan,
    folder: Path,
    resume: bool,
    where: tuple[int | None, str | None],
    console: Console,
    quiet: bool,
    formats: tuple[str, ...],
) -> SweepOutcome:
    """Lock and open the folder, start no more workers than runs to do, run them with a bar.

    ``where`` is ``(--workers, --scheduler)``; no ``formats``, no figures.
    """
    from alignsim.runner.executors import make_executor
    from alignsim.runner.sweep import open_sweep, pending_tasks, run_sweep

    with open_sweep(plan, folder, resume) as saved:
        if saved.damaged:
            count = len(saved.damaged)
            click.echo(
                f"alignsim: redoing {count} run{'s' if count > 1 else ''} whose saved "
                f"file{'s are' if count > 1 else ' is'} damaged "
                f"(first: {printable(str(saved.files[saved.damaged[0]]))})",
                err=True,
            )
        executor = make_executor(*where, len(pending_tasks(plan, saved)))
        with executor, progress_bar(console, quiet, "runs") as progress:
            if not quiet:
                console.print(f"running on {rich_literal(executor.label)}", soft_wrap=True)
            task = progress.add_task("runs", total=plan.spec.n_runs)
            return run_sweep(
                plan,
                folder,
                saved,
                executor,
                on_run=lambda done, _: progress.update(task, completed=done),
                formats=formats,
                plots=bool(formats),
            )


@contextmanager
def interrupt_flag() -> Iterator[list[int]]:
    """Record every Ctrl-C in a list while raising KeyboardInterrupt as usual.

    A KeyboardInterrupt that lands inside a finaliser is printed and dropped by
    Python; the list still says the user asked to stop.
    """
    interrupted: list[int] = []

    def handler(signum: int, frame: object) -> None:
        interrupted.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, previous)


def report_failures(failures: list[dict[str, Any]], total: int, folder: Path) -> None:
    """List the runs that failed, one line each (the first few), on stderr."""
    click.echo(
        f"alignsim: {len(failures)} of {total} runs failed; the sweep went on without them "
        f"(reasons in {printable(str(folder / 'runs.csv'))}, column error):",
        err=True,
    )
    for row in failures[:MAX_LISTED]:
        where = ", ".join(f"{k}={v}" for k, v in row["params"].items()) or "base scenario"
        click.echo(f"  run {row['run']} ({printable(where)}): {printable(row['error'])}", err=True)
    if len(failures) > MAX_LISTED:
        click.echo(f"  ... and {len(failures) - MAX_LISTED} more", err=True)
