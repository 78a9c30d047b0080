"""Ties that change: hearing, introductions, tie decay, word of mouth, reputation, clustering.

The network is kept two ways. :class:`Ties` is the list of undirected edges
(a sorted array of keys ``u * n + v`` with ``u < v``, and the round each tie was
last used); the CSR adjacency that the round reads is rebuilt from it when
edges change. Every function here is array-in, array-out: no loop over agents.

Introductions close triangles: a follower introduces one of its neighbours to
the leader it follows, the triadic closure of growing social networks
[JinGirvanNewman2001]_ [KossinetsWatts2006]_. Ties that go unused decay, but
strong ties, those with high trust across them, hold with little contact
[Granovetter1973]_. Word of mouth is DeGroot averaging [DeGroot1974]_ of
trust over the neighbours. A follower's reputation is an image score
[NowakSigmund1998]_: the running record of whether it contributed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse


@dataclass
class Ties:
    """The undirected edges of a network over ``n`` agents, with when each was last used.

    Attributes:
        n: number of agents.
        key: sorted ``u * n + v`` for each edge, ``u < v``.
        last_used: the round each edge was last used (or made).

    """

    n: int
    key: NDArray[np.int64]
    last_used: NDArray[np.int64]

    @classmethod
    def from_adjacency(cls, adjacency: sparse.csr_matrix, step: int = 0) -> Ties:
        """The edges of a symmetric adjacency, all counted as used at ``step``."""
        upper = sparse.triu(adjacency, k=1).tocoo()
        n = adjacency.shape[0]
        key = np.unique(upper.row.astype(np.int64) * n + upper.col.astype(np.int64))
        return cls(n, key, np.full(key.size, step, dtype=np.int64))

    @property
    def u(self) -> NDArray[np.int64]:
        """Lower end of each edge."""
        return self.key // self.n

    @property
    def v(self) -> NDArray[np.int64]:
        """Higher end of each edge."""
        return self.key % self.n

    @property
    def size(self) -> int:
        """Number of edges."""
        return self.key.size

    def adjacency(self) -> sparse.csr_matrix:
        """The symmetric 0/1 CSR adjacency of the current edges."""
        # keys are sorted, so the upper triangle is already in CSR order
        indptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.u, minlength=self.n), out=indptr[1:])
        upper = sparse.csr_matrix((np.ones(self.size), self.v, indptr), shape=(self.n, self.n))
        return (upper + upper.T).tocsr()

    def add(self, a: NDArray, b: NDArray, step: int) -> int:
        """Add edges ``a[k] - b[k]`` that are new and not loops; returns how many were added."""
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        keep = a != b
        low, high = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
        new = np.unique(low * self.n + high)
        new = new[~np.isin(new, self.key, assume_unique=True)]
        if new.size:
            at = np.searchsorted(self.key, new)
            self.key = np.insert(self.key, at, new)
            self.last_used = np.insert(self.last_used, at, step)
        return int(new.size)

    def drop(self, remove: NDArray[np.bool_]) -> int:
        """Remove the edges where ``remove`` is true; returns how many were removed."""
        self.key, self.last_used = self.key[~remove], self.last_used[~remove]
        return int(remove.sum())


def hearing(
    adjacency: sparse.csr_matrix, slot_agent: NDArray[np.int64], radius: int
) -> NDArray[np.bool_]:
    """Which leader slots each agent hears: those within ``radius`` steps, as ``(n, L)``.

    A breadth-first search out of the leaders' columns only, so its cost is
    ``radius x nnz x L`` rather than that of the full ``radius``-th power of the
    adjacency. Agents do not hear themselves. The adjacency is symmetric, so
    the leaders' columns are read as (cheap) CSR rows.
    """
    reach = adjacency[slot_agent].T.tocsr().astype(bool)
    frontier = reach
    for _ in range(radius - 1):
        frontier = (adjacency @ frontier).astype(bool)
        reach = (reach + frontier).astype(bool)
    hears = reach.toarray()
    hears[slot_agent, np.arange(slot_agent.size)] = False
    return hears


def slot_of_agents(n_agents: int, slot_agent: NDArray[np.int64]) -> NDArray[np.int64]:
    """Per agent, the leader slot it holds, or -1."""
    slot = np.full(n_agents, -1, dtype=np.int64)
    slot[slot_agent] = np.arange(slot_agent.size)
    return slot


def introductions(
    adjacency: sparse.csr_matrix,
    leader_of: NDArray[np.int64],
    slot_agent: NDArray[np.int64],
    rate: float,
    rng: np.random.Generator,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Who is introduced to whom this round.

    Each agent in a team introduces, with probability ``rate``, one neighbour
    drawn uniformly to the leader it follows.

    Returns:
        ``(neighbour, leader_agent)`` pairs: the candidate new edges (some may
        exist already; :meth:`Ties.add` skips them).

    """
    degree = np.diff(adjacency.indptr)
    asks = (leader_of >= 0) & (degree > 0) & (rng.random(leader_of.size) < rate)
    introducer = np.flatnonzero(asks)
    offset = (rng.random(introducer.size) * degree[introducer]).astype(np.int64)
    neighbour = adjacency.indices[adjacency.indptr[introducer] + offset].astype(np.int64)
    return neighbour, slot_agent[leader_of[introducer]]


