"""A sweep folder's state: its lock, its ``sweep.json``, and its run files with their checksums.

A sweep folder is written by one sweep at a time: an OS-level lock
(``fcntl.flock`` on the folder itself) refuses a second sweep started into the
same folder while the first runs, in one line. The kernel releases the lock
when the process holding it ends, however it ends, so a crash never leaves a
stale lock behind. Which folders alignsim may write at all is
:mod:`alignsim.outputs.ownership`.

The rows of a batch of runs (:mod:`alignsim.runner.batches`) are saved
together, one line of JSON a run, in one file named after the batch's runs:
``run-000012.json`` for run 12 alone, ``run-000012-000016.json`` for runs 12
to 16. One file a batch, not a run, because the sweep's main process writes
every file (a temporary file and a rename each: more of its time than the
rest of a run's bookkeeping), and a file appears whole or not at all, so an
interrupt loses at most the batches still running.

Each row carries a SHA-256 checksum of its own content and the fingerprint of
the sweep it belongs to. ``--resume`` keeps a run only when its line parses,
its checksum matches and it belongs to this sweep (same fingerprint, run
number and seed); a line that was truncated, emptied or edited by hand is
redone, never read into ``runs.csv``, and the other lines of its file are
kept. A run that failed is saved with its reason and is tried again on
resume. When two files hold a run (a run redone alone after its batch's line
was damaged, or a failed run tried again), a finished row wins over a failed
one, and either over a damaged line: the older file is left as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alignsim.outputs.storage import plain_json, write_text_atomic
from alignsim.runner.sweep_plan import RunTask
from alignsim.scenario import ScenarioError

RUNS = "runs"
SPEC = "sweep.json"
RUN_FILES = f"{RUNS}/run-*.json"  # the sweep's own, with a checksum each inside (not in a manifest)
RUN_FILE_NAME = re.compile(r"run-(\d{6,})(?:-(\d{6,}))?\.json")


@dataclass
class SavedRuns:
    """What ``runs/`` holds for a sweep: good rows, and the runs that must be done again."""

    rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    damaged: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    files: dict[int, Path] = field(default_factory=dict)
    """The file each damaged or failed run was read from."""


def run_file(folder: Path, run: int, last: int | None = None) -> Path:
    """The JSON file of one run, or of the batch of runs ``run`` to ``last``."""
    span = f"{run:06d}" if last is None or last == run else f"{run:06d}-{last:06d}"
    return Path(folder) / RUNS / f"run-{span}.json"


def runs_in(name: str) -> range | None:
    """The runs a run file's name says it holds; None for a name that is not a run file's."""
    match = RUN_FILE_NAME.fullmatch(name)
    if match is None:
        return None
    first = int(match[1])
    last = int(match[2]) if match[2] else first
    return range(first, last + 1) if last >= first else None


def checksum(row: dict[str, Any]) -> str:
    """SHA-256 of a row's canonical JSON (sorted keys, no spaces), its ``checksum`` left out."""
    body = {key: value for key, value in row.items() if key != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def write_runs(folder: Path, rows: list[dict[str, Any]], fingerprint: str) -> list[dict[str, Any]]:
    """Save a batch's rows (consecutive runs) in one file, each sealed; return them sealed.

    Each row is sealed with the sweep's fingerprint and a checksum, and is one
    line of JSON (Python's C encoder: indented JSON cost more than the rest).
    """
    sealed = []
    for row in rows:
        plain = plain_json(row | {"sweep": fingerprint})
        plain["checksum"] = checksum(plain)
        sealed.append(plain)
    runs = [row["run"] for row in sealed]
    if runs != list(range(runs[0], runs[0] + len(runs))):
        raise ValueError(f"a batch's runs must be consecutive, not {runs}")
    text = "".join(json.dumps(row, sort_keys=True, allow_nan=False) + "\n" for row in sealed)
    write_text_atomic(run_file(folder, runs[0], runs[-1]), text)
    return sealed


def read_rows(path: Path, tasks: dict[int, RunTask], fingerprint: str) -> dict[int, dict[str, Any]]:
    """The whole rows of a run file that belong to this sweep, by run; damaged lines left out.

    A row counts only if its line parses, its checksum holds, its run is one
    the file's name covers, and its sweep, run and seed are this sweep's.
    """
    covered = runs_in(path.name) or range(0)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return {}
    rows = {}
    for line in lines:
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if not isinstance(row, dict) or row.get("checksum") != checksum(row):
            continue
        task = tasks.get(row.get("run"))  # type: ignore[arg-type]
        if task is None or task.run not in covered:
            continue
        if (row.get("sweep"), row.get("seed")) == (fingerprint, task.seed):
            rows[task.run] = row
    return rows


def saved_runs(folder: Path, tasks: Iterable[RunTask], fingerprint: str) -> SavedRuns:
    """Sort the run files of ``tasks``: good rows, runs that failed, and damaged runs.

    A run's best row over every file that holds it counts: finished, else
    failed; a run named by a file with no whole row of it is damaged.
    """
    by_run = {task.run: task for task in tasks}
    finished: dict[int, dict[str, Any]] = {}
    failed: dict[int, Path] = {}
    damaged: dict[int, Path] = {}
    for path in sorted((Path(folder) / RUNS).glob("run-*.json")):
        covered = runs_in(path.name)
        if covered is None:
            continue
        rows = read_rows(path, by_run, fingerprint)
        for run in covered:
            if run not in by_run:
                continue
            row = rows.get(run)
            if row is None:
                damaged.setdefault(run, path)
            elif row.get("error"):
                failed.setdefault(run, path)
            else:
                finished.setdefault(run, row)
    saved = SavedRuns()
    for run in by_run:
        if run in finished:
            saved.rows[run] = finished[run]
        elif run in failed:
            saved.failed.append(run)
            saved.files[run] = failed[run]
        elif run in damaged:
            saved.damaged.append(run)
            saved.files[run] = damaged[run]
    return saved


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` itself for the block; refuse in one line if taken.

    The lock is ``flock`` on the folder (no lock file to leave behind or to
    mistake for a user's). Worker processes forked meanwhile share it, so the
    folder stays locked until they too have ended.

    Raises:
        ScenarioError: another process holds the lock.

    """
    try:
        import fcntl
    except ImportError:  # no flock on this system: nothing to hold
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = lock_holder(os.fstat(fd).st_ino)
            raise ScenarioError(
                str(folder),
                None,
                f"is in use by another sweep (process {holder or 'unknown'}); "
                "wait for it to finish, or choose another --out",
            ) from None
        yield
    finally:
        os.close(fd)  # releases the lock


def lock_holder(inode: int) -> int | None:
    """The process holding a ``flock`` on the file with this inode, from /proc/locks (Linux)."""
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if len(fields) > 5 and fields[1] == "FLOCK" and fields[5].endswith(f":{inode}"):
            return int(fields[4])
    return None


def read_spec(folder: Path) -> tuple[dict[str, Any] | None, str | None]:
    """``sweep.json`` as a dict, or None and what is wrong with it (None, None: no file)."""
    path = Path(folder) / SPEC
    if not path.exists():
        return None, None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return None, f"cannot be read ({str(err).splitlines()[0]})"
    if not isinstance(document, dict) or not isinstance(document.get("fingerprint"), str):
        return None, "is not a sweep description (no fingerprint)"
    return document, None


def check_spec(folder: Path, fingerprint: str, resume: bool) -> None:
    """Check ``sweep.json`` allows this sweep here (called with the folder locked and owned).

    A missing ``sweep.json`` in a sweep folder is written again on
    ``--resume``; a damaged one was changed since alignsim wrote it, so it is
    not replaced: the message says to move it away first.

    Raises:
        ScenarioError: naming the folder or ``sweep.json`` and what to do.

    """
    spec_path = Path(folder) / SPEC
    stored, problem = read_spec(folder)
    if stored is not None:
        if not resume:
            raise ScenarioError(
                str(folder), None, "holds a sweep already; pass --resume or choose another --out"
            )
        if stored["fingerprint"] != fingerprint:
            raise ScenarioError(
                str(folder), None, "holds a different sweep (other grid, seed or scenario)"
            )
    elif problem is not None:
        raise ScenarioError(
            str(spec_path),
            None,
            f"{problem}; move it away, then add --resume to write it again from the plan",
        )
    elif (Path(folder) / RUNS).is_dir() and not resume:
        raise ScenarioError(
            str(spec_path), None, "is missing; add --resume to write it again from the plan"
        )


def open_folder(folder: Path, tasks: list[RunTask], fingerprint: str, resume: bool) -> SavedRuns:
    """Check the (locked) folder holds this sweep or none; return what ``runs/`` holds.

    Raises:
        ScenarioError: the folder holds this sweep without ``resume``, another
            sweep, or a damaged ``sweep.json``.

    """
    check_spec(folder, fingerprint, resume)
    if resume and (Path(folder) / RUNS).is_dir():
        return saved_runs(folder, tasks, fingerprint)
    return SavedRuns()
