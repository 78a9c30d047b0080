"""Line charts as SVG text: cheap enough to redraw many times a second, sharp on a projector.

A chart is a string of SVG that the browser draws; building one for a few
hundred rounds takes well under a millisecond, against tens of milliseconds
for a matplotlib PNG. Charts are designed at ``WIDTH`` x ``HEIGHT`` user
units with ``FONT`` px text and the page never shows them smaller than that
(see :mod:`alignsim.viz.style`), so text is at least ``FONT`` px on screen.
A value that does not exist in a round (NaN or None) leaves a gap, never a 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 460, 300
FONT = 17
SMALL_FONT = 16
LEFT, RIGHT, TOP = 72, 14, 12
LEGEND_ROW = 24
LEGEND_TOP = 12


@dataclass(frozen=True)
class Series:
    """One line: words for the legend, a colour, and one value per round (NaN: missing)."""

    label: str
    colour: str
    values: Sequence[float]
    dashed: bool = False


@dataclass(frozen=True)
class Mark:
    """A vertical mark at a round, e.g. a leader stepping down; ``label`` goes in the legend."""

    round: float
    label: str
    colour: str = "#6b6b6b"


@dataclass(frozen=True)
class Level:
    """A horizontal reference line, e.g. a theoretical value, with words for the legend."""

    value: float
    label: str
    colour: str = "#444444"


def nice_ticks(low: float, high: float, count: int = 4, integer: bool = False) -> list[float]:
    """About ``count`` round tick values covering ``[low, high]`` (1, 2, 2.5 or 5 times 10^k).

    With ``integer`` the step is a whole number (no 2.5), for counts such as rounds.
    """
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if math.isfinite(low) else []
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    factors = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * power for m in factors if m * power >= raw)
    if integer:
        step = max(step, 1)
    first = math.ceil(low / step - 1e-9) * step
    ticks, value = [], first
    while value <= high + 1e-9 * step:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _label(value: float) -> str:
    return f"{value:g}" if abs(value) >= 1e-9 else "0"


def _finite(values: Sequence[float]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


def y_range(series: Sequence[Series], levels: Sequence[Level], share: bool) -> tuple[float, float]:
    """The y axis range: 0..1 for shares, else the data and levels with a margin."""
    if share:
        return 0.0, 1.0
    found = [v for s in series for v in _finite(s.values)] + [lv.value for lv in levels]
    if not found:
        return 0.0, 1.0
    low, high = min(found), max(found)
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    pad = 0.08 * (high - low)
    return (0.0 if low >= 0 and low - pad < 0 else low - pad), high + pad


def line_chart(
    title: str,
    y_label: str,
    series: Sequence[Series],
    rounds: int,
    *,
    share: bool = False,
    marks: Sequence[Mark] = (),
    levels: Sequence[Level] = (),
    first_round: int = 1,
    y_limits: tuple[float, float] | None = None,
) -> str:
    """An SVG line chart of values by round, with its legend in words beneath it.

    Args:
        title: the chart's title, read as a sentence.
        y_label: what the y axis measures, in words.
        series: the lines; ``values[i]`` belongs to round ``first_round + i``.
        rounds: the last round so far (the x axis runs to at least 10).
        share: the values are shares (the y axis is fixed to 0..1).
        marks: vertical marks at rounds where something happened.
        levels: horizontal reference lines (theory).
        first_round: the round of each series' first value.
        y_limits: a fixed y axis range (default: from the data, or 0..1 for shares).

    Returns:
        An ``<svg>`` element whose legend rows follow the lines' order.

    """
    legend = [(s.label, s.colour, "dash" if s.dashed else "line") for s in series]
    legend += [(lv.label, lv.colour, "level") for lv in levels]
    seen: set[str] = set()
    for mark in marks:
        if mark.label not in seen:
            seen.add(mark.label)
            legend.append((mark.label, mark.colour, "mark"))
    plot_bottom = HEIGHT - 52
    height = HEIGHT + LEGEND_TOP + LEGEND_ROW * len(legend)
    x_max = max(rounds, 10)
    low, high = y_limits or y_range(series, levels, share)

    def x_at(r: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * r / x_max

    def y_at(v: float) -> float:
        return plot_bottom - (plot_bottom - TOP - 28) * (v - low) / (high - low)

    top = TOP + 28
    parts = [
        f'<svg class="alignsim-chart" viewBox="0 0 {WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'font-family="sans-serif" font-size="{FONT}">',
        f'<text x="{WIDTH / 2}" y="{TOP + 8}" text-anchor="middle" font-weight="bold">'
        f"{escape(title)}</text>",
    ]
    for tick in nice_ticks(low, high):
        y = y_at(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e3e3"/>'
            f'<text x="{LEFT - 6}" y="{y + 5:.1f}" text-anchor="end" font-size="{SMALL_FONT}">'
            f"{_label(tick)}</text>"
        )
    for tick in nice_ticks(0, x_max, integer=True):
        x = x_at(tick)
        parts.append(
            f'<text x="{x:.1f}" y="{plot_bottom + 20}" text-anchor="middle" '
            f'font-size="{SMALL_FONT}">{int(tick)}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{plot_bottom}" y2="{plot_bottom}" '
        f'stroke="#555"/><line x1="{LEFT}" x2="{LEFT}" y1="{top}" y2="{plot_bottom}" '
        f'stroke="#555"/>'
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{plot_bottom + 42}" text-anchor="middle">'
        f"round</text>"
        f'<text transform="translate(18 {(top + plot_bottom) / 2}) rotate(-90)" '
        f'text-anchor="middle" font-size="{SMALL_FONT}">{escape(y_label)}</text>'
    )
    for mark in marks:
        x = x_at(mark.round)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{plot_bottom}" '
            f'stroke="{mark.colour}" stroke-width="2" stroke-dasharray="2 4"/>'
        )
    for level in levels:
        y = y_at(level.value)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{level.colour}" stroke-width="2" stroke-dasharray="8 5"/>'
        )
    for s in series:
        dash = ' stroke-dasharray="9 5"' if s.dashed else ""
        for run in _runs(s.values):
            points = " ".join(f"{x_at(first_round + i):.1f},{y_at(v):.1f}" for i, v in run)
            if len(run) == 1:
                ((i, v),) = run
                parts.append(
                    f'<circle cx="{x_at(first_round + i):.1f}" cy="{y_at(v):.1f}" r="3" '
                    f'fill="{s.colour}"/>'
                )
            else:
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{s.colour}" '
                    f'stroke-width="3"{dash}/>'
                )
    for row, (label, colour, kind) in enumerate(legend):
        y = HEIGHT + LEGEND_TOP + LEGEND_ROW * row - 4
        parts.append(_legend_key(LEFT, y, colour, kind))
        parts.append(f'<text x="{LEFT + 40}" y="{y + 6}">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _legend_key(x: float, y: float, colour: str, kind: str) -> str:
    if kind == "mark":
        return (
            f'<line x1="{x + 14}" x2="{x + 14}" y1="{y - 9}" y2="{y + 9}" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="2 4"/>'
        )
    dash = {"dash": ' stroke-dasharray="9 5"', "level": ' stroke-dasharray="8 5"'}.get(kind, "")
    width = 2 if kind == "level" else 3
    return (
        f'<line x1="{x}" x2="{x + 30}" y1="{y}" y2="{y}" stroke="{colour}" '
        f'stroke-width="{width}"{dash}/>'
    )


def _runs(values: Sequence[float]) -> list[list[tuple[int, float]]]:
    """Stretches of consecutive finite values, as ``(index, value)`` pairs (gaps: missing)."""
    runs: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for i, v in enumerate(values):
        if v is not None and math.isfinite(float(v)):
            current.append((i, float(v)))
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs
