"""``alignsim report``: a report of a run or a sweep in Markdown, self-contained HTML and PDF."""

from __future__ import annotations

from pathlib import Path

import click

from alignsim.cli.common import SlowStatus, user_errors
from alignsim.outputs.safe_text import printable


@click.command("report")
@click.argument("folder", type=click.Path(path_type=Path))
@user_errors
def report_command(folder: Path) -> None:
    """Write report.md, report.html and report.pdf into FOLDER (a run or a sweep folder)."""
    with SlowStatus("report: loading the libraries") as status:
        from alignsim.kinds import report_columns, report_findings, report_schema, report_theory
        from alignsim.outputs.report import write_report

        hooks = (report_theory, report_findings, report_columns, report_schema)  # by kind
        written = write_report(folder, *hooks, on_step=lambda text: status.step(f"report: {text}"))
    for path in written:
        click.echo(f"report: {printable(str(path))}")
