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

import numba
import numpy as np
from numpy.typing import NDArray

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


def choose_followed(*args):
    """Each follower's choice (see :func:`_choose_followed`), on two threads for large rounds.

    Both versions give identical results: the randomness is drawn beforehand.
    """
    followers, trust = args[0], args[1]
    large = followers.size * trust.shape[1] >= PARALLEL_FROM
    return (_choose_parallel if large else _choose_serial)(*args)


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
    """
    m = followers.size
    n_leaders = pitch.size
    check_hears = hears.shape[0] > 0
    check_ban = banned_until.shape[0] > 0
    choice = np.empty(m, dtype=np.int64)
    n_chunks = min(m, 64)
    for chunk in numba.prange(n_chunks):  # prange is a plain range when not parallel
        utility = np.empty(n_leaders + 1)
        for row in range(chunk * m // n_chunks, (chunk + 1) * m // n_chunks):
            i = followers[row]
            code = weight_code[row]
            best = outside
            for slot in range(n_leaders):
                blocked = (check_hears and not hears[i, slot]) or (
                    check_ban and banned_until[i, slot] > step
                )
                if blocked:
                    utility[slot] = -np.inf
                    continue
                t = trust[i, slot]
                if leads_by_example[slot]:
                    t = t + credibility * (1.0 - t)
                value = (
                    value_table[code, slot]
                    + t * pitch[slot]
                    + (1.0 - t) * experience[i, slot]
                    - follow_cost
                )
                utility[slot] = value
                best = max(best, value)
            utility[n_leaders] = outside
            choice[row] = _draw(utility, best, rationality, logit, uniforms[row], n_leaders)
    return choice


_choose_serial = numba.njit(cache=True)(_choose_followed)
# Not cached: a cache entry is keyed by the function, and the serial version holds it.
_choose_parallel = numba.njit(parallel=True)(_choose_followed)


@numba.njit(cache=True)
def _draw(
    utility: NDArray, best: float, rationality: float, logit: bool, u: float, n_leaders: int
) -> int:
    """Pick an option from a row of utilities with one uniform number (overwrites the row)."""
    n_options = utility.size
    if logit:
        total = 0.0
        for j in range(n_options):
            weight = np.exp(rationality * (utility[j] - best))
            utility[j] = weight
            total += weight
        target = u * total
        running = 0.0
        picked = n_options - 1
        for j in range(n_options):
            running += utility[j]
            if running > target:
                picked = j
                break
    else:
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
    return -1 if picked == n_leaders else picked
