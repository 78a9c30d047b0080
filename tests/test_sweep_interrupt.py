"""A real Ctrl-C in the middle of a parallel sweep, then --resume: no run redone, none lost.

The interrupt must land while runs remain, whatever the load on the machine:
the sweep runs under :data:`sweep_helpers.GATED_CLI`, which holds every run
from number ``after`` on until the test creates a gate file. The signal is
sent once the runs before it are saved, so the sweep cannot have finished, and
the workers, held at the gate, must be stopped for the command to exit at all.
Runs alone and in batches of 4 replicates: a batch's runs are saved together,
and a batch cut short by Ctrl-C is the only work done again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pandas as pd
import pytest

from alignsim.runner.executors import SerialExecutor
from alignsim.runner.sweep import sweep
from alignsim.runner.sweep_folder import runs_in
from alignsim.runner.sweep_plan import plan_sweep, run_task
from sweep_helpers import (
    GATED_CLI,
    SMALL,
    alive,
    children,
    gated_env,
    wait_until,
    write_scenario,
)

SLOWER = SMALL.replace("steps: 8", "steps: 60").replace("n_followers: 12", "n_followers: 40")


def saved_files(folder):
    return sorted((folder / "runs").glob("run-*.json")) if (folder / "runs").is_dir() else []


def saved_count(folder):
    return sum(len(runs_in(path.name)) for path in saved_files(folder))


@pytest.mark.parametrize(
    ("batch", "after", "files"),
    [
        (1, 3, ["run-000000.json", "run-000001.json", "run-000002.json"]),
        (4, 4, ["run-000000-000003.json"]),
    ],
    ids=["alone", "batches-of-4"],
)
def test_ctrl_c_then_resume(tmp_path, batch, after, files):
    scenario = write_scenario(tmp_path, SLOWER)
    folder, gate = tmp_path / "sweep", tmp_path / "gate"
    args = [str(scenario), "--grid", "population.group_weight=0:1:12pts", "--replicates", "4"]
    common = [*args, "--out", str(folder), "--workers", "2", "--no-plots", "--quiet"]
    process = subprocess.Popen(
        [sys.executable, "-c", GATED_CLI, "sweep", *common],
        stderr=subprocess.PIPE,
        text=True,
        env=gated_env(gate, after=after, SWEEP_BATCH=str(batch)),
    )
    try:
        wait_until(lambda: saved_count(folder) >= after, process, f"{after} saved runs")
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)  # workers held at the gate are stopped
    finally:
        gate.touch()
        process.kill()
    assert process.returncode == 130, stderr
    assert "--resume" in stderr and "Traceback" not in stderr
    saved = {p.name: (p.read_text(), p.stat().st_ino) for p in saved_files(folder)}
    assert sorted(saved) == files
    assert not (folder / "runs.csv").exists()
    assert not [p for p in (folder / "runs").iterdir() if p.name.startswith(".")]

    done = subprocess.run(  # the gate is open: nothing waits
        [sys.executable, "-c", GATED_CLI, "sweep", *common[:-1], "--resume"],  # not --quiet
        capture_output=True,
        text=True,
        env=gated_env(gate, after=after, SWEEP_BATCH=str(batch)),
    )
    assert done.returncode == 0, done.stderr
    assert f"{48 - after} runs done" in done.stderr, done.stderr
    for name, (text, inode) in saved.items():  # a redone run's file would be a new file
        path = folder / "runs" / name
        assert (path.read_text(), path.stat().st_ino) == (text, inode)
    runs = pd.read_csv(folder / "runs.csv")
    assert list(runs["run"]) == list(range(48))

    plan = plan_sweep(*args[:1], grid=(args[2],), replicates=4)
    with SerialExecutor():
        for task in (plan.tasks[0], plan.tasks[47]):
            row = run_task(task)
            for column, value in row["metrics"].items():
                assert runs.loc[task.run, column] == value


def descendants(pid):
    """Every live process below ``pid``: a LocalCluster's workers, a resource tracker."""
    found = children(pid)
    return [*found, *(grandchild for child in found for grandchild in descendants(child))]


def test_ctrl_c_on_dask_then_resume(tmp_path):
    """Ctrl-C as a terminal sends it (to the command and its workers) on a Dask LocalCluster.

    Runs in batches of up to 3; all but the last batch finish, so one worker
    is held in a run and the other idle when Ctrl-C lands. The batches back are
    saved, a file each; the cluster's processes end with the command, which says
    how to resume and exits 130; --resume on Dask runs only the missing runs, and
    its tables are those of a serial sweep.
    """
    scenario = write_scenario(tmp_path, SMALL)
    folder, gate = tmp_path / "dask", tmp_path / "gate"
    args = [str(scenario), "--grid", "population.group_weight=0:1:3pts", "--replicates", "8"]
    common = [*args, "--out", str(folder), "--scheduler", "local", "--workers", "2", "--no-plots"]
    env = gated_env(gate, after=22, SWEEP_BATCH="3")  # runs 22 and 23, the last batch, wait
    process = subprocess.Popen(
        [sys.executable, "-c", GATED_CLI, "sweep", *common, "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        wait_until(lambda: saved_count(folder) >= 22, process, "22 saved runs")
        cluster = descendants(process.pid)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, stderr = process.communicate(timeout=120)  # the workers, held at the gate, are stopped
        wait_until(lambda: not any(alive(pid) for pid in cluster), None, "end of the cluster", 10)
    finally:
        gate.touch()
        process.kill()
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines() == [
        f"alignsim: interrupted; finished runs are saved in {folder}/runs; "
        f"continue with --resume --out {folder}"
    ]  # and not a word from the workers: Ctrl-C is the command's to handle
    assert len(cluster) >= 2  # the two workers were seen, and have ended
    saved = {p.name: (p.read_text(), p.stat().st_ino) for p in saved_files(folder)}
    batches = [(0, 2), (3, 5), (6, 7), (8, 10), (11, 13), (14, 15), (16, 18), (19, 21)]
    assert sorted(saved) == [f"run-{first:06d}-{last:06d}.json" for first, last in batches]
    assert not (folder / "runs.csv").exists()
    assert not [p for p in (folder / "runs").iterdir() if p.name.startswith(".")]

    done = subprocess.run(  # the gate is open: nothing waits
        [sys.executable, "-c", GATED_CLI, "sweep", *common, "--resume"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "running on Dask LocalCluster" in done.stderr and "2 runs done" in done.stderr
    for name, (text, inode) in saved.items():  # a redone run's file would be a new file
        path = folder / "runs" / name
        assert (path.read_text(), path.stat().st_ino) == (text, inode)
    plan = plan_sweep(args[0], grid=(args[2],), replicates=8)
    with SerialExecutor() as executor:
        sweep(plan, tmp_path / "serial", executor, plots=False)
    for table in ("runs.csv", "aggregate.csv"):
        assert (folder / table).read_text() == (tmp_path / "serial" / table).read_text()
