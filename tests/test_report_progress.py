"""`alignsim report` says what it does when it is slow, on a terminal only; files unchanged."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.kinds import report_columns, report_findings, report_schema, report_theory
from alignsim.outputs.report import REPORT_FILES, write_report
from sweep_helpers import SMALL, write_scenario

SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("progress")
    out = tmp / "run"
    result = CliRunner().invoke(main, ["run", str(write_scenario(tmp, SMALL)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_report_files_are_the_same_with_and_without_the_steps_shown(run_folder):
    hooks = (report_theory, report_findings, report_columns, report_schema)
    steps: list[str] = []
    write_report(run_folder, *hooks, on_step=steps.append)
    assert steps == ["reading run", *(f"writing {name}" for name in REPORT_FILES)]
    told = {name: (run_folder / name).read_bytes() for name in REPORT_FILES}
    result = CliRunner().invoke(main, ["report", str(run_folder)])  # no terminal
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # nothing but errors on stderr without a terminal
    assert result.stdout.splitlines() == [f"report: {run_folder / n}" for n in REPORT_FILES]
    assert {name: (run_folder / name).read_bytes() for name in REPORT_FILES} == told


def test_a_report_in_a_pipe_prints_its_files_and_nothing_else(run_folder):
    done = subprocess.run(
        [sys.executable, "-m", "alignsim", "report", str(run_folder)],
        capture_output=True, text=True, env=os.environ | {"PYTHONPATH": SRC}, timeout=120,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines() == [f"report: {run_folder / n}" for n in REPORT_FILES]


SLOW = """
import time
from alignsim.cli.common import SlowStatus
with SlowStatus("report: loading the libraries", delay={delay}) as status:
    time.sleep({first})
    status.step("report: writing report.pdf")
    time.sleep({second})
print("finished")
"""


def on_a_terminal(code: str) -> str:
    """What a Python snippet writes to a terminal (stdout and stderr on one pseudo-terminal)."""
    main_end, child_end = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdin=child_end, stdout=child_end, stderr=child_end,
        env=os.environ | {"PYTHONPATH": SRC, "TERM": "xterm"}, close_fds=True,
    )  # fmt: skip
    os.close(child_end)
    output = b""
    while True:
        try:
            chunk = os.read(main_end, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(main_end)
    return output.decode(errors="replace")


def test_a_slow_step_is_shown_on_a_terminal_then_cleared():
    shown = on_a_terminal(SLOW.format(delay=0.1, first=0.6, second=0.6))
    assert "report: loading the libraries" in shown and "report: writing report.pdf" in shown
    assert shown.rstrip().endswith("finished")  # the status went before the next output
    assert "\x1b[2K" in shown  # the line is erased, not left in the terminal


def test_a_quick_command_shows_nothing_on_a_terminal():
    shown = on_a_terminal(SLOW.format(delay=5, first=0.05, second=0.05))
    assert shown.strip() == "finished"
