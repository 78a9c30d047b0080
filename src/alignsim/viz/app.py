"""The classroom page, on Solara: ``solara run alignsim.viz.app``, what ``alignsim viz`` serves.

The scenario comes from the environment variable ``ALIGNSIM_VIZ_SCENARIO`` (a
file or a built-in name; default ``nash``); the page's chooser offers every
built-in too. Each browser tab gets its own :class:`~alignsim.viz.session.Session`.

Why Solara directly and not Mesa's SolaraViz: SolaraViz redraws matplotlib
figures after every round, names its buttons with symbols, shows its own
controls ("Render Interval", "Use Threads") and cannot change a running
model's setting. Here the play loop runs in a thread that steps as many
rounds as the chosen speed asks and redraws light SVG once per frame, and a
live control changes the running model at once.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import solara

from alignsim.scenario import builtin_scenarios, resolve_path
from alignsim.viz.adapter import Param
from alignsim.viz.panels import MainArea
from alignsim.viz.session import Session
from alignsim.viz.style import CSS

SCENARIO_ENV = "ALIGNSIM_VIZ_SCENARIO"
DEFAULT_SPEED = 10
MAX_SPEED = 30
FRAME_S = 0.1  # the play loop redraws at most this often; rounds in between are batched


def scenario_path() -> str:
    """The scenario the page opens with, from ``ALIGNSIM_VIZ_SCENARIO`` (default: ``nash``)."""
    return os.environ.get(SCENARIO_ENV) or "nash"


def scenario_choices(first: str) -> dict[str, str]:
    """The chooser's entries, name to file: the opening scenario, then every built-in."""
    path = resolve_path(first)
    choices = {path.stem: str(path)}
    for name, file in builtin_scenarios().items():
        choices.setdefault(name, str(file))
    return choices


def play(session: Session, speed: solara.Reactive[int], redraw, stop: threading.Event) -> None:
    """Run rounds at ``speed`` rounds a second until ``stop`` is set, redrawing once per frame.

    Rounds are due on a clock: when a frame takes longer than a round, the
    next frame runs all the rounds that fell due meanwhile (at most one
    second's worth), so the page keeps the speed while drawing less often.
    """
    start, done = time.perf_counter(), 0
    while not stop.is_set():
        rate = max(int(speed.value), 1)
        due = int((time.perf_counter() - start) * rate) - done
        if due > rate:  # fell behind by more than a second: do not try to catch up
            start, done, due = time.perf_counter() - 1.0 / rate, 0, 1
        if due > 0:
            session.step(due)
            done += due
            redraw()
        next_round = start + (done + 1) / rate
        stop.wait(max(min(next_round - time.perf_counter(), FRAME_S), 0.0) or 0.001)


def _format(param: Param, value: Any) -> str:
    if param.kind == "select":
        return str(value).replace("_", " ")
    if param.kind == "int":
        return f"{int(value):,}"
    digits = 1 if param.step >= 0.1 else 2
    return f"{float(value):.{digits}f}"


@solara.component
def Control(param: Param, value: Any, built: Any, on_value) -> None:
    """One control: its name and value in words, then the slider or drop-down."""
    pending = (
        "" if param.live or value == built else " <span class='alignsim-pending'>(Reset)</span>"
    )
    with solara.Column(classes=["alignsim-control"], gap="0px"):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"{param.label}: <b>{_format(param, value)}</b>{pending}",
            classes=["alignsim-control-label"],
        )
        if param.kind == "select":
            solara.Select(
                label=param.label, values=list(param.values), value=value, on_value=on_value
            )
            return
        low, high = param.low, param.high
        low, high = min(low, value), max(high, value)
        slider = solara.SliderInt if param.kind == "int" else solara.SliderFloat
        slider(
            label=param.label,
            value=value,
            min=low,
            max=high,
            step=param.step,
            on_value=on_value,
            thumb_label=False,
        )


