"""The local pool's chunks: few tasks handed out at a time, every result back as it finishes."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from alignsim.runner.executors import CHUNK_SHARE, ProcessExecutor, guided_chunks


@pytest.mark.parametrize(("tasks", "workers"), [(500, 2), (48, 2), (7, 3), (1, 4), (0, 2)])
def test_guided_chunks_cover_every_task_once_in_order_largest_first(tasks, workers):
    chunks = guided_chunks(list(range(tasks)), workers)
    assert [task for chunk in chunks for task in chunk] == list(range(tasks))
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == sorted(sizes, reverse=True)
    assert all(size >= 1 for size in sizes)
    if tasks:
        assert sizes[0] == max(tasks // (CHUNK_SHARE * workers), 1)
        assert sizes[-1] == 1  # the last tasks go one at a time: the workers finish together


def test_a_sweep_of_many_runs_is_handed_out_in_few_chunks():
    sizes = [len(chunk) for chunk in guided_chunks(list(range(5000)), 2)]
    assert sizes[:3] == [625, 546, 478]  # each the rest over 8
    assert len(sizes) <= 64  # about 8 ln(5000 / 8) + 8: the pool's cost paid 64 times, not 5000


def held_until_gate(task: tuple[int, str]) -> tuple[int, bool]:
    """Task 3 and later wait for the gate file; say whether it existed when the task ended.

    The gate's path comes with the task: workers may come from a fork server
    started before this test, with another environment.
    """
    number, path = task
    gate = Path(path)
    while number >= 3 and not gate.exists():
        time.sleep(0.01)
    return number, gate.exists()


def test_results_come_back_before_their_chunk_ends(tmp_path):
    """Tasks 0 to 5 form the first chunk; 0 to 2 arrive while 3 is held inside it."""
    gate = tmp_path / "gate"
    assert len(guided_chunks(list(range(48)), 2)[0]) == 6
    with ProcessExecutor(2) as executor:  # workers forked before the watchdog's thread starts
        watchdog = threading.Timer(120, gate.touch)  # a failing test ends instead of hanging
        watchdog.start()
        try:
            tasks = [(number, str(gate)) for number in range(48)]
            results = executor.imap_unordered(held_until_gate, tasks)
            first = sorted(next(results) for _ in range(3))
            assert first == [(0, False), (1, False), (2, False)]
            gate.touch()
            rest = sorted(task for task, _ in results)
        finally:
            watchdog.cancel()
    assert rest == list(range(3, 48))


def dies_at_five(task: int) -> int:
    if task == 5:
        os._exit(1)
    return task


def test_a_worker_that_dies_raises_after_the_results_already_back():
    seen = []
    with pytest.raises(BrokenProcessPool), ProcessExecutor(2) as executor:
        for task in executor.imap_unordered(dies_at_five, range(40)):
            seen.append(task)
    assert 5 not in seen and len(seen) < 40


def slow_square(task: int) -> int:
    time.sleep(0.02)
    return task * task


def negated(task: int) -> int:
    return -task


def test_results_of_a_call_given_up_never_reach_the_next_call():
    with ProcessExecutor(2) as executor:
        abandoned = executor.imap_unordered(slow_square, range(40))
        next(abandoned)
        abandoned.close()  # its other chunks still run, and send their results back
        assert sorted(executor.imap_unordered(negated, range(10))) == [-t for t in range(9, -1, -1)]


def held_batch(batch: list[tuple[int, str]]) -> list[tuple[int, bool]]:
    """A batch of runs: its rows come back together, once its last run is through the gate."""
    return [held_until_gate(task) for task in batch]


def test_a_batch_comes_back_whole_before_its_chunk_ends(tmp_path):
    """Batches of 2 runs; the first chunk holds batches [0, 1] to [10, 11]; run 3 is held."""
    gate = tmp_path / "gate"
    batches = [[(n, str(gate)), (n + 1, str(gate))] for n in range(0, 96, 2)]
    assert len(guided_chunks(batches, 2)[0]) == 6
    with ProcessExecutor(2) as executor:
        watchdog = threading.Timer(120, gate.touch)  # a failing test ends instead of hanging
        watchdog.start()
        try:
            results = executor.imap_unordered(held_batch, batches)
            assert next(results) == [(0, False), (1, False)]  # while [2, 3] waits in its chunk
            assert not gate.exists()  # it came back before the watchdog opened the gate
            gate.touch()
            rest = sorted(run for batch in results for run, _ in batch)
        finally:
            watchdog.cancel()
    assert rest == list(range(2, 96))