def ties_used(
    u: NDArray[np.int64],
    v: NDArray[np.int64],
    leader_of: NDArray[np.int64],
    slot_of: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """Whether each tie was used this round: one end followed the other, or both one leader."""
    same_team = (leader_of[u] >= 0) & (leader_of[u] == leader_of[v])
    u_follows_v = (slot_of[v] >= 0) & (leader_of[u] == slot_of[v])
    v_follows_u = (slot_of[u] >= 0) & (leader_of[v] == slot_of[u])
    return same_team | u_follows_v | v_follows_u


def tie_trust(
    u: NDArray[np.int64],
    v: NDArray[np.int64],
    trust: NDArray,
    reputation: NDArray,
    slot_of: NDArray[np.int64],
) -> NDArray:
    """Trust across each tie: the lower of the two ends' trust in each other.

    An agent's trust in a leader is its entry of ``trust``; its trust in
    someone who does not lead is that agent's ``reputation`` (the public record
    everybody sees).
    """

    def trust_in(a: NDArray, b: NDArray) -> NDArray:
        slot = slot_of[b]
        out = reputation[b].astype(float)
        leads = slot >= 0
        out[leads] = trust[a[leads], slot[leads]]
        return out

    return np.minimum(trust_in(u, v), trust_in(v, u))


def decaying(
    last_used: NDArray[np.int64],
    strength: NDArray,
    step: int,
    decay_rounds: int,
    strong: float,
    probability: float,
    rng: np.random.Generator,
) -> NDArray[np.bool_]:
    """Which ties are dropped: unused for ``decay_rounds`` or more, not strong, and unlucky.

    A tie whose trust exceeds ``strong`` never decays (the inner network); any
    other tie last used ``decay_rounds`` or more rounds ago is dropped with
    ``probability`` each round.
    """
    overdue = np.flatnonzero((step - last_used >= decay_rounds) & (strength <= strong))
    drop = np.zeros(last_used.size, dtype=bool)
    drop[overdue[rng.random(overdue.size) < probability]] = True
    return drop


def word_of_mouth(
    trust: NDArray,
    adjacency: sparse.csr_matrix | None,
    speaks: NDArray[np.bool_],
    rate: float,
) -> NDArray:
    """Trust mixed with the neighbours' mean trust: ``(1 - rate) T + rate D^-1 A_s T_s``.

    ``A_s`` keeps the columns of the agents who speak (the followers) and ``D``
    counts them, so row ``i`` of ``D^-1 A_s T_s`` is the mean trust of ``i``'s
    speaking neighbours in each leader [DeGroot1974]_. With ``adjacency`` None
    (well mixed) everyone else is a neighbour. Rows with no speaking neighbour
    are unchanged.
    """
    said = trust * speaks[:, None]
    if adjacency is None:
        count = speaks.sum() - speaks.astype(float)
        total = said.sum(axis=0)[None, :] - said
    else:
        count = adjacency @ speaks.astype(float)
        total = adjacency @ said
    heard = count > 0
    total /= np.where(heard, count, 1.0)[:, None]  # now the neighbours' mean
    total -= trust
    total *= (rate * heard)[:, None]
    return trust + total


def update_reputation(
    reputation: NDArray,
    members: NDArray[np.int64],
    contributed: NDArray[np.bool_],
    rate: float,
) -> NDArray:
    """Image scores: each team member's reputation moves toward 1 if it contributed, else 0."""
    out = reputation.copy()
    out[members] += rate * (contributed.astype(float) - out[members])
    return out


def leader_reputation(
    trust: NDArray,
    is_leader: NDArray[np.bool_],
    hears: NDArray[np.bool_] | None,
    follower_sums: NDArray | None = None,
    replicates: int = 1,
) -> NDArray:
    """A leader's reputation: the mean trust in it among the followers who hear it.

    Sums over all agents less the (few) leaders' rows, so the ``(n, L)``
    trust matrix is never copied; ``follower_sums`` (followers' trust summed
    per leader) saves that pass when everyone hears everyone. Replicates side
    by side (:mod:`alignsim.model.replicates`) come with their ``follower_sums``,
    one per slot of every replicate, and are well mixed.
    """
    leaders = np.flatnonzero(is_leader)
    if replicates > 1:
        if hears is not None or follower_sums is None:
            raise ValueError("replicates side by side are well mixed and give their trust sums")
        followers = (is_leader.size - leaders.size) // replicates
        return follower_sums / float(followers) if followers else np.zeros(follower_sums.size)
    if hears is None:
        count = np.full(trust.shape[1], float(is_leader.size - leaders.size))
        if follower_sums is None:
            follower_sums = trust.sum(axis=0) - trust[leaders].sum(axis=0)
        total = follower_sums
    else:
        count = np.count_nonzero(hears, axis=0) - np.count_nonzero(hears[leaders], axis=0)
        total = np.einsum("ij,ij->j", trust, hears) - (trust[leaders] * hears[leaders]).sum(0)
    return np.divide(total, count, out=np.zeros(trust.shape[1]), where=count > 0)


def average_clustering(adjacency: sparse.csr_matrix) -> float:
    """Mean local clustering coefficient [WattsStrogatz1998]_, exactly, from sparse products.

    ``C_i = t_i / (d_i (d_i - 1) / 2)`` with ``t_i`` the triangles through
    ``i``; agents with fewer than two neighbours count as 0, as in networkx.
    Triangles are counted on the graph oriented from lower to higher degree
    [ChibaNishizeki1985]_, so that hubs (leaders everyone has been introduced
    to) add little work: with ``D`` the oriented adjacency, each triangle
    ``x -> y -> z``, ``x -> z`` appears once in ``(D @ D) * D`` (at ``(x, z)``)
    and once in ``(D^T @ D) * D`` (at ``(y, z)``); row and column sums of the
    first credit ``x`` and ``z``, row sums of the second ``y``.
    """
    a = adjacency.tocsr()
    n = a.shape[0]
    degree = np.diff(a.indptr).astype(float)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), degree))] = np.arange(n)
    upper = sparse.triu(a, k=1).tocoo()
    forward = rank[upper.row] < rank[upper.col]
    tail = np.where(forward, upper.row, upper.col)
    head = np.where(forward, upper.col, upper.row)
    d = sparse.csr_matrix((np.ones(tail.size), (tail, head)), shape=(n, n))
    ends = (d @ d).multiply(d)
    middles = (d.T @ d).multiply(d)
    triangles = (
        np.asarray(ends.sum(axis=1)).ravel()
        + np.asarray(ends.sum(axis=0)).ravel()
        + np.asarray(middles.sum(axis=1)).ravel()
    )
    pairs = degree * (degree - 1.0) / 2.0
    local = np.divide(triangles, pairs, out=np.zeros(n), where=pairs > 0)
    return float(local.mean()) if n else 0.0
