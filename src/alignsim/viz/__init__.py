"""The classroom page: a Solara page over the model (optional extra ``viz``).

Importing this package needs nothing beyond alignsim's own requirements;
:mod:`alignsim.viz.app` and :mod:`alignsim.viz.panels` need the extra. The
rest (controls, session, pictures, charts, theory) imports no web library, so
other pages (the class-play server) can reuse it.
"""

from __future__ import annotations

from importlib.util import find_spec

INSTALL_HINT = 'the page needs the viz extra: pip install "alignsim[viz]"'
REQUIRED_MODULES = ("solara", "solara_assets", "ipyvue", "ipyvuetify")


def missing_modules() -> list[str]:
    """The modules of the ``viz`` extra that are not installed."""
    return [name for name in REQUIRED_MODULES if find_spec(name) is None]
