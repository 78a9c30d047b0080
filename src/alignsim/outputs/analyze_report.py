"""Plain-text report of ``alignsim analyze`` on a scenario: the theory, and the run beside it.

Game files are rendered by :func:`alignsim.outputs.game_text.format_analysis`
alone. A bar scenario adds the film's profile and the learning
(:func:`format_bar_analysis`); a leader scenario, whose teams can have dozens
of players, gets a compact table per leader group instead, with the team size
analysed and why, and what the analysis does not cover
(:func:`format_team_analysis`; a matrix game played pairwise gets the game's
own tables). The full lists are in ``--json``. Reads the analysis dict only.
"""

from __future__ import annotations

from typing import Any

from alignsim.outputs.game_text import format_analysis, format_table, pattern_text, words

__all__ = ["format_bar_analysis", "format_team_analysis"]


def _num(value: float | None, digits: int = 4) -> str:
    if value is None:
        return "-"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _equilibria(section: dict[str, Any], actions: list[str]) -> str:
    """Each equilibrium pattern in words, and which class the list covers if not all."""
    parts = [pattern_text(e, actions) for e in section["equilibria"]]
    text = "; ".join(parts) or "none"
    if not section.get("complete", True):
        text += f" (found: {section['coverage']})"
    return text


def _group_lines(group: dict[str, Any], weight: float) -> list[str]:
    analysis = group["analysis"]
    n, actions = group["team_size"], analysis["game"]["actions"]
    action = words(actions[1])
    weighted = analysis.get("with_group_weight", analysis)
    optimum = analysis["social_optimum"]
    return [
        f"  {group['leader_group']}: Smith players (weight 0): {_equilibria(analysis, actions)}",
        f"  {group['leader_group']}: Nash players (weight {_num(weight)}): "
        f"{_equilibria(weighted, actions)}",
        f"  {group['leader_group']}: social optimum {optimum['head_count']} of {n} {action} "
        f"(total {_num(optimum['welfare'])}); price of anarchy "
        f"{_num(analysis['price_of_anarchy'])} (Smith), "
        f"{_num(weighted['price_of_anarchy'])} (Nash)",
    ]


def _verdict(contributes: bool) -> str:
    return "contributes" if contributes else "free rides"


def _threshold(group: dict[str, Any]) -> str:
    """``a*``, or for an infinite one whether every weight or none contributes."""
    if group["threshold_group_weight"] is None:
        return "any" if group["smith_contributes"] else "none"
    return _num(group["threshold_group_weight"])


def _threshold_table(result: dict[str, Any], weight: float) -> str:
    headers = ["leader group", "leaders", "team", "r", "cut", "a*", "Smith (a=0)"]
    headers.append(f"Nash (a={_num(weight)})")
    rows = [
        [
            g["leader_group"],
            str(g["count"]),
            str(g["team_size"]),
            _num(g["r"]),
            _num(g["cut"]),
            _threshold(g),
            "contributes" if g["smith_contributes"] else "free rides",
            "contributes" if g["nash_contributes"] else "free rides",
        ]
        for g in result["leader_groups"]
    ]
    return format_table(headers, rows)


def _simulation_lines(result: dict[str, Any], weight: float) -> list[str]:
    sim = result["simulation"]
    tail = sim[f"mean_last_{sim['tail_rounds']}"]
    share_nash, share_conditional = result["share_nash"], result.get("share_conditional", 0.0)
    groups = result["leader_groups"]
    rows = []
    for name, key, present, theory in (
        (
            "Smith",
            "smith",
            share_nash + share_conditional < 1,
            _verdict(all(g["smith_contributes"] for g in groups)),
        ),
        ("Nash", "nash", share_nash > 0, _verdict(all(g["nash_contributes"] for g in groups))),
        ("conditional", "conditional", share_conditional > 0, "not analysed"),
    ):
        if present:
            rows.append(
                [
                    name,
                    "-" if key == "conditional" else _num(0.0 if key == "smith" else weight),
                    theory,
                    _num(tail.get(f"contribution_rate_{key}"), 3),
                    _num(tail.get(f"mean_payoff_{key}"), 3),
                ]
            )
    headers = ["followers", "group weight", "theory", "contribution rate", "mean payoff"]
    return [
        f"Simulated long-run outcome (seed {sim['seed']}, {sim['rounds']} rounds; "
        f"mean of the last {sim['tail_rounds']}):",
        format_table(headers, rows),
        f"  follow rate {_num(tail['follow_rate'], 3)}, contribution rate "
        f"{_num(tail['contribution_rate'], 3)}, leaders' payoff "
        f"{_num(tail['leader_payoff'], 3)}, followers' payoff {_num(tail['follower_payoff'], 3)}",
    ]


