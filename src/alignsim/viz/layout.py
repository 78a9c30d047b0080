"""Where the agent view puts each agent: pure geometry on the model's arrays, no plotting.

Leaders sit on a circle (one leader: at the centre). Each follower sits in a
small cloud around the leader it follows, at an angle and distance fixed by
its index, so a follower who switches leaders jumps from one cloud to the
other and the eye can follow it. Followers who take the outside option sit on
an outer ring. With a social network, its edges are drawn between the
agents where they stand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from alignsim.model.state import PopulationState

# The R2 low-discrepancy sequence: per-agent points that fill a disc evenly, whatever the team.
R2_ALPHA = (0.7548776662466927, 0.5698402909980532)
LEADER_RING = 1.0
OUTSIDE_RING = 1.75
MAX_EDGE_AGENTS = 1000


@dataclass(frozen=True)
class AgentLayout:
    """Positions and ties of every agent for one drawing.

    Attributes:
        xy: position of every agent, shape ``(n_agents, 2)``.
        ties: segments from each follower in a team to its leader, shape ``(n, 2, 2)``.
        leader: mask of the agents who lead.
        members: the followers in a team, in the order of ``ties``.
        edges: segments of the social network, shape ``(m, 2, 2)``; none when well mixed
            or when the population has more than ``MAX_EDGE_AGENTS`` agents.

    """

    xy: NDArray[np.float64]
    ties: NDArray[np.float64]
    leader: NDArray[np.bool_]
    members: NDArray[np.int64]
    edges: NDArray[np.float64]


def leader_positions(n_leaders: int) -> NDArray[np.float64]:
    """Leaders evenly on a circle of radius ``LEADER_RING``; a lone leader at the centre."""
    if n_leaders <= 1:
        return np.zeros((n_leaders, 2))
    angle = np.pi / 2 - 2 * np.pi * np.arange(n_leaders) / n_leaders
    return LEADER_RING * np.column_stack([np.cos(angle), np.sin(angle)])


def cloud_radius(n_leaders: int) -> float:
    """Radius of the cloud of followers around a leader, so clouds do not overlap."""
    if n_leaders <= 1:
        return 0.9 * LEADER_RING
    return min(0.9 * LEADER_RING, 0.9 * LEADER_RING * np.sin(np.pi / n_leaders))


def layout(state: PopulationState, grid_width: int | None = None) -> AgentLayout:
    """Place every agent of ``state`` and draw a tie from each team member to its leader.

    Args:
        state: the population.
        grid_width: the lattice's width when the network is a lattice. Without
            leaders, agents then sit where they are on the lattice; otherwise
            (no leaders, no lattice) they fill a disc.

    """
    n = state.n_agents
    index = np.arange(n)
    # A fixed angle and distance per agent, evenly spread over any subset of agents.
    angle = 2.0 * np.pi * ((0.5 + index * R2_ALPHA[0]) % 1.0)
    spread = np.sqrt(0.12 + 0.88 * ((0.5 + index * R2_ALPHA[1]) % 1.0))
    unit = np.column_stack([np.cos(angle), np.sin(angle)])

    centres = leader_positions(state.n_leaders)
    if state.n_leaders == 0:
        xy = _grid(n, grid_width) if grid_width else OUTSIDE_RING * spread[:, None] * unit
    else:
        xy = OUTSIDE_RING * unit * (1.0 + 0.08 * (spread - 0.5))[:, None]
    slot = state.leader_of
    in_team = (slot >= 0) & ~state.is_leader
    radius = cloud_radius(state.n_leaders)
    xy[in_team] = centres[slot[in_team]] + radius * spread[in_team, None] * unit[in_team]
    xy[state.slot_agent] = centres
    ties = np.stack([xy[in_team], centres[slot[in_team]]], axis=1)
    edges = np.zeros((0, 2, 2))
    if state.adjacency is not None and n <= MAX_EDGE_AGENTS:
        upper = sparse.triu(state.adjacency, k=1).tocoo()
        edges = np.stack([xy[upper.row], xy[upper.col]], axis=1)
    return AgentLayout(
        xy=xy,
        ties=ties,
        leader=state.is_leader.copy(),
        members=np.flatnonzero(in_team),
        edges=edges,
    )


def _grid(n_agents: int, width: int) -> NDArray[np.float64]:
    """Agents at their lattice cells (row-major, as the lattice numbers them), within the ring."""
    index = np.arange(n_agents)
    rows = max(-(-n_agents // width), 1)
    cell = 2.0 * OUTSIDE_RING / max(width, rows)
    x = (index % width - (width - 1) / 2) * cell
    y = ((rows - 1) / 2 - index // width) * cell
    return np.column_stack([x, y])


def marker_sizes(
    wealth: NDArray[np.float64], smallest: float = 12.0, largest: float = 120.0
) -> NDArray[np.float64]:
    """Marker areas growing with wealth, from ``smallest`` (poorest) to ``largest`` (richest)."""
    low, high = float(np.min(wealth, initial=0.0)), float(np.max(wealth, initial=0.0))
    if high <= low:
        return np.full(wealth.shape, (smallest + largest) / 2)
    return smallest + (largest - smallest) * (wealth - low) / (high - low)


# Nowak and May's four classes of an agent without leaders, this round against the last.
KEPT_COOPERATOR, NEW_COOPERATOR, KEPT_DEFECTOR, NEW_DEFECTOR = range(4)


def strategy_classes(state: PopulationState, first_round: bool = False) -> NDArray[np.int8]:
    """Each agent's strategy now against the one it played in the round just gone.

    Now is ``state.strategy`` (what the agent plays next round); the round just
    gone is ``state.contributed``. Before the first round every agent keeps its
    strategy. The classes are ``KEPT_COOPERATOR``, ``NEW_COOPERATOR`` (was a
    defector), ``KEPT_DEFECTOR`` and ``NEW_DEFECTOR`` (was a cooperator).

    Raises:
        ValueError: the population has leaders (and so no strategies).

    """
    now = state.strategy
    if now is None:
        raise ValueError("only populations without leaders have strategies")
    before = now if first_round else state.contributed
    return (2 * ~now + (now != before)).astype(np.int8)
