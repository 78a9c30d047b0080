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
# the load on the machine. A batch waits while any of its runs is held. On Dask
# the gate goes with each task (held_call), since a LocalCluster's workers are
# new processes, not forks of this one: they import this module from
# SWEEP_HELPERS, a folder on the path they are given.
# SWEEP_BATCH sets the leader teams' batch size; SWEEP_NO_PDEATHSIG=1 leaves
# only the workers' own watch on their parent.
GATED_CLI = """
import os, sys
from functools import partial
sys.path.insert(0, os.environ["SWEEP_HELPERS"])
import alignsim.runner.batches as batches
import alignsim.runner.sweep_plan as sweep_plan
import alignsim.runner.executors as executors
from alignsim.kinds import kind_named
from sweep_helpers import held_call
gate, after = os.environ["SWEEP_GATE"], int(os.environ["SWEEP_GATE_AFTER"])
sweep_plan.run_task = partial(held_call, sweep_plan.run_task, gate, after)
batches.run_batch = partial(held_call, batches.run_batch, gate, after)
on_dask = executors.DaskExecutor.imap_unordered
def gated_on_dask(self, fn, tasks):
    if fn is batches.attempt_batch:
        fn = partial(held_call, fn, gate, after)
    return on_dask(self, fn, tasks)
executors.DaskExecutor.imap_unordered = gated_on_dask
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

    gated = {"SWEEP_GATE": str(gate), "SWEEP_GATE_AFTER": str(after)}
    return os.environ | gated | {"SWEEP_HELPERS": str(Path(__file__).parent)} | extra


def wait_until(condition, process, what: str, timeout: float = 300.0) -> None:
    """Poll ``condition()`` until true; fail if ``process`` (if any) ends or time runs out first."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
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


def quick_sweep(out: Path, *grid: str, steps: int = 3) -> Path:
    """``alignsim sweep nash`` over ``grid`` (``key=values`` each), one run a point, no figures.

    Fails the calling test if the sweep does not finish; returns ``out``.
    """
    from click.testing import CliRunner

    from alignsim.cli import main

    options = [part for key in grid for part in ("--grid", key)]
    result = CliRunner().invoke(
        main,
        ["sweep", "nash", *options, "--replicates", "1", "--steps", str(steps),
         "--workers", "1", "--out", str(out), "--quiet", "--no-plots"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out
