"""The page's pictures of the agents, as SVG text or a PNG: leaders and teams, a lattice, the bar.

Each function reads a model's arrays and returns a string of HTML the browser
draws; none needs a web library, so each is tested without the ``viz`` extra.
Words on the pictures are at least 16 px at the smallest size the page shows
them (their ``viewBox`` width, the pictures' ``min-width``).
"""

from __future__ import annotations

import base64
import struct
import zlib
from html import escape

import numpy as np
from numpy.typing import NDArray

from alignsim.model import CONDITIONAL, NASH, AlignmentModel
from alignsim.model.bar import BarModel
from alignsim.outputs.plots import COLOURS
from alignsim.viz.layout import OUTSIDE_RING, cloud_radius, layout, strategy_classes

AGENTS_SIZE = 520
FONT = 18
MAX_SHOWN = 2000
MAX_LABELLED = 8  # leaders labelled on the picture; more would overlap
MAX_TIES = 500  # above this many team members the clouds show the teams; lines would only blur
EXTENT = 2.45  # half the drawn square, in layout units: room for the leaders' labels
ORIENTATION_COLOURS = {NASH: COLOURS["nash"], CONDITIONAL: "#7570b3"}
MENTOR_COLOUR = "#b8860b"
# Nowak and May's colours, by strategy class (alignsim.viz.layout.strategy_classes).
CLASS_COLOURS = ("#1f3fd1", "#21a336", "#d62020", "#f2d20c")
CLASS_LABELS = (
    "cooperator (as last round)",
    "new cooperator",
    "defector (as last round)",
    "new defector",
)
CLASS_RGB = np.array(
    [[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in CLASS_COLOURS], dtype=np.uint8
)


def _svg_open(width: float, height: float, label: str) -> str:
    return (
        f'<svg class="alignsim-picture" viewBox="0 0 {width} {height}" '
        f'style="min-width:{width}px" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(label)}" font-family="sans-serif" font-size="{FONT}">'
    )


def _halo_text(x: float, y: float, text: str, anchor: str = "middle", bold: bool = True) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{weight} stroke="white" '
        f'stroke-width="5" paint-order="stroke" stroke-linejoin="round">{escape(text)}</text>'
    )


