"""Every built-in scenario, whatever its kind, gets a whole report: findings, figures, PDF."""

from __future__ import annotations

import pytest

from alignsim.kinds import (
    kind_of,
    load,
    report_columns,
    report_findings,
    report_schema,
    report_theory,
)
from alignsim.outputs.report import write_report
from alignsim.runner.gallery import quick_overrides
from alignsim.scenario import builtin_scenarios


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root, made = tmp_path_factory.mktemp("kinds"), {}
    for name, path in builtin_scenarios().items():
        overrides, steps = quick_overrides(load(path))
        scenario = load(path, overrides, steps=steps)
        kind = kind_of(scenario)
        folder = kind.write(kind.run(scenario), root / name)
        written = write_report(
            folder, report_theory, report_findings, report_columns, report_schema
        )
        made[name] = [p.read_bytes() for p in written]
    return made


@pytest.mark.parametrize("name", list(builtin_scenarios()))
def test_every_built_in_reports_its_findings_first(reports, name):
    markdown, page, pdf = reports[name]
    text = markdown.decode()
    assert text.index("## Findings") < text.index("## Figures") < text.index("## Numbers")
    findings = text[text.index("## Findings") : text.index("## Figures")]
    assert findings.count("\n- ") >= 2
    assert "Theory" in findings  # each built-in has its own theory beside it
    for word in ("nan", "None", "null"):
        assert word not in findings, word
    assert f"alignsim run {name} --seed" in text
    assert b"data:image/png;base64," in page and pdf.startswith(b"%PDF-")
