"""Run scenarios and store their results."""

from alignsim.runner.run import RunResult, agents_table, run_id, run_scenario, write_run

__all__ = ["RunResult", "agents_table", "run_id", "run_scenario", "write_run"]