def shown_followers(follower: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The followers drawn: all of them, or about ``MAX_SHOWN`` of a larger crowd.

    The sample is fixed by agent index and spread evenly (no stripes on a lattice).
    """
    count = int(follower.sum())
    if count <= MAX_SHOWN:
        return follower.copy()
    # Knuth's multiplicative hash: a fixed, patternless draw per agent index.
    draw = (np.arange(follower.size, dtype=np.uint64) * np.uint64(2654435761)) % np.uint64(2**32)
    return follower & (draw / 2**32 < MAX_SHOWN / count)


def _star(x: float, y: float, r: float) -> str:
    angles = np.pi / 2 + np.arange(10) * np.pi / 5
    radii = np.where(np.arange(10) % 2 == 0, r, 0.45 * r)
    return " ".join(
        f"{x + rr * np.cos(a):.1f},{y - rr * np.sin(a):.1f}"
        for a, rr in zip(angles, radii, strict=True)
    )


def _segments(points: NDArray, colour: str, width: float, extra: str = "") -> str:
    """Many line segments as one SVG path (one element: cheap for the browser to redraw)."""
    if not len(points):
        return ""
    flat = np.round(np.asarray(points, dtype=float).reshape(-1, 4), 1).tolist()
    d = "".join(map("M{:g} {:g}L{:g} {:g}".format, *zip(*flat, strict=True)))
    return f'<path d="{d}" stroke="{colour}" stroke-width="{width}" fill="none"{extra}/>'


def _dots(centres: NDArray, radii: NDArray) -> str:
    """Circles as one SVG path (two arcs each): one element per colour, not one per agent.

    A thousand ``<circle>`` elements cost the browser far more to replace each
    frame than one path with a thousand sub-paths.
    """
    rows = np.round(np.column_stack([centres, radii, 2 * radii]), 1).tolist()
    return "".join(
        f"M{x:g} {y:g}m-{r:g} 0a{r:g} {r:g} 0 1 0 {d:g} 0a{r:g} {r:g} 0 1 0 -{d:g} 0"
        for x, y, r, d in rows
    )


def leader_picture(model: AlignmentModel) -> str:
    """Leaders (stars) and their teams; followers coloured by orientation, sized by wealth.

    A follower sits in the cloud of the leader it followed last round, tied to
    it by a grey line (up to ``MAX_TIES`` team members), or on the outer ring
    when it kept its endowment. The
    network's ties are drawn faintly (up to 1,000 agents), mentorships as gold
    dashed lines. Each leader is labelled, outside its cloud, with its group
    and its team's size (up to ``MAX_LABELLED`` leaders). Above ``MAX_SHOWN``
    followers a fixed sample is drawn.
    """
    s, cfg = model.state, model.config
    grid_width = cfg.lattice_width if cfg.network.kind == "lattice" else None
    where = layout(s, grid_width)
    scale = AGENTS_SIZE / (2 * EXTENT)
    xy = np.column_stack([(where.xy[:, 0] + EXTENT) * scale, (EXTENT - where.xy[:, 1]) * scale])
    shown = shown_followers(~where.leader)
    parts = [_svg_open(AGENTS_SIZE, AGENTS_SIZE, f"Agents after round {model.steps}")]
    parts.append(
        f'<circle cx="{AGENTS_SIZE / 2}" cy="{AGENTS_SIZE / 2}" r="{OUTSIDE_RING * scale:.1f}" '
        f'fill="none" stroke="#dddddd" stroke-dasharray="4 6"/>'
    )
    if len(where.edges):
        edges = (where.edges * [1, -1] + [EXTENT, EXTENT]) * scale
        parts.append(_segments(edges, "#b9b9e0", 0.6, ' opacity="0.5"'))
    members = where.members[shown[where.members]]
    centres = xy[s.slot_agent]
    if members.size <= MAX_TIES:
        ties = np.stack([xy[members], centres[s.leader_of[members]]], axis=1)
        parts.append(_segments(ties, "#a0a0a0", 0.8, ' opacity="0.7"'))
    if s.mentor is not None and (mentees := np.flatnonzero(s.mentor >= 0)).size:
        links = np.stack([xy[mentees], centres[s.mentor[mentees]]], axis=1)
        parts.append(_segments(links, MENTOR_COLOUR, 2.0, ' stroke-dasharray="5 4"'))
    index = np.flatnonzero(shown)
    wealth = s.wealth[index]
    crowd = min(1.0, (300.0 / max(index.size, 1)) ** 0.5)
    low, high = float(wealth.min(initial=0.0)), float(wealth.max(initial=0.0))
    relative = (wealth - low) / (high - low) if high > low else np.full(index.size, 0.5)
    radius = (2.5 + 5.0 * relative) * crowd + 1.0
    for kind in np.unique(s.orientation[index]):
        pick = s.orientation[index] == kind
        colour = ORIENTATION_COLOURS.get(int(kind), COLOURS["smith"])
        parts.append(
            f'<path class="dots" d="{_dots(xy[index[pick]], radius[pick])}" fill="{colour}" '
            f'stroke="white" stroke-width="0.5"/>'
        )
    team = np.bincount(s.leader_of[where.members], minlength=s.n_leaders)
    ring = cloud_radius(s.n_leaders) + 0.2
    star = 16 if s.n_leaders <= MAX_LABELLED else 9
    for slot, agent in enumerate(s.slot_agent):
        x, y = xy[agent]
        parts.append(
            f'<polygon points="{_star(x, y, star)}" fill="{COLOURS["leader"]}" stroke="black"/>'
        )
        if s.n_leaders > MAX_LABELLED:
            continue  # labels would crowd one another; the legend says where the sizes are
        lx, ly = where.xy[agent]
        norm = float(np.hypot(lx, ly))
        ux, uy = (lx / norm, ly / norm) if norm > 1e-9 else (0.0, 1.0)
        tx, ty = (lx + ring * ux + EXTENT) * scale, (EXTENT - ly - ring * uy) * scale
        label = f"{model.leader_labels[s.leader_group[slot]]} {slot + 1}: {team[slot]}"
        half = 0.33 * FONT * len(label) + 4  # half the label's width, bold, with a margin
        tx = min(max(tx, half), AGENTS_SIZE - half)
        ty = min(max(ty + (FONT / 2 if uy < -0.5 else 0), FONT + 2), AGENTS_SIZE - 6)
        parts.append(_halo_text(tx, ty, label))
    parts.append("</svg>")
    return "".join(parts)


def leader_legend(model: AlignmentModel) -> list[tuple[str, str]]:
    """The agent picture's legend: (colour, words) pairs, only for what the picture shows."""
    s = model.state
    present = set(np.unique(s.orientation[~s.is_leader]).tolist())
    words = {NASH: "Nash-style follower", CONDITIONAL: "conditional cooperator"}
    labelled = s.n_leaders <= MAX_LABELLED
    found = [(COLOURS["leader"], "leader, with its team's size" if labelled else "leader")]
    for kind in sorted(present):
        found.append(
            (
                ORIENTATION_COLOURS.get(kind, COLOURS["smith"]),
                words.get(kind, "Smith-style follower"),
            )
        )
    if int((s.leader_of[~s.is_leader] >= 0).sum()) <= MAX_TIES:
        found.append(("#a0a0a0", "line: follows that leader"))
    if s.mentor is not None and model.config.mentorship.enabled:
        found.append((MENTOR_COLOUR, "gold dashes: mentored by that leader"))
    if s.adjacency is not None and s.n_agents <= 1000:
        found.append(("#b9b9e0", "faint lines: ties in the network"))
    found.append(("#dddddd", "outer ring: keeps its endowment"))
    return found


def png_rgb(pixels: NDArray[np.uint8]) -> bytes:
    """A PNG file of an ``(height, width, 3)`` RGB image (no filters; zlib level 1: fast)."""
    height, width, _ = pixels.shape
    rows = np.concatenate([np.zeros((height, 1), np.uint8), pixels.reshape(height, -1)], axis=1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
        + chunk(b"IEND", b"")
    )


def strategy_picture(model: AlignmentModel) -> str:
    """Without leaders: each agent's strategy in Nowak and May's four colours.

    On a lattice, one pixel per cell, scaled up without smoothing; otherwise
    one bar split into the shares of the four classes, each share written on it.
    """
    s, cfg = model.state, model.config
    classes = strategy_classes(s, first_round=model.steps == 0)
    label = f"Strategies after round {model.steps}"
    if cfg.network.kind == "lattice":
        width = cfg.lattice_width
        data = base64.b64encode(png_rgb(CLASS_RGB[classes.reshape(-1, width)])).decode()
        return (
            f'<img class="alignsim-picture alignsim-lattice" alt="{label}" '
            f'src="data:image/png;base64,{data}" style="min-width:{AGENTS_SIZE}px"/>'
        )
    shares = np.bincount(classes, minlength=4) / max(classes.size, 1)
    width, height, left = AGENTS_SIZE, 200, 10.0
    parts = [_svg_open(width, height, label)]
    for share, colour in zip(shares, CLASS_COLOURS, strict=True):
        span = share * (width - 20)
        parts.append(
            f'<rect x="{left:.1f}" y="50" width="{span:.1f}" height="80" fill="{colour}"/>'
        )
        if share >= 0.08:
            parts.append(_halo_text(left + span / 2, 98, f"{share:.0%}"))
        left += span
    parts.append(_halo_text(width / 2, 30, "share of agents, well mixed", bold=False))
    parts.append("</svg>")
    return "".join(parts)


def strategy_legend() -> list[tuple[str, str]]:
    """The strategy picture's legend: Nowak and May's four classes."""
    return list(zip(CLASS_COLOURS, CLASS_LABELS, strict=True))


def bar_picture(model: BarModel) -> str:
    """The bar scene: suitors on the left, her friends in the middle, the most-wanted on the right.

    A line joins each suitor to the one it goes for: gold to the most-wanted,
    grey to a friend. Two or more at the most-wanted all get nothing, and
    their lines turn red. Each suitor's payoff this round is written beside it.
    """
    game = model.config.game
    n = int(model.going.size)
    going = model.going
    crowd = int(going.sum()) >= 2
    row = 46
    top = 80
    width, height = AGENTS_SIZE, top + row * n + 10
    suitor_x, friend_x, star_x = 125, 330, 450
    star_y = top + row * (n - 1) / 2
    parts = [_svg_open(width, height, f"The bar after round {model.steps}")]
    for i in range(n):
        y = top + row * i
        if going[i]:
            colour = "#d62020" if crowd else "#c89b00"
            parts.append(
                f'<line x1="{suitor_x + 16}" y1="{y}" x2="{star_x - 24}" y2="{star_y:.1f}" '
                f'stroke="{colour}" stroke-width="4"/>'
            )
        else:
            parts.append(
                f'<line x1="{suitor_x + 16}" y1="{y}" x2="{friend_x - 12}" y2="{y}" '
                f'stroke="#9a9a9a" stroke-width="2"/>'
            )
        parts.append(f'<circle cx="{friend_x}" cy="{y}" r="11" fill="#9a9a9a"/>')
        parts.append(f'<circle cx="{suitor_x}" cy="{y}" r="15" fill="#1f78b4"/>')
        parts.append(
            f'<text x="{suitor_x}" y="{y + 6}" text-anchor="middle" fill="white" '
            f'font-weight="bold">{i + 1}</text>'
        )
        parts.append(
            _halo_text(suitor_x - 24, y + 6, f"gets {model.payoff[i]:g}", anchor="end", bold=False)
        )
    parts.append(f'<polygon points="{_star(star_x, star_y, 24)}" fill="#f2c200" stroke="black"/>')
    parts.append(_halo_text(star_x, star_y + 48, "most-wanted", anchor="middle"))
    parts.append(_halo_text(star_x, star_y + 70, f"worth {game.a:g}", bold=False))
    parts.append(_halo_text(suitor_x - 40, top - 40, "suitors"))
    parts.append(_halo_text(friend_x, top - 40, f"her friends, {game.b:g} each"))
    parts.append("</svg>")
    return "".join(parts)


def bar_legend() -> list[tuple[str, str]]:
    """The bar picture's legend."""
    return [
        ("#1f78b4", "suitor, with what it gets this round"),
        ("#c89b00", "goes for the most-wanted, alone"),
        ("#d62020", "goes for her with others: all get nothing"),
        ("#9a9a9a", "goes for one of her friends"),
    ]
