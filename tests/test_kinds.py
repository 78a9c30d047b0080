"""Scenario kinds: the registry, the protocol, and every built-in through the same commands."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from alignsim.cli import main
from alignsim.kinds import (
    KINDS,
    ScenarioKind,
    kind_for_data,
    kind_named,
    kind_of,
    kind_of_summary,
    load,
)
from alignsim.outputs.metric_words import words as metric_words
from alignsim.scenario import BarScenario, Scenario, ScenarioError, builtin_scenarios

SOURCE = Path(__file__).resolve().parent.parent / "src" / "alignsim"
COMMAND_LAYERS = ("cli", "runner", "outputs")
PER_KIND = (
    r"\bBarScenario\b",
    r"\bBarModel\b",
    r"\bBarRunResult\b",
    r"\bis_bar",
    r"\b(Bar|Teams)Kind\b",
    r"isinstance\([^)]*\bScenario\b",
    r"""["']kind["']\]?\)?\s*[!=]=\s*["'](bar|teams|scenario|bar_scenario)["']""",
    r"""game\.?\w*\(?["']?type["']?\)?\s*==\s*["']bar["']""",
)
"""What a per-kind branch looks like in a command: naming a kind's schema, model or class,
or comparing a kind's tag."""
PER_PAGE = (
    *PER_KIND[-3:],
    r"isinstance\([^)]*\b(Bar\w*|AlignmentModel|Scenario)\b",
    r"""\bkind\s*[!=]=\s*["'](leaders|leaderless|bar|teams)["']""",
)
"""What a per-kind branch looks like in the classroom page, whose per-kind pictures, charts
and theory name their model (they are declared per kind in ``viz/pages.py``): testing a
scenario's or a model's type, or a kind's or a page's name."""


