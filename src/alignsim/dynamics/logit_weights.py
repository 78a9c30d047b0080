"""Logit weights ``exp(lambda (u_j - best))`` for a row of utilities, vectorised (MODEL.md step 3).

The logit draw of the follow decision [McFadden1974]_ needs one exponential per
follower and leader: ten million a round at 100,000 followers and 100 leaders,
which libm computes one call at a time. Here the exponential is plain
arithmetic the compiler turns into vector instructions: Cody and Waite's range
reduction ``x = k ln 2 + r``, ``|r| <= ln 2 / 2``, with ``ln 2`` split in a
high and a low part so that ``r`` is exact to the last bit [CodyWaite1980]_,
the Taylor polynomial of ``exp(r)`` to degree 13 (truncation error below
``5e-18``) in Estrin's scheme [Estrin1960]_ (independent products, so the
processor overlaps them), and ``2^k`` written straight into the exponent bits. The result is
within 2 units in the last place of the correctly rounded exponential (a test
checks it against numpy across the whole range), and it is the same bits on
every machine: no fused multiply-add, no library whose version decides the
last bit.

Arguments below ``-708`` (weights under ``3.3e-308``, too small to move a
total of at least 1, which the best option alone contributes) give 0, as libm
gives 0 for ``-inf``: an option nobody may choose has weight 0.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from numpy.typing import NDArray

LOWEST = -708.0  # exp(-708) = 3.3e-308, the smallest argument whose 2^k is a normal number
LOG2_E = 1.4426950408889634
LN2_HIGH = 6.93147180369123816490e-01  # ln 2 to 32 bits: k * LN2_HIGH is exact for |k| < 2^20
LN2_LOW = 1.90821492927058770002e-10  # ln 2 - LN2_HIGH
EXPONENT_BIAS = 1023
MANTISSA_BITS = 52
C0, C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13 = (
    1.0 / math.factorial(i) for i in range(14)
)


@numba.njit(cache=True, inline="always")
def exp_reduced(r: float) -> float:
    """``exp(r)`` for ``|r| <= ln 2 / 2``: its Taylor polynomial to degree 13, Estrin's scheme."""
    r2 = r * r
    r4 = r2 * r2
    r8 = r4 * r4
    low = (C0 + C1 * r) + (C2 + C3 * r) * r2
    mid = (C4 + C5 * r) + (C6 + C7 * r) * r2
    high = (C8 + C9 * r) + (C10 + C11 * r) * r2
    top = C12 + C13 * r
    return (low + mid * r4) + (high + top * r4) * r8


@numba.njit(cache=True, inline="always")
def shifted_exp(values: NDArray, shift: float, scale: float, power: NDArray) -> None:
    """Overwrite ``values`` with ``exp(scale (values - shift))``, in place.

    ``power`` is an int64 scratch array at least as long as ``values`` (it
    holds the bits of ``2^k``). Arguments must be at most about 709 (the
    caller shifts by the row's maximum, so they are at most 0).
    """
    n = values.size
    two_to_k = power.view(np.float64)
    for j in range(n):
        x = scale * (values[j] - shift)
        representable = x >= LOWEST
        x = x if representable else LOWEST
        k = np.rint(x * LOG2_E)
        r = (x - k * LN2_HIGH) - k * LN2_LOW
        values[j] = exp_reduced(r)
        power[j] = (np.int64(k) + EXPONENT_BIAS) << MANTISSA_BITS if representable else 0
    for j in range(n):
        values[j] = values[j] * two_to_k[j]
