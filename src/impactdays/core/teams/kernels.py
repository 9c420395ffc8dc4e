"""Compiled move and swap neighbourhoods for the maximally diverse grouping problem (MDGP).

Method: the incremental evaluation of Gallego, Laguna, Martí and Duarte (J. Oper. Res. Soc. 2013) and
Lai and Hao (EJOR 254(3), 2016): a gain matrix ``gain[g, i]``, the sum of the weights between unit ``i``
and the members of group ``g``, gives the change of any move or swap in constant time and is updated in
O(n) after each accepted step (stored group-major, so that update runs over two contiguous rows).
On it run the two kinds of step that the search combines, as iterated maxima search (Lai and Hao
2016) and the three-phase search of Yang, Cai, Jin, Tang and Gao (EJOR 302(3), 2022) combine a
refinement with a perturbation: a descent over the move and swap neighbourhoods, and an annealed walk
over random swaps and moves that accepts worsening steps with the Metropolis rule (simulated
annealing, Kirkpatrick, Gelatt and Vecchi, Science 1983).

The objective of a labelling is ``sum over groups of sum over pairs inside of weight[i, j]`` plus
``sum over units of unary[i, label[i]]``. Units carry a size (``size[i]`` people: keep-together pairs
are merged into one unit), so group sizes are sums of unit sizes. Hard rules enter as large negative
weights or unary terms; steps that would break one (change below ``-hard``) the annealing never takes.

The descent draws its random order from NumPy's legacy generator inside compiled code, which the
caller seeds once per run from its own ``numpy.random.Generator`` (see ``seed_kernels``); that state
is per thread. The walk, which draws two or three numbers per proposal, uses its own xorshift64*
generator (``new_walk_state``), whose state the caller holds: drawing from it is inlined and costs
a few instructions, where NumPy's bounded integers took most of a proposal's time. The kernels
release the GIL, so independent searches can run in threads.
"""

import numpy as np
import numpy.typing as npt
from numba import njit

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Improvements smaller than this are rounding noise (weights have at most a few decimals).
EPSILON = 1e-9


@njit(cache=True, nogil=True)
def seed_kernels(seed: int) -> None:
    """Seed the random generator that compiled kernels use.

    Preconditions: ``0 <= seed < 2**32``. Effects: every later kernel call in this thread is
    reproducible from this seed.
    """
    np.random.seed(seed)


@njit(cache=True, nogil=True)
def gain_matrix(weight: FloatArray, labels: IntArray, group_count: int) -> FloatArray:
    """Return ``gain[g, i]``, the sum of ``weight[i, j]`` over the units ``j`` in group ``g``.

    Preconditions: ``weight`` is square and symmetric with a zero diagonal; ``labels`` are in
    ``range(group_count)``.
    """
    n = labels.shape[0]
    gain = np.zeros((group_count, n))
    for j in range(n):
        row = weight[j]
        target = gain[labels[j]]
        for i in range(n):
            target[i] += row[i]
    return gain


@njit(cache=True, nogil=True)
def objective_value(
    weight: FloatArray, unary: FloatArray, labels: IntArray, gain: FloatArray
) -> float:
    """Return the objective of ``labels``: pair weights inside groups plus the unary terms.

    Preconditions: ``gain`` is the gain matrix of ``labels``.
    """
    total = 0.0
    for i in range(labels.shape[0]):
        total += 0.5 * gain[labels[i], i] + unary[i, labels[i]]
    return total


@njit(cache=True, nogil=True)
def _move(
    weight: FloatArray,
    labels: IntArray,
    gain: FloatArray,
    sizes: IntArray,
    unit_size: IntArray,
    i: int,
    target: int,
) -> None:
    """Move unit ``i`` to group ``target``, updating labels, group sizes and the gain matrix in O(n)."""
    source = labels[i]
    row = weight[i]
    leaving = gain[source]
    joining = gain[target]
    for k in range(labels.shape[0]):
        leaving[k] -= row[k]
        joining[k] += row[k]
    labels[i] = target
    sizes[source] -= unit_size[i]
    sizes[target] += unit_size[i]


