"""A sweep on Dask: tasks go out in chunks, and a worker that dies mid-sweep loses no run.

Dask is in the ``test`` extra (README, "Dependencies, and why"), so these
tests run wherever the test suite does.
"""

from __future__ import annotations

import functools
import os
import signal
import threading
import time

from alignsim.runner.batches import attempt_batch
from alignsim.runner.executors import DASK_CHUNK_MOST, DaskExecutor, SerialExecutor, guided_chunks
from alignsim.runner.sweep import sweep
from alignsim.runner.sweep_plan import plan_sweep
from sweep_helpers import held_call, write_scenario


class GatedDask(DaskExecutor):
    """A Dask LocalCluster of two workers whose runs from ``after`` on wait for ``gate``."""

    def __init__(self, gate, after: int) -> None:
        super().__init__("local", 2)
        self.gate, self.after = str(gate), after

    def imap_unordered(self, fn, tasks):
        if fn is not attempt_batch:  # the tables' per-point summaries are not held
            return super().imap_unordered(fn, tasks)
        return super().imap_unordered(
            functools.partial(held_call, fn, self.gate, self.after), tasks
        )


def test_dask_chunks_are_guided_and_capped():
    sizes = [len(chunk) for chunk in guided_chunks(list(range(5000)), 2, most=DASK_CHUNK_MOST)]
    assert sum(sizes) == 5000 and max(sizes) == DASK_CHUNK_MOST and sizes[-1] == 1
    assert len(sizes) < 5000 / 10  # a future per 10 runs or more: not one a run


def saved_files(folder):
    runs = folder / "runs"
    return {p.name: p.stat().st_ino for p in runs.glob("run-*.json")} if runs.is_dir() else {}


def test_a_dask_worker_killed_mid_sweep_loses_no_run_and_the_sweep_completes(tmp_path):
    plan = plan_sweep(str(write_scenario(tmp_path)))  # 6 runs; runs 3 to 5 wait for the gate
    with SerialExecutor() as executor:
        reference = sweep(plan, tmp_path / "reference", executor, plots=False)
    folder, gate, outcome = tmp_path / "dask", tmp_path / "gate", {}
    watchdog = threading.Timer(240, gate.touch)  # a failing test ends instead of hanging
    watchdog.start()
    try:
        with GatedDask(gate, after=3) as executor:
            workers = executor._client.run(os.getpid)  # {address: process id}

            def run() -> None:
                try:
                    outcome["done"] = sweep(plan, folder, executor, plots=False)
                except BaseException as error:  # noqa: BLE001 - reported by the test below
                    outcome["error"] = error

            thread = threading.Thread(target=run)
            thread.start()
            deadline = time.monotonic() + 120
            while len(saved_files(folder)) < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            before = saved_files(folder)
            assert sorted(before) == [f"run-{run:06d}.json" for run in range(3)], outcome
            victim = next(iter(workers.values()))
            os.kill(victim, signal.SIGKILL)  # it holds a run at the gate
            time.sleep(1.0)
            gate.touch()
            thread.join(timeout=180)
            assert not thread.is_alive(), "the sweep hung after a worker died"
            assert victim not in executor._client.run(os.getpid).values()  # it was replaced
    finally:
        watchdog.cancel()
        gate.touch()
    assert "error" not in outcome, outcome
    assert outcome["done"].ran == 6
    after = saved_files(folder)
    assert {name: after[name] for name in before} == before  # the finished runs kept their files
    assert (folder / "runs.csv").read_text() == (tmp_path / "reference" / "runs.csv").read_text()
    assert reference.runs["error"].isna().all()
