"""The classroom page: Mesa's SolaraViz over the model (optional extra ``viz``).

Importing this package needs nothing beyond alignsim's own requirements;
:mod:`alignsim.viz.app` and :mod:`alignsim.viz.components` need the extra.
"""

from __future__ import annotations

from importlib.util import find_spec

INSTALL_HINT = 'the page needs the viz extra: pip install "alignsim[viz]"'
REQUIRED_MODULES = ("solara", "solara_assets", "altair", "ipyvue", "ipyvuetify")


def missing_modules() -> list[str]:
    """The modules of the ``viz`` extra that are not installed."""
    return [name for name in REQUIRED_MODULES if find_spec(name) is None]
