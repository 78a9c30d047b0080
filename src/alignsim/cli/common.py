"""What every command shares: the scenario argument and one-line errors."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from alignsim.outputs.safe_text import printable
from alignsim.scenario import ScenarioError

EXIT_USAGE = 2


def fail(message: str) -> None:
    """Print one line on stderr and exit with status 2; control characters are shown escaped."""
    click.echo(f"alignsim: error: {printable(message)}", err=True)
    sys.exit(EXIT_USAGE)


def user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`ScenarioError` into one line and exit status 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ScenarioError as err:
            fail(str(err))

    return wrapper


scenario_argument = click.argument("scenario", default="nash", required=False)
set_option = click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY.PATH=VALUE",
    help="Override a scenario key, e.g. --set population.share_nash=0.8 (repeatable).",
)


def out_folder(out: str | None) -> Path | None:
    """The ``--out`` folder as a path; an empty ``--out ''`` is refused (it would mean ``.``)."""
    if out is None:
        return None
    if not out.strip():
        raise ScenarioError("--out", None, "is empty; name a folder for the results")
    return Path(out)


def progress_bar(console: Console, quiet: bool, unit: str) -> Progress:
    """The progress bar long commands show on stderr: done/total ``unit``, time spent and left."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=quiet,
    )
