"""A sweep folder's state: its lock, its ``sweep.json``, and its run files with their checksums.

A sweep folder is written by one sweep at a time: an OS-level lock
(``fcntl.flock`` on ``.sweep.lock``) refuses a second sweep started into the
same folder while the first runs, in one line. The kernel releases the lock
when the process holding it ends, however it ends, so a crash never leaves a
stale lock behind.

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

from alignsim.outputs.storage import plain_json, remove_partial_files, write_json
from alignsim.runner.sweep_plan import RunTask
from alignsim.scenario import ScenarioError

RUNS = "runs"
SPEC = "sweep.json"
LOCK = ".sweep.lock"


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
    """Save one run's row, sealed with the sweep's fingerprint and a checksum; return it."""
    sealed = plain_json(row | {"sweep": fingerprint})
    sealed["checksum"] = checksum(sealed)
    write_json(run_file(folder, sealed["run"]), sealed)
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
    """Hold an exclusive lock on ``folder`` for the block; refuse in one line if it is taken.

    Raises:
        ScenarioError: another process holds the lock.

    """
    try:
        import fcntl
    except ImportError:  # no flock on this system: nothing to hold
        yield
        return
    path = Path(folder) / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip()
            raise ScenarioError(
                str(folder),
                None,
                f"is in use by another sweep (process {holder or 'unknown'}); "
                "wait for it to finish, or choose another --out",
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # releases the lock


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


def check_free(folder: Path) -> None:
    """Refuse, before creating anything, a folder that exists and holds no sweep.

    Raises:
        ScenarioError: ``folder`` is a file, or a folder with other content.

    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ScenarioError(str(folder), None, "is not a folder; choose another --out")
    if folder.is_dir() and not (folder / SPEC).exists() and not (folder / RUNS).is_dir():
        if any(entry.name != LOCK for entry in folder.iterdir()):
            raise ScenarioError(str(folder), None, "exists and is not a sweep folder")


def check_spec(folder: Path, fingerprint: str, resume: bool, saved: SavedRuns) -> None:
    """Check ``sweep.json`` allows this sweep here (called with the folder locked).

    A damaged or missing ``sweep.json`` is rebuilt only on ``--resume`` and
    only when a saved run proves the folder holds this very sweep.

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
        return
    if problem is None and not (Path(folder) / RUNS).is_dir():
        return  # a new sweep
    problem = problem or "is missing"
    if not resume:
        raise ScenarioError(
            str(spec_path), None, f"{problem}; to rebuild it from the saved runs, add --resume"
        )
    if not saved.rows and not saved.failed:
        raise ScenarioError(
            str(spec_path),
            None,
            f"{problem} and no saved run belongs to this sweep; choose another --out",
        )


def open_folder(folder: Path, tasks: list[RunTask], fingerprint: str, resume: bool) -> SavedRuns:
    """Check the (locked) folder for this sweep, create ``runs/``; return what is saved.

    Raises:
        ScenarioError: the folder holds something else, another sweep, or a
            damaged ``sweep.json`` that cannot be rebuilt.

    """
    folder = Path(folder)
    has_runs = (folder / RUNS).is_dir()
    saved = saved_runs(folder, tasks, fingerprint) if resume and has_runs else SavedRuns()
    check_spec(folder, fingerprint, resume, saved)
    (folder / RUNS).mkdir(parents=True, exist_ok=True)
    remove_partial_files(folder / RUNS)
    return saved
