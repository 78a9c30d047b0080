"""The bar scenario reference in docs/scenarios.md cannot drift from the bar schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alignsim.model.bar import BAR_METRICS
from alignsim.scenario import reference
from alignsim.scenario.bar_schema import (
    BarGameSection,
    BarLearning,
    BarOutput,
    BarScenario,
    Suitors,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"
SECTIONS = {
    "top level": BarScenario,
    "game": BarGameSection,
    "suitors": Suitors,
    "learning": BarLearning,
    "output": BarOutput,
}


def bar_part() -> str:
    text = (DOCS / "scenarios.md").read_text()
    return text[text.index("## bar scenarios") :]


@pytest.mark.parametrize("section", SECTIONS)
def test_every_bar_key_is_documented_with_its_default(section):
    model = SECTIONS[section]
    found = re.search(rf"^### bar: {section}$(.*?)(?=^##|\Z)", bar_part(), re.M | re.S)
    assert found, f"docs/scenarios.md has no '### bar: {section}' table"
    for key, _kind, default, _range, _meaning in reference.rows(model):
        row = re.search(rf"^\| `{key}` \|.*$", found.group(1), re.M)
        assert row, f"bar {section}.{key} is not documented"
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row.group(0))]
        expected = "required" if model.model_fields[key].is_required() else default
        assert cells[3] == f"`{expected}`", f"bar {section}.{key}: docs say {cells[3]}"


def test_every_bar_output_column_is_documented():
    for column in BAR_METRICS:
        assert f"| `{column}` |" in bar_part(), column
