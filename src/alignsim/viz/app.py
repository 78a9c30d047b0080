"""The SolaraViz page: ``solara run alignsim.viz.app`` (what ``alignsim viz`` starts).

The scenario comes from the environment variable ``ALIGNSIM_VIZ_SCENARIO`` (a
file or a built-in name; default ``nash``), set by the ``alignsim viz`` command.
Each browser tab gets its own model.
"""

from __future__ import annotations

import os

import solara
from mesa.visualization import SolaraViz

from alignsim.viz.adapter import SCENARIO_PATH, VizModel, model_params
from alignsim.viz.components import main_components

SCENARIO_ENV = "ALIGNSIM_VIZ_SCENARIO"
PLAY_INTERVAL_MS = 150


def scenario_path() -> str:
    """The scenario the page shows, from ``ALIGNSIM_VIZ_SCENARIO`` (default: ``nash``)."""
    return os.environ.get(SCENARIO_ENV) or "nash"


@solara.component
def Page() -> None:
    """The whole page: Mesa's SolaraViz over a :class:`VizModel` of the scenario."""
    params = solara.use_memo(lambda: model_params(scenario_path()), [])
    model = solara.use_memo(lambda: VizModel(params[SCENARIO_PATH]), [])
    SolaraViz(
        model,
        components=main_components(model),
        model_params=params,
        name=f"alignsim: {model.config.name}",
        play_interval=PLAY_INTERVAL_MS,
    )