def format_scenario_analysis(result: dict[str, Any]) -> str:
    """Render a leader scenario's analysis: team size, thresholds, equilibria, what is left out."""
    groups = result["leader_groups"]
    weight = groups[0]["analysis"]["group_weight"]
    game = groups[0]["analysis"]["game"]
    sizes = sorted({g["team_size"] for g in groups})
    size_text = " and ".join(str(n) for n in sizes)
    lines = [
        f"{result['scenario']} ({result['file']}): {game['title'].lower()} in teams of "
        f"{size_text} follower{'s' * (sizes != [1])}",
        f"Team size analysed: {result['team_size_basis']}.",
        "",
        "Contribution threshold (docs/model.md): contribute iff group weight > a*",
        _threshold_table(result, weight),
        "",
        "Equilibria of each team's stage game (followers who contribute):",
    ]
    for group in groups:
        lines += _group_lines(group, weight)
    lines += ["", *_simulation_lines(result, weight)]
    lines += _not_covered_lines(result)
    return "\n".join(lines) + "\n"


def _not_covered_lines(result: dict[str, Any]) -> list[str]:
    """What the analysis leaves out, a line each; nothing when it covers the whole scenario."""
    if not result.get("not_covered"):
        return []
    lines = ["", "Not covered by the analysis (the simulation has it):"]
    return lines + [f"  - {item}" for item in result["not_covered"]]


def _learning_lines(result: dict[str, Any]) -> list[str]:
    learning, bar = result["learning"], result["bar"]
    tail = next(k for k in learning if k.startswith("mean_share_going_last_"))
    rounds = tail.removeprefix("mean_share_going_last_")

    def when(value: int | None) -> str:
        return "never" if value is None else f"round {value}"

    logit = bar["logit"]
    film = bar["film_profile"]["by_group_weight"]
    section = result.get("with_group_weight", result)
    mixed = [e["probability"] for e in section["equilibria"] if e["kind"] == "mixed"]
    return [
        "The film's profile, by group weight:",
        format_table(
            ["group weight", "equilibrium", "a suitor who goes for her gains"],
            [
                [_num(r["group_weight"]), "yes" if r["is_equilibrium"] else "no"]
                + [_num(r["deviation_gain"])]
                for r in film
            ],
        ),
        "",
        f"Learning ({learning['rule'].replace('_', ' ')}, {learning['revision']} revision, "
        f"from {learning['start']}):",
        f"  left the start: {when(learning['left_start_round'])}; "
        f"first equilibrium: {when(learning['first_equilibrium_round'])}",
        f"  final profile {''.join(map(str, learning['final_profile']))} "
        f"({learning['final_going']} going for her); "
        f"an equilibrium: {'yes' if learning['final_is_equilibrium'] else 'no'}",
        f"  share going for her, mean of the last {rounds} rounds: {_num(learning[tail], 3)} "
        f"(mixed equilibrium {', '.join(_num(p, 3) for p in mixed) or 'none'}; "
        "asynchronous logit "
        f"learning at rationality {_num(logit['rationality'])} settles at "
        f"{_num(logit['stationary_share_going'], 3)})",
        "",
        "What each profile pays the group:",
        format_table(
            ["going for her", "profiles", "group payoff", "equilibrium"],
            [
                [str(p["going"]), str(p["profiles"]), _num(p["group_payoff"])]
                + ["yes" if p["is_equilibrium"] else "no"]
                for p in bar["profiles"]
            ],
        ),
    ]


def _matrix_simulation_lines(result: dict[str, Any]) -> list[str]:
    sim = result["simulation"]
    tail = sim[f"mean_last_{sim['tail_rounds']}"]
    action = result["game"]["actions"][0][0]
    return [
        f"Simulated long-run outcome (seed {sim['seed']}, {sim['rounds']} rounds; "
        f"mean of the last {sim['tail_rounds']}):",
        f"  share playing {action} {_num(tail.get('cooperation_rate'), 3)}, "
        f"mean payoff {_num(tail.get('mean_payoff'), 3)}",
    ]


def format_team_analysis(result: dict[str, Any]) -> str:
    """Render a leader-team scenario's analysis (a matrix game: the game's tables and the run)."""
    if "leader_groups" in result:
        return format_scenario_analysis(result)
    lines = _matrix_simulation_lines(result) + _not_covered_lines(result)
    return format_analysis(result) + "\n" + "\n".join(lines) + "\n"


def format_bar_analysis(result: dict[str, Any]) -> str:
    """Render a bar scenario's analysis: the game's tables, the film's profile, the learning."""
    return format_analysis(result) + "\n" + "\n".join(_learning_lines(result)) + "\n"
