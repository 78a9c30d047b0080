"""Start-up: the commands people type to look around import no heavy library (issue 16).

Each command runs in a fresh Python process, exactly as the ``alignsim`` script
runs it; the process then reports its exit status, what it printed and which
modules it had loaded. Timing is not tested here (``benchmarks/bench_startup.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import alignsim

HEAVY = ("numba", "pandas", "mesa", "matplotlib", "scipy", "networkx", "solara", "dask")
SOURCE = str(Path(alignsim.__file__).parents[1])

DRIVER = """
import json, sys
from alignsim.cli import main
code = 0
try:
    main(sys.argv[2:])
except SystemExit as exit:
    code = exit.code or 0
sys.stdout.flush()
names = sorted({name.split(".")[0] for name in sys.modules})
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": names}, out)
"""


def run_cli(tmp_path: Path, *args: str) -> tuple[int, str, str, set[str]]:
    """Run ``alignsim ARGS`` in a new process: exit status, stdout, stderr, top-level modules."""
    report = tmp_path / "modules.json"
    env = os.environ | {"PYTHONPATH": SOURCE}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(report), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    seen = json.loads(report.read_text())
    return seen["code"], done.stdout, done.stderr, set(seen["modules"])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--help",), "validate"),
        (("sweep", "--help"), "--replicates"),
        (("scenarios",), "nash"),
        (("validate", "nash"), "nash: ok"),
        (("validate", "bar"), "game bar"),
    ],
)
def test_looking_around_loads_no_heavy_library(tmp_path, args, expected):
    code, out, err, modules = run_cli(tmp_path, *args)
    assert code == 0, err
    assert expected in out
    assert sorted(modules.intersection(HEAVY)) == []


def test_a_scenario_that_fails_validation_loads_no_heavy_library(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("population:\n  n_followers: -3\n")
    code, _, err, modules = run_cli(tmp_path, "validate", str(bad))
    assert code == 2
    assert "n_followers" in err and err.count("\n") == 1
    assert sorted(modules.intersection(HEAVY)) == []


def test_help_and_validate_load_no_numpy_either(tmp_path):
    """The scenario layer checks sizes and memory without NumPy (``resources.py``)."""
    for args in (("--help",), ("validate", "nash")):
        *_, modules = run_cli(tmp_path, *args)
        assert "numpy" not in modules
    *_, modules = run_cli(tmp_path, "--help")
    assert not modules.intersection({"pydantic", "yaml", "rich"})  # the help needs click alone


def test_the_driver_sees_what_a_command_imports(tmp_path):
    """The check above can fail: running a model loads Mesa and pandas, and the driver sees it."""
    out = tmp_path / "r"
    code, _, err, modules = run_cli(
        tmp_path, "run", "nash", "--steps", "2", "--quiet", "--out", str(out)
    )
    assert code == 0, err
    assert {"mesa", "pandas", "numpy"} <= modules


def test_the_package_names_still_import():
    code = (
        "import sys, alignsim\n"
        "assert 'mesa' not in sys.modules and 'pandas' not in sys.modules\n"
        "from alignsim import AlignmentModel, Follower, Leader, Scenario, ScenarioError\n"
        "from alignsim import load_scenario, run\n"
        "assert 'mesa' in sys.modules\n"
        "import alignsim.model as m\n"
        "assert AlignmentModel is m.AlignmentModel and alignsim.Leader is m.Leader\n"
        "assert callable(run) and run.__module__ == 'alignsim.api'\n"
        "assert alignsim.__version__.count('.') >= 1\n"
        "assert {'AlignmentModel', 'run', '__version__'} <= set(dir(alignsim))\n"
        "try:\n"
        "    alignsim.no_such_name\n"
        "except AttributeError as err:\n"
        "    assert 'no_such_name' in str(err)\n"
        "else:\n"
        "    raise SystemExit('no AttributeError')\n"
        "print('ok')\n"
    )
    env = os.environ | {"PYTHONPATH": SOURCE}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_version_prints_the_installed_version(tmp_path):
    code, out, err, modules = run_cli(tmp_path, "--version")
    assert code == 0, err
    assert out.strip() == f"alignsim, version {alignsim.__version__}"
    assert not modules.intersection(HEAVY)


def test_python_dash_m_is_the_same_command_line():
    env = os.environ | {"PYTHONPATH": SOURCE}
    done = subprocess.run(
        [sys.executable, "-m", "alignsim", "validate", "nash"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "nash: ok" in done.stdout
