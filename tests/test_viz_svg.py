"""The page's SVG line charts: readable sizes, legends in words, missing values as gaps."""

from __future__ import annotations

import math
import re

from alignsim.viz.svg import FONT, SMALL_FONT, Level, Mark, Series, line_chart, nice_ticks


def test_ticks_are_round_numbers_covering_the_range():
    assert nice_ticks(0, 1) == [0, 0.25, 0.5, 0.75, 1.0]
    assert nice_ticks(0, 60, integer=True) == [0, 20, 40, 60]
    assert nice_ticks(0, 10, integer=True) == [0, 5, 10]  # no 2.5 steps for rounds
    assert all(float(t).is_integer() for t in nice_ticks(0, 25, integer=True))


def test_legend_rows_are_the_words_given_in_order():
    svg = line_chart(
        "Title",
        "share",
        [Series("followers in a team", "#111", [0.5, 0.6]), Series("others", "#222", [0.1, 0.2])],
        2,
        levels=[Level(0.4, "equilibrium (theory)")],
        marks=[Mark(1, "a leader stepped down"), Mark(2, "a leader stepped down")],
    )
    texts = re.findall(r">([^<>]+)</text>", svg)
    legend = texts[-4:]
    assert legend == [
        "followers in a team",
        "others",
        "equilibrium (theory)",
        "a leader stepped down",  # once, however many marks
    ]
    assert "_" not in "".join(texts)


def test_every_text_is_at_least_16_px_at_the_charts_design_size():
    svg = line_chart("T", "y", [Series("a", "#000", [1, 2, 3])], 3)
    sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', svg)]
    assert sizes and min(sizes) >= 16
    assert FONT >= 16 and SMALL_FONT >= 16


def test_a_missing_value_leaves_a_gap_not_a_zero():
    svg = line_chart("T", "y", [Series("a", "#000", [1.0, 2.0, math.nan, 2.0, 1.0])], 5)
    assert svg.count("<polyline") == 2  # two stretches, no line through the missing round
    whole = line_chart("T", "y", [Series("a", "#000", [1.0, 2.0, 0.0, 2.0, 1.0])], 5)
    assert whole.count("<polyline") == 1


def test_shares_use_the_whole_unit_interval_and_values_their_range():
    share = line_chart("T", "y", [Series("a", "#000", [0.2, 0.3])], 2, share=True)
    assert ">1</text>" in share and ">0</text>" in share
    money = line_chart("T", "y", [Series("a", "#000", [3.0, 4.0])], 2)
    assert ">4</text>" in money
