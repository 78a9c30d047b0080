"""Time per round with every social mechanism on, on a large sparse graph.

Usage: python benchmarks/social_scale.py [n_followers] [rounds] [kind] [on|off]

"off" runs the same population and graph with every social mechanism off.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict

from alignsim.model import AlignmentModel
from alignsim.model import socialise as phase
from alignsim.scenario import load_scenario

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
kind = sys.argv[3] if len(sys.argv) > 3 else "watts_strogatz"
social_on = not (len(sys.argv) > 4 and sys.argv[4] == "off")
base = [f"population.n_followers={n}", f"network.kind={kind}", "output.plots=false"]
off = ["network.introduction_rate=0", "network.decay_rounds=null", "word_of_mouth.rate=0"]
overrides = (
    base + off
    if not social_on
    else base
    + [
        "network.introduction_rate=0.05",
        "network.decay_rounds=5",
        "word_of_mouth.rate=0.1",
        "mentorship.enabled=true",
        "emergence.enabled=true",
    ]
)
scenario = load_scenario("network", overrides)
start = time.perf_counter()
model = AlignmentModel(scenario)
print(f"setup {time.perf_counter() - start:.2f} s, {model.state.adjacency.nnz // 2} edges")

spent: dict[str, float] = defaultdict(float)


def timed(name, fn):
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        spent[name] += time.perf_counter() - t0
        return out

    return wrapper


for name in ("rewire", "mentor", "succeed"):
    setattr(phase, name, timed(name, getattr(phase, name)))
model.socialise = timed("socialise (all)", model.socialise)
start = time.perf_counter()
for _ in range(rounds):
    model.step()
total = time.perf_counter() - start
print(f"{n} followers, {kind}: {1000 * total / rounds:.1f} ms per round over {rounds} rounds")
for name, seconds in spent.items():
    print(f"  {name}: {1000 * seconds / rounds:.1f} ms")
print({k: model.metrics[k] for k in ("network_edges", "network_clustering", "mentorships")})
print("turnover total", model.datacollector.get_model_vars_dataframe()["leader_turnover"].sum())
