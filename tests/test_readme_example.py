"""The table the README shows for `alignsim run scenarios/nash.yaml` is the one it prints."""

from __future__ import annotations

import re
from pathlib import Path

from cli_helpers import invoke

README = Path(__file__).parents[1] / "README.md"
SCENARIO = Path(__file__).parents[1] / "scenarios" / "nash.yaml"


def _table_lines(text: str) -> list[str]:
    """The lines of the summary and theory tables, trailing spaces dropped."""
    start = text.index("nash after 60 rounds (seed 42)")
    end = text.index("observed contribution", start)
    return [line.rstrip() for line in text[start:end].splitlines()]


def test_the_readme_shows_the_table_nash_prints(tmp_path):
    result = invoke("run", SCENARIO, "--out", tmp_path / "nash", "--set", "output.plots=false")
    assert result.exit_code == 0, result.output
    shown = _table_lines(README.read_text(encoding="utf-8"))
    printed = _table_lines(result.stdout)
    assert shown == printed
    assert re.search(r"\d\.\d{3}", "\n".join(shown)), "the README table lost its numbers"
