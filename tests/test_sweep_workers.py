"""Worker processes: never more than the runs to do, and never outliving the sweep."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.runner.executors import ProcessExecutor, SerialExecutor, make_executor
from sweep_helpers import GATED_CLI, SMALL, alive, children, gated_env, wait_until, write_scenario

GONE_WITHIN = 5.0  # seconds


def test_no_more_workers_than_tasks():
    assert make_executor(64, None, 2).workers == 2
    assert isinstance(make_executor(64, None, 1), SerialExecutor)
    assert isinstance(make_executor(None, None, 0), SerialExecutor)
    assert make_executor(3, None, 100).workers == 3
    with make_executor(64, None, 2) as executor:
        assert isinstance(executor, ProcessExecutor)
        pids = set(executor.imap_unordered(pid_after_a_moment, range(8)))
        assert len(pids) <= 2 and len(executor.worker_pids()) <= 2


def pid_after_a_moment(_: int) -> int:
    time.sleep(0.05)
    return os.getpid()


def test_cli_starts_two_workers_for_two_runs(tmp_path):
    scenario = write_scenario(tmp_path, SMALL)
    result = CliRunner().invoke(
        main,
        [
            "sweep",
            str(scenario),
            "--grid",
            "population.group_weight=0.2,0.8",
            "--replicates",
            "1",
            "--workers",
            "64",
            "--out",
            str(tmp_path / "s"),
            "--no-plots",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "running on 2 local processes" in result.stderr


def test_resume_of_one_missing_run_runs_it_in_this_process(tmp_path):
    scenario = write_scenario(tmp_path)
    args = ["sweep", str(scenario), "--out", str(tmp_path / "s"), "--workers", "2", "--no-plots"]
    assert CliRunner().invoke(main, args).exit_code == 0
    (tmp_path / "s" / "runs" / "run-000003.json").unlink()
    result = CliRunner().invoke(main, [*args, "--resume"])
    assert result.exit_code == 0, result.output
    assert "running on 1 process" in result.stderr and "1 runs done" in result.stderr


@pytest.mark.parametrize(
    ("kill", "watch_only"),
    [(signal.SIGKILL, False), (signal.SIGTERM, False), (signal.SIGKILL, True)],
    ids=["SIGKILL", "SIGTERM", "SIGKILL-no-pdeathsig"],
)
def test_workers_exit_when_the_main_process_dies(tmp_path, kill, watch_only):
    """Kill the sweep's main process while both workers are busy; both are gone within 5 s.

    ``watch_only`` turns off Linux's parent-death signal in the workers, so
    their own watch on the parent (the portable mechanism) must do it alone.
    """
    scenario = write_scenario(tmp_path)
    gate = tmp_path / "gate"
    extra = {"SWEEP_NO_PDEATHSIG": "1"} if watch_only else {}
    args = ["sweep", str(scenario), "--out", str(tmp_path / "s"), "--workers", "2", "--quiet"]
    process = subprocess.Popen(
        [sys.executable, "-c", GATED_CLI, *args],
        stderr=subprocess.DEVNULL,
        env=gated_env(gate, after=0, **extra),  # every run waits: the workers stay busy
    )
    try:
        wait_until(lambda: len(children(process.pid)) == 2, process, "two worker processes")
        workers = children(process.pid)
        time.sleep(0.5)  # the workers are past their start-up, inside a run
        process.send_signal(kill)
        process.wait(timeout=30)
        deadline = time.monotonic() + GONE_WITHIN
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = [pid for pid in workers if alive(pid)]
    finally:
        process.kill()
        gate.touch()  # lets any survivor finish, so none lingers after the test
    assert not survivors, f"workers {survivors} outlived the sweep by {GONE_WITHIN} s"
