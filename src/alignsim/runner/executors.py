"""Where a sweep's runs execute: in this process, in a pool of local processes, or on Dask.

Every executor has the same small interface: used as a context manager, its
:meth:`~Executor.imap_unordered` calls a picklable function on each task and
yields the results as they finish, in whatever order they finish. Leaving the
``with`` block early (Ctrl-C, an error) cancels the tasks not yet started.

The local pool keeps its worker processes for the whole sweep and hands them
the tasks in chunks, largest first and down to single tasks at the end
(guided self-scheduling: Polychronopoulos and Kuck, 1987), so a sweep of
thousands of small runs pays the pool's per-task cost a few dozen times, not
thousands, and no worker is left with a long chunk while the other idles.
Each result still comes back the moment its task finishes, through a queue
the workers share with this process: a chunk holds nothing back, so progress,
saving and an interrupt see every finished run. On Linux they
are forked from this process, which has already imported the model, as soon
as the pool opens (before a progress bar starts its thread). Forking is unsafe
once a threaded runtime runs here (numba's parallel kernels, on OpenMP), so
then, and on other systems, they fork from a server process that preloads the
model (``forkserver``), or are spawned. Either way no task pays for importing
Mesa, NumPy or pandas again. Each worker runs numba kernels on one thread:
the parallelism of a sweep is one run per core.

Both local executors move every object that exists when they start (the
imported libraries: about a million objects) to the garbage collector's
permanent generation (``gc.freeze``) until they end. A full collection then
no longer walks them: in a sweep of small runs that walk was about a tenth of
a run's CPU, and in a forked worker each walk also wrote to pages shared with
the parent, copying them (the CPython documentation recommends freezing
before a fork for this reason).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, Protocol

from alignsim.scenario import ScenarioError

PRELOAD = ["alignsim.runner.sweep_plan"]


class Executor(Protocol):
    """Runs tasks and yields their results as they finish."""

    workers: int
    label: str

    def __enter__(self) -> Executor: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def imap_unordered(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        """Yield ``fn(task)`` for every task, in the order they finish."""
        ...


def default_workers() -> int:
    """Worker count when none is given: the cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return max(os.cpu_count() or 1, 1)


