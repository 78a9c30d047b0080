"""Plain-text rendering of a game analysis (the dict of :func:`analyze_game`).

Only the standard library: fixed-width columns that read the same in a
terminal, a log file or a classroom handout.
"""

from __future__ import annotations

from math import comb
from typing import Any

__all__ = ["format_analysis", "format_table"]


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
    played = [(p, n) for p, n in zip(probs, names, strict=True) if p > 1e-9]
    if len(played) == 1:
        return played[0][1]
    return ", ".join(f"{_num(p)} {n}" for p, n in played)


def _payoff_grid(game: dict[str, Any]) -> str:
    rows_names, column_names = game["actions"]
    rows = [
        [name, *(f"{_num(a)}, {_num(b)}" for a, b in zip(ra, rb, strict=True))]
        for name, ra, rb in zip(rows_names, game["row"], game["column"], strict=True)
    ]
    return format_table(["row \\ column", *column_names], rows)


def _payoff_by_count(game: dict[str, Any]) -> str:
    table = game["payoff_table"]
    action = game["actions"][1]
    headers = [f"others on {action}:", *(str(k) for k in range(len(table[0])))]
    rows = [
        [name, *(_num(v) for v in row)] for name, row in zip(game["actions"], table, strict=True)
    ]
    return format_table(headers, rows)


def _profile(entry: dict[str, Any], actions: list[str]) -> str:
    if entry["kind"] == "mixed":
        return f"each plays {actions[1]} with probability {_num(entry['probability'])}"
    n, m = len(entry["strategies"]), entry["head_count"]
    if entry.get("profiles", 1) > 1:
        return f"{m} of {n} on {actions[1]} (all {entry['profiles']} such profiles)"
    return " ".join("1" if s[1] > 0.5 else "0" for s in entry["strategies"])


def _equilibrium_rows(section: dict[str, Any], game: dict[str, Any]) -> list[list[str]]:
    rows = []
    for e in section["equilibria"]:
        if game["n_players"] == 2 and "payoff_table" not in game:
            who = [
                _mixed(s, names) for s, names in zip(e["strategies"], game["actions"], strict=True)
            ]
            payoffs = ", ".join(_num(v) for v in e["payoffs"])
            rows.append([e["kind"], who[0], who[1], payoffs, _num(e["welfare"])])
        else:
            payoffs = ", ".join(_num(v) for v in e["payoffs"])
            rows.append([e["kind"], _profile(e, game["actions"]), payoffs, _num(e["welfare"])])
    return rows


def _optimum(section: dict[str, Any], game: dict[str, Any]) -> str:
    best = section["social_optimum"]
    if "head_count" in best:
        n, m = len(best["strategies"]), best["head_count"]
        count = comb(n, m)
        where = f"{m} of {n} on {game['actions'][1]} ({count} profile{'s' * (count > 1)})"
    else:
        names = game["actions"]
        where = " / ".join(_mixed(s, a) for s, a in zip(best["strategies"], names, strict=True))
    return f"  social optimum: {where}, total {_num(best['welfare'])}"


def _section(title: str, section: dict[str, Any], game: dict[str, Any]) -> list[str]:
    count = len(section["equilibria"])
    lines = [f"{title}: {count} equilibri{'um' if count == 1 else 'a'} ({section['method']})"]
    if section["degenerate"]:
        lines.append(
            "  degenerate game: equilibria may form continua; listed are the extreme ones"
            if game.get("payoff_table") is None
            else "  degenerate: every symmetric mixed profile is an equilibrium"
        )
    two = "payoff_table" not in game
    headers = (
        ["kind", "row player", "column player", "payoffs", "total"]
        if two
        else ["kind", "profile (1 = " + game["actions"][1] + ")", "payoffs", "total"]
    )
    if count:
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

    action = threshold["action"]
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


def format_analysis(result: dict[str, Any]) -> str:
    """Render an analysis from :func:`alignsim.games.report.analyze_game` as text.

    Args:
        result: the analysis dict.

    Returns:
        A multi-line string: the game and its payoffs, the equilibria of Smith
        players and (if analysed) of players with the group weight, social
        optimum, price of anarchy, and the game's special facts.

    """
    game = result["game"]
    params = ", ".join(f"{k}={v}" for k, v in game["params"].items() if k not in ("row", "column"))
    lines = [f"{game['title']} ({game['type']}{': ' + params if params else ''})", ""]
    if "payoff_table" in game:
        lines += ["Payoff to a player, by its action and the others' choices:"]
        lines += [_payoff_by_count(game), ""]
    else:
        lines += ["Payoffs (row player, column player):", _payoff_grid(game), ""]
    lines += _section("Smith players (group weight 0)", result, game)
    if "with_group_weight" in result:
        weighted = result["with_group_weight"]
        lines += ["", *_section(f"Group weight {_num(weighted['group_weight'])}", weighted, game)]
    if "contribution_threshold" in result:
        lines += ["", *_threshold_lines(result["contribution_threshold"])]
    if "film_profile" in result:
        lines += ["", *_film_lines(result["film_profile"])]
    return "\n".join(lines) + "\n"
