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


def test_docs_tables_are_the_generated_ones_bounds_included():
    """Every key table (leader and bar scenarios) equals what the schema generates today.

    Regenerate with ``python -m alignsim.scenario.reference --update docs/scenarios.md``.
    """
    text = (DOCS / "scenarios.md").read_text()
    for heading, lines in reference.headed_tables().items():
        if heading not in text:
            continue
        assert "\n".join(lines) in text, f"docs/scenarios.md: the table under {heading!r} drifted"
    assert reference.update_tables(text) == text


def test_update_tables_rewrites_a_stale_bound_and_keeps_the_prose():
    text = (DOCS / "scenarios.md").read_text()
    stale = text.replace("| > 0, <= 1,000,000 | endowment e", "| > 0 | endowment e")
    assert stale != text
    assert reference.update_tables(stale) == text
