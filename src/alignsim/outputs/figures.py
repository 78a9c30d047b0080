"""Which figures a run gets: a registry selected by what its scenario switches on.

Every figure of a leader or leaderless run is one :class:`RunFigure`: its file
name, the test of the scenario that asks for it, and the function that draws
it. A scenario never names its figures: leaders get payoffs, rates and trust;
``emergence`` adds the succession figure, changing ties the network figure,
``mentorship`` the mentoring figure, a leader who leads by example the team
return, one leader group of Smith and Nash followers the threshold a* beside
who contributes and the payoffs; a leaderless population gets the replicator comparison or, on a
lattice, the picture of the grid. A new mechanism's figure is one entry here.

:func:`story_figure` names the figure that tells a scenario's story (the
gallery shows it): the last one in registry order whose ``story`` test holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from alignsim.outputs import lattice_plots, plots, social_plots, threshold_plots
from alignsim.outputs.evolution import plot_evolution
from alignsim.scenario import Scenario

__all__ = ["FIGURES", "RunFigure", "figures_for", "plot_run", "story_figure"]


@dataclass(frozen=True)
class RunData:
    """What a figure may read: the time series, the final agents table and the scenario."""

    timeseries: pd.DataFrame
    agents: pd.DataFrame | None
    scenario: Scenario


@dataclass(frozen=True)
class RunFigure:
    """One figure: ``<name>.png``, drawn by ``draw`` when ``wanted(scenario)`` holds."""

    name: str
    wanted: Callable[[Scenario], bool]
    draw: Callable[[RunData, Path], None]
    story: Callable[[Scenario], bool] = lambda scenario: True


def _leaders(scenario: Scenario) -> bool:
    return bool(scenario.leaders)


def _leaderless(scenario: Scenario) -> bool:
    return not scenario.leaders and scenario.game.is_matrix


def _on_lattice(scenario: Scenario) -> bool:
    return _leaderless(scenario) and scenario.network.kind == "lattice"


def _ties_change(scenario: Scenario) -> bool:
    net = scenario.network
    changing = net.decay_rounds is not None or net.introduction_rate > 0
    return _leaders(scenario) and net.kind != "complete" and changing


def _smith_beside_nash(scenario: Scenario) -> bool:
    """One leader group in the linear game, Smith and Nash followers and nobody else.

    Then one threshold a* says who contributes: the nash scenario's story.
    """
    population = scenario.population
    smith = 1 - population.share_nash - population.share_conditional
    return (
        len(scenario.leaders) == 1
        and scenario.game.type == "linear_public_goods"
        and 0 < population.share_nash < 1
        and population.share_conditional == 0
        and smith > 0
    )


def _threshold(run: RunData, path: Path) -> None:
    if run.agents is None:
        raise ValueError("the threshold figure needs the agents table")
    threshold_plots.plot_threshold(run.timeseries, run.agents, run.scenario, path)


def _by_series(draw: Callable) -> Callable[[RunData, Path], None]:
    """Adapt a figure function of ``(timeseries, scenario, path)``."""
    return lambda run, path: draw(run.timeseries, run.scenario, path)


def _lattice(run: RunData, path: Path) -> None:
    if run.agents is None:
        raise ValueError("the lattice figure needs the agents table")
    lattice_plots.plot_lattice(run.timeseries, run.agents, run.scenario, path)


FIGURES: tuple[RunFigure, ...] = (
    RunFigure("payoffs", _leaders, _by_series(plots.plot_payoffs)),
    RunFigure(
        "rates",
        _leaders,
        _by_series(plots.plot_rates),
        story=lambda s: len(s.leaders) == 1,  # one group: contributing is the story
    ),
    RunFigure(
        "trust",
        _leaders,
        _by_series(plots.plot_trust),
        story=lambda s: len(s.leaders) > 1,  # groups that differ: whom followers trust
    ),
    RunFigure("threshold", _smith_beside_nash, _threshold),
    RunFigure(
        "team_return",
        lambda s: any(group.lead_by_example for group in s.leaders),
        _by_series(social_plots.plot_team_return),
    ),
    RunFigure("network", _ties_change, _by_series(social_plots.plot_network)),
    RunFigure(
        "mentorship",
        lambda s: _leaders(s) and s.mentorship.enabled,
        _by_series(social_plots.plot_mentorship),
    ),
    RunFigure(
        "succession",
        lambda s: _leaders(s) and s.emergence.enabled,
        _by_series(social_plots.plot_succession),
    ),
    RunFigure(
        "evolution",
        lambda s: _leaderless(s) and not _on_lattice(s),
        _by_series(plot_evolution),
    ),
    RunFigure("lattice", _on_lattice, _lattice),
)


def figures_for(scenario: Scenario) -> list[RunFigure]:
    """The figures a scenario asks for, in registry order."""
    return [figure for figure in FIGURES if figure.wanted(scenario)]


def story_figure(scenario: Scenario) -> str:
    """The name of the figure that shows what the scenario's description says to watch."""
    wanted = [f for f in figures_for(scenario) if f.story(scenario)]
    if not wanted:
        raise ValueError(f"scenario {scenario.name} asks for no figure")
    return wanted[-1].name


def plot_run(
    ts: pd.DataFrame, scenario: Scenario, folder: Path, agents: pd.DataFrame | None = None
) -> list[Path]:
    """Write every figure the scenario asks for into ``folder``; returns the files."""
    run, made = RunData(ts, agents, scenario), []
    for figure in figures_for(scenario):
        path = Path(folder) / f"{figure.name}.png"
        figure.draw(run, path)
        made.append(path)
    return made
