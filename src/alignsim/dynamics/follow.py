"""The follow decision for the whole population: utilities and choices (MODEL.md step 3).

A follower's utility of following leader ``l`` (docs/model.md, 3.4-3.5) is

    U_il = V_il + t'_il pitch_l + (1 - t'_il) x_il - follow_cost,
    V_il = e (1 - p_il) + a_i D_il,
    t'_il = t_il + credibility (1 - t_il)   if l leads by example, else t_il,

with ``p_il`` the probability that ``i`` would contribute in ``l``'s team, ``a_i``
its group weight and ``D_il`` the change its joining makes to the others'
payoffs (:mod:`alignsim.dynamics.joining`); the outside option is worth
``outside_option x e``. ``V`` depends on ``i`` only through its group weight,
so it comes as a small table, one row per distinct weight. For 100,000 followers and 100
leaders that is ten million utilities a round, so the hot path is one fused
numba kernel that computes a row of utilities and draws the choice from it in
one pass, reading trust and experience in place. Randomness comes in as one
uniform number per follower drawn beforehand from the model's generator, so the
result does not depend on how many threads run the kernel.

:func:`follow_utilities` is the plain numpy statement of the same formula; the
capacity-limited path uses it, and the tests check the kernel against it.
"""

from __future__ import annotations

import os
import types

import numba
import numpy as np
from numpy.typing import NDArray

from alignsim.dynamics.logit_weights import shifted_exp

EMPTY_MASK = np.zeros((0, 0), dtype=np.bool_)
EMPTY_BAN = np.zeros((0, 0), dtype=np.int64)


def follow_utilities(
    followers: NDArray,
    trust: NDArray,
    experience: NDArray,
    pitch: NDArray,
    leads_by_example: NDArray,
    credibility: float,
    stay_value: NDArray,
    follow_cost: float,
) -> NDArray:
    """``U_il`` for the given followers, as an ``(m, n_leaders)`` array (no masks).

    ``stay_value`` is ``V_il``, an ``(m, n_leaders)`` array.
    """
    t = trust[followers]
    t = np.where(leads_by_example[None, :], t + credibility * (1.0 - t), t)
    belief = t * pitch[None, :] + (1.0 - t) * experience[followers]
    return stay_value + belief - follow_cost


PARALLEL_FROM = 2_000_000  # utilities a round; below this, threads cost more than they save
ROWS_PER_CHUNK = 1024


def choose_followed(*args):
    """Each follower's choice (see :func:`_choose_followed`), on two threads for large rounds.

    Threads are used only when another core is free (:func:`cores_free`).
    Both versions give identical results: the randomness is drawn beforehand.
    """
    followers, trust = args[0], args[1]
    large = followers.size * trust.shape[1] >= PARALLEL_FROM
    return (_choose_parallel if large and cores_free() else _choose_serial)(*args)


def cores_free() -> bool:
    """Whether the 1-minute load average leaves a core idle beside this run.

    On a machine shared with other work, the two threads of the kernel wait for
    each other at every round (docs/performance.md: at load 4 to 6 on two cores,
    one thread took 71 ms a round of wall clock at 100,000 x 100 and two threads
    90 to 180 ms). On a quiet machine the run itself holds the load near 1, so
    the rule allows it plus less than half a core of other work (at load 1.0 to
    1.2 on two cores, two threads took 56 to 63 ms a round, one thread 81 to 91).
    Where the load average is not available, threads are used.
    """
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return True
    return load < (os.cpu_count() or 1) - 0.5