@njit(cache=True, nogil=True)
def _swap_gain(
    weight: FloatArray, unary: FloatArray, labels: IntArray, gain: FloatArray, i: int, j: int
) -> float:
    """Return the objective change of exchanging units ``i`` and ``j`` (in different groups)."""
    g = labels[i]
    h = labels[j]
    return float(
        gain[h, i]
        - gain[g, i]
        + gain[g, j]
        - gain[h, j]
        - 2.0 * weight[i, j]
        + unary[i, h]
        - unary[i, g]
        + unary[j, g]
        - unary[j, h]
    )


@njit(cache=True, nogil=True)
def _swap_fits(
    labels: IntArray,
    sizes: IntArray,
    unit_size: IntArray,
    lower: IntArray,
    upper: IntArray,
    i: int,
    j: int,
) -> bool:
    """Return whether exchanging units ``i`` and ``j`` keeps both groups within their bounds."""
    change = unit_size[j] - unit_size[i]
    if change == 0:
        return True
    g = labels[i]
    h = labels[j]
    return bool(
        lower[g] <= sizes[g] + change <= upper[g] and lower[h] <= sizes[h] - change <= upper[h]
    )


@njit(cache=True, nogil=True)
def descend(
    weight: FloatArray,
    unary: FloatArray,
    unit_size: IntArray,
    lower: IntArray,
    upper: IntArray,
    labels: IntArray,
    gain: FloatArray,
    sizes: IntArray,
) -> float:
    """Climb to a local maximum of the move and swap neighbourhoods; return the total gain.

    Each unit in turn takes its best improving move, then its best improving swap, until a whole
    pass improves nothing. Preconditions: ``gain`` and ``sizes`` match ``labels``. Effects:
    ``labels``, ``gain`` and ``sizes`` are updated in place; bounds stay satisfied.
    """
    n = labels.shape[0]
    group_count = lower.shape[0]
    total = 0.0
    order = np.random.permutation(n)
    improved = True
    while improved:
        improved = False
        for i in order:
            g = labels[i]
            best = EPSILON
            best_target = -1
            if sizes[g] - unit_size[i] >= lower[g]:
                for h in range(group_count):
                    if h != g and sizes[h] + unit_size[i] <= upper[h]:
                        change = gain[h, i] - gain[g, i] + unary[i, h] - unary[i, g]
                        if change > best:
                            best = change
                            best_target = h
            best_partner = -1
            for j in range(n):
                if labels[j] != g:
                    change = _swap_gain(weight, unary, labels, gain, i, j)
                    if change > best and _swap_fits(labels, sizes, unit_size, lower, upper, i, j):
                        best = change
                        best_partner = j
            if best_partner >= 0:
                h = labels[best_partner]
                _move(weight, labels, gain, sizes, unit_size, i, h)
                _move(weight, labels, gain, sizes, unit_size, best_partner, g)
                total += best
                improved = True
            elif best_target >= 0:
                _move(weight, labels, gain, sizes, unit_size, i, best_target)
                total += best
                improved = True
    return total


# Multiplier of the xorshift64* generator (Vigna, ACM TOMS 42(4), 2016) that drives the walk.
_XORSHIFT_MULTIPLIER = np.uint64(2685821657736338717)


@njit(cache=True, nogil=True)
def new_walk_state(seed: int) -> npt.NDArray[np.uint64]:
    """Return the state of the walk's random generator for ``seed`` (``0 <= seed < 2**32``).

    The seed is spread over 64 bits by the SplitMix64 finaliser, so nearby seeds give unrelated
    streams, and the state is never zero (xorshift's fixed point).
    """
    z = np.uint64(seed) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    state = np.empty(1, dtype=np.uint64)
    state[0] = z if z != np.uint64(0) else np.uint64(1)
    return state


