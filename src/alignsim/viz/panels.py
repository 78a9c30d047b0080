"""The page's main area: the picture with its legend, the explanation, the charts.

:func:`main_html` builds the three parts as HTML strings from a session (no
web library needed; tested directly); :func:`MainArea` shows them. Each part
is one HTML element whose content changes per frame, so a frame costs the
browser three replacements, whatever the number of agents.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import solara

from alignsim.viz.explain import explanation_html
from alignsim.viz.session import Session


@dataclass(frozen=True)
class MainHtml:
    """The main area's parts, as HTML."""

    picture: str
    explanation: str
    charts: str


def legend_html(entries: list[tuple[str, str]]) -> str:
    """A legend in words: a coloured key before each entry."""
    return "".join(
        f"<span><span class='key' style='background:{colour}'></span>{escape(words)}</span>"
        for colour, words in entries
    )


def picture_html(session: Session) -> str:
    """The agents' picture and its legend, as the session's page draws them."""
    page, model = session.page, session.model
    picture, legend = page.picture(model), page.legend(model)
    return f"{picture}<div class='alignsim-legend'>{legend_html(legend)}</div>"


def main_html(session: Session) -> MainHtml:
    """Everything the main area shows for the session's model now."""
    with session.lock:
        theory = session.page.theory(session.model)
        charts = session.page.charts(session, theory)
        return MainHtml(
            picture=picture_html(session),
            explanation=explanation_html(session.model, theory),
            charts="".join(f"<div>{chart}</div>" for chart in charts),
        )


@solara.component
def MainArea(session: Session, frame: solara.Reactive[int]) -> None:
    """The main area, redrawn whenever the ``frame`` counter changes."""
    parts = solara.use_memo(lambda: main_html(session), [session, frame.value])
    with solara.Div(classes=["alignsim-main"]):
        with solara.Div(classes=["alignsim-top"]):
            solara.HTML(tag="div", unsafe_innerHTML=parts.picture, classes=["alignsim-figure"])
            solara.HTML(tag="div", unsafe_innerHTML=parts.explanation, classes=["alignsim-explain"])
        solara.HTML(tag="div", unsafe_innerHTML=parts.charts, classes=["alignsim-charts"])
