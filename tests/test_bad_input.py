"""Bad input: one line on stderr naming the file and key, exit 2, no traceback, no results."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from alignsim.cli import main


@pytest.fixture
def write(tmp_path):
    def _write(text, name="bad.yaml"):
        path = tmp_path / name
        path.write_text(text)
        return path

    return _write


def run_cli(tmp_path, *args):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", *map(str, args), "--out", str(out), "--steps", "2"])
    return result, out


def assert_one_line_error(result, out, *fragments):
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert not out.exists()


def test_missing_file(tmp_path):
    result, out = run_cli(tmp_path, tmp_path / "nope.yaml")
    assert_one_line_error(result, out, "nope.yaml", "no such file")


def test_yaml_that_does_not_parse(tmp_path, write):
    path = write("population: {n_followers: 10\nleaders: [")
    result, out = run_cli(tmp_path, path)
    assert_one_line_error(result, out, str(path), "does not parse", "line")


def test_unknown_key_suggests_nearest(tmp_path, write):
    path = write("population:\n  share_nsh: 0.3\n")
    result, out = run_cli(tmp_path, path)
    assert_one_line_error(result, out, str(path), "population.share_nsh", "share_nash")


def test_unknown_top_level_key(tmp_path, write):
    path = write("stepz: 3\n")
    result, out = run_cli(tmp_path, path)
    assert_one_line_error(result, out, "stepz", "did you mean 'steps'")


def test_wrong_type(tmp_path, write):
    path = write("population:\n  n_followers: lots\n")
    result, out = run_cli(tmp_path, path)
    assert_one_line_error(result, out, "population.n_followers", "integer", "'lots'")


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ("population:\n  share_nash: 1.5\n", "population.share_nash", "less than or equal to 1"),
        ("population:\n  n_followers: -5\n", "population.n_followers", "greater than or equal"),
        ("leaders:\n  - count: 0\n", "leaders.0.count", "greater than or equal to 1"),
        ("leaders: []\n", "bad.yaml", "at least one leader"),
        ("choice:\n  rule: psychic\n", "choice.rule", "best_response"),
    ],
)
def test_out_of_range(tmp_path, write, text, key, expected):
    path = write(text)
    result, out = run_cli(tmp_path, path)
    assert_one_line_error(result, out, key, expected)


def test_top_level_not_a_mapping(tmp_path, write):
    path = write("- 1\n- 2\n")
    result, out = run_cli(tmp_path, path)
    assert_one_line_error(result, out, str(path), "mapping")


def test_set_unknown_path(tmp_path):
    result, out = run_cli(tmp_path, "nash", "--set", "population.sharenash=0.1")
    assert_one_line_error(result, out, "--set", "population.sharenash", "share_nash")


def test_set_value_that_does_not_parse(tmp_path):
    result, out = run_cli(tmp_path, "nash", "--set", "population.share_nash=[0.1")
    assert_one_line_error(result, out, "--set", "population.share_nash", "does not parse")


def test_set_value_of_wrong_type(tmp_path):
    result, out = run_cli(tmp_path, "nash", "--set", "population.share_nash=high")
    assert_one_line_error(result, out, "population.share_nash", "number")


def test_set_list_index_out_of_range(tmp_path):
    result, out = run_cli(tmp_path, "nash", "--set", "leaders.5.hype=0.1")
    assert_one_line_error(result, out, "leaders.5.hype", "list index")


def test_set_without_equals(tmp_path):
    result, out = run_cli(tmp_path, "nash", "--set", "population.share_nash")
    assert_one_line_error(result, out, "--set", "key.path=value")


def test_validate_reports_the_same_error(write):
    path = write("population:\n  share_nash: 2\n")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert "population.share_nash" in result.stderr


def test_unsafe_yaml_tags_are_refused(tmp_path, write):
    path = write("seed: !!python/object/apply:os.system ['echo hacked']\n")
    result, out = run_cli(tmp_path, path)
    assert_one_line_error(result, out, str(path), "does not parse")


def test_a_folder_named_like_a_builtin_does_not_hide_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "smith").mkdir()
    result = CliRunner().invoke(main, ["validate", "smith"])
    assert result.exit_code == 0, result.stderr
