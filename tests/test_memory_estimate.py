"""The memory estimate that refuses a run is above what real runs use, and not far above.

Each case runs in its own process, which warms up first (imports, compiled
kernels on a tiny run), then records how far the process's peak resident
memory grew while the measured run ran. The estimate must cover that growth
(a run it lets through fits) and be at most three times it (a run it
refuses would not have fitted in a third of the budget).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# The peak is VmHWM, the high-water mark of this process's own memory: ru_maxrss
# survives execve, so a child of a large process (pytest late in a full run) would
# start from its parent's peak and see no growth at all.
MEASURE = """
import json, sys
from alignsim.kinds.teams import TeamsKind
from alignsim.scenario import load_scenario
from alignsim.scenario.resources import estimate_memory

def peak():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmHWM:"))

sets = sys.argv[1:]
TeamsKind().run(load_scenario("nash", sets + ["population.n_followers=50", "steps=2"]))
scenario = load_scenario("nash", sets)
before = peak()
TeamsKind().run(scenario)
after = peak()
print(json.dumps({"grew": after - before, "estimate": estimate_memory(scenario).total}))
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


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux only")
@pytest.mark.parametrize("sets", CASES.values(), ids=CASES.keys())
def test_the_estimate_covers_the_peak_of_a_real_run(sets):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *sets], env=env, capture_output=True, text=True, check=True
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["grew"] <= measured["estimate"] <= 3 * measured["grew"], measured
