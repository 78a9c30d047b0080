"""Run scenarios and store their results."""

from alignsim.runner.bar import BarRunResult, run_bar, write_bar_run
from alignsim.runner.dispatch import run_any, write_any
from alignsim.runner.run import RunResult, agents_table, run_id, run_scenario, write_run

__all__ = [
    "BarRunResult",
    "RunResult",
    "agents_table",
    "run_any",
    "run_bar",
    "run_id",
    "run_scenario",
    "write_any",
    "write_bar_run",
    "write_run",
]
