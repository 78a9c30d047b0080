"""A damaged sweep.json or summary.json gives one line: the file, the key, what was expected.

alignsim writes both; a hand edit or a file cut short must not turn
``alignsim report`` into a traceback, nor leave a half-written report.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from alignsim.cli import main
from sweep_helpers import quick_sweep


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory):
    return quick_sweep(tmp_path_factory.mktemp("document") / "sweep", "population.n_followers=6,30")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("document") / "run"
    result = invoke("run", "nash", "--steps", "2", "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    return out


def damaged(folder, tmp_path, change, name="sweep.json"):
    copy = tmp_path / "damaged"
    copy.mkdir()
    for path in folder.iterdir():
        if path.is_file():
            (copy / path.name).write_bytes(path.read_bytes())
    document = json.loads((copy / name).read_text())
    change(document)
    (copy / name).write_text(json.dumps(document))
    return copy


def _set(path, value):
    def change(document):
        *parents, last = path
        for part in parents:
            document = document[part]
        if value is KeyError:
            del document[last]
        else:
            document[last] = value

    return change


@pytest.mark.parametrize(
    ("path", "value", "key", "expected"),
    [
        (["point_predictions"], 5, "point_predictions", "valid list"),
        (["point_predictions", 0, "params"], KeyError, "point_predictions.0.params", "required"),
        (["keys"], KeyError, "keys", "required"),
        (["spec", "sweep", "replicates"], "many", "spec.sweep.replicates", "valid integer"),
        (["predictions"], {"a": 1}, "predictions", "valid list"),
    ],
)
def test_a_damaged_sweep_json_is_one_line_naming_the_key(
    sweep_folder, tmp_path, path, value, key, expected
):
    folder = damaged(sweep_folder, tmp_path, _set(path, value))
    assert_refused_in_one_line(folder, f"sweep.json: {key}: ", expected)


def assert_refused_in_one_line(folder, where: str, expected: str) -> None:
    """``alignsim report folder`` exits 2 with one line naming ``where``; no report is written."""
    result = invoke("report", folder)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert where in lines[0] and expected in lines[0]
    assert not (folder / "report.md").exists()


def test_a_sweep_json_that_is_not_json_is_one_line(sweep_folder, tmp_path):
    folder = damaged(sweep_folder, tmp_path, lambda document: None)
    (folder / "sweep.json").write_text('{"keys": [')
    result = invoke("report", folder)
    assert result.exit_code == 2
    assert "sweep.json: is not alignsim's JSON" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_undamaged_sweep_json_reports(sweep_folder):
    assert invoke("report", sweep_folder).exit_code == 0
    assert (sweep_folder / "report.md").exists()


@pytest.mark.parametrize(
    ("path", "value", "key", "expected"),
    [
        (["final"], 5, "final", "valid dictionary"),
        (["scenario"], KeyError, "scenario", "required"),
        (["scenario", "steps"], "all", "scenario.steps", "valid integer"),
        (["seed"], None, "seed", "valid integer"),
    ],
)
def test_a_damaged_run_summary_is_one_line_naming_the_key(
    run_folder, tmp_path, path, value, key, expected
):
    folder = damaged(run_folder, tmp_path, _set(path, value), "summary.json")
    assert_refused_in_one_line(folder, f"summary.json: {key}: ", expected)
