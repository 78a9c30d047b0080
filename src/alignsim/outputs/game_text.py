"""Plain-text rendering of a game analysis (the dict of :func:`alignsim.games.analyze_game`).

Only the standard library: fixed-width columns that read the same in a
terminal, a log file or a classroom handout. Words, not identifiers: action
names are printed with spaces, methods and coverage as sentences.
"""

from __future__ import annotations

from math import comb
from typing import Any

__all__ = ["format_analysis", "format_table", "pattern_text", "words"]


def words(name: str) -> str:
    """An identifier as words: ``most_wanted`` -> ``most wanted``."""
    return str(name).replace("_", " ")


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_table(headers: list[str], rows: list[list[str]], indent: int = 2) -> str:
    """Align ``rows`` under ``headers`` in left-justified columns.

    Args:
        headers: column titles.
        rows: the cells, one list of strings per row.
        indent: spaces before every line.

    Returns:
        The table, one line per row, headers and a rule first.

    """
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    pad = " " * indent

    def line(cells: list[str]) -> str:
        return pad + "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = pad + "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _mixed(probs: list[float], names: list[str]) -> str:
    played = [(p, words(n)) for p, n in zip(probs, names, strict=True) if p > 0]
    if len(played) == 1:
        return played[0][1]
    return ", ".join(f"{_num(p)} {n}" for p, n in played)


def _payoff_grid(game: dict[str, Any]) -> str:
    rows_names, column_names = game["actions"]
    rows = [
        [words(name), *(f"{_num(a)}, {_num(b)}" for a, b in zip(ra, rb, strict=True))]
        for name, ra, rb in zip(rows_names, game["row"], game["column"], strict=True)
    ]
    return format_table(["row \\ column", *(words(c) for c in column_names)], rows)


def _payoff_by_count(game: dict[str, Any]) -> str:
    table = game["payoff_table"]
    action = words(game["actions"][1])
    headers = [f"others on {action}:", *(str(k) for k in range(len(table[0])))]
    rows = [
        [words(name), *(_num(v) for v in row)]
        for name, row in zip(game["actions"], table, strict=True)
    ]
    return format_table(headers, rows)


def pattern_text(entry: dict[str, Any], actions: list[str]) -> str:
    """Who does what in an N-player equilibrium, and for how many profiles."""
    n = len(entry["strategies"])
    on, mixing = entry["head_count"], entry.get("mixing", 0)
    one, zero = words(actions[1]), words(actions[0])
    rest = n - on - mixing
    parts = []
    if on:
        parts.append(f"{on} on {one}")
    if mixing:
        how = (
            "with any probability"
            if entry["probability"] is None
            else f"{one} with probability {_num(entry['probability'])}"
        )
        parts.append(f"{mixing} mix ({how})")
    if rest:
        parts.append(f"{rest} on {zero}")
    who = ", ".join(parts) if parts else "nobody"
    count = entry["profiles"]
    return f"{who} ({count} profile{'s' * (count != 1)})" if n > 1 else who


def _equilibrium_rows(section: dict[str, Any], game: dict[str, Any]) -> list[list[str]]:
    rows = []
    two = "payoff_table" not in game
    for e in section["equilibria"]:
        if two:
            who = [
                _mixed(s, names) for s, names in zip(e["strategies"], game["actions"], strict=True)
            ]
            payoffs = ", ".join(_num(v) for v in e["payoffs"])
            rows.append([e["kind"], who[0], who[1], payoffs, _num(e["welfare"])])
        else:
            distinct = list(dict.fromkeys(_num(v) for v in e["payoffs"]))
            rows.append(
                [
                    e["kind"],
                    pattern_text(e, game["actions"]),
                    " / ".join(distinct),
                    _num(e["welfare"]),
                ]
            )
    return rows


def _optimum(section: dict[str, Any], game: dict[str, Any]) -> str:
    best = section["social_optimum"]
    if best.get("constant_sum"):
        return (
            f"  social optimum: none singled out, every profile gives the same total, "
            f"{_num(best['welfare'])}"
        )
    if "head_count" in best:
        n, m = len(best["strategies"]), best["head_count"]
        count = comb(n, m)
        where = f"{m} of {n} on {words(game['actions'][1])} ({count} profile{'s' * (count > 1)})"
    else:
        row, column = (
            _mixed(s, a) for s, a in zip(best["strategies"], game["actions"], strict=True)
        )
        where = f"row player {row}, column player {column}"
    return f"  social optimum: {where}, total {_num(best['welfare'])}"


