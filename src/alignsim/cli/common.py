"""What every command shares: the scenario argument, the memory budget and one-line errors."""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from alignsim.outputs.safe_text import printable
from alignsim.scenario.errors import ScenarioError, one_line
from alignsim.scenario.resources import ENV as MEMORY_ENV
from alignsim.scenario.resources import parse_size

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

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


class OneLineGroup(click.Group):
    """A click group whose own usage errors (an unknown option, a value out of range) are one line.

    click prints a usage error as four lines (usage, a hint, a blank line, the
    error); alignsim prints every mistake the same way: ``alignsim: error:``
    and one line on stderr, exit status 2.
    """

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Run the command line as click does, but report click's errors in one line."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.ClickException as err:
            command = f" (see '{err.ctx.command_path} --help')" if getattr(err, "ctx", None) else ""
            message = one_line(" ".join(err.format_message().split()))
            click.echo(f"alignsim: error: {message}{command}", err=True)
            sys.exit(EXIT_USAGE if err.exit_code == EXIT_USAGE else err.exit_code)
        except click.Abort:
            click.echo("alignsim: aborted", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _set_memory_limit(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is None:
        return
    try:
        parse_size(value)
    except ValueError as err:
        raise click.BadParameter(str(err), ctx, param) from None
    os.environ[MEMORY_ENV] = value


memory_limit_option = click.option(
    "--memory-limit",
    metavar="SIZE",
    expose_value=False,
    callback=_set_memory_limit,
    help=f"Most memory one run may need, e.g. 64G (default: half of this machine's; {MEMORY_ENV}).",
)
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
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

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


class SlowStatus:
    """What a command is doing, on stderr, once it has taken longer than ``delay`` seconds.

    A command that is usually quick (``alignsim report``: 1 to 3 s, most of it
    loading libraries) shows nothing when it is quick and a line with a
    spinner saying what it is doing when it is not. Only on a terminal: in a
    pipe or a log, stderr gets nothing but errors. The line goes when the
    command ends, before anything else is printed.
    """

    def __init__(self, text: str, delay: float = 1.0) -> None:
        self.text = text
        self._lock = threading.Lock()
        self._status: Any = None
        self._closed = False
        self._timer = threading.Timer(delay, self._show)
        self._timer.daemon = True

    def __enter__(self) -> SlowStatus:
        if sys.stderr.isatty():
            self._timer.start()
        return self

    def step(self, text: str) -> None:
        """Say what the command does now."""
        with self._lock:
            self.text = text
            if self._status is not None:
                self._status.update(text)

    def _show(self) -> None:
        from rich.console import Console

        with self._lock:
            if self._closed:
                return
            self._status = Console(stderr=True).status(self.text)
            self._status.start()

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._status is not None:
                self._status.stop()
