"""The PDF report's tables: columns sized to their content, no word split while it fits."""

from __future__ import annotations

import pytest

from alignsim.outputs.report_pdf import FONT, SMALL, _new_document, column_widths

SCENARIO_HEADER = ["setting", "value", "default", "meaning"]
SCENARIO_ROWS = [
    ["leaders.0.count", "3", "1", "how many leaders of this kind"],
    [
        "population.initial_trust",
        "0.1",
        "0.5",
        "every follower's trust in every leader at the start",
    ],
    ["steps", "60", "100", "rounds to run"],
]


@pytest.fixture
def pdf():
    return _new_document("test")


def width(pdf, text: str, style: str = "") -> float:
    pdf.set_font(FONT, style, SMALL)
    return pdf.get_string_width(text)


def test_columns_fill_the_page_and_hold_their_longest_line_when_it_fits(pdf):
    widths = column_widths(pdf, SCENARIO_HEADER, SCENARIO_ROWS)
    assert sum(widths) == pytest.approx(pdf.epw)
    meaning = width(pdf, "every follower's trust in every leader at the start")
    assert widths[3] > meaning  # the meaning on one line, not wrapped in a quarter page
    assert widths[0] > width(pdf, "population.initial_trust")
    assert widths[1] < widths[3] / 3 and widths[2] < widths[3] / 3  # numbers take little room


def test_no_word_is_split_while_the_page_has_room(pdf):
    header = ["group weight", "runs", "mean payoff, Smith followers", "mean payoff, Nash followers"]
    header += ["contribution rate, Smith followers", "contribution rate, Nash followers", "trust"]
    rows = [["0.25", "10", "1.43\n1.40 to 1.46", "1.01\n0.987 to 1.04"] + ["0.500"] * 3]
    widths = column_widths(pdf, header, rows)
    assert sum(widths) == pytest.approx(pdf.epw)
    for title, column, cells in zip(header, widths, zip(*rows, strict=True), strict=True):
        words = [width(pdf, w, "B") for w in title.split()]
        words += [width(pdf, w) for c in cells for w in c.split()]
        assert column > max(words), title
    assert widths[0] > width(pdf, "group weight", "B")  # a short heading whole, not broken
    assert widths[2] > width(pdf, "1.40 to 1.46")  # an interval on its own line


def test_words_too_long_for_the_page_shrink_alike(pdf):
    header = ["x" * 80, "x" * 80, "x" * 40]
    widths = column_widths(pdf, header, [["1", "2", "3"]])
    assert sum(widths) == pytest.approx(pdf.epw)
    assert widths[0] == pytest.approx(widths[1]) and widths[0] > 1.8 * widths[2]
