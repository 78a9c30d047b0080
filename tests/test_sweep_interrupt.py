"""A real Ctrl-C in the middle of a parallel sweep, then --resume: no run redone, none lost.

The interrupt must land while runs remain, whatever the load on the machine:
the sweep runs under :data:`sweep_helpers.GATED_CLI`, which holds every run
from number 3 on until the test creates a gate file. The signal is sent once
runs 0 to 2 are saved, so the sweep cannot have finished, and the workers,
held at the gate, must be stopped for the command to exit at all.
"""

from __future__ import annotations

import signal
import subprocess
import sys

import pandas as pd

from alignsim.runner.executors import SerialExecutor
from alignsim.runner.sweep_plan import plan_sweep, run_task
from sweep_helpers import GATED_CLI, SMALL, gated_env, wait_until, write_scenario

CLI = [sys.executable, "-c", "from alignsim.cli import main; main()"]
SLOWER = SMALL.replace("steps: 8", "steps: 60").replace("n_followers: 12", "n_followers: 40")


def saved_runs(folder):
    return sorted((folder / "runs").glob("run-*.json")) if (folder / "runs").is_dir() else []


def test_ctrl_c_then_resume(tmp_path):
    scenario = write_scenario(tmp_path, SLOWER)
    folder, gate = tmp_path / "sweep", tmp_path / "gate"
    args = [str(scenario), "--grid", "population.group_weight=0:1:12pts", "--replicates", "4"]
    common = [*args, "--out", str(folder), "--workers", "2", "--no-plots", "--quiet"]
    process = subprocess.Popen(
        [sys.executable, "-c", GATED_CLI, "sweep", *common],
        stderr=subprocess.PIPE,
        text=True,
        env=gated_env(gate, after=3),
    )
    try:
        wait_until(lambda: len(saved_runs(folder)) >= 3, process, "3 saved runs")
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)  # workers held at the gate are stopped
    finally:
        gate.touch()
        process.kill()
    assert process.returncode == 130, stderr
    assert "--resume" in stderr and "Traceback" not in stderr
    saved = {p.name: p.read_text() for p in saved_runs(folder)}
    assert sorted(saved) == [f"run-{run:06d}.json" for run in range(3)]
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
