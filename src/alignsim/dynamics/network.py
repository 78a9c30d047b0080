"""Social networks as sparse adjacency matrices.

The model keeps who-knows-whom as a ``scipy.sparse`` CSR matrix over agent
indices, so that hearing pitches, word of mouth and imitation are sparse
matrix products rather than loops over agents. Graphs come from networkx
[Hagberg2008]_ (small-world [WattsStrogatz1998]_, scale-free
[BarabasiAlbert1999]_, random [ErdosRenyi1959]_) or are built directly as
arrays (the complete graph, the 2D lattice with a Moore neighbourhood
[NowakMay1992]_), which is much faster for large populations.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from numpy.typing import NDArray
from scipy import sparse

KINDS = ("complete", "watts_strogatz", "barabasi_albert", "erdos_renyi", "lattice")


def lattice_adjacency(width: int, height: int, torus: bool, radius: int = 1) -> sparse.csr_matrix:
    """Moore neighbourhood of ``radius`` on a ``width x height`` grid (self excluded).

    Cell ``(x, y)`` is agent ``y * width + x``. On a torus the edges wrap; with
    fixed edges, border cells have fewer neighbours.
    """
    xs, ys = np.meshgrid(np.arange(width), np.arange(height))
    xs, ys = xs.ravel(), ys.ravel()
    rows, cols = [], []
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            if dx == 0 and dy == 0:
                continue
            nx_, ny_ = xs + dx, ys + dy
            if torus:
                nx_, ny_, keep = nx_ % width, ny_ % height, np.ones(xs.size, dtype=bool)
            else:
                keep = (nx_ >= 0) & (nx_ < width) & (ny_ >= 0) & (ny_ < height)
            rows.append((ys * width + xs)[keep])
            cols.append((ny_ * width + nx_)[keep])
    n = width * height
    data = np.ones(sum(r.size for r in rows), dtype=np.float64)
    adjacency = sparse.csr_matrix((data, (np.concatenate(rows), np.concatenate(cols))), (n, n))
    adjacency.data[:] = 1.0  # small tori can list a neighbour twice
    return adjacency


def complete_adjacency(n: int) -> sparse.csr_matrix:
    """Everyone knows everyone (the well-mixed population), self excluded."""
    dense = np.ones((n, n)) - np.eye(n)
    return sparse.csr_matrix(dense)


def graph_adjacency(graph: nx.Graph) -> sparse.csr_matrix:
    """Adjacency of a networkx graph whose nodes are ``0 .. n - 1``, unweighted."""
    n = graph.number_of_nodes()
    edges = np.array(list(graph.edges()), dtype=np.int64).reshape(-1, 2)
    rows = np.concatenate([edges[:, 0], edges[:, 1]])
    cols = np.concatenate([edges[:, 1], edges[:, 0]])
    adjacency = sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    adjacency.data[:] = 1.0
    return adjacency


def random_graph(
    kind: str, n: int, rng: np.random.Generator, degree: int = 4, rewire: float = 0.1
) -> nx.Graph:
    """A networkx random graph of ``n`` nodes, seeded from ``rng``.

    Args:
        kind: ``watts_strogatz``, ``barabasi_albert`` or ``erdos_renyi``.
        n: number of nodes.
        rng: the model's generator; networkx gets an integer seed drawn from it.
        degree: mean degree (``k`` of Watts-Strogatz, ``2 m`` of Barabasi-Albert,
            ``p (n - 1)`` of Erdos-Renyi).
        rewire: Watts-Strogatz rewiring probability.

    """
    seed = int(rng.integers(2**31 - 1))
    if kind == "watts_strogatz":
        return nx.watts_strogatz_graph(n, max(2, degree), rewire, seed=seed)
    if kind == "barabasi_albert":
        return nx.barabasi_albert_graph(n, max(1, degree // 2), seed=seed)
    if kind == "erdos_renyi":
        return nx.fast_gnp_random_graph(n, min(1.0, degree / max(n - 1, 1)), seed=seed)
    raise ValueError(f"unknown random graph kind {kind!r}; expected one of {KINDS}")


def within_radius(adjacency: sparse.csr_matrix, radius: int) -> sparse.csr_matrix:
    """Who is within ``radius`` steps of whom (self excluded), as a 0/1 matrix."""
    reach = adjacency.copy().astype(bool)
    step = reach
    for _ in range(radius - 1):
        step = (step @ adjacency).astype(bool)
        reach = (reach + step).astype(bool)
    reach = reach.tolil()
    reach.setdiag(False)
    result = reach.tocsr().astype(np.float64)
    result.eliminate_zeros()
    return result


def degree(adjacency: sparse.csr_matrix) -> NDArray:
    """Number of neighbours of each agent."""
    return np.diff(adjacency.indptr)
