"""A real Ctrl-C in the middle of a parallel sweep, then --resume: no run redone, none lost."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pandas as pd

from alignsim.runner.executors import SerialExecutor
from alignsim.runner.sweep_plan import plan_sweep, run_task
from sweep_helpers import SMALL, write_scenario

CLI = [sys.executable, "-c", "from alignsim.cli import main; main()"]
SLOWER = SMALL.replace("steps: 8", "steps: 60").replace("n_followers: 12", "n_followers: 40")


def wait_for_runs(folder, count, process, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if len(list((folder / "runs").glob("run-*.json"))) >= count:
            return
        time.sleep(0.02)


def test_ctrl_c_then_resume(tmp_path):
    scenario = write_scenario(tmp_path, SLOWER)
    folder = tmp_path / "sweep"
    args = [str(scenario), "--grid", "population.group_weight=0:1:12pts", "--replicates", "4"]
    common = [*args, "--out", str(folder), "--workers", "2", "--no-plots", "--quiet"]
    process = subprocess.Popen([*CLI, "sweep", *common], stderr=subprocess.PIPE, text=True)
    wait_for_runs(folder, 3, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "--resume" in stderr and "Traceback" not in stderr
    saved = {p.name: p.read_text() for p in (folder / "runs").glob("run-*.json")}
    assert 3 <= len(saved) < 48
    assert not (folder / "runs.csv").exists()
    assert not [p for p in (folder / "runs").iterdir() if p.name.startswith(".")]

    done = subprocess.run([*CLI, "sweep", *common, "--resume"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for name, text in saved.items():  # redone runs would be rewritten
        assert (folder / "runs" / name).read_text() == text
    runs = pd.read_csv(folder / "runs.csv")
    assert list(runs["run"]) == list(range(48))

    plan = plan_sweep(*args[:1], grid=(args[2],), replicates=4)
    with SerialExecutor():
        for task in (plan.tasks[0], plan.tasks[47]):
            row = run_task(task)
            for column, value in row["metrics"].items():
                assert runs.loc[task.run, column] == value
