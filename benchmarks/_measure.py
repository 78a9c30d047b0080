"""Run one configuration in this process and print its timings as JSON (used by the benchmarks).

Usage: python benchmarks/_measure.py SCENARIO ROUNDS [--set key=value ...]
"""

from __future__ import annotations

import json
import resource
import sys
import time

from alignsim.model import AlignmentModel
from alignsim.scenario import load_scenario


def main(argv: list[str]) -> None:
    scenario, rounds, *rest = argv
    overrides = [rest[i + 1] for i in range(0, len(rest), 2) if rest[i] == "--set"]
    resolved = load_scenario(scenario, overrides, steps=int(rounds))
    start = time.perf_counter()
    model = AlignmentModel(resolved)
    model.step()  # first round compiles the kernels; timed apart
    built = time.perf_counter()
    model.run(int(rounds) - 1)
    done = time.perf_counter()
    print(json.dumps({
        "agents": int(model.state.n_agents),
        "rounds": int(rounds),
        "setup_and_first_round_s": built - start,
        "seconds": done - built,
        "seconds_per_round": (done - built) / max(int(rounds) - 1, 1),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "follow_rate": model.metrics["follow_rate"],
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
