"""Small scenarios and helpers shared by the sweep tests."""

from __future__ import annotations

from pathlib import Path

SMALL = """\
name: small
seed: 11
steps: 8
population:
  n_followers: 12
  share_nash: 0.5
leaders:
  - label: leader
    count: 3
    r: 1.6
    cut: 0.1
"""

SMALL_SWEEP = (
    SMALL
    + """\
sweep:
  grid:
    population.group_weight: [0.2, 0.9]
  replicates: 3
  keep: [final, mean_last]
  last_steps: 4
"""
)


def write_scenario(folder: Path, text: str = SMALL_SWEEP, name: str = "small.yaml") -> Path:
    """Write a scenario file into ``folder`` and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
