"""Play it with the class: students on phones play beside Smith and Nash agents (``class`` extra).

``alignsim class`` serves two pages from the teacher's machine: the students'
join page and the projector page. Students take followers' (or leaders')
places in the scenario's model; the simulated agents fill the rest
(:mod:`alignsim.classroom.session`). Importing this package needs nothing
beyond alignsim's own requirements; :mod:`alignsim.classroom.app` needs the extra.
"""

from __future__ import annotations

from importlib.util import find_spec

INSTALL_HINT = 'the class session needs the class extra: pip install "alignsim[class]"'
REQUIRED_MODULES = ("starlette", "uvicorn", "websockets", "segno")


def missing_modules() -> list[str]:
    """The modules of the ``class`` extra that are not installed."""
    return [name for name in REQUIRED_MODULES if find_spec(name) is None]
