"""Start-up time: ``alignsim --help``, ``scenarios`` and ``validate`` against a bare click command.

Not a test. Each command runs in a fresh Python process, as the ``alignsim``
script runs it (``from alignsim.cli import main; main()``), ``--repeat`` times,
interleaved with a bare click program of one group and one command run by the
same interpreter, so that the machine's load hits all alike. Prints the median
and best wall time of each, the ratio of medians to the bare command, and the
load average. Target (issue 16): ``--help`` within 3 times the bare command.
Usage::

    python benchmarks/bench_startup.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BARE = """
import click

@click.group()
def main():
    '''A bare click program.'''

@main.command()
def hello():
    '''Say hello.'''

main()
"""
ALIGNSIM = "import sys; from alignsim.cli import main; sys.exit(main())"
SOURCE = str(Path(__file__).resolve().parents[1] / "src")

COMMANDS = {
    "bare click --help": [BARE, "--help"],
    "alignsim --help": [ALIGNSIM, "--help"],
    "alignsim scenarios": [ALIGNSIM, "scenarios"],
    "alignsim validate nash": [ALIGNSIM, "validate", "nash"],
}


def wall_time(args: list[str]) -> float:
    """Seconds from starting a Python process with ``args`` until it exits (status 0)."""
    env = os.environ | {"PYTHONPATH": SOURCE}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", *args], check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` shows them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    """Time every command ``--repeat`` times, interleaved, and print medians, bests and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    for command in COMMANDS.values():  # warm the file cache once
        wall_time(command)
    before = load_average()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.repeat):
        for name, command in COMMANDS.items():
            times[name].append(wall_time(command))
    after = load_average()
    print(f"wall time, {args.repeat} runs each, interleaved; load average {before} -> {after}")
    base = statistics.median(times["bare click --help"])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"  {name:<24} median {median * 1000:6.0f} ms  best {min(values) * 1000:6.0f} ms  "
            f"{median / base:5.2f}x bare click"
        )
    ratio = statistics.median(times["alignsim --help"]) / base
    verdict = "met" if ratio <= 3 else "NOT met"
    print(f"  target: alignsim --help within 3x bare click: {ratio:.2f}x ({verdict})")


if __name__ == "__main__":
    main()