def _choose_followed(  # noqa: PLR0913 - a kernel takes its arrays flat
    followers: NDArray,
    trust: NDArray,
    experience: NDArray,
    pitch: NDArray,
    leads_by_example: NDArray,
    credibility: float,
    value_table: NDArray,
    weight_code: NDArray,
    follow_cost: float,
    outside: float,
    rationality: float,
    logit: bool,
    hears: NDArray,
    banned_until: NDArray,
    step: int,
    uniforms: NDArray,
    slot_offset: NDArray,
) -> NDArray:
    """Each follower's choice: a leader slot, or -1 for the outside option.

    Logit: option ``j`` with probability ``exp(lambda U_j) / sum_k exp(lambda U_k)``
    [McFadden1974]_, drawn by inverting the cumulative sum with the follower's
    uniform. Best response: the best option, ties broken by the uniform.

    Args:
        followers: agent index of each follower (``m``).
        trust, experience: ``(n_agents, n_leaders)``, read in place.
        pitch, leads_by_example: per leader slot.
        credibility: ``choice.example_credibility``.
        value_table: ``(n_weights, n_leaders)`` the value ``V`` of following
            each leader, per distinct group weight.
        weight_code: row of ``value_table`` for each follower.
        follow_cost, outside: ``follow_cost``, the outside option's value
            ``outside_option x e``.
        rationality: ``lambda``.
        logit: logit (True) or best response (False).
        hears: ``(n_agents, n_leaders)`` who hears whom, or an empty array for everyone.
        banned_until: ``(n_agents, n_leaders)`` round until which a follower is
            barred, or an empty array.
        step: the current round.
        uniforms: one uniform in ``[0, 1)`` per follower.
        slot_offset: per follower, the first leader slot of its replicate
            (:mod:`alignsim.model.replicates`; all 0 in a single run): the
            per-slot arrays hold every replicate's slots, ``trust``,
            ``experience``, ``hears`` and ``banned_until`` one column per
            leader of the follower's own replicate, and the choice is the
            slot within that replicate.
    """
    m = followers.size
    n_leaders = trust.shape[1]
    check_hears = hears.shape[0] > 0
    check_ban = banned_until.shape[0] > 0
    choice = np.empty(m, dtype=np.int64)
    n_chunks = min(max(m // ROWS_PER_CHUNK, 1), 64)  # each chunk allocates its own row buffers
    for chunk in numba.prange(n_chunks):  # prange is a plain range when not parallel
        # options padded with -inf (weight 0) to whole blocks of BLOCK
        padded = (n_leaders + BLOCK) // BLOCK * BLOCK
        utility = np.full(padded, -np.inf)
        scratch = np.empty(padded, dtype=np.int64)
        for row in range(chunk * m // n_chunks, (chunk + 1) * m // n_chunks):
            i = followers[row]
            first = slot_offset[row]
            last = first + n_leaders
            _utility_row(
                utility, trust[i], experience[i], pitch[first:last],
                leads_by_example[first:last], credibility,
                value_table[weight_code[row], first:last], follow_cost,
            )  # fmt: skip
            if check_hears or check_ban:
                for slot in range(n_leaders):
                    if (check_hears and not hears[i, slot]) or (
                        check_ban and banned_until[i, slot] > step
                    ):
                        utility[slot] = -np.inf
            utility[n_leaders] = outside
            utility[n_leaders + 1 :] = -np.inf  # the last row's weights were written there
            best = _row_max(utility)
            if logit:
                picked = _draw_logit(utility, best, rationality, uniforms[row], scratch)
            else:
                picked = _draw_best(utility[: n_leaders + 1], best, uniforms[row])
            choice[row] = -1 if picked == n_leaders else picked
    return choice


@numba.njit(cache=True, inline="always")
def _utility_row(
    utility: NDArray,
    trust: NDArray,
    experience: NDArray,
    pitch: NDArray,
    leads_by_example: NDArray,
    credibility: float,
    value: NDArray,
    follow_cost: float,
) -> None:
    """``U_il`` for one follower's row, written into ``utility[:n_leaders]``.

    Branch-free, so the compiler computes several leaders at once; the
    arithmetic is that of :func:`follow_utilities`, operation for operation.
    """
    for slot in range(pitch.size):
        t = trust[slot]
        credible = t + credibility * (1.0 - t)
        t = credible if leads_by_example[slot] else t
        utility[slot] = value[slot] + t * pitch[slot] + (1.0 - t) * experience[slot] - follow_cost


@numba.njit(cache=True, inline="always")
def _row_max(utility: NDArray) -> float:
    """The largest utility of a row, from four running maxima (exact in any order)."""
    n = utility.size
    m0 = m1 = m2 = m3 = utility[n - 1]
    j = 0
    while j + 4 <= n:
        m0 = max(m0, utility[j])
        m1 = max(m1, utility[j + 1])
        m2 = max(m2, utility[j + 2])
        m3 = max(m3, utility[j + 3])
        j += 4
    while j < n:
        m0 = max(m0, utility[j])
        j += 1
    return max(max(m0, m1), max(m2, m3))


BLOCK = 4  # options summed together before the running total (see _draw_logit)


@numba.njit(cache=True, inline="always")
def _draw_logit(
    utility: NDArray, best: float, rationality: float, u: float, scratch: NDArray
) -> int:
    """Option ``j`` with probability ``exp(lambda U_j) / sum_k exp(lambda U_k)`` [McFadden1974]_.

    Inverts the cumulative weights with the uniform ``u``; overwrites the row
    with the weights (:func:`~alignsim.dynamics.logit_weights.shifted_exp`).
    The row is padded to whole blocks of ``BLOCK`` options with weight 0.
    Each block's weights are summed apart (the blocks are independent, so the
    processor overlaps them); the running total over blocks finds the block
    where ``u x total`` falls, and a walk inside it finds the option. Where
    rounding leaves that walk short of the target (a block's sum and the
    walk's partial sums differ in the last bit), the block's last option with
    a positive weight is taken: never an option of weight 0.
    """
    shifted_exp(utility, best, rationality, scratch)
    n_blocks = utility.size // BLOCK
    total = 0.0
    for block in range(n_blocks):
        total += _block_sum(utility, block * BLOCK)
    target = u * total
    running = 0.0
    for block in range(n_blocks):
        start = block * BLOCK
        within = _block_sum(utility, start)
        if running + within > target:
            last = start
            for j in range(start, start + BLOCK):
                running += utility[j]
                if utility[j] > 0.0:
                    last = j
                if running > target:
                    return j
            return last
        running += within
    return _last_positive(utility)


@numba.njit(cache=True, inline="always")
def _block_sum(weights: NDArray, start: int) -> float:
    """Sum of the ``BLOCK`` (= 4) weights from ``start``, as two pairs."""
    return (weights[start] + weights[start + 1]) + (weights[start + 2] + weights[start + 3])


@numba.njit(cache=True, inline="always")
def _last_positive(weights: NDArray) -> int:
    """The last option with a positive weight (where ``u x total`` rounds up to the total)."""
    for j in range(weights.size - 1, -1, -1):
        if weights[j] > 0.0:
            return j
    return weights.size - 1


@numba.njit(cache=True, inline="always")
def _draw_best(utility: NDArray, best: float, u: float) -> int:
    """The best option; ties broken by the uniform ``u``, each tied option equally likely."""
    n_options = utility.size
    ties = 0
    for j in range(n_options):
        if utility[j] == best:
            ties += 1
    wanted = min(int(u * ties), ties - 1)
    picked = n_options - 1
    for j in range(n_options):
        if utility[j] == best:
            if wanted == 0:
                picked = j
                break
            wanted -= 1
    return picked


def _renamed(function, name: str):
    """The same function under another name: numba keys its on-disk cache by name."""
    twin = types.FunctionType(function.__code__, function.__globals__, name)
    twin.__qualname__ = name
    return twin


_choose_serial = numba.njit(cache=True)(_choose_followed)
# Cached under its own name, so a large run does not compile it (seconds, and tens of MiB).
_choose_parallel = numba.njit(parallel=True, cache=True)(
    _renamed(_choose_followed, "_choose_followed_threaded")
)
