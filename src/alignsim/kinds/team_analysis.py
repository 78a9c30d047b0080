"""The theory of a leader-team scenario: each group's team game at its planned size, and the run.

``alignsim analyze`` cannot analyse every team a run makes: teams form and
change round by round. It analyses the team a leader of each group would
have if the followers were shared equally among the leaders, capped by the
group's capacity (:func:`planned_team_size`), says so, and lists what the
stage game leaves out (:func:`not_covered`): the choice of a leader,
conditional cooperators, the mechanisms that change types or teams.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alignsim.games import contribution_threshold
from alignsim.kinds.base import TAIL, RunResult
from alignsim.kinds.game_analysis import MAX_PLAYERS, analyze_game_file, finite
from alignsim.scenario import LeaderGroup, Scenario, ScenarioError

__all__ = [
    "analyze_teams",
    "matrix_game_spec",
    "matrix_not_covered",
    "not_covered",
    "planned_predictions",
    "planned_team_size",
    "team_game_spec",
]

SIMULATED = (
    "follow_rate",
    "contribution_rate",
    "contribution_rate_smith",
    "contribution_rate_nash",
    "contribution_rate_conditional",
    "mean_payoff_smith",
    "mean_payoff_nash",
    "mean_payoff_conditional",
    "leader_payoff",
    "follower_payoff",
)


IMITATION_WORDS = {
    "fermi": "the Fermi rule: copy a random neighbour, more likely the better it is paid",
    "best": "copy the best-paid of oneself and one's neighbours",
}


def planned_team_size(scenario: Scenario, group: LeaderGroup) -> int:
    """Followers per leader if they were shared equally, capped by the group's capacity.

    ``max(round(min(n_followers / n_leaders, capacity)), 1)``: the size the
    analysis and a sweep's predictions use. The teams of a run differ (whom
    followers join depends on trust, hype and payoffs); a run's summary gives
    the threshold of each team it made.
    """
    share = scenario.population.n_followers / scenario.n_leaders
    return max(round(min(share, group.capacity or share)), 1)


def team_size_reason(scenario: Scenario) -> str:
    """Which team size the analysis uses and why, in words."""
    followers, leaders = scenario.population.n_followers, scenario.n_leaders
    share = followers / leaders
    capped = [g.label for g in scenario.leaders if g.capacity and g.capacity < share]
    text = (
        f"the planned team, {followers} followers shared equally among {leaders} "
        f"leader{'s' * (leaders != 1)} ({share:.3g} each, rounded)"
    )
    if capped:
        text += ", at most the capacity of the " + ", ".join(capped) + " leaders"
    return (
        text + "; the teams a run makes vary round by round (alignsim run gives the "
        "threshold of each team it made)"
    )


def not_covered(scenario: Scenario) -> list[str]:
    """What the stage-game analysis of a leader scenario leaves out, a sentence each."""
    left = [
        "whom followers choose to follow (trust, hype, the outside option): the analysis "
        "takes a team as given",
    ]
    population = scenario.population
    if population.share_conditional > 0:
        left.append(
            f"conditional cooperators ({population.share_conditional:.0%} of the followers): "
            "they give a share of what they believe their team gives, a rule rather than a "
            "group weight, so no equilibrium above is theirs; only the simulation has them"
        )
    if scenario.choice.rule == "logit":
        left.append(
            "noisy (logit) choice: the equilibria are those of best responses; with logit "
            "choice the threshold is where contributing becomes more likely than not"
        )
    switched = [
        words
        for on, words in (
            (scenario.imitation.rule != "none", "imitation"),
            (scenario.learning.adapt_leaders, "leaders who tune hype and cut"),
            (scenario.emergence.enabled, "emergent leaders"),
            (scenario.mentorship.enabled, "mentorship"),
            (scenario.network.kind != "complete", "the network"),
        )
        if on
    ]
    if switched:
        left.append(
            "what changes types, teams or pitches over the rounds ("
            + ", ".join(switched)
            + "): the analysis is of the game at the scenario's starting values"
        )
    return left


def matrix_not_covered(scenario: Scenario) -> list[str]:
    """What the analysis of a matrix game played pairwise leaves out, a sentence each."""
    left = []
    if scenario.network.kind != "complete":
        left.append(
            f"who plays whom: agents play their neighbours on the {scenario.network.kind} "
            "network, where clusters of cooperators can hold out against defectors "
            "(Nowak and May 1992); the equilibria are those of one game between two "
            "players, and a run's payoff is summed over an agent's games with its "
            "neighbours, so it is not on the scale of the table"
        )
    if scenario.imitation.rule != "none":
        rule = IMITATION_WORDS[scenario.imitation.rule]
        left.append(
            f"how strategies spread: agents imitate ({rule}) rather than best-respond, so "
            "the long-run share is where imitation settles, which need not be an equilibrium"
        )
    if scenario.leaders:
        left.append(
            "leaders and their teams: members play each other in teams; whom followers "
            "choose to follow is not analysed"
        )
    return left


def team_game_spec(scenario: Scenario, group_index: int) -> dict[str, Any]:
    """The ``game:`` section of one leader group's team at the scenario's parameters.

    The team has :func:`planned_team_size` followers, the group's ``r`` and
    ``cut``, the population's endowment, and the leader contributes first if
    it leads by example.
    """
    group = scenario.leaders[group_index]
    spec: dict[str, Any] = {
        "type": scenario.game.type,
        "n": planned_team_size(scenario, group),
        "r": group.r,
        "cut": group.cut,
        "endowment": scenario.population.endowment,
        "leader_contributes": group.lead_by_example,
    }
    if scenario.game.type == "threshold_public_goods":
        spec["threshold_share"] = scenario.game.threshold_share
    return spec


def planned_predictions(scenario: Scenario) -> list[dict[str, Any]]:
    """docs/model.md's contribution threshold per leader group, at its planned team size.

    The threshold is exact for the linear game with best responses and teams
    of that size. A population without leaders has no leader groups: none.
    """
    out = []
    for group in scenario.leaders:
        n = planned_team_size(scenario, group)
        threshold = float(contribution_threshold(n, group.r, group.cut))
        out.append(
            {
                "leader_group": group.label,
                "team_size": n,
                "r": group.r,
                "cut": group.cut,
                "threshold_group_weight": threshold,
                "smith_contributes": bool(threshold < 0),
                "nash_contributes": bool(scenario.population.group_weight > threshold),
                "exact": scenario.game.type == "linear_public_goods"
                and scenario.choice.rule == "best_response",
            }
        )
    return out


def _leader_groups(scenario: Scenario, source: str, weight: float) -> list[dict[str, Any]]:
    groups = []
    for index, group in enumerate(scenario.leaders):
        spec = team_game_spec(scenario, index)
        threshold = contribution_threshold(spec["n"], group.r, group.cut)
        groups.append(
            {
                "leader_group": group.label,
                "count": group.count,
                "team_size": spec["n"],
                "r": group.r,
                "cut": group.cut,
                "lead_by_example": group.lead_by_example,
                "threshold_group_weight": finite(float(threshold)),
                "smith_contributes": bool(threshold < 0),
                "nash_contributes": bool(weight > threshold),
                "analysis": analyze_game_file(spec, source, weight),
            }
        )
    return groups


def _simulation(result: RunResult, keys: tuple[str, ...]) -> dict[str, Any]:
    summary = result.summary
    tail = summary[f"mean_last_{TAIL}"]
    return {
        "rounds": int(summary["final"]["step"]),
        "seed": summary["seed"],
        "tail_rounds": TAIL,
        f"mean_last_{TAIL}": {key: tail[key] for key in keys if key in tail},
    }


def matrix_game_spec(scenario: Scenario) -> dict[str, Any]:
    """The game library's ``game:`` section of a scenario's symmetric 2x2 matrix game."""
    row = scenario.game.payoff_matrix()
    actions = ["stag", "hare"] if scenario.game.type == "stag_hunt" else ["cooperate", "defect"]
    return {
        "type": "matrix",
        "row": row,
        "column": [list(c) for c in zip(*row, strict=True)],
        "row_actions": actions,
        "column_actions": actions,
    }


def analyze_matrix_scenario(
    scenario: Scenario, source: str, run: Callable[[Scenario], RunResult]
) -> dict[str, Any]:
    """Analyse a scenario's pairwise matrix game and run the scenario beside it."""
    weight = scenario.population.group_weight if scenario.population.share_nash > 0 else None
    analysis = analyze_game_file(matrix_game_spec(scenario), source, weight)
    return {
        **analysis,
        "kind": "scenario",
        "scenario": scenario.name,
        "not_covered": matrix_not_covered(scenario),
        "simulation": _simulation(run(scenario), ("cooperation_rate", "mean_payoff")),
    }


