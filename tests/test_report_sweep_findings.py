"""A sweep finding states its range in the unit of the finding, with more figures."""

from __future__ import annotations

import pandas as pd

from alignsim.outputs.report_sweep import _grid_extremes


def test_a_share_that_barely_moves_reads_as_percentages_throughout():
    summary = pd.DataFrame({"follow_rate_last10_mean": [0.9996, 1.0, 0.9998]})
    (line,) = _grid_extremes(
        summary, [], {}, "follow_rate", "last10", {"all": "follow_rate_last10"}
    )
    assert "about 100% at every point (99.96% to 100%)" in line, line


def test_a_payoff_that_barely_moves_keeps_its_own_unit():
    summary = pd.DataFrame({"mean_payoff_last10_mean": [1.00012, 1.0041]})
    (line,) = _grid_extremes(
        summary, [], {}, "mean_payoff", "last10", {"all": "mean_payoff_last10"}
    )
    assert "at every point (1 to 1.004)" in line, line


def test_the_default_question_lists_the_metrics_as_a_sentence():
    from alignsim.outputs.metric_words import column_words
    from alignsim.outputs.report_sweep import listed

    names = [column_words(m) for m in ("follow_rate", "mean_payoff_smith", "mean_trust")]
    assert listed(names) == "follow rate, mean payoff (Smith followers) and mean trust"
    assert listed(names[:1]) == "follow rate"
    assert listed([]) == ""
