"""The explanation panel: the scenario's own story, what to try, what to watch, and its theory.

The story comes from the scenario file (``description`` and the optional
``teaching`` section). The theory is the right one for what runs, computed by
the game library beside the live numbers:

* leader teams playing linear public goods: MODEL.md's contribution
  threshold ``a*`` for each leader group's team size *now*
  (:func:`alignsim.games.contribution_threshold`), the best-response
  equilibrium it implies for the followers present (each contributes iff its
  group weight exceeds ``a*``), and the social optimum of the team game
  (:func:`alignsim.games.analyze_game`);
* a population without leaders: the stage game's Nash equilibria and social
  optimum, and, where the scenario is the classic one, Nowak and May's
  cooperator share [NowakMay1992]_ or the replicator equation's interior rest
  point [Traulsen2006]_;
* the bar scene: its pure equilibria (exactly one suitor goes for the
  most-wanted), the symmetric mixed one, and the social optimum
  [AndersonEngers2007]_.

Where a formula covers only part of what runs, the panel says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

import numpy as np

from alignsim.dynamics import replicator
from alignsim.games import analyze_game, bar_mixed_probability, build_game, contribution_threshold
from alignsim.games.symmetric import welfare
from alignsim.kinds.team_analysis import matrix_game_spec
from alignsim.model import CONDITIONAL, AlignmentModel
from alignsim.model.bar import BarModel
from alignsim.scenario import Scenario

NOWAK_MAY_FIXED = 12 * math.log(2) - 8  # 0.318, fixed edges, large lattice (MODEL.md)
NOWAK_MAY_TORUS = 0.315


@dataclass
class Theory:
    """What theory says beside what the model does now.

    Attributes:
        rows: ``(quantity, theory, now)`` table rows, in words.
        notes: sentences naming the method, its source and what it does not cover.
        levels: ``(chart, value, words)``: reference lines for the live charts.

    """

    rows: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    levels: list[tuple[str, float, str]] = field(default_factory=list)


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.{digits}f}"


@lru_cache(maxsize=256)
def team_optimum(n: int, r: float, cut: float, endowment: float, by_example: bool) -> int:
    """Contributors in the social optimum of one team game of ``n`` followers.

    The head count whose group total (followers and leader,
    :func:`alignsim.games.symmetric.welfare`) is largest, as ``alignsim analyze``
    reports it. In linear public goods each contribution adds ``(r - 1) e`` to
    that total, so the optimum is all or nobody whatever ``n``: the page
    computes it once, at the scenario's own team size.
    """
    spec = {
        "type": "linear_public_goods",
        "n": n,
        "r": r,
        "cut": cut,
        "endowment": endowment,
        "leader_contributes": by_example,
    }
    game = build_game(spec)
    return int(np.argmax(welfare(game.payoff_table(), game.outsider_payoffs())))


def leader_theory(model: AlignmentModel) -> Theory:
    """Threshold, equilibrium and optimum of each leader group's team, at its size now."""
    cfg, s, theory = model.config, model.state, Theory()
    if cfg.game.type != "linear_public_goods":
        theory.notes.append(
            f"The threshold a* is MODEL.md's for linear public goods; this scenario plays "
            f"{cfg.game.type.replace('_', ' ')}, whose equilibria `alignsim analyze` prints."
        )
        return theory
    default_n = max(round(cfg.population.n_followers / max(s.n_leaders, 1)), 1)
    in_team = ~s.is_leader & (s.leader_of >= 0)
    members = np.flatnonzero(in_team)
    sizes = np.bincount(s.leader_of[members], minlength=s.n_leaders)
    threshold_of_slot = np.zeros(s.n_leaders)
    optimum_share = []
    weight = cfg.population.group_weight
    for g, group in enumerate(cfg.leaders):
        slots = np.flatnonzero(s.leader_group == g)
        n = int(round(sizes[slots].mean())) if model.steps else default_n
        n = max(n, 1)
        a_star = float(contribution_threshold(n, group.r, group.cut))
        threshold_of_slot[slots] = contribution_threshold(
            np.maximum(sizes[slots], 1), s.r[slots], s.cut[slots]
        )
        best = team_optimum(
            default_n, group.r, group.cut, cfg.population.endowment, group.lead_by_example
        )
        optimum_share.append(best / default_n)
        name = f"{group.label}: team of {n}"
        verdict = (
            "Smith agents contribute too"
            if a_star < 0
            else f"Nash agents (weight {weight:g}) {'contribute' if weight > a_star else 'keep'}"
        )
        theory.rows.append((f"threshold a*, {name}", _fmt(a_star), verdict))
    played = members[s.orientation[members] != CONDITIONAL]
    equilibrium = (
        float(np.mean(s.group_weight[played] > threshold_of_slot[s.leader_of[played]]))
        if played.size
        else None
    )
    now = model.metrics.get("contribution_rate") if model.steps else None
    theory.rows.append(("contribution rate, equilibrium", _fmt(equilibrium), f"now {_fmt(now)}"))
    optimum = min(optimum_share) if optimum_share else None
    theory.rows.append(("contribution rate, social optimum", _fmt(optimum), f"now {_fmt(now)}"))
    if equilibrium is not None:
        theory.levels.append(("rates", equilibrium, "contributing at equilibrium (theory)"))
    theory.notes.append(
        "a*: the smallest group weight at which contributing pays, (1 - (1 - c) r / n) / "
        "((n - 1)(1 - c) r / n + c r) for a team of n with return r and cut c (MODEL.md, "
        "docs/model.md). Equilibrium: each team member best-responds, contributing iff its "
        "group weight exceeds its team's a*; the page's agents choose by the scenario's rule, "
        "so with logit choice some err. Social optimum: the team's largest material total."
    )
    if (s.orientation[members] == CONDITIONAL).any():
        theory.notes.append(
            "Conditional cooperators contribute as much as they believe others will; the "
            "equilibrium above leaves them out."
        )
    return theory


