"""Mistakes on the command line and in the Python API: one line, exit 2, plain words.

``--set`` into something the file holds as a single value, click's own usage
errors (which click prints in four lines), a scheduler address that is not
one, pydantic's messages reworded, and the API validating what it is given.
"""

from __future__ import annotations

import pytest

import alignsim
from alignsim.scenario import ScenarioError, load_scenario
from alignsim.scenario.errors import one_line, plain_message
from cli_helpers import invoke, one_line_error


@pytest.fixture
def scalars(tmp_path):
    path = tmp_path / "scalars.yaml"
    path.write_text("population: 5\nleaders: abc\nchoice: [1, 2]\n")
    return path


@pytest.mark.parametrize(
    "override, key, fragment",
    [
        ("population.n_followers=3", "population", "got 5"),
        ("leaders.0.hype=1", "leaders", "a list of leader groups, got 'abc'"),
        ("choice.rule=logit", "choice", "got a list"),
    ],
)
def test_set_into_a_key_the_file_holds_as_a_single_value(scalars, override, key, fragment):
    line = one_line_error(invoke("validate", scalars, "--set", override), str(scalars), fragment)
    assert f"{scalars}: {key}: " in line
    assert f"--set {override.split('=')[0]} cannot apply" in line


@pytest.mark.parametrize(
    "override", ["population.size.x=1", "population.n_followers.x=1", "description.x=1"]
)
def test_set_below_a_single_value_key_is_an_unknown_key(override):
    one_line_error(invoke("validate", "nash", "--set", override), "--set", "unknown key")


@pytest.mark.parametrize(
    ("override", "nearest"),
    [
        ("populaton.n_followers=5", "population.n_followers"),  # the section misspelt
        ("population.n_folowers=5", "population.n_followers"),  # the key misspelt
        ("learnin.trust_rat=0.3", "learning.trust_rate"),  # both
        ("leaders.0.rr=2", "leaders.0.r"),  # inside a leader group
        ("stepz=5", "steps"),
    ],
)
def test_an_unknown_key_names_the_nearest_whole_key(override, nearest, tmp_path):
    out = tmp_path / "out"
    line = one_line_error(
        invoke("run", "nash", "--set", override, "--out", out),
        "--set",
        f"did you mean '{nearest}'?",
    )
    assert line.startswith(f"alignsim: error: --set: {override.split('=')[0]}: unknown key")
    assert not out.exists()
    grid = override.replace("=", "=1,")
    one_line_error(invoke("sweep", "nash", "--grid", grid, "--out", out), "--grid", nearest)
    assert not out.exists()


def test_an_unknown_key_with_nothing_near_lists_the_keys_there():
    line = one_line_error(invoke("validate", "nash", "--set", "xyz.abc=1"), "unknown key")
    assert "expected one of: name, description, seed, steps, population, leaders" in line


def test_an_unknown_key_in_a_file_names_the_nearest_whole_key(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text("populaton:\n  n_followers: 5\nleaders:\n  - {label: a, r: 2}\n")
    one_line_error(invoke("validate", path), f"{path}: populaton: unknown key", "'population'")
    path.write_text("leaders:\n  - {label: a, rr: 2}\n")
    one_line_error(invoke("validate", path), "leaders.0.rr: unknown key", "'leaders.0.r'")


def test_set_into_the_leader_list_without_an_index():
    one_line_error(invoke("validate", "nash", "--set", "leaders.hype=1"), "leaders.0.hype")


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["run", "nash", "--steps", "0"], "'--steps': 0 is not in the range x>=1"),
        (["run", "nash", "--seed", "-3"], "'--seed'"),
        (["run", "nash", "--stepz", "3"], "No such option '--stepz'"),
        (["sweep", "nash", "--replicates", "many"], "'many' is not a valid integer"),
        (["sweep", "nash", "--workers", "0"], "'--workers'"),
        (["viz", "nash", "--port", "70000"], "'--port'"),
        (["nope"], "No such command 'nope'"),
        (["report"], "Missing argument"),
    ],
)
def test_clicks_own_usage_errors_are_one_line(args, fragment):
    one_line_error(invoke(*args), fragment, "--help")


def test_help_and_version_still_exit_zero():
    assert invoke("--help").exit_code == 0
    assert invoke("run", "--help").exit_code == 0
    result = invoke("--version")
    assert result.exit_code == 0
    assert "alignsim" in result.output


@pytest.mark.parametrize("address", ["not a url", "tcp://host", "http://", "::"])
def test_a_scheduler_that_is_not_an_address_is_one_line(tmp_path, address):
    out = tmp_path / "sweep"
    result = invoke("sweep", "nash", "--scheduler", address, "--steps", "2", "--out", out)
    one_line_error(result, "--scheduler", "tcp://host:8786")
    assert not out.exists()


@pytest.mark.parametrize(
    "message, plain",
    [
        ("Input should be a valid integer, unable to parse string as an integer",
         "expected an integer"),
        ("Input should be a valid number", "expected a number"),
        ("Input should be greater than or equal to 1", "expected greater than or equal to 1"),
        ("Input should be 'logit' or 'best_response'", "expected 'logit' or 'best_response'"),
        ("Input should be a valid dictionary or instance of Population",
         "expected a section of keys (key: value lines)"),
        ("String should have at most 100 characters", "expected text of at most 100 characters"),
        ("Input should be a finite number", "expected a finite number (not inf or nan)"),
        ("Value error, a must be greater than b", "a must be greater than b"),
    ],
)  # fmt: skip
def test_pydantic_messages_read_as_plain_words(message, plain):
    assert plain_message(message) == plain


@pytest.mark.parametrize(
    "text",
    [
        "population:\n  n_followers: lots\n",
        "population: 3\n",
        "steps: 2.5\n",
        "name: 'a b'\n",
    ],
)
def test_no_message_says_expected_be(tmp_path, text):
    path = tmp_path / "x.yaml"
    path.write_text(text)
    line = one_line_error(invoke("validate", path))
    assert "expected be" not in line
    assert "Input should" not in line


def test_control_characters_in_a_key_are_escaped_on_one_line():
    line = one_line_error(invoke("validate", "nash", "--set", "population.bad\x1b[31mkey\nx=1"))
    assert "\x1b" not in line
    assert "\\x1b" in line


def test_api_validates_steps_given_with_a_scenario_object():
    scenario = load_scenario("nash", ["population.n_followers=6"], steps=2)
    with pytest.raises(ScenarioError, match="steps: expected greater than or equal to 1"):
        alignsim.run(scenario, steps=0)
    with pytest.raises(ScenarioError, match="seed"):
        alignsim.run(scenario, seed=-1)


def test_api_validates_steps_given_with_a_file():
    with pytest.raises(ScenarioError, match="steps"):
        alignsim.run("nash", steps=0)


@pytest.mark.parametrize("scenario", ["nash", "object"])
def test_api_takes_one_override_as_a_string(scenario):
    given = load_scenario("nash", steps=2) if scenario == "object" else "nash"
    timeseries, summary = alignsim.run(given, steps=2, overrides="population.n_followers=7")
    assert len(timeseries) == 2
    assert summary["scenario"]["population"]["n_followers"] == 7


def test_api_refuses_an_override_that_is_not_text():
    with pytest.raises(TypeError, match="key.path=value"):
        alignsim.run("nash", steps=2, overrides=[("population.n_followers", 7)])


def test_one_line_shows_newlines_and_escapes_as_escapes():
    assert one_line("a\n b\tc\x1b[2J\u202e") == "a\\n b\\tc\\x1b[2J\\u202e"
