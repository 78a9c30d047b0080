"""The page's live charts for each kind of scenario, as SVG text (:mod:`alignsim.viz.svg`).

Leader teams: following and contributing, payoffs by orientation, each
leader's team size and its followers' trust (with a mark where a leader
stepped down), and mentorships and network ties where the scenario has them.
Without leaders: the cooperator share beside its theory. The bar: suitors
going for the most-wanted and the group's payoff. Every legend is in words;
a group nobody belongs to has no line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import numpy as np

from alignsim.dynamics import replicator
from alignsim.model import AlignmentModel
from alignsim.model.bar import BarModel
from alignsim.outputs.plots import COLOURS
from alignsim.viz.explain import Theory
from alignsim.viz.svg import Level, Mark, Series, line_chart

if TYPE_CHECKING:
    from alignsim.viz.session import Session

LEADER_PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
)
HANDOVER = "a leader stepped down"
MAX_LEADER_LINES = len(LEADER_PALETTE)


def _column(model: AlignmentModel | BarModel, name: str) -> list[float]:
    return [float(v) for v in model.datacollector.model_vars.get(name, [])]


def _where_present(values: Sequence[float], shares: Sequence[float]) -> list[float]:
    """``values`` with the rounds where nobody of the group existed left missing (NaN)."""
    return [v if s > 0 else float("nan") for v, s in zip(values, shares, strict=True)]


def _levels(theory: Theory, chart: str) -> list[Level]:
    return [Level(value, words) for name, value, words in theory.levels if name == chart]


def leader_charts(session: Session, theory: Theory) -> list[str]:
    """Charts of a leader scenario, in the order the page shows them."""
    model = cast(AlignmentModel, session.model)  # a leader-team page's session
    rounds = model.steps
    cfg = model.config
    charts = [
        line_chart(
            "Following and contributing",
            "share (0 to 1)",
            [
                Series("followers in a team", COLOURS["follow"], _column(model, "follow_rate")),
                Series(
                    "team members contributing",
                    COLOURS["contribute"],
                    _column(model, "contribution_rate"),
                ),
            ],
            rounds,
            share=True,
            levels=_levels(theory, "rates"),
        )
    ]
    payoffs = []
    for kind, words in (("smith", "Smith-style"), ("nash", "Nash-style")):
        values = _where_present(
            _column(model, f"mean_payoff_{kind}"), _column(model, f"share_{kind}")
        )
        if any(np.isfinite(values)):
            payoffs.append(Series(f"{words} followers", COLOURS[kind], values))
    payoffs.append(Series("leaders", COLOURS["leader"], _column(model, "leader_payoff")))
    keep = cfg.choice.outside_option * cfg.population.endowment
    charts.append(
        line_chart(
            "Payoff per round",
            "mean payoff",
            payoffs,
            rounds,
            levels=[Level(keep, "keeping the endowment")],
        )
    )
    charts += per_leader_charts(session)
    if cfg.mentorship.enabled:
        charts.append(
            line_chart(
                "Mentorships",
                "mentorships",
                [Series("mentorships under way", "#b8860b", _column(model, "mentorships"))],
                rounds,
            )
        )
    if model.state.adjacency is not None:
        charts.append(
            line_chart(
                "Ties in the network",
                "ties",
                [Series("ties between agents", "#5a5aa8", _column(model, "network_edges"))],
                rounds,
            )
        )
    return charts


def per_leader_charts(session: Session) -> list[str]:
    """Each leader's team size and its followers' mean trust, round by round.

    A leader slot is one line, named by its group and number; where its holder
    stepped down and a follower took its place the charts carry a mark. With
    more than ``MAX_LEADER_LINES`` leaders, one line per leader group instead
    (the model's ``team_<label>`` and ``trust_<label>`` columns).
    """
    model = cast(AlignmentModel, session.model)  # a leader-team page's session
    s, history = model.state, session.history
    marks = [Mark(r, HANDOVER) for r, _ in history.handovers]
    if s.n_leaders > MAX_LEADER_LINES:
        team = [
            Series(label, LEADER_PALETTE[g % 10], _column(model, f"team_{label}"))
            for g, label in enumerate(model.leader_labels)
        ]
        trust = [
            Series(label, LEADER_PALETTE[g % 10], _column(model, f"trust_{label}"))
            for g, label in enumerate(model.leader_labels)
        ]
    else:
        names = [f"{model.leader_labels[g]} {k + 1}" for k, g in enumerate(s.leader_group)]
        sizes = np.array(history.team).reshape(-1, s.n_leaders)
        trusts = np.array(history.trust).reshape(-1, s.n_leaders)
        team = [Series(n, LEADER_PALETTE[k], sizes[:, k]) for k, n in enumerate(names)]
        trust = [Series(n, LEADER_PALETTE[k], trusts[:, k]) for k, n in enumerate(names)]
    return [
        line_chart("Team size by leader", "followers", team, model.steps, marks=marks),
        line_chart(
            "Trust by leader", "followers' mean trust", trust, model.steps, share=True, marks=marks
        ),
    ]


def leaderless_charts(session: Session, theory: Theory) -> list[str]:
    """The cooperator share beside its theory, and the mean field of the rule that ran."""
    model = cast(AlignmentModel, session.model)  # a leader-team page's session
    cfg = model.config
    share = _column(model, "cooperation_rate")
    series = [Series("agents cooperating (model)", "#1f3fd1", share)]
    rules = cfg.imitation
    if cfg.network.kind == "complete" and rules.rule == "fermi" and len(share) > 1:
        times = rules.rate * np.arange(len(share))
        curve = replicator.trajectory(share[0], cfg.game.payoff_matrix(), times, beta=rules.beta)
        series.append(Series("mean field of the Fermi rule", "#7570b3", curve, dashed=True))
    action = {"stag_hunt": "Stag"}.get(cfg.game.type, "cooperate")
    return [
        line_chart(
            "Cooperation",
            f"share playing {action}",
            series,
            model.steps,
            share=True,
            levels=_levels(theory, "cooperation"),
        )
    ]


def bar_charts(session: Session, theory: Theory) -> list[str]:
    """Suitors going for the most-wanted, and the group's payoff, from the starting profile."""
    model = cast(BarModel, session.model)  # the bar page's session
    going = line_chart(
        "Going for the most-wanted",
        "suitors",
        [Series("suitors going for her", "#c89b00", _column(model, "going"))],
        model.steps,
        y_limits=(0.0, float(model.going.size)),
        levels=[Level(1, "a pure equilibrium: one goes")],
        first_round=0,
    )
    payoff = line_chart(
        "The group's payoff",
        "payoff, all suitors",
        [Series("the suitors' total", "#1f78b4", _column(model, "group_payoff"))],
        model.steps,
        levels=_levels(theory, "bar_payoff"),
        first_round=0,
    )
    return [going, payoff]