@solara.component
def RoundLabel(session: Session, frame: solara.Reactive[int]) -> None:
    """The text "Round N", redrawn with every frame."""
    _ = frame.value
    solara.HTML(tag="div", unsafe_innerHTML=f"Round {session.round}", classes=["alignsim-round"])


@solara.component
def Page() -> None:
    """The whole page for the scenario chosen; choosing another builds a fresh page."""
    choices = solara.use_memo(lambda: scenario_choices(scenario_path()), [])
    chosen, set_chosen = solara.use_state(next(iter(choices)))
    solara.Style(CSS)
    with solara.Div():
        Classroom(choices, chosen, set_chosen).key(chosen)


@solara.component
def Classroom(choices: dict[str, str], chosen: str, set_chosen) -> None:
    """Controls on the left; picture, explanation and charts on the right."""
    session = solara.use_memo(lambda: Session(choices[chosen]), [])
    params = solara.use_memo(session.params, [])
    values, set_values = solara.use_state({p.key: p.current(session.config) for p in params})
    built, set_built = solara.use_state(dict(values))
    playing, set_playing = solara.use_state(False)
    speed = solara.use_reactive(DEFAULT_SPEED)
    error, set_error = solara.use_state("")
    # Only the round and the main area read the frame counter: a new round redraws them alone.
    frame = solara.use_memo(lambda: solara.reactive(0), [])
    lock = solara.use_memo(threading.Lock, [])

    def redraw() -> None:
        with lock:
            frame.value += 1

    def loop(stop: threading.Event) -> None:
        if playing:
            try:
                play(session, speed, redraw, stop)
            except Exception as err:  # shown on the page: the loop has stopped
                set_error(f"playing stopped: {err}")
                set_playing(False)
                raise

    solara.use_thread(loop, dependencies=[playing, session], intrusive_cancel=False)

    def step() -> None:
        session.step(1)
        redraw()

    def reset() -> None:
        set_playing(False)
        try:
            session.rebuild(values)
        except ValueError as err:  # ScenarioError is one: a value the schema refuses
            set_error(str(err))
            return
        set_error("")
        set_built(dict(values))
        redraw()

    def change(param: Param, value: Any) -> None:
        set_values({**values, param.key: value})
        if param.live:
            try:
                session.retune(param.key, value)
                set_error("")
            except ValueError as err:
                set_error(str(err))
            set_built({**built, param.key: value})
            redraw()

    with solara.Div(classes=["alignsim-page"]):
        with solara.Div(classes=["alignsim-controls"]):
            solara.HTML(tag="div", unsafe_innerHTML="alignsim", classes=["alignsim-title"])
            Control(
                Param("scenario", "Scenario", "select", values=tuple(choices)),
                chosen,
                chosen,
                set_chosen,
            )
            RoundLabel(session, frame)
            with solara.Div(classes=["alignsim-buttons"]):
                if playing:
                    solara.Button("Pause", on_click=lambda: set_playing(False), color="primary")
                else:
                    solara.Button("Play", on_click=lambda: set_playing(True), color="primary")
                solara.Button("Step", on_click=step, disabled=playing)
                solara.Button("Reset", on_click=reset)
            Control(
                Param("speed", "Speed (rounds a second)", "int", 1, MAX_SPEED, 1),
                speed.value,
                speed.value,
                speed.set,
            )
            if error:
                solara.HTML(tag="div", unsafe_innerHTML=error, classes=["alignsim-error"])
            live = [p for p in params if p.live]
            if live:
                solara.HTML(tag="div", unsafe_innerHTML="Act at once", classes=["alignsim-group"])
                for p in live:
                    Control(p, values[p.key], built[p.key], lambda v, p=p: change(p, v))
            solara.HTML(tag="div", unsafe_innerHTML="Apply at Reset", classes=["alignsim-group"])
            solara.HTML(
                tag="div",
                unsafe_innerHTML="These shape the population: press Reset to rebuild it.",
                classes=["alignsim-hint"],
            )
            for p in params:
                if not p.live:
                    Control(p, values[p.key], built[p.key], lambda v, p=p: change(p, v))
        MainArea(session, frame)
