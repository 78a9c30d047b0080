"""One mapping of output columns to words: the terminal table, the reports and the figures."""

from __future__ import annotations

import pytest
from rich.console import Console

from alignsim.kinds import load
from alignsim.kinds.team_run import run
from alignsim.model.bar import BAR_METRICS
from alignsim.model.metrics import BASE_METRICS, PER_GROUP_EXTRA, SOCIAL_METRICS
from alignsim.outputs.metric_words import COLUMNS, column_words, family_label, is_share, words
from alignsim.outputs.sweep_plots import metric_label
from alignsim.outputs.table import summary_table

EVERY_COLUMN = (*BASE_METRICS, *SOCIAL_METRICS, *BAR_METRICS, "mean_field")


@pytest.mark.parametrize("column", EVERY_COLUMN)
def test_every_output_column_has_words_and_a_unit(column):
    assert column in COLUMNS  # named in the mapping, not by the fallback
    found = words(column)
    assert "_" not in found.name and found.unit


@pytest.mark.parametrize("kind", ("team", "trust", *PER_GROUP_EXTRA))
def test_per_group_columns_name_their_group(kind):
    assert "'honest'" in words(f"{kind}_honest").name


def test_shares_are_the_quantities_between_0_and_1():
    shares = {c for c in EVERY_COLUMN if is_share(c)}
    assert {"follow_rate", "contribution_rate_nash", "mean_trust", "is_equilibrium"} <= shares
    assert not shares & {"mean_payoff", "leader_payoff", "going", "n_leaders", "network_edges"}
    assert is_share("trust_overseller_last10") and not is_share("team_overseller_final")


def test_kept_statistics_read_as_words():
    assert column_words("contribution_rate_nash_last10") == (
        "contribution rate, Nash followers, mean of the last 10 rounds"
    )
    assert column_words("is_equilibrium_final") == "at a pure equilibrium, last round"


def test_figures_and_terminal_table_use_the_same_words():
    assert metric_label("contribution_rate") == family_label("contribution_rate")
    assert metric_label("mean_payoff") == "mean payoff (endowments per round)"
    result = run(load("nash", steps=3))
    console = Console(record=True, width=140)
    console.print(summary_table(result.summary))
    text = console.export_text()
    for column in ("follow_rate", "mean_payoff_smith", "leader_payoff", "mean_trust"):
        assert words(column).name in text


@pytest.mark.parametrize("name", ["nash", "hype", "bar"])
def test_the_kinds_name_their_metrics_with_the_same_words(name):
    from alignsim.kinds import kind_of

    scenario = load(name)
    for column, text in kind_of(scenario).metrics(scenario).items():
        assert text == words(column).label, column
