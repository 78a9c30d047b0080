"""--resume trusts a run file only if its checksum holds; a damaged sweep.json; the lock."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.runner.batches import attempt_batch
from alignsim.runner.executors import SerialExecutor
from alignsim.runner.sweep import sweep
from alignsim.runner.sweep_folder import checksum, folder_lock, run_file
from alignsim.runner.sweep_plan import plan_sweep
from alignsim.scenario import ScenarioError
from sweep_helpers import GATED_CLI, gated_env, wait_until, write_scenario


class Counting(SerialExecutor):
    """Runs tasks (batches of runs) in this process and records which runs it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[int] = []

    def imap_unordered(self, fn, tasks):
        for batch in tasks:
            if fn is attempt_batch:  # not the tables' per-point summaries
                self.runs += [task.run for task in batch]
            yield fn(batch)


@pytest.fixture
def plan(tmp_path):
    return plan_sweep(str(write_scenario(tmp_path)))


@pytest.fixture
def done(tmp_path, plan):
    """A finished sweep folder."""
    with SerialExecutor() as executor:
        sweep(plan, tmp_path / "s", executor, plots=False)
    return tmp_path / "s"


def edit_metric(text: str) -> str:
    row = json.loads(text)
    column = sorted(row["metrics"])[0]
    row["metrics"][column] = 0.123456789  # plausible, valid JSON: only the checksum tells
    return json.dumps(row, indent=2, sort_keys=True)


DAMAGE = {
    "truncated": lambda text: text[: len(text) // 2],
    "emptied": lambda text: "",
    "edited": edit_metric,
    "not an object": lambda text: "[1, 2, 3]\n",
    "checksum removed": lambda text: json.dumps(
        {k: v for k, v in json.loads(text).items() if k != "checksum"}
    ),
}


def test_run_files_carry_a_checksum_of_their_content(done):
    row = json.loads(run_file(done, 2).read_text())
    assert row["checksum"].startswith("sha256:") and row["checksum"] == checksum(row)
    assert checksum(row | {"seed": row["seed"] + 1}) != row["checksum"]


@pytest.mark.parametrize("damage", DAMAGE)
def test_resume_redoes_a_damaged_run_file(done, plan, damage):
    reference = (done / "runs.csv").read_text()
    path = run_file(done, 4)
    path.write_text(DAMAGE[damage](path.read_text()))
    with Counting() as executor:
        outcome = sweep(plan, done, executor, resume=True, plots=False)
    assert executor.runs == [4]
    assert (outcome.ran, outcome.redone, outcome.reused) == (1, 1, 5)
    assert (done / "runs.csv").read_text() == reference  # the edited metric is not accepted
    assert "0.123456789" not in (done / "aggregate.csv").read_text()
    assert checksum(json.loads(path.read_text())) == json.loads(path.read_text())["checksum"]


def test_a_run_file_of_another_sweep_is_redone(tmp_path, done, plan):
    other = plan_sweep(str(write_scenario(tmp_path)), seed=99)
    with SerialExecutor() as executor:
        sweep(other, tmp_path / "other", executor, plots=False)
    stranger = json.loads(run_file(tmp_path / "other", 1).read_text())
    stranger["seed"] = plan.tasks[1].seed  # even with this sweep's seed, it is not this sweep's
    stranger["checksum"] = checksum(stranger)
    run_file(done, 1).write_text(json.dumps(stranger))
    with Counting() as executor:
        sweep(plan, done, executor, resume=True, plots=False)
    assert executor.runs == [1]


def test_cli_says_how_many_runs_it_redid(done):
    for run in (0, 5):
        run_file(done, run).write_text("")
    scenario = done.parent / "small.yaml"
    args = ["sweep", str(scenario), "--out", str(done), "--resume", "--workers", "1"]
    result = CliRunner().invoke(main, [*args, "--no-plots"])
    assert result.exit_code == 0, result.output
    assert f"redoing 2 runs whose saved files are damaged (first: {run_file(done, 0)})" in (
        result.stderr
    )
    assert "2 runs done (2 of them redone), 4 reused" in result.stderr


@pytest.mark.parametrize("damage", ["truncated", "emptied", "not an object"])
@pytest.mark.parametrize("resume", [False, True])
def test_damaged_sweep_json_is_one_line_naming_it(done, damage, resume):
    spec = done / "sweep.json"
    damaged = DAMAGE[damage](spec.read_text())
    spec.write_text(damaged)
    scenario = str(done.parent / "small.yaml")
    args = ["sweep", scenario, "--out", str(done), "--workers", "1", "--no-plots", "--quiet"]
    result = CliRunner().invoke(main, args + ["--resume"] * resume)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"alignsim: error: {spec}: ")
    assert "move it away, then add --resume" in result.stderr
    assert spec.read_text() == damaged  # changed since alignsim wrote it: not replaced


def test_sweep_json_moved_away_is_written_again_on_resume(done):
    spec = done / "sweep.json"
    runs_before = {p.name: p.read_text() for p in (done / "runs").iterdir()}
    spec.rename(done.parent / "sweep.json.damaged")
    scenario = str(done.parent / "small.yaml")
    args = ["sweep", scenario, "--out", str(done), "--workers", "1", "--no-plots", "--quiet"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"{spec}: is missing; add --resume" in result.stderr
    result = CliRunner().invoke(main, [*args, "--resume"])
    assert result.exit_code == 0, result.output
    assert json.loads(spec.read_text())["complete"] is True
    assert {p.name: p.read_text() for p in (done / "runs").iterdir()} == runs_before


def test_a_second_sweep_into_a_locked_folder_is_refused(tmp_path, plan):
    folder = tmp_path / "busy"
    folder.mkdir()
    with folder_lock(folder):
        with pytest.raises(ScenarioError, match="in use by another sweep"):
            with SerialExecutor() as executor:
                sweep(plan, folder, executor, plots=False)
    assert not (folder / "runs").exists()  # the refused sweep wrote nothing


def test_two_sweeps_started_into_one_folder(tmp_path):
    """A real sweep holds its folder (its runs held at a gate); a second one is refused."""
    scenario = write_scenario(tmp_path)
    folder, gate = tmp_path / "shared", tmp_path / "gate"
    args = ["sweep", str(scenario), "--out", str(folder), "--no-plots", "--quiet"]
    first = subprocess.Popen(
        [sys.executable, "-c", GATED_CLI, *args, "--workers", "2"],
        stderr=subprocess.PIPE,
        text=True,
        env=gated_env(gate, after=0),
    )
    try:
        wait_until(lambda: (folder / "sweep.json").exists(), first, "the first sweep's folder")
        second = CliRunner().invoke(main, [*args, "--workers", "1"])
        resumed = CliRunner().invoke(main, [*args, "--workers", "1", "--resume"])
        gate.touch()
        _, stderr = first.communicate(timeout=300)
    finally:
        gate.touch()
        first.kill()
    for result in (second, resumed):
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        assert f"{folder}: is in use by another sweep (process {first.pid})" in result.stderr
    assert first.returncode == 0, stderr
    assert len((folder / "runs.csv").read_text().splitlines()) == 1 + 6
