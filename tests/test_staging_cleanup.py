"""A staging folder left by a killed alignsim process is removed by the next write there.

A process killed outright cannot clean up; the next command that stages a
result in the same folder removes what a dead alignsim process left, and
nothing else: not a live process's staging folder, not a user's folder that
happens to share the prefix.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from alignsim.outputs.ownership import STAGING_MARK, staged_folder
from alignsim.outputs.storage import TEMP_PREFIX

KILLED_MID_WRITE = """
import os, signal, sys
from pathlib import Path
from alignsim.outputs.ownership import staged_folder
with staged_folder(Path(sys.argv[1]), "run", "killed") as staging:
    (staging / "timeseries.csv").write_text("half")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _leftovers(home: Path) -> list[Path]:
    return sorted(home.glob(f"{TEMP_PREFIX}*"))


def _stage_one(destination: Path) -> None:
    with staged_folder(destination, "run", "next") as staging:
        (staging / "summary.json").write_text("{}")


def test_a_killed_process_leaves_a_folder_the_next_run_removes(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, str(tmp_path / "first")], env=env, check=False
    )
    assert done.returncode == -signal.SIGKILL
    assert len(_leftovers(tmp_path)) == 1, "the killed process should have left its staging folder"
    _stage_one(tmp_path / "second")
    assert _leftovers(tmp_path) == []
    assert (tmp_path / "second" / "summary.json").exists()
    assert not (tmp_path / "second" / STAGING_MARK).exists()


def test_a_live_process_staging_and_a_users_folder_are_kept(tmp_path):
    live = tmp_path / f"{TEMP_PREFIX}live"
    live.mkdir()
    (live / STAGING_MARK).write_text(json.dumps({"pid": os.getppid(), "boot": None}))
    users = tmp_path / f"{TEMP_PREFIX}mine"
    users.mkdir()
    (users / "notes.txt").write_text("mine")
    forged = tmp_path / f"{TEMP_PREFIX}odd"
    forged.mkdir()
    (forged / STAGING_MARK).write_text("not json")
    _stage_one(tmp_path / "result")
    assert _leftovers(tmp_path) == sorted([live, users, forged])
    assert (users / "notes.txt").read_text() == "mine"


def test_a_folder_from_before_a_reboot_is_removed(tmp_path):
    old = tmp_path / f"{TEMP_PREFIX}old"
    old.mkdir()
    (old / STAGING_MARK).write_text(json.dumps({"pid": os.getpid(), "boot": "another-boot"}))
    _stage_one(tmp_path / "result")
    if Path("/proc/sys/kernel/random/boot_id").exists():
        assert not old.exists()
    else:
        assert old.exists()
