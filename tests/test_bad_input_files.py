"""Bad scenario files: encodings, nesting, duplicate keys, truth values, names, missing folders.

Each is answered by one line on stderr naming the file (and the key, where
there is one) and what was expected, with exit status 2 and nothing written.
"""

from __future__ import annotations

import pytest

from alignsim.scenario import ScenarioError, load_scenario, read_yaml
from alignsim.scenario.files import MAX_DEPTH, MAX_NODES
from cli_helpers import invoke, one_line_error

SMALL = "steps: 2\npopulation:\n  n_followers: 6\nleaders:\n  - count: 2\n"


@pytest.mark.parametrize(
    "mark, codec",
    [(b"", "utf-16"), (b"\xfe\xff", "utf-16-be"), (b"", "utf-32"), (b"", "utf-8-sig")],
)
def test_a_file_with_a_byte_order_mark_is_read(tmp_path, mark, codec):
    path = tmp_path / "marked.yaml"
    path.write_bytes(mark + SMALL.replace("6", "7").encode(codec))
    scenario = load_scenario(path)
    assert scenario.population.n_followers == 7
    assert scenario.steps == 2


def test_cp1252_is_refused_naming_utf8_and_the_line(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("steps: 2\ndescription: caf\u00e9 cr\u00e8me\n".encode("cp1252"))
    line = one_line_error(invoke("validate", path), str(path), "UTF-8", "line 2", "0xe9")
    assert "save the file as UTF-8" in line


def test_utf16_without_its_mark_is_refused(tmp_path):
    path = tmp_path / "wide.yaml"
    path.write_bytes(SMALL.encode("utf-16-le"))
    one_line_error(invoke("validate", path), str(path), "UTF-8")


def test_ten_thousand_nested_lists_are_refused_without_a_recursion_error(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("description: " + "[" * 10_000 + "]" * 10_000 + "\n")
    result = invoke("validate", path)
    one_line_error(result, str(path), "nest")
    assert not isinstance(result.exception, RecursionError)


def test_nesting_just_past_the_limit_names_the_key_and_line(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("steps: 2\ndescription: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    one_line_error(invoke("validate", path), "description", "line 2", f"{MAX_DEPTH} levels")


def test_aliases_that_expand_to_billions_of_values_are_refused(tmp_path):
    path = tmp_path / "laughs.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ScenarioError, match=f"more than {MAX_NODES:,} values"):
        read_yaml(path)


@pytest.mark.parametrize(
    "text, key, lines",
    [
        ("steps: 3\nsteps: 5\n", "steps", "lines 1 and 2"),
        ("population:\n  share_nash: 0.1\n  n_followers: 4\n  share_nash: 0.9\n",
         "population.share_nash", "lines 2 and 4"),
        ("leaders:\n  - count: 1\n    r: 2\n    r: 3\n", "leaders.0.r", "lines 3 and 4"),
    ],
)  # fmt: skip
def test_a_key_given_twice_is_refused_naming_it(tmp_path, text, key, lines):
    path = tmp_path / "twice.yaml"
    path.write_text(text)
    one_line_error(invoke("validate", path), str(path), key, "given twice", lines)


def test_a_merge_key_may_override_what_it_merges(tmp_path):
    path = tmp_path / "merge.yaml"
    path.write_text(
        "steps: 2\nbase: &base {count: 1, r: 2.0}\n"
        "leaders:\n  - <<: *base\n    r: 3.0\n    label: a\n"
    )
    data = read_yaml(path)
    assert data["leaders"][0] == {"count": 1, "r": 3.0, "label": "a"}


@pytest.mark.parametrize(
    "text, key",
    [
        ("steps: yes\n", "steps"),
        ("population:\n  n_followers: true\n", "population.n_followers"),
        ("population:\n  share_nash: on\n", "population.share_nash"),
        ("seed: false\n", "seed"),
        ("game:\n  type: matrix\n  payoffs: [[3, 0], [true, 1]]\nleaders: []\n", "game.payoffs"),
    ],
)
def test_a_truth_value_where_a_number_goes_is_refused(tmp_path, text, key):
    path = tmp_path / "truth.yaml"
    path.write_text(text)
    one_line_error(invoke("validate", path), str(path), key, "expected a number")


def test_a_truth_value_where_a_word_goes_is_refused(tmp_path):
    path = tmp_path / "word.yaml"
    path.write_text("leaders:\n  - label: no\n")
    one_line_error(invoke("validate", path), "leaders.0.label", "expected text", "quote")


def test_truth_values_still_set_switches(tmp_path):
    path = tmp_path / "switch.yaml"
    path.write_text(SMALL + "mentorship:\n  enabled: yes\noutput:\n  plots: off\n")
    scenario = load_scenario(path)
    assert scenario.mentorship.enabled is True
    assert scenario.output.plots is False


def test_a_name_too_long_for_a_folder_is_refused(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("name: " + "a" * 300 + "\n")
    one_line_error(invoke("validate", path), str(path), "name", "at most 100 characters")


def test_a_long_file_name_is_shortened_into_a_safe_scenario_name(tmp_path):
    path = tmp_path / ("my scenario (copy) " + "b" * 200 + ".yaml")
    path.write_text(SMALL)
    scenario = load_scenario(path)
    assert len(scenario.name) == 100
    assert scenario.name.startswith("my_scenario_copy_b")
    out = tmp_path / "out"
    result = invoke("run", path, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert (out / "summary.json").is_file()


def test_a_path_in_a_folder_that_does_not_exist_does_not_run_a_builtin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    result = invoke("run", "nodir/nash.yaml", "--out", out, "--steps", "2")
    one_line_error(result, "nodir/nash.yaml", "folder nodir does not exist", "'nash'")
    assert not out.exists()


def test_the_readme_spelling_of_a_builtin_still_finds_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "scenarios/smith.yaml")
    assert result.exit_code == 0, result.output
    assert "smith" in result.stdout


def test_a_folder_given_as_a_scenario_is_refused(tmp_path):
    one_line_error(invoke("validate", tmp_path), str(tmp_path), "folder")
