"""A report's "How to reproduce" commands work from the project folder, on another machine.

Built-ins are named by name, files by their path relative to the working
folder: the printed command is run from another working directory (a copy of
the project folder at another absolute path, or anywhere for a built-in) and
must give the same numbers. No absolute path of the machine that ran it is
printed.
"""

from __future__ import annotations

import re
import shlex
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.kinds import kind_of, load
from alignsim.scenario.commands import portable_source
from sweep_helpers import SMALL


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def printed_commands(markdown: str) -> list[list[str]]:
    """The commands in the report's "How to reproduce" section, as argument lists."""
    section = markdown[markdown.index("## How to reproduce") :]
    blocks = re.findall(r"```\n(.*?)\n```", section, flags=re.S)
    return [shlex.split(block)[1:] for block in blocks if block.startswith("alignsim ")]


def test_a_file_given_by_its_path_reruns_from_a_copy_of_the_project(tmp_path, monkeypatch):
    project = tmp_path / "essay"
    (project / "scenarios_mine").mkdir(parents=True)
    (project / "scenarios_mine" / "team.yaml").write_text(SMALL)
    monkeypatch.chdir(project)
    given = project / "scenarios_mine" / "team.yaml"  # typed as an absolute path
    out = "results/first"
    run = invoke("run", given, "--set", "population.group_weight=0.8", "--out", out, "--quiet")
    assert run.exit_code == 0, run.output
    assert invoke("report", out).exit_code == 0
    markdown = (project / out / "report.md").read_text()
    for name in ("report.md", "report.html"):
        assert str(tmp_path) not in (project / out / name).read_text()
    (command,) = printed_commands(markdown)
    assert command[:2] == ["run", "scenarios_mine/team.yaml"]
    assert "population.group_weight=0.8" in command

    elsewhere = tmp_path / "another machine" / "essay"
    shutil.copytree(project / "scenarios_mine", elsewhere / "scenarios_mine")
    monkeypatch.chdir(elsewhere)
    again = invoke(*command, "--quiet")
    assert again.exit_code == 0, again.output
    (folder,) = (elsewhere / "results" / "small").iterdir()
    assert (folder / "timeseries.csv").read_text() == (project / out / "timeseries.csv").read_text()


def test_a_built_in_is_named_by_name_and_reruns_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "nash run"
    args = ("run", "nash", "--steps", 4, "--set", "population.n_followers=30", "--out", out)
    assert invoke(*args, "--quiet").exit_code == 0
    assert invoke("report", out).exit_code == 0
    (command,) = printed_commands((out / "report.md").read_text())
    assert command == [
        "run", "nash", "--seed", "42", "--steps", "4", "--set", "population.n_followers=30",
    ]  # fmt: skip
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.chdir(other)
    assert invoke(*command, "--out", "again", "--quiet").exit_code == 0
    assert (other / "again" / "timeseries.csv").read_text() == (out / "timeseries.csv").read_text()


@pytest.mark.parametrize("given", ["group_weight", "sweeps/group_weight.yaml"])
def test_a_built_in_sweep_and_its_runs_are_named_by_name(tmp_path, monkeypatch, given):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "sweep"
    args = ("sweep", given, "--grid", "population.group_weight=0.2,0.8", "--replicates", 1)
    result = invoke(*args, "--steps", 3, "--workers", 1, "--no-plots", "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert invoke("report", out).exit_code == 0
    markdown = (out / "report.md").read_text()
    assert str(tmp_path) not in markdown and "/sweeps/" not in markdown
    sweep_command, run_command = printed_commands(markdown)
    assert sweep_command[:2] == ["sweep", "group_weight"]
    assert run_command[:2] == ["run", "group_weight"]
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.chdir(other)
    assert invoke(*run_command, "--out", "one", "--quiet").exit_code == 0
    series = pd.read_csv(other / "one" / "timeseries.csv")
    row = pd.read_csv(out / "runs.csv").iloc[0]
    assert series["contribution_rate_nash"].tail(3).mean() == pytest.approx(
        row["contribution_rate_nash_last10"]
    )
    assert series["mean_payoff_smith"].tail(3).mean() == pytest.approx(
        row["mean_payoff_smith_last10"]
    )


def test_portable_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.yaml").write_text(SMALL)
    assert portable_source(tmp_path / "mine.yaml") == "mine.yaml"
    assert portable_source("mine.yaml") == "mine.yaml"
    assert portable_source("nash") == "nash"
    assert portable_source("scenarios/nash.yaml") == "nash"  # the built-in's own spelling
    assert portable_source("hype_trust") == "hype_trust"


def test_a_run_written_from_python_gets_the_built_in_command_that_repeats_it(tmp_path):
    overrides = ["population.n_followers=30", "leaders.0.hype=0.5"]
    scenario = load("nash", overrides, steps=4)
    kind = kind_of(scenario)
    folder = kind.write(kind.run(scenario), tmp_path / "from python")  # no command recorded
    assert invoke("report", folder).exit_code == 0
    (command,) = printed_commands((folder / "report.md").read_text())
    assert command[:6] == ["run", "nash", "--seed", "42", "--steps", "4"]
    assert {"population.n_followers=30", "leaders.0.hype=0.5"} <= set(command)
    assert invoke(*command, "--out", tmp_path / "again", "--quiet").exit_code == 0
    assert (tmp_path / "again" / "timeseries.csv").read_text() == (
        folder / "timeseries.csv"
    ).read_text()
