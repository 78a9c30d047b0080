"""Small scenarios and helpers shared by the sweep tests."""

from __future__ import annotations

from pathlib import Path

SMALL = """\
name: small
seed: 11
steps: 8
population:
  n_followers: 12
  share_nash: 0.5
leaders:
  - label: leader
    count: 3
    r: 1.6
    cut: 0.1
"""

SMALL_SWEEP = (
    SMALL
    + """\
sweep:
  grid:
    population.group_weight: [0.2, 0.9]
  replicates: 3
  keep: [final, mean_last]
  last_steps: 4
"""
)


def write_scenario(folder: Path, text: str = SMALL_SWEEP, name: str = "small.yaml") -> Path:
    """Write a scenario file into ``folder`` and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# The `alignsim` command, with the runs from number SWEEP_GATE_AFTER on held
# until the file SWEEP_GATE exists: a test decides when work remains, whatever
# the load on the machine. A batch waits while any of its runs is held.
# SWEEP_BATCH sets the leader teams' batch size; SWEEP_NO_PDEATHSIG=1 leaves
# only the workers' own watch on their parent.
GATED_CLI = """
import os, time
from pathlib import Path
import alignsim.runner.batches as batches
import alignsim.runner.sweep_plan as sweep_plan
import alignsim.runner.executors as executors
from alignsim.kinds import kind_named
gate, after = Path(os.environ["SWEEP_GATE"]), int(os.environ["SWEEP_GATE_AFTER"])
def held(runs):
    while max(runs) >= after and not gate.exists():
        time.sleep(0.01)
one, many = sweep_plan.run_task, batches.run_batch
def gated(task):
    held([task.run])
    return one(task)
def gated_batch(batch):
    held([task.run for task in batch])
    return many(batch)
sweep_plan.run_task, batches.run_batch = gated, gated_batch
if os.environ.get("SWEEP_BATCH"):
    type(kind_named("teams")).replicates_per_batch = lambda self, scenario: int(
        os.environ["SWEEP_BATCH"]
    )
if os.environ.get("SWEEP_NO_PDEATHSIG"):
    executors._die_with_parent = lambda: None
from alignsim.cli import main
main()
"""


def gated_env(gate: Path, after: int, **extra: str) -> dict[str, str]:
    """The environment for :data:`GATED_CLI`: runs from ``after`` on wait for ``gate``."""
    import os

    return os.environ | {"SWEEP_GATE": str(gate), "SWEEP_GATE_AFTER": str(after)} | extra


def wait_until(condition, process, what: str, timeout: float = 300.0) -> None:
    """Poll ``condition()`` until true; fail if ``process`` ends or time runs out first."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the sweep ended (status {process.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {timeout} s")
        time.sleep(0.02)


def children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead but not yet reaped, does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def held_call(fn, gate: str, after: int, task):
    """``fn(task)`` once no run of ``task`` (a run or a batch of runs) from ``after`` on is held.

    A run from number ``after`` on waits until the file ``gate`` exists. Picklable
    with :func:`functools.partial`, for executors whose workers this module can
    be imported in (a Dask LocalCluster's).
    """
    import time

    runs = [item.run for item in task] if isinstance(task, list) else [task.run]
    while max(runs) >= after and not Path(gate).exists():
        time.sleep(0.01)
    return fn(task)
