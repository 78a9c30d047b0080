"""The memory estimate that refuses a run is above what real runs use, and not far above.

Each case runs in its own process, which warms up first (imports, compiled
kernels on a tiny run), resets its peak resident memory to the current one
(Linux's ``/proc/self/clear_refs``), then records how far the peak rose while
the measured run ran. (Measured against the warm-up's peak instead, the growth
depended on whether numba's on-disk cache held the warm-up's kernels: when it
did not, compiling them raised the warm-up's peak above the run's.) The
estimate must cover that growth (a run it lets through fits) and be at most
three times it (a run it refuses would not have fitted in a third of the
budget).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MEASURE = """
import json, sys
from alignsim.kinds.teams import TeamsKind
from alignsim.scenario import load_scenario
from alignsim.scenario.resources import estimate_memory


def status(key):
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) * 1024 for line in lines if line.startswith(key + ":"))


sets = sys.argv[1:]
TeamsKind().run(load_scenario("nash", sets + ["population.n_followers=50", "steps=2"]))
scenario = load_scenario("nash", sets)
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")  # the peak so far (imports, numba compiling) is forgotten: peak := now
before = status("VmRSS")
TeamsKind().run(scenario)
print(json.dumps({"grew": status("VmHWM") - before, "estimate": estimate_memory(scenario).total}))
"""

CASES = {
    "many agents, three leaders": ["population.n_followers=150000", "steps=3"],
    "many leaders with capacities": [
        "population.n_followers=20000",
        "leaders.0.count=200",
        "leaders.0.capacity=150",
        "steps=3",
    ],
    "a row per agent per round": [
        "population.n_followers=2000",
        "output.agent_data=true",
        "steps=300",
    ],
}


@pytest.mark.skipif(sys.platform != "linux", reason="clear_refs and VmHWM are Linux's")
@pytest.mark.parametrize("sets", CASES.values(), ids=CASES.keys())
def test_the_estimate_covers_the_peak_of_a_real_run(sets):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *sets], env=env, capture_output=True, text=True, check=True
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["grew"] <= measured["estimate"] <= 3 * measured["grew"], measured
