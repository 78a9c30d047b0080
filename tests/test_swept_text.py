"""A sweep's report states no base value of a setting the sweep varied."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from alignsim.cli import main
from alignsim.outputs.swept_text import kept_sentences, sentences, value_patterns, varied_settings
from alignsim.scenario import load_scenario
from sweep_helpers import quick_sweep

NASH = " ".join(load_scenario("nash").description.split())


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (100, "One hundred followers choose."),
        (100, "A hundred followers choose."),
        (42, "Forty-two suitors."),
        (1.6, "A project that multiplies contributions by 1.6 and more."),
        (0.1, "They keep a tenth of the output."),
        (0.5, "Half of them are Smith-style."),
        (0.6, "It keeps 60% of its output."),
        (1000, "Some 1,000 agents."),
        ("best_response", "Best responses make the flip sharp."),
    ],
)
def test_a_value_is_found_in_its_usual_spellings(value, text):
    assert any(pattern.search(text) for pattern in value_patterns(value))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.6, "A return of 11.6 or 1.65."),
        (100, "One thousand followers, 1000 in all."),
        (6, "Sixty leaders, 16 teams."),
        (1, "(n - 1) r"),  # 0 and 1 are in every formula: never looked for
        (True, "true"),
    ],
)
def test_other_numbers_are_not_taken_for_the_value(value, text):
    assert not any(pattern.search(text) for pattern in value_patterns(value))


def test_the_sentences_that_state_a_varied_value_are_left_out():
    assert len(sentences(NASH)) == 3
    for value in (100, 1.6, 0.1, 0.5, 3):  # followers, r, cut, share of Nash, leaders
        kept, left_out = kept_sentences(NASH, [value])
        assert left_out == 1 and not any("One hundred" in s for s in kept), value
        assert kept[0] == "The classroom opener." and kept[1].startswith("Watch the Nash")
    kept, left_out = kept_sentences(NASH, [0.35])
    assert left_out == 0 and " ".join(kept) == NASH


def test_varied_settings_are_those_the_grid_moves_off_their_base_value():
    base = {"population": {"n_followers": 100}, "leaders": [{"r": 1.6}, {"r": 2.0}]}
    grid = {"population.n_followers": [100], "leaders.1.r": [2.0, 3.0]}
    assert varied_settings(grid, base) == [("leaders.1.r", 2.0, [2.0, 3.0])]


@pytest.fixture(scope="module")
def followers_sweep(tmp_path_factory):
    out = quick_sweep(tmp_path_factory.mktemp("swept") / "sweep", "population.n_followers=20,50")
    assert invoke("report", out).exit_code == 0
    return (out / "report.md").read_text()


def test_a_sweep_report_does_not_repeat_the_base_description_it_contradicts(followers_sweep):
    opening = followers_sweep[: followers_sweep.index("## Findings")]
    assert "One hundred followers" not in opening and "1.6" not in opening
    assert "The sweep varies number of followers (100 in the base scenario)" in opening
    assert "The classroom opener." in opening and "Watch the Nash agents contribute" in opening
    theory = followers_sweep[followers_sweep.index("## Theory") : followers_sweep.index("## Sweep")]
    assert (
        "Each grid point's teams at their planned size: the sweep varies number of followers"
        in (theory)
    )
    scenario = followers_sweep[followers_sweep.index("## Scenario") :]
    assert "| steps |" not in scenario  # the runs had 3 rounds, the file says 60


def test_a_swept_group_weight_leaves_the_nash_verdict_to_the_grid(tmp_path):
    out = tmp_path / "sweep"
    args = ["sweep", "nash", "--grid", "population.group_weight=0.2,0.9", "--replicates", "1"]
    result = invoke(*args, "--steps", "2", "--workers", "1", "--out", out, "--quiet", "--no-plots")
    assert result.exit_code == 0, result.output
    assert invoke("report", out).exit_code == 0
    markdown = (out / "report.md").read_text()
    theory = markdown[markdown.index("## Theory") : markdown.index("## Sweep")]
    assert "Nash (a = 1)" not in theory and "The group weight is swept" in theory
    assert "This table is for the base scenario" not in theory  # a* does not move with a
    opening = markdown[: markdown.index("## Findings")]
    assert "One hundred followers" in opening  # nothing the grid varied: the sentence stays


def test_swept_keys_are_named_in_words_in_reports_and_figures():
    from alignsim.outputs.report_sweep import key_words
    from alignsim.outputs.sweep_plots import key_name

    assert key_name("population.n_followers") == "number of followers"
    assert key_name("learning.trust_rate") == "trust rate"
    base = {"leaders": [{"label": "honest"}, {"label": "overseller"}]}
    assert key_words("leaders.1.r", base) == "return r of 'overseller'"


def opening_of_run_report(tmp_path, *args):
    out = tmp_path / "run"
    result = invoke("run", *args, "--steps", "2", "--quiet", "--out", out)
    assert result.exit_code == 0, result.output
    assert invoke("report", out).exit_code == 0
    markdown = (out / "report.md").read_text()
    return markdown[: markdown.index("## Findings")]


def test_a_run_report_does_not_repeat_what_set_changed(tmp_path):
    opening = opening_of_run_report(tmp_path, "nash", "--set", "population.n_followers=20")
    assert "One hundred followers" not in opening
    assert "This run changes number of followers to 20 (100 in the base scenario)" in opening
    assert "The classroom opener." in opening and "Watch the Nash agents contribute" in opening


def test_a_run_report_without_set_keeps_the_whole_description(tmp_path):
    opening = opening_of_run_report(tmp_path, "nash")
    assert NASH in opening and "This run changes" not in opening


def test_a_run_of_a_file_gone_since_says_what_set_changed(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\ndescription: Forty followers and one leader.\n")
    out = tmp_path / "run"
    args = ["run", path, "--set", "population.n_followers=7", "--steps", "2", "--out", out]
    assert invoke(*args, "--quiet").exit_code == 0
    path.unlink()
    assert invoke("report", out).exit_code == 0
    opening = (out / "report.md").read_text().split("## Findings")[0]
    assert "This run changes number of followers (--set)." in opening
    assert "written for its own settings: Forty followers and one leader." in opening
