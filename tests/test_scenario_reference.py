"""docs/scenarios.md against the schema and the metrics: the reference cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from alignsim.model import BASE_METRICS
from alignsim.scenario import reference

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_docs_reference_every_key_with_its_default():
    text = (DOCS / "scenarios.md").read_text()
    for section, model in reference.sections():
        heading = re.search(rf"^### {re.escape(section)}$(.*?)(?=^##|\Z)", text, re.M | re.S)
        assert heading, f"docs/scenarios.md has no '### {section}' table"
        for key, _kind, default, _range, _meaning in reference.rows(model):
            row = re.search(rf"^\| `{key}` \|.*$", heading.group(1), re.M)
            assert row, f"{section}.{key} is not documented"
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", row.group(0))]
            assert cells[3] == f"`{default}`", f"{section}.{key}: docs say {cells[3]}"


def test_docs_list_every_output_column():
    text = (DOCS / "scenarios.md").read_text()
    for column in BASE_METRICS:
        assert f"`{column}`" in text, column
