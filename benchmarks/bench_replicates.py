"""What running R replicates as one array model could give: a bound, measured before building it.

Not a test. A model with a replicate axis would do, each round, at least the
array work of one population R times as large (and draw from R generators, one
per replicate, to give the same numbers as R separate runs). So the time of a
round of one population of ``R x 100`` followers bounds from below the round of
R replicates of 100 batched together, and ``R x t(100) / t(R x 100)`` bounds
from above what batching could gain over R separate runs. Prints, for each R,
the milliseconds a round (best of ``--repeat``, after one warm-up round) and
that bound. Usage::

    python benchmarks/bench_replicates.py [--rounds 60] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import time  # noqa: E402

from alignsim.model import AlignmentModel  # noqa: E402
from alignsim.scenario import load_scenario  # noqa: E402

FOLLOWERS = 100
REPLICATES = (1, 2, 4, 8, 16)


def seconds_a_round(followers: int, rounds: int) -> float:
    """Seconds a round of the ``nash`` scenario with ``followers`` followers (after round one)."""
    model = AlignmentModel(load_scenario("nash", [f"population.n_followers={followers}"]))
    model.step()
    start = time.perf_counter()
    for _ in range(rounds):
        model.step()
    return (time.perf_counter() - start) / rounds


def main() -> None:
    """Time a round at 100 x R followers for each R, interleaved, and print the bound."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    best = dict.fromkeys(REPLICATES, float("inf"))
    for _ in range(args.repeat):
        for r in REPLICATES:
            best[r] = min(best[r], seconds_a_round(FOLLOWERS * r, args.rounds))
    after = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"nash, 3 leaders, best of {args.repeat}; load average {before} -> {after}")
    print("  R   followers  ms a round  R separate runs, ms  bound on the gain of batching")
    for r, seconds in best.items():
        separate = r * best[1]
        print(
            f"  {r:<3} {FOLLOWERS * r:9d}  {seconds * 1000:10.2f}  {separate * 1000:19.2f}"
            f"  {separate / seconds:5.2f}x"
        )


if __name__ == "__main__":
    main()