def leaderless_theory(model: AlignmentModel) -> Theory:
    """Equilibria and optimum of the stage game, and the classic dynamic result where it applies."""
    cfg, theory = model.config, Theory()
    payoffs = cfg.game.payoff_matrix()
    if payoffs is None:
        return theory
    spec = matrix_game_spec(cfg)
    actions = spec["row_actions"]
    analysis = analyze_game(build_game(spec), None)
    found = list(
        dict.fromkeys(_profile_words(eq["strategies"], actions) for eq in analysis["equilibria"])
    )
    now = model.metrics.get("cooperation_rate") if model.steps else None
    theory.rows.append(
        ("Nash equilibria of the game", "; ".join(found), f"now {_fmt(now)} {actions[0]}")
    )
    best = analysis["social_optimum"]["strategies"][0][0]
    theory.rows.append(("social optimum", f"all {actions[0 if best > 0.5 else 1]}", ""))
    if _is_nowak_may(cfg):
        value = NOWAK_MAY_TORUS if cfg.network.torus else NOWAK_MAY_FIXED
        theory.rows.append(("cooperators, Nowak-May", f"{value:.3f}", f"now {_fmt(now, 3)}"))
        theory.levels.append(("cooperation", value, "Nowak and May's share (theory)"))
        theory.notes.append(
            "Nowak and May (1992): on a large lattice, 1.8 < b < 2, everyone copying the best "
            "of itself and its 8 neighbours at once, the cooperator share settles near "
            "12 ln 2 - 8 = 0.318 (about 0.315 on a torus)."
        )
    rest = replicator.interior_rest_point(payoffs)
    if rest is not None and cfg.network.kind == "complete":
        theory.rows.append(("tipping point (replicator)", f"{rest:.2f}", f"now {_fmt(now)}"))
        theory.levels.append(("cooperation", rest, "tipping point of the replicator equation"))
        theory.notes.append(
            "Well mixed, imitation follows the replicator equation (Fermi rule: its mean field, "
            "Traulsen, Nowak and Pacheco 2006); above the interior rest point it goes to all "
            f"{actions[0]}, below to all {actions[1]}."
        )
    theory.notes.append(
        "Equilibria: the Nash equilibria of the two-player stage game (docs/games.md)."
    )
    return theory