def _count(section: dict[str, Any]) -> str:
    count = section.get("n_equilibria", len(section["equilibria"]))
    if count is None:
        return "infinitely many equilibria"
    return f"{count} equilibri{'um' if count == 1 else 'a'}"


def _section(title: str, section: dict[str, Any], game: dict[str, Any]) -> list[str]:
    lines = [f"{title}: {_count(section)}", f"  found: {section['coverage']}"]
    two = "payoff_table" not in game
    headers = (
        ["kind", "row player", "column player", "payoffs", "total"]
        if two
        else ["kind", "who plays what", "payoffs", "total"]
    )
    if section["equilibria"]:
        lines.append(format_table(headers, _equilibrium_rows(section, game)))
    lines.append(_optimum(section, game))
    lines.append(
        f"  price of anarchy: {_num(section['price_of_anarchy'])}"
        f"   price of stability: {_num(section['price_of_stability'])}"
    )
    return lines


def _threshold_lines(threshold: dict[str, Any]) -> list[str]:
    def say(kind: str, value: float | None) -> str:
        return {"never": "no group weight", "always": "every group weight"}.get(
            kind, f"group weight above {_num(value)}"
        )

    action = words(threshold["action"])
    return [
        "Contribution threshold:",
        f"  {action} is dominant for {say(threshold['dominant'], threshold['dominant_above'])}",
        f"  all {action} is an equilibrium for "
        + say(threshold["all_play_equilibrium"], threshold["all_play_equilibrium_above"]),
    ]


def _film_lines(film: dict[str, Any]) -> list[str]:
    gains = ", ".join(f"weight {w}: {_num(g)}" for w, g in film["deviation_gain"].items())
    verdict = "some" if film["equilibrium_for_some_weight_in_0_1"] else "no"
    return [
        "The film's profile (nobody goes for the most-wanted):",
        f"  total {_num(film['welfare'])}, against a social optimum of "
        f"{_num(film['optimum_welfare'])}",
        f"  a suitor who goes for her instead gains ({gains})",
        f"  it is an equilibrium for {verdict} group weight from 0 to 1",
    ]


def _heading(game: dict[str, Any]) -> list[str]:
    params = {k: v for k, v in game["params"].items() if k not in ("row", "column")}
    if game["type"] == "matrix":
        rows, columns = game["actions"]
        return [
            f"{game['title']}: the row player chooses {', '.join(map(words, rows))}; "
            f"the column player {', '.join(map(words, columns))}"
        ]
    text = ", ".join(f"{words(k)} {v}" for k, v in params.items())
    return [f"{game['title']}{': ' + text if text else ''}"]


def format_analysis(result: dict[str, Any]) -> str:
    """Render an analysis from :func:`alignsim.games.report.analyze_game` as text.

    Args:
        result: the analysis dict.

    Returns:
        A multi-line string: the game and its payoffs, the equilibria of
        players who maximise their own payoff and (if analysed) of players
        with the group weight, social optimum, price of anarchy, and the
        game's special facts.

    """
    game = result["game"]
    lines = [*_heading(game), ""]
    if "payoff_table" in game:
        lines += ["Payoff to a player, by its action and the others' choices:"]
        lines += [_payoff_by_count(game), ""]
    else:
        lines += ["Payoffs (row player, column player):", _payoff_grid(game), ""]
    lines += _section("Players who maximise their own payoff (group weight 0)", result, game)
    if "with_group_weight" in result:
        weighted = result["with_group_weight"]
        weight = _num(weighted["group_weight"])
        title = f"Players with group weight {weight} (own payoff + {weight} x the others')"
        lines += ["", *_section(title, weighted, game)]
    if "contribution_threshold" in result:
        lines += ["", *_threshold_lines(result["contribution_threshold"])]
    if "film_profile" in result:
        lines += ["", *_film_lines(result["film_profile"])]
    return "\n".join(lines) + "\n"
