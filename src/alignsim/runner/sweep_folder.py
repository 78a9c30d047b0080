"""A sweep folder's state: its lock, its ``sweep.json``, and its run files with their checksums.

A sweep folder is written by one sweep at a time: an OS-level lock
(``fcntl.flock`` on the folder itself) refuses a second sweep started into the
same folder while the first runs, in one line. The kernel releases the lock
when the process holding it ends, however it ends, so a crash never leaves a
stale lock behind. Which folders alignsim may write at all is
:mod:`alignsim.outputs.ownership`.

Each run file carries a SHA-256 checksum of its own content and the
fingerprint of the sweep it belongs to. ``--resume`` keeps a run only when its
file parses, its checksum matches and it belongs to this sweep (same
fingerprint, run number and seed); a file that was truncated, emptied or edited
by hand is redone, never read into ``runs.csv``. A run that failed is saved
with its reason and is tried again on resume.
"""

from __future__ import annotations

import hashlib
import json
import os
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


@dataclass
class SavedRuns:
    """What ``runs/`` holds for a sweep: good rows, and the runs that must be done again."""

    rows: dict[int, dict[str, Any]] = field(default_factory=dict)
    damaged: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def run_file(folder: Path, run: int) -> Path:
    """The JSON file of one run."""
    return Path(folder) / RUNS / f"run-{run:06d}.json"


def checksum(row: dict[str, Any]) -> str:
    """SHA-256 of a row's canonical JSON (sorted keys, no spaces), its ``checksum`` left out."""
    body = {key: value for key, value in row.items() if key != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def write_run(folder: Path, row: dict[str, Any], fingerprint: str) -> dict[str, Any]:
    """Save one run's row, sealed with the sweep's fingerprint and a checksum; return it.

    The file is one line of JSON: written by the sweep's main process once a
    run, where indented JSON (Python's slower encoder) cost more than the rest.
    """
    sealed = plain_json(row | {"sweep": fingerprint})
    sealed["checksum"] = checksum(sealed)
    text = json.dumps(sealed, sort_keys=True, allow_nan=False) + "\n"
    write_text_atomic(run_file(folder, sealed["run"]), text)
    return sealed


def read_run(folder: Path, task: RunTask, fingerprint: str) -> dict[str, Any] | None:
    """The saved row of ``task`` if its file is whole and belongs to this sweep, else None."""
    try:
        row = json.loads(run_file(folder, task.run).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(row, dict) or row.get("checksum") != checksum(row):
        return None
    if (row.get("sweep"), row.get("run"), row.get("seed")) != (fingerprint, task.run, task.seed):
        return None
    return row


def saved_runs(folder: Path, tasks: Iterable[RunTask], fingerprint: str) -> SavedRuns:
    """Sort the run files of ``tasks``: good rows, damaged files, and runs that failed."""
    saved = SavedRuns()
    for task in tasks:
        if not run_file(folder, task.run).exists():
            continue
        row = read_run(folder, task, fingerprint)
        if row is None:
            saved.damaged.append(task.run)
        elif row.get("error"):
            saved.failed.append(task.run)
        else:
            saved.rows[task.run] = row
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