def _profile_words(strategies: list[list[float]], actions: list[str]) -> str:
    """An equilibrium of a two-player game in words: "both defect", "one stag, one hare"."""
    (p, _), (q, _) = strategies
    pure = {1.0: actions[0], 0.0: actions[1]}
    if p in pure and q in pure:
        return f"both {pure[p]}" if p == q else f"one {actions[0]}, one {actions[1]}"
    return f"each {actions[0]} with chance {p:.2f}" if abs(p - q) < 1e-9 else "mixed"


def _is_nowak_may(cfg: Scenario) -> bool:
    (reward, sucker), (temptation, punishment) = cfg.game.payoff_matrix()
    return (
        cfg.network.kind == "lattice"
        and cfg.game.type == "prisoners_dilemma"
        and cfg.imitation.rule == "best"
        and cfg.imitation.update == "synchronous"
        and cfg.game.self_play
        and (reward, sucker, punishment) == (1.0, 0.0, 0.0)
        and 1.8 < temptation < 2.0
    )


def bar_theory(model: BarModel) -> Theory:
    """The bar game's equilibria and optimum beside the suitors' profile now."""
    game, theory = model.config.game, Theory()
    going = int(model.going.sum())
    counts = ", ".join(str(k) for k in model.equilibrium_counts)
    theory.rows.append(("going for her, pure equilibria", counts, f"now {going}"))
    p = bar_mixed_probability(game.n, game.a, game.b)
    theory.rows.append(("chance of going, mixed equilibrium", f"{p:.3f}", ""))
    optimum = game.a + (game.n - 1) * game.b
    group = float(model.payoff.sum())
    theory.rows.append(("group payoff, social optimum", f"{optimum:g}", f"now {group:g}"))
    theory.rows.append(("group payoff, film's profile", f"{game.n * game.b:g}", ""))
    theory.levels.append(("bar_payoff", optimum, "social optimum (theory)"))
    theory.levels.append(("bar_payoff", game.n * game.b, "the film's profile: nobody goes"))
    theory.notes.append(
        f"In the pure equilibria exactly one suitor goes for the most-wanted ({game.n} of "
        f"them), for the suitors' group weight {model.config.suitors.group_weight:g}; the film's "
        "profile, nobody going, is not one: any suitor gains by going (Anderson and Engers "
        "2007, docs/games.md)."
    )
    return theory


def explanation_html(model: AlignmentModel | BarModel, theory: Theory) -> str:
    """The panel as HTML: the description, what to try, what to watch, theory beside now."""
    cfg = model.config
    parts = [f"<p>{escape(' '.join(cfg.description.split()))}</p>"]
    for title, items in (
        ("What to try", cfg.teaching.what_to_try),
        ("What to watch", cfg.teaching.what_to_watch),
    ):
        if items:
            parts.append(f"<h3>{title}</h3><ul>")
            parts += [f"<li>{escape(item)}</li>" for item in items]
            parts.append("</ul>")
    if theory.rows:
        parts.append("<h3>Theory beside the model</h3><table class='alignsim-theory'>")
        parts.append("<tr><th></th><th>theory</th><th>model</th></tr>")
        parts += [
            f"<tr><td>{escape(a)}</td><td>{escape(b)}</td><td>{escape(c)}</td></tr>"
            for a, b, c in theory.rows
        ]
        parts.append("</table>")
    parts += [f"<p class='alignsim-note'>{escape(note)}</p>" for note in theory.notes]
    return "".join(parts)
