"""Random mutations of the built-in scenarios: every outcome is a run or a one-line error.

Hypothesis takes a built-in scenario file and mutates it: deletes keys,
replaces values with other types, huge, negative, NaN or infinite numbers,
strings (markup, control characters), nested junk, and sets keys the file
leaves to their defaults. ``alignsim validate`` must then exit 0 or print one
line and exit 2; a scenario that validates is run for a few rounds with a
small memory budget (so a mutated population stays small) and must run
(exit 0, results written) or refuse in one line. Never a traceback.
"""

from __future__ import annotations

import math
import tempfile
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignsim.cli import main
from alignsim.scenario import builtin_scenarios, reference
from alignsim.scenario.bar_schema import BarScenario
from alignsim.scenario.resources import ENV

BUILTINS = builtin_scenarios()
BUDGET = {ENV: "48M"}  # a few hundred thousand agents at most: runs stay fast

WORDS = [
    "lattice", "watts_strogatz", "barabasi_albert", "erdos_renyi", "complete", "logit",
    "best_response", "fermi", "best", "none", "matrix", "stag_hunt", "prisoners_dilemma",
    "threshold_public_goods", "linear_public_goods", "bar", "asynchronous", "synchronous",
    "strategy", "orientation", "group_weight", "film", "everyone", "random", "fictitious_play",
    "keep", "defaults", "final", "mean_last", "[/b]", "[bold]x", "\x1b[31mred", "a\nb", "",
    "yes", "0:1:3pts", "1e6", "a" * 300,
]  # fmt: skip
SPECIAL_NUMBERS = [
    0, 1, 2, 3, 4, -1, 10**6, 10**7 + 1, 2**63, 10**30, 0.5, 1.5, -0.5, 1e-300, 1e6, 1e308,
    -1e308, math.inf, -math.inf, math.nan,
]  # fmt: skip

leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(SPECIAL_NUMBERS),
    st.integers(-10, 200),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.text(max_size=12),
)
junk = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(WORDS[:8]), inner, max_size=3)
    ),
    max_leaves=8,
)
matrices = st.lists(
    st.lists(st.sampled_from([0, 1, 3, 5, -1, 1e6, math.inf]), min_size=1, max_size=3),
    min_size=1,
    max_size=3,
)
values = st.one_of(leaf, leaf, junk, matrices)


def schema_fields() -> dict[tuple[str, ...], Any]:
    """Every key of both schemas as a path (leader groups by index 0) and its pydantic field."""
    found = {}
    for root in (reference.Scenario, BarScenario):
        for section, model in reference.sections(root):
            for key, field in model.model_fields.items():
                if section == "top level":
                    found[(key,)] = field
                elif section == "leaders":
                    found[("leaders", "0", key)] = field
                else:
                    found[(section, key)] = field
    return dict(sorted(found.items()))


SCHEMA_FIELDS = schema_fields()
SCHEMA_PATHS = list(SCHEMA_FIELDS)


def near_bounds(path: tuple[str, ...]) -> list[Any]:
    """Values a key's own type suggests: its words, its bounds and just past them."""
    field = SCHEMA_FIELDS.get(path)
    if field is None:
        return [0]
    words = [
        arg
        for arg in typing.get_args(field.annotation) + (field.annotation,)
        for arg in (typing.get_args(arg) if typing.get_origin(arg) is typing.Literal else [])
    ]
    bounds = []
    for item in field.metadata:
        for attr in ("ge", "gt", "le", "lt"):
            bound = getattr(item, attr, None)
            if bound is not None:
                bounds += [bound, bound + 1, bound - 1, bound * 10, -bound]
    plain_default = not field.is_required() and isinstance(field.default, int | float | str)
    return [*words, *bounds, *([field.default] if plain_default else [])]


def file_paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every key path a parsed file holds."""
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += file_paths(value, (*prefix, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += file_paths(value, (*prefix, str(index)))
    return out


def _parent(doc: Any, path: tuple[str, ...], create: bool) -> Any:
    node = doc
    for part in path[:-1]:
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                return None
            node = node[int(part)]
        elif isinstance(node, dict):
            if part not in node or not isinstance(node[part], dict | list):
                if not create:
                    return None
                node[part] = [{}] if part == "leaders" else {}
            node = node[part]
        else:
            return None
    return node


def mutate(doc: dict, operation: str, path: tuple[str, ...], value: Any) -> None:
    """Delete, replace or set the key at ``path`` (a no-op where the path cannot be reached)."""
    parent = _parent(doc, path, create=operation == "set")
    last = path[-1]
    if isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
        if operation == "delete":
            del parent[int(last)]
        else:
            parent[int(last)] = value
    elif isinstance(parent, dict):
        if operation == "delete":
            parent.pop(last, None)
        else:
            parent[last] = value


@st.composite
def mutated_scenarios(draw: st.DrawFn) -> tuple[str, dict]:
    name = draw(st.sampled_from(sorted(BUILTINS)))
    doc = yaml.safe_load(BUILTINS[name].read_text())
    doc.setdefault("output", {})["plots"] = False  # plots are tested elsewhere; keep runs fast
    if "population" in doc and draw(st.booleans()):  # few agents: edge cases of graphs and teams
        doc["population"]["n_followers"] = draw(st.integers(1, 12))
    section = draw(st.sampled_from(sorted({path[0] for path in SCHEMA_PATHS if len(path) > 1})))
    in_section = [path for path in SCHEMA_PATHS if path[0] == section and len(path) > 1]
    for _ in range(draw(st.integers(1, 5))):
        operation = draw(st.sampled_from(["delete", "replace", "set", "set"]))
        if operation == "set":  # mostly keys of one section, whose keys constrain each other
            path = draw(st.sampled_from(in_section if draw(st.booleans()) else SCHEMA_PATHS))
            suggested = near_bounds(path)
            value = draw(st.sampled_from(suggested) if suggested else values)
            value = draw(st.one_of(st.just(value), values)) if suggested else value
        else:
            path = draw(st.sampled_from(file_paths(doc) or [("steps",)]))
            value = draw(values)
        mutate(doc, operation, path, value)
    return name, doc


def assert_run_or_one_line_error(result, what: str) -> None:
    output = result.output + (result.stderr or "")
    assert "Traceback" not in output, (what, output)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{what}: {type(result.exception).__name__}: {result.exception}")
    assert result.exit_code in (0, 2), (what, result.exit_code, output)
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (what, result.stderr)
        assert lines[0].startswith("alignsim: error: "), (what, lines[0])


@pytest.mark.filterwarnings("ignore")
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_scenarios())
def test_a_mutated_scenario_runs_or_is_refused_in_one_line(case: tuple[str, dict]) -> None:
    name, doc = case
    runner = CliRunner(env=BUDGET)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=False))
        checked = runner.invoke(main, ["validate", str(path)])
        assert_run_or_one_line_error(checked, f"validate {doc}")
        if checked.exit_code != 0:
            return
        with runner.isolated_filesystem(temp_dir=folder):  # results/<name>/...: the name matters
            ran = runner.invoke(main, ["run", str(path), "--steps", "3", "--quiet"])
            assert_run_or_one_line_error(ran, f"run {doc}")
            if ran.exit_code == 0:
                assert list(Path("results").glob("*/*/summary.json"))
