"""Grid syntax, the sweep: section, and one-line errors for bad sweep input."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from alignsim.cli import main
from alignsim.runner.sweep_plan import parse_grid_options, plan_sweep
from alignsim.scenario import ScenarioError, load_scenario
from alignsim.scenario.commands import format_value, read_back
from alignsim.scenario.sweep import Sweep, parse_values, values_from_spec
from sweep_helpers import SMALL, write_scenario


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0:1:0.25", [0.0, 0.25, 0.5, 0.75, 1.0]),
        ("0:1:0.1", [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]),
        ("0:1:3pts", [0.0, 0.5, 1.0]),
        ("0:1:11pts", [i / 10 for i in range(11)]),
        ("2:10:4", [2, 6, 10]),
        ("1:10:4", [1, 5, 9]),
        ("1:0:-0.5", [1.0, 0.5, 0.0]),
        ("5:5:1pts", [5.0]),
        ("0.2,0.9", [0.2, 0.9]),
        ("4", [4]),
        ("logit,best_response", ["logit", "best_response"]),
        ("true,false", [True, False]),
    ],
)
def test_parse_values(text, expected):
    assert parse_values(text) == expected


def test_integer_range_stays_integer():
    assert all(type(v) is int for v in parse_values("10:50:20"))


@pytest.mark.parametrize("text", ["0:1", "0:1:0", "1:0:0.5", "a:b:c", "0:1:xpts", "", "1,,2"])
def test_parse_values_refuses(text):
    with pytest.raises(ValueError):
        parse_values(text)


def test_mapping_forms():
    assert values_from_spec({"start": 0, "stop": 1, "num": 3}) == [0.0, 0.5, 1.0]
    assert values_from_spec({"start": 0.05, "stop": 0.25, "step": 0.1}) == [0.05, 0.15, 0.25]
    with pytest.raises(ValueError, match="start, stop and step or num"):
        values_from_spec({"start": 0, "stop": 1})


def test_bare_number_refused_in_yaml():
    # YAML 1.1 reads an unquoted 0:1:0.1 as the base-60 number 60.1
    with pytest.raises(ValidationError, match="quote a range"):
        Sweep(grid={"population.group_weight": 60.1})


def test_columns_and_counts():
    spec = Sweep(grid={"a.b": [1, 2, 3], "c.d": [0, 1]}, replicates=4, keep=["final", "mean_last"])
    assert (spec.n_points, spec.n_runs) == (6, 24)
    assert spec.columns()[0] == "follow_rate_final"
    assert "contribution_rate_nash_last10" in spec.columns()


@pytest.mark.parametrize("value", [0.1, 0.3, 1e-05, 2.5e10, 3, True, None, "logit", "0.5"])
def test_format_value_round_trips(value):
    assert read_back(format_value(value)) == value


def test_scenario_accepts_sweep_section(tmp_path):
    scenario = load_scenario(write_scenario(tmp_path))
    assert scenario.sweep is not None
    assert scenario.sweep.grid == {"population.group_weight": [0.2, 0.9]}


def test_cli_grid_merges_with_file(tmp_path):
    path = write_scenario(tmp_path)
    plan = plan_sweep(str(path), grid=("learning.trust_rate=0.1,0.3",), replicates=2)
    assert plan.keys == ["population.group_weight", "learning.trust_rate"]
    assert plan.spec.n_runs == 8


@pytest.mark.parametrize(
    ("grid", "needle"),
    [
        ("population.group_weight=0:1", "population.group_weight"),
        ("population.grup_weight=0,1", "did you mean 'population.group_weight'"),
        ("populaton.group_weight=0,1", "did you mean 'population.group_weight'"),
        ("population.group_weight=-1,0.5", "greater than or equal to 0"),
        ("population.n_followers=ten", "population.n_followers"),
        ("leaders.4.hype=0,1", "expected a list index below 1"),
        ("seed=1,2", "cannot be swept"),
        ("no_equals_sign", "expected key.path=values"),
    ],
)
def test_bad_grid_is_one_line_exit_2_and_writes_nothing(tmp_path, grid, needle):
    path = write_scenario(tmp_path, SMALL)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["sweep", str(path), "--grid", grid, "--out", str(out)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("section", "needle"),
    [
        ("  grid:\n    population.group_weight: 60.1\n", "sweep.grid"),
        ("  grid:\n    population.group_weight: [0.1, 200]\n", "less than or equal to 100"),
        ("  replicates: 0\n", "sweep.replicates"),
        ("  metrics: [wealth]\n", "unknown metric 'wealth'"),
        ("  keep: [median]\n", "sweep.keep"),
    ],
)
def test_bad_sweep_section(tmp_path, section, needle):
    path = write_scenario(tmp_path, SMALL + "sweep:\n" + section)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["sweep", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert needle in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_parse_grid_options_error_names_key():
    with pytest.raises(ScenarioError, match="--grid: population.group_weight: "):
        parse_grid_options(["population.group_weight=1:2:3:4"])
