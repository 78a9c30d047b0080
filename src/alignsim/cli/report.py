"""``alignsim report``: a self-contained Markdown and HTML report of a run or a sweep."""

from __future__ import annotations

from pathlib import Path

import click

from alignsim.cli.common import user_errors
from alignsim.outputs.safe_text import printable


@click.command("report")
@click.argument("folder", type=click.Path(path_type=Path))
@user_errors
def report_command(folder: Path) -> None:
    """Write report.md and report.html into FOLDER (a run folder or a sweep folder)."""
    from alignsim.outputs.report import write_report

    for path in write_report(folder):
        click.echo(f"report: {printable(str(path))}")
