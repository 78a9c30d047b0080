"""The command line end to end: every built-in scenario, determinism, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.kinds import BarKind
from alignsim.outputs.evolution import is_evolutionary
from alignsim.scenario import builtin_scenarios, load_scenario, read_yaml
from conftest import SCENARIOS

BUILTINS = sorted(builtin_scenarios())
EXPECTED_FILES = {
    "leader": {
        "timeseries.csv",
        "agents.csv",
        "summary.json",
        "payoffs.png",
        "rates.png",
        "trust.png",
    },
    "evolution": {"timeseries.csv", "agents.csv", "summary.json", "evolution.png"},
    "lattice": {"timeseries.csv", "agents.csv", "summary.json", "lattice.png"},
    "bar": {"timeseries.csv", "summary.json", "bar_learning.png", "bar_profiles.png"},
}


def scenario_kind(path):
    """Each kind of scenario writes its own files: leader, evolution, lattice or bar."""
    if BarKind().recognises(read_yaml(path)):
        return "bar"
    scenario = load_scenario(path)
    if not is_evolutionary(scenario):
        return "leader"
    return "lattice" if scenario.network.kind == "lattice" else "evolution"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_builtins_include_the_classroom_set():
    assert {"nash", "smith", "hype", "lead_by_example", "bar"} <= set(BUILTINS)


@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_runs_end_to_end(name, tmp_path):
    out = tmp_path / name
    path = SCENARIOS / f"{name}.yaml"
    result = invoke("run", path, "--steps", 3, "--out", out)
    assert result.exit_code == 0, result.output
    assert EXPECTED_FILES[scenario_kind(path)] <= {p.name for p in out.iterdir()}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["final"]["step"] == 3
    assert summary["scenario"]["steps"] == 3


def test_run_prints_table_and_threshold(tmp_path):
    result = invoke("run", "nash", "--steps", 5, "--out", tmp_path / "r")
    assert result.exit_code == 0
    for text in ("follow rate", "contribution rate", "Smith", "Nash", "a*", "mean trust"):
        assert text in result.output
    assert f"results: {tmp_path / 'r'}" in result.output


def test_default_destination_is_results_name_run_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("run", "smith", "--steps", 2, "--quiet")
    assert result.exit_code == 0
    (folder,) = (tmp_path / "results" / "smith").iterdir()
    assert folder.name.startswith("seed42-")
    assert result.output.strip() == f"results: {Path('results') / 'smith' / folder.name}"


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_files_other_seed_other_numbers(tmp_path):
    for tag, seed in (("a", 7), ("b", 7), ("c", 8)):
        assert (
            invoke(
                "run", "nash", "--seed", seed, "--steps", 15, "--quiet", "--out", tmp_path / tag
            ).exit_code
            == 0
        )
    a, b, c = (_files(tmp_path / t) for t in "abc")
    assert a == b
    assert a["timeseries.csv"] != c["timeseries.csv"]
    assert a["agents.csv"] != c["agents.csv"]


def test_scenarios_lists_a_line_each():
    result = invoke("scenarios")
    lines = result.output.strip().splitlines()
    assert result.exit_code == 0
    assert [line.split()[0] for line in lines] == BUILTINS


def test_validate_ok():
    result = invoke("validate", SCENARIOS / "hype.yaml")
    assert result.exit_code == 0 and "ok" in result.output


def test_a_run_with_set_does_not_print_the_values_it_changed(tmp_path):
    """The description printed before a run is that of the run, not of its base scenario."""
    base = invoke("run", "nash", "--steps", 2, "--out", tmp_path / "base")
    assert "One hundred followers" in base.stderr
    changed = invoke(
        "run", "nash", "--steps", 2, "--out", tmp_path / "r",
        "--set", "population.n_followers=20",
    )  # fmt: skip
    assert changed.exit_code == 0
    assert "One hundred followers" not in changed.stderr
    assert "number of followers to 20 (100 in the base scenario)" in " ".join(
        changed.stderr.split()
    )
    assert "Watch the Nash agents contribute" in " ".join(changed.stderr.split())


def test_set_override_reaches_the_run(tmp_path):
    result = invoke(
        "run",
        "nash",
        "--steps",
        2,
        "--quiet",
        "--out",
        tmp_path / "r",
        "--set",
        "population.share_nash=1.0",
        "--set",
        "leaders.0.cut=0.3",
    )
    assert result.exit_code == 0
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert summary["scenario"]["population"]["share_nash"] == 1.0
    assert summary["scenario"]["leaders"][0]["cut"] == 0.3
    assert summary["final"]["share_nash"] == 1.0