def invoke(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def per_kind_branches(text: str, patterns: tuple[str, ...] = PER_KIND) -> list[str]:
    """The lines of ``text`` that branch on, or name, one scenario kind."""
    return [
        line.strip()
        for line in text.splitlines()
        if any(re.search(pattern, line) for pattern in patterns)
    ]


# --- the registry --------------------------------------------------------------------


def test_registry_recognises_files_by_their_content():
    assert kind_for_data({"game": {"type": "bar"}}).name == "bar"
    assert kind_for_data({"game": {"type": "linear_public_goods"}}).name == "teams"
    assert kind_for_data({}).name == "teams"  # an empty file is the model's defaults
    assert kind_for_data({"game": "bar"}).name == "teams"  # not a section: the schema says so


def test_every_builtin_loads_as_the_kind_whose_schema_validated_it():
    kinds = {name: kind_of(load(name)).name for name in builtin_scenarios()}
    assert kinds.pop("bar") == "bar"
    assert set(kinds.values()) == {"teams"}  # leaderless spatial_pd and staghunt too
    assert isinstance(load("bar"), BarScenario) and isinstance(load("spatial_pd"), Scenario)


def test_unknown_kinds_are_refused():
    class Stranger(BaseModel):
        seed: int = 1

    with pytest.raises(TypeError, match="no scenario kind"):
        kind_of(Stranger())
    with pytest.raises(KeyError):
        kind_named("orchestra")
    assert kind_of_summary({}).name == "teams"  # leader runs and class sessions write no tag
    assert kind_of_summary({"kind": "bar"}).name == "bar"
    with pytest.raises(ScenarioError, match="kind: expected one of bar, teams, got 'orchestra'"):
        kind_of_summary({"kind": "orchestra"})


def test_report_of_a_run_of_an_unknown_kind_is_one_line(tmp_path):
    folder = tmp_path / "run"
    assert invoke("run", "bar", "--quiet", "--out", folder).exit_code == 0
    summary = json.loads((folder / "summary.json").read_text())
    (folder / "summary.json").write_text(json.dumps(summary | {"kind": ["orchestra"]}))
    result = CliRunner().invoke(main, ["report", str(folder)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "summary.json: kind: expected one of" in result.output


def test_a_run_folder_written_without_its_kind_is_read_as_leader_teams(tmp_path):
    folder = tmp_path / "run"
    assert invoke("run", "nash", "--steps", 3, "--quiet", "--out", folder).exit_code == 0
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["kind"] == "teams"
    del summary["kind"]  # as every leader-team run and class session wrote it before
    (folder / "summary.json").write_text(json.dumps(summary))
    reported = invoke("report", folder)
    assert reported.exit_code == 0, reported.output
    assert "a* =" in (folder / "report.md").read_text()  # the leader-team theory


def test_kind_names_and_analysis_tags_are_unique():
    assert len({k.name for k in KINDS}) == len(KINDS)
    assert len({k.analysis_kind for k in KINDS}) == len(KINDS)
    assert len({k.schema for k in KINDS}) == len(KINDS)


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_metrics_name_every_column_of_the_model_in_words(name):
    scenario = load(name)
    kind = kind_of(scenario)
    small = load(name, kind.quick_overrides(scenario), steps=1)
    model = kind.new_model(small)
    model.step()
    columns = set(model.datacollector.get_model_vars_dataframe().columns) - {"step"}
    words = kind.metrics(small)
    assert set(words) == columns
    for metric, text in words.items():
        assert "_" not in text.replace(metric, ""), (metric, text)  # words, not identifiers
        assert metric_words(metric).unit, f"{metric} has no entry in outputs.metric_words"


def test_a_sweep_may_keep_any_column_of_the_model(tmp_path):
    from alignsim.runner.sweep_plan import plan_sweep

    path = tmp_path / "turnover.yaml"
    path.write_text(
        "steps: 3\npopulation: {n_followers: 20}\nleaders: [{count: 2}]\n"
        "emergence: {enabled: true}\n"
        "sweep: {grid: {population.group_weight: [0.2]}, metrics: [leader_turnover]}\n"
    )
    assert plan_sweep(str(path)).spec.metrics == ["leader_turnover"]


# --- every built-in through the same commands ------------------------------------------


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_every_builtin_runs_sweeps_and_reports_through_the_same_commands(name, tmp_path):
    scenario = load(name)
    kind = kind_of(scenario)
    small = [arg for o in kind.quick_overrides(scenario) for arg in ("--set", o)]
    run_folder, sweep_folder = tmp_path / "run", tmp_path / "sweep"

    ran = invoke("run", name, "--steps", 3, *small, "--quiet", "--out", run_folder)
    assert ran.exit_code == 0, ran.output
    summary = json.loads((run_folder / "summary.json").read_text())
    assert summary["kind"] == kind.name and kind_of_summary(summary) is kind
    reported = invoke("report", run_folder)
    assert reported.exit_code == 0, reported.output
    markdown = (run_folder / "report.md").read_text()
    assert "## Findings" in markdown and "## Theory" in markdown and "## Figures" in markdown

    swept = invoke(
        "sweep", name, "--grid", f"{kind.group_weight_key}=0,0.5", "--replicates", 1,
        "--steps", 3, "--workers", 1, *small, "--quiet", "--out", sweep_folder,
    )  # fmt: skip
    assert swept.exit_code == 0, swept.output
    table = pd.read_csv(sweep_folder / "aggregate.csv")
    assert table[kind.group_weight_key].tolist() == [0, 0.5]
    document = json.loads((sweep_folder / "sweep.json").read_text())
    assert document["kind"] == kind.name
    assert any((sweep_folder / "figures").glob("*.png"))
    reported = invoke("report", sweep_folder)
    assert reported.exit_code == 0, reported.output
    assert kind.group_weight_key in (sweep_folder / "report.md").read_text()


def test_validate_describes_each_kind_in_its_own_words():
    assert "5 suitors, best_response, 30 rounds, game bar" in invoke("validate", "bar").output
    assert "100 followers, 3 leaders" in invoke("validate", "nash").output


# --- no per-kind branch in the commands ------------------------------------------------


def test_the_branch_finder_finds_branches():
    assert per_kind_branches("if isinstance(scenario, BarScenario):\n    pass")
    assert per_kind_branches('if summary.get("kind") == "bar":')
    assert per_kind_branches("if result['kind'] == 'bar_scenario':")
    assert per_kind_branches('return isinstance(game, Mapping) and game.get("type") == "bar"')
    assert not per_kind_branches("kind = kind_of(scenario)\nkind.run(scenario)")


def test_commands_runner_and_outputs_have_no_per_kind_branch():
    files = [SOURCE / "api.py"]
    for layer in COMMAND_LAYERS:
        files += sorted((SOURCE / layer).rglob("*.py"))
    found = {
        str(path.relative_to(SOURCE)): lines
        for path in files
        if (lines := per_kind_branches(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_page_branch_finder_finds_branches():
    for branch in (
        "if isinstance(model, BarModel):",
        "assert isinstance(model, AlignmentModel)",
        "if isinstance(scenario, BarScenario):",
        'elif session.kind == "leaderless":',
        "if self.kind != 'bar':",
        'if summary.get("kind") == "bar":',
    ):
        assert per_kind_branches(branch, PER_PAGE) == [branch]
    for declared in (
        "picture, legend = page.picture(model), page.legend(model)",
        'if param.kind == "select":',
        "model = cast(BarModel, session.model)",
        "def bar_picture(model: BarModel) -> str:",
    ):
        assert per_kind_branches(declared, PER_PAGE) == []


def test_the_classroom_page_has_no_per_kind_branch():
    found = {
        str(path.relative_to(SOURCE)): lines
        for path in sorted((SOURCE / "viz").rglob("*.py"))
        if (lines := per_kind_branches(path.read_text(encoding="utf-8"), PER_PAGE))
    }
    assert found == {}


# --- layers ----------------------------------------------------------------------------

ORDER = ("cli", "web", "runner", "kinds", "outputs", "model", "dynamics", "games", "scenario")
WEB = ("viz", "classroom")


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "alignsim" or len(parts) < 2:
        return None
    top = "web" if parts[1] in WEB else parts[1]
    return top if top in ORDER else None


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


def test_layers_import_downward_only():
    upward, forbidden = [], []
    for path in sorted(SOURCE.rglob("*.py")):
        module = ".".join(path.relative_to(SOURCE.parent).with_suffix("").parts)
        own = _layer(module)
        if own is None:
            continue
        for imported in _imports(path):
            other = _layer(imported)
            if other is None or other == own:
                continue
            if ORDER.index(other) < ORDER.index(own):
                upward.append(f"{module} imports {imported}")
            if own in ("games", "scenario") or (own == "outputs" and other == "model"):
                forbidden.append(f"{module} imports {imported}")
    assert upward == [] and forbidden == []


def test_a_kind_that_misses_part_of_the_protocol_is_refused():
    class Partial(ScenarioKind):
        def recognises(self, data):
            return False

    with pytest.raises(TypeError, match="draw_story"):
        Partial()