class SerialExecutor:
    """Runs every task in this process, one after another (``--workers 1``)."""

    label = "1 process"

    def __init__(self) -> None:
        self.workers = 1
        self._threads: int | None = None

    def __enter__(self) -> SerialExecutor:
        gc.freeze()
        numba = sys.modules.get("numba")
        if numba is not None:  # one worker, one core: kernels on one thread meanwhile
            self._threads = numba.get_num_threads()
            numba.set_num_threads(1)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.unfreeze()
        numba = sys.modules.get("numba")
        if numba is not None and self._threads is not None:
            numba.set_num_threads(self._threads)

    def imap_unordered(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        """Yield ``fn(task)`` for each task in order."""
        for task in tasks:
            yield fn(task)


PARENT_POLL_SECONDS = 0.5
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
CHUNK_SHARE = 4
"""A chunk is the tasks not yet handed out, divided by this many times the workers."""
RESULT_POLL_SECONDS = 0.2

_NOTHING = object()
_results: Any = None
"""In a worker: the queue its tasks' results go back through (set by :func:`_init_worker`)."""


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process the moment its parent process ends (prctl(2))."""
    if sys.platform != "linux":
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl here: the watch below still holds
        pass


def _watch_parent(parent: int) -> None:
    """Exit as soon as ``parent`` is no longer this process's parent (it died, we were adopted)."""
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(PARENT_POLL_SECONDS)


def _init_worker(main_pid: int | None, results: Any = None) -> None:
    """Worker initialiser: Ctrl-C is the parent's to handle; kernels on one thread.

    A worker must not outlive the sweep that started it, however the sweep
    ends (SIGKILL included, which no handler sees). On Linux the kernel kills
    the worker when its parent ends (``PR_SET_PDEATHSIG``); everywhere, a
    thread notices within half a second that the worker has been re-parented
    and exits. A worker forked by ``main_pid`` whose parent is already gone
    exits at once (the others watch their own parent, a fork server).
    ``results`` is the queue the worker's results go back through.
    """
    global _results
    _results = results
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    parent = os.getppid()
    if main_pid is not None and parent != main_pid:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    numba = sys.modules.get("numba")
    if numba is not None:
        numba.set_num_threads(1)


def _fork_is_safe() -> bool:
    """True unless numba's threading layer (OpenMP, TBB) has started in this process."""
    numba = sys.modules.get("numba")
    if numba is None:
        return True
    try:
        numba.threading_layer()
    except ValueError:  # raised while no parallel kernel has run
        return True
    return False


def _ready() -> bool:
    """A no-op task that makes the pool start its workers."""
    return True


def guided_chunks(tasks: list[Any], workers: int, most: int | None = None) -> list[list[Any]]:
    """``tasks`` cut into consecutive chunks, each the rest over ``CHUNK_SHARE * workers``.

    Sizes fall from ``len(tasks) / (CHUNK_SHARE * workers)`` to one: few chunks,
    and the last ones small, so the workers finish together. ``most`` caps a
    chunk's size, for an executor whose chunk's results come back together.
    """
    chunks, start = [], 0
    while start < len(tasks):
        size = max((len(tasks) - start) // (CHUNK_SHARE * workers), 1)
        size = size if most is None else min(size, most)
        chunks.append(tasks[start : start + size])
        start += size
    return chunks


def _run_chunk(call: int, fn: Callable[[Any], Any], chunk: list[Any]) -> int:
    """In a worker: run each task of ``chunk``; send ``(call, fn(task))`` back as soon as done.

    ``call`` numbers the :meth:`ProcessExecutor.imap_unordered` call the chunk
    belongs to, so results of a call given up early never reach a later one.
    """
    for task in chunk:
        _results.put((call, fn(task)))
    return len(chunk)


def _run_all(fn: Callable[[Any], Any], chunk: list[Any]) -> list[Any]:
    """On a Dask worker: ``fn`` of each task of ``chunk``, in order."""
    return [fn(task) for task in chunk]


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` on Linux when safe, else ``forkserver`` with the model preloaded, else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and _fork_is_safe():
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


class ProcessExecutor:
    """A persistent pool of local worker processes."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.label = f"{workers} local processes"
        self._pool: ProcessPoolExecutor | None = None
        self._results: Any = None
        self._calls = 0

    def __enter__(self) -> ProcessExecutor:
        gc.freeze()  # before the fork: the workers inherit the frozen generation
        context = _context()
        forked = context.get_start_method() == "fork"
        self._results = context.Queue()
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(os.getpid() if forked else None, self._results),
        )
        self._pool.submit(_ready).result()  # start the workers now, while one thread runs
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        assert self._pool is not None
        if kind is not None:  # Ctrl-C or an error: stop the runs in flight, do not wait for them
            self._terminate_workers()
        self._pool.shutdown(wait=kind is None, cancel_futures=True)
        self._results.close()
        self._results.cancel_join_thread()  # this process only reads: nothing to flush
        gc.unfreeze()

    def worker_pids(self) -> list[int]:
        """The process ids of the pool's workers."""
        assert self._pool is not None
        return sorted((self._pool._processes or {}).keys())

    def _terminate_workers(self) -> None:
        """End the workers now (Python 3.14's ``terminate_workers``; by hand before it)."""
        assert self._pool is not None
        terminate = getattr(self._pool, "terminate_workers", None)
        if terminate is not None:
            terminate()
            return
        for process in list((self._pool._processes or {}).values()):
            process.terminate()

    def imap_unordered(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        """Submit the tasks in guided chunks, then yield each result as its task finishes.

        A chunk that raises (a worker that died, an error outside ``fn``'s own
        handling) raises here, after the results already sent back.
        """
        assert self._pool is not None
        self._calls += 1
        call, todo = self._calls, list(tasks)
        futures: list[Future] = [
            self._pool.submit(_run_chunk, call, fn, chunk)
            for chunk in guided_chunks(todo, self.workers)
        ]
        left = len(todo)
        while left:
            result = self._next_result(call)
            if result is _NOTHING:
                failed = next((f for f in futures if f.done() and f.exception()), None)
                if failed is not None:
                    yield from self._drain(call)
                    raise failed.exception()  # type: ignore[misc]
                continue
            left -= 1
            yield result

    def _next_result(self, call: int) -> Any:
        """The next result of ``call`` sent back, or ``_NOTHING`` if none came within a moment."""
        deadline = time.monotonic() + RESULT_POLL_SECONDS
        while (wait := deadline - time.monotonic()) > 0:
            try:
                sent, result = self._results.get(timeout=wait)
            except queue.Empty:
                break
            if sent == call:
                return result
        return _NOTHING

    def _drain(self, call: int) -> Iterator[Any]:
        """Results of ``call`` still on their way from workers (before reporting a failure)."""
        while (result := self._next_result(call)) is not _NOTHING:
            yield result


def dask_setup(worker: object) -> None:
    """Dask's preload hook, run in each worker of a LocalCluster as it starts: ignore Ctrl-C.

    The workers are in this process's process group, so a Ctrl-C in the
    terminal reaches them too; left to Dask, each would stop with a traceback
    (and its nanny start another). As in the local pool (:func:`_init_worker`),
    Ctrl-C is this process's to handle: it closes the cluster.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


DASK_STOP_SECONDS = 0.5
"""A LocalCluster's worker still in a run this long after an interrupt is killed."""


async def _stop_workers(cluster: Any) -> None:
    """Close a LocalCluster's workers now: Dask's own close gives a run in flight 4 s to end."""
    import asyncio

    nannies = list(cluster.workers.values())
    await asyncio.gather(*(nanny.close(timeout=DASK_STOP_SECONDS) for nanny in nannies))


DASK_CHUNK_MOST = 16
"""Most tasks in one Dask future: its results come back together, and are lost together."""


class DaskExecutor:
    """Tasks on a Dask distributed cluster: an existing scheduler, or ``local`` for a LocalCluster.

    Workers of an existing cluster need alignsim installed; results come back
    to this process, which writes them, so workers need no shared disk.
    Tasks go out in guided chunks, one future a chunk, so the cluster's cost
    of a future (the scheduler's round trips) is paid a chunk, not a task. A
    chunk's results come back when it ends, so chunks hold at most
    :data:`DASK_CHUNK_MOST` tasks: an interrupt, or a worker that dies (Dask
    runs its chunk again elsewhere), costs at most that many tasks a worker.
    A LocalCluster's workers ignore Ctrl-C (:func:`dask_setup`); on Ctrl-C or
    an error this process stops them at once, as the local pool does.
    """

    def __init__(self, address: str, workers: int) -> None:
        self.address = address
        self.workers = workers
        self.label = f"Dask at {address}"
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskExecutor:
        try:
            import dask
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ScenarioError(
                "--scheduler", None, "needs Dask: pip install 'alignsim[dask]'"
            ) from None
        if self.address == "local":
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=50,
                preload=[*dask.config.get("distributed.worker.preload"), __name__],
            )
            self._client = Client(self._cluster)
            self.label = f"Dask LocalCluster ({self.workers} workers)"
        else:
            try:
                self._client = Client(self.address, timeout="10s")
            except OSError as err:
                raise ScenarioError(
                    "--scheduler", self.address, f"cannot connect ({err})"
                ) from None
            self.workers = max(len(self._client.scheduler_info().get("workers", {})), 1)
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is None:
            return
        try:
            if kind is not None:  # Ctrl-C or an error: stop the runs in flight, now
                self._cluster.sync(_stop_workers, self._cluster)
        finally:
            self._cluster.close()

    def imap_unordered(self, fn: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        """Submit the tasks in guided chunks; yield each chunk's results as it arrives."""
        from dask.distributed import as_completed

        chunks = guided_chunks(list(tasks), self.workers, most=DASK_CHUNK_MOST)
        futures = [self._client.submit(_run_all, fn, chunk, pure=False) for chunk in chunks]
        try:
            for future in as_completed(futures):
                yield from future.result()
        finally:
            self._client.cancel([f for f in futures if not f.done()])


def make_executor(workers: int | None, scheduler: str | None, tasks: int) -> Executor:
    """The executor for ``--workers`` and ``--scheduler``, never with more workers than tasks.

    Args:
        workers: worker processes (default: the cores); 1 runs in this process.
        scheduler: ``None`` for local processes, ``local`` for a Dask
            LocalCluster, or a Dask scheduler address (``tcp://host:8786``).
        tasks: how many tasks there are to run.

    """
    count = max(min(workers or default_workers(), tasks), 1)
    if scheduler:
        return DaskExecutor(scheduler, count)
    if count == 1:
        return SerialExecutor()
    return ProcessExecutor(count)