def analyze_teams(
    scenario: Scenario, source: str, run: Callable[[Scenario], RunResult]
) -> dict[str, Any]:
    """Analyse each leader group's team game at its planned size, and run the scenario beside it.

    A pairwise matrix game (with or without leaders) is analysed as the
    two-player game itself; ``run`` runs the scenario. The result names the team size and why
    (``team_size_basis``) and what the analysis leaves out (``not_covered``).
    """
    if getattr(scenario.game, "is_matrix", False):
        return analyze_matrix_scenario(scenario, source, run)
    if not scenario.leaders:
        raise ScenarioError(source, "leaders", "a public goods game needs a leader group")
    for index in range(len(scenario.leaders)):  # all refused before any is solved
        team = team_game_spec(scenario, index)["n"]
        if team > MAX_PLAYERS:
            raise ScenarioError(
                source,
                "population.n_followers",
                f"teams of {team:,} followers per leader: the "
                f"analysis solves team games of at most {MAX_PLAYERS:,} players; analyse a game "
                "file with a smaller n, or add leaders",
            )
    weight = scenario.population.group_weight
    groups = _leader_groups(scenario, source, weight)
    result = run(scenario)
    return {
        **groups[0]["analysis"],
        "kind": "scenario",
        "scenario": scenario.name,
        "share_nash": scenario.population.share_nash,
        "share_conditional": scenario.population.share_conditional,
        "team_size_basis": team_size_reason(scenario),
        "not_covered": not_covered(scenario),
        "leader_groups": groups,
        "simulation": _simulation(result, SIMULATED)
        | {"predictions": result.summary["predictions"]},
    }
