"""Plain-text rendering."""

from alignsim.games import analyze_game
from alignsim.outputs.game_text import format_analysis, format_table


def test_format_table_aligns_columns():
    text = format_table(["a", "long header"], [["value", "x"], ["v", "yy"]])
    lines = text.splitlines()
    assert len(lines) == 4
    assert lines[0].index("long header") == lines[2].index("x") == lines[3].index("yy")


def test_two_player_report_lists_payoff_grid_and_equilibria():
    text = format_analysis(analyze_game({"type": "stag_hunt"}))
    assert "stag" in text and "hare" in text
    assert "3 equilibria" in text
    assert "0.75 stag, 0.25 hare" in text


def test_bar_report_tells_the_film_profile_verdict():
    text = format_analysis(analyze_game({"type": "bar"}, 1.0))
    assert "is an equilibrium for no group weight from 0 to 1" in text
    assert "1 on most wanted, 3 on others (4 profiles)" in text
