"""What the classroom page shows for each kind of scenario: one declaration per page.

A :class:`KindPage` names, for one kind of scenario, the page's controls, how
a control value reaches the file and the running model, how a round is played
and remembered, the picture and its legend, the theory beside the model and
the live charts. :data:`PAGES` holds them by the kind's registry name
(:func:`alignsim.kinds.kind_of`); a kind with more than one page (leader teams,
and the population without leaders, a mode of the same kind) lists them in
the order they are asked, the last taking any scenario of its kind.
:func:`page_for` is the one lookup the page's modules make: adding a kind to
the page is one more entry here, not a branch in each module.
See docs/architecture.md, "Scenario kinds".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alignsim.kinds import kind_of
from alignsim.model.tuning import retune
from alignsim.viz.charts import bar_charts, leader_charts, leaderless_charts
from alignsim.viz.controls import (
    Param,
    as_given,
    bar_params,
    fit_lattice,
    leader_params,
    leaderless_params,
    retune_bar,
)
from alignsim.viz.explain import Theory, bar_theory, leader_theory, leaderless_theory
from alignsim.viz.pictures import (
    bar_legend,
    bar_picture,
    leader_legend,
    leader_picture,
    strategy_legend,
    strategy_picture,
)

if TYPE_CHECKING:
    from alignsim.viz.session import LeaderHistory, Session


def _always(scenario: Any) -> bool:
    return True


def _without_leaders(scenario: Any) -> bool:
    return not scenario.leaders


def _play(model: Any, history: LeaderHistory) -> None:
    model.step()


def _play_and_record_leaders(model: Any, history: LeaderHistory) -> None:
    """Play a round and note each leader's team and trust, and who stepped down."""
    before = model.state.slot_agent.copy()
    model.step()
    history.record(model, before)


@dataclass(frozen=True)
class KindPage:
    """The page of one kind of scenario.

    Attributes:
        name: the page's name (``leaders``, ``leaderless``, ``bar``).
        params: the sidebar's controls for a scenario, in order.
        fit: the ``--set`` overrides from the controls, adjusted so the file
            builds (``(path, file, values, overrides) -> overrides``).
        retune: changes a live setting of the running model (``ValueError`` if it cannot).
        play_round: plays one round and records what the page remembers of it.
        picture: the agents' picture, as HTML.
        legend: the picture's legend, ``(colour, words)`` entries.
        theory: the theory beside the running model.
        charts: the live charts of a session, given its theory.
        shows: whether this page shows a scenario of its kind (the last page of a kind: all).

    """

    name: str
    params: Callable[[Any], list[Param]]
    fit: Callable[[str | Path, Any, Mapping[str, Any], list[str]], list[str]]
    retune: Callable[[Any, str, Any], None]
    play_round: Callable[[Any, LeaderHistory], None]
    picture: Callable[[Any], str]
    legend: Callable[[Any], list[tuple[str, str]]]
    theory: Callable[[Any], Theory]
    charts: Callable[[Session, Theory], list[str]]
    shows: Callable[[Any], bool] = _always


LEADERLESS = KindPage(
    name="leaderless",
    params=leaderless_params,
    fit=fit_lattice,
    retune=retune,
    play_round=_play,
    picture=strategy_picture,
    legend=lambda model: strategy_legend(),
    theory=leaderless_theory,
    charts=leaderless_charts,
    shows=_without_leaders,
)
LEADERS = KindPage(
    name="leaders",
    params=leader_params,
    fit=fit_lattice,
    retune=retune,
    play_round=_play_and_record_leaders,
    picture=leader_picture,
    legend=leader_legend,
    theory=leader_theory,
    charts=leader_charts,
)
BAR = KindPage(
    name="bar",
    params=lambda scenario: bar_params(),
    fit=as_given,
    retune=retune_bar,
    play_round=_play,
    picture=bar_picture,
    legend=lambda model: bar_legend(),
    theory=bar_theory,
    charts=bar_charts,
)

PAGES: dict[str, tuple[KindPage, ...]] = {"teams": (LEADERLESS, LEADERS), "bar": (BAR,)}
"""The pages of each kind, by the kind's registry name, asked in order."""


def page_for(scenario: Any) -> KindPage:
    """The page that shows ``scenario``: the first of its kind's pages that shows it.

    Raises:
        KeyError: no page is declared for the scenario's kind.

    """
    name = kind_of(scenario).name
    if name not in PAGES:
        raise KeyError(f"the classroom page has no page for scenarios of kind {name!r}")
    return next(page for page in PAGES[name] if page.shows(scenario))


def theory_for(model: Any) -> Theory:
    """The theory that fits the running model."""
    return page_for(model.config).theory(model)


def charts_for(session: Session, theory: Theory) -> list[str]:
    """The charts of the session's kind of scenario."""
    return session.page.charts(session, theory)