@njit(cache=True, nogil=True, inline="always")
def _next_bits(state: npt.NDArray[np.uint64]) -> np.uint64:
    """Advance the xorshift64* generator in ``state`` and return 64 random bits."""
    x = state[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    state[0] = x
    return np.uint64(x * _XORSHIFT_MULTIPLIER)


@njit(cache=True, nogil=True, inline="always")
def _below(state: npt.NDArray[np.uint64], bound: int) -> int:
    """Return a random integer in ``range(bound)`` (``0 < bound < 2**32``; multiply-shift)."""
    # int() of the signed value: an unsigned one would make later arithmetic floating point.
    return int(np.int64(((_next_bits(state) >> np.uint64(32)) * np.uint64(bound)) >> np.uint64(32)))


@njit(cache=True, nogil=True, inline="always")
def _uniform(state: npt.NDArray[np.uint64]) -> float:
    """Return a random float in ``[0, 1)`` with 53 random bits."""
    return float(_next_bits(state) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True, nogil=True)
def anneal(
    weight: FloatArray,
    unary: FloatArray,
    unit_size: IntArray,
    lower: IntArray,
    upper: IntArray,
    labels: IntArray,
    gain: FloatArray,
    sizes: IntArray,
    start_temperature: float,
    end_temperature: float,
    step_count: int,
    hard: float,
    best_labels: IntArray,
    best_value: float,
    value: float,
    state: npt.NDArray[np.uint64],
    move_share: float,
) -> tuple[float, float]:
    """Walk over random moves and swaps, accepting worse ones with the Metropolis rule.

    The temperature falls geometrically from ``start_temperature`` to ``end_temperature`` over
    ``step_count`` proposals. A share ``move_share`` of the proposals are moves (when some group
    has slack between its bounds), the rest swaps. A step that would lower the objective by more
    than ``hard`` (a broken hard rule) is never taken. Whenever the walk beats ``best_value`` its
    labels are copied into ``best_labels``. Random numbers come from ``state`` (see
    ``new_walk_state``). Returns ``(value, best_value)`` at the end. Effects: ``labels``, ``gain``,
    ``sizes``, ``best_labels`` and ``state`` are updated in place.
    """
    n = labels.shape[0]
    group_count = lower.shape[0]
    if n < 2 or group_count < 2:
        return value, best_value
    ratio = (end_temperature / start_temperature) ** (1.0 / max(step_count, 1))
    # Beyond this many temperatures below zero a step has odds under 1e-9: skip the exponential.
    hopeless = 20.0
    temperature = start_temperature
    has_slack = False
    for g in range(group_count):
        if lower[g] < upper[g]:
            has_slack = True
    # Proposals are drawn in batches of equal temperature, which saves a multiply per step.
    batch = 64
    batch_ratio = ratio**batch
    threshold = -hopeless * temperature
    if has_slack:
        move_bits = np.uint64(min(max(move_share, 0.0), 1.0) * 4294967296.0)
    else:
        move_bits = np.uint64(0)
    improved = False
    for step in range(step_count):
        if step % batch == 0:
            temperature *= batch_ratio
            threshold = max(-hopeless * temperature, -hard)
        bits = _next_bits(state)
        i = int(np.int64(((bits >> np.uint64(32)) * np.uint64(n)) >> np.uint64(32)))
        g = labels[i]
        if (bits & np.uint64(0xFFFFFFFF)) < move_bits:
            h = _below(state, group_count - 1)
            if h >= g:
                h += 1
            if sizes[g] - unit_size[i] < lower[g] or sizes[h] + unit_size[i] > upper[h]:
                continue
            change = gain[h, i] - gain[g, i] + unary[i, h] - unary[i, g]
            if change < threshold:
                continue
            if change < 0.0 and _uniform(state) >= np.exp(change / temperature):
                continue
            if improved and change < 0.0:
                # Leaving a new best: record it now, not after every improving step on the way up.
                best_labels[:] = labels
                improved = False
            _move(weight, labels, gain, sizes, unit_size, i, h)
            value += change
        else:
            j = _below(state, n)
            h = labels[j]
            if h == g:
                continue
            change = _swap_gain(weight, unary, labels, gain, i, j)
            if change < threshold:
                continue
            if change < 0.0 and _uniform(state) >= np.exp(change / temperature):
                continue
            if not _swap_fits(labels, sizes, unit_size, lower, upper, i, j):
                continue
            if improved and change < 0.0:
                best_labels[:] = labels
                improved = False
            _move(weight, labels, gain, sizes, unit_size, i, h)
            _move(weight, labels, gain, sizes, unit_size, j, g)
            value += change
        if value > best_value + EPSILON:
            best_value = value
            improved = True
    if improved:
        best_labels[:] = labels
    return value, best_value
