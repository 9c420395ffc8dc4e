"""Annealed maxima search for the maximally diverse grouping problem, with a time bound and progress.

Method: a random start in the size profile with the most pairs (``fullest_sizes``) climbed to a
local maximum by a descent over the move and swap neighbourhoods (Gallego, Laguna, Martí and Duarte, J. Oper. Res. Soc. 2013; Lai and Hao, EJOR 254(3),
2016), then rounds that each reheat the best grouping found and anneal it over random moves and swaps
(Kirkpatrick, Gelatt and Vecchi, Science 1983) before a final descent, the perturb-then-refine
pattern of iterated maxima search (Lai and Hao 2016) and of the three-phase search of Yang, Cai, Jin,
Tang and Gao (EJOR 302(3), 2022). Temperatures are set relative to the mean change of a random swap
at the first local maximum, so the schedule is free of the instance's distance scale.

The search works on *units* (one person, or several that must stay together) with sizes, pair
weights and per-group unary terms; ``form_diverse_teams`` (MDGP) and the forum rules both compile to
this form.
"""

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from impactdays.core.teams import kernels
from impactdays.core.teams.problem import InfeasibleTeamsError

# Annealing schedule, in units of the mean absolute change of a random swap at a local maximum.
# Each round starts from the best grouping found, so it only needs to shake it, not melt it: at
# 0.07 a typical worsening swap is taken about once in a million tries, a small one often. On
# MDGPLIB n = 120 (RanReal, RanInt) with one processor-second per thread, 0.07 to 0.008 gave a
# mean gap of 0.20 % against 0.42 % for 0.2 to 0.004 (0.05 was too cold: 0.45 %).
START_TEMPERATURE = 0.07
END_TEMPERATURE = 0.008
# Proposals per annealing round, per squared unit count: the first round is short, so that a
# tight time bound still ends a whole anneal, and each next one twice as long up to the last.
FIRST_ROUND_STEPS_PER_SQUARED_UNIT = 40
ROUND_STEPS_PER_SQUARED_UNIT = 3000
# Proposals between two looks at the clock (and two progress reports).
CHUNK_STEPS = 500_000
# Independent searches run in threads; a fixed number (not the machine's cores) keeps results
# the same on every machine. The targets assume two cores.
WORKERS = 2
# Share of the annealing proposals that are moves (when some group has slack), the rest swaps.
MOVE_SHARE = 0.2
# Random swaps sampled to set the temperature scale.
SCALE_SAMPLE_SIZE = 2000


@dataclass(frozen=True)
class UnitProblem:
    """Grouping of units: symmetric ``weight`` (zero diagonal), ``unary[u, g]``, sizes and bounds.

    ``hard`` is the size of the penalty that marks a broken hard rule: any step whose change is
    below ``-hard / 2`` breaks one, and the annealing never takes it. Use ``inf`` when the
    problem has no hard rule. ``accepted[u, g]``, when given, says whether unit ``u`` may join
    group ``g`` at all; the random start honours it where it can.
    """

    weight: npt.NDArray[np.float64]
    unary: npt.NDArray[np.float64]
    unit_size: npt.NDArray[np.int64]
    lower: npt.NDArray[np.int64]
    upper: npt.NDArray[np.int64]
    hard: float
    accepted: npt.NDArray[np.bool_] | None = None


@dataclass(frozen=True)
class SearchProgress:
    """A report during the search: time spent, rounds done, best objective so far."""

    seconds: float
    rounds: int
    best_objective: float


ProgressCallback = Callable[[SearchProgress], None]


@dataclass(frozen=True)
class SearchResult:
    """The best labelling found (``labels[u]`` is the group of unit ``u``) and its objective."""

    labels: npt.NDArray[np.int64]
    objective: float
    rounds: int
    seconds: float


def fullest_sizes(
    lower: npt.NDArray[np.int64], upper: npt.NDArray[np.int64], total: int, rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    """Return group sizes within the bounds, adding up to ``total``, that maximise the pair count.

    With distances alike on average, the objective grows with the number of pairs inside groups,
    the sum of ``s * (s - 1) / 2``, so the best groupings of instances with different bounds share
    this size profile; a search that changes sizes one move at a time rarely crosses from one
    profile to another. Dynamic programming over groups in a random order (ties go to the first
    found). Preconditions: ``lower.sum() <= total <= upper.sum()``.
    """
    group_count = lower.shape[0]
    order = rng.permutation(group_count)
    best = np.full(total + 1, -1)
    best[0] = 0
    choice = np.zeros((group_count, total + 1), dtype=np.int64)
    for step, group in enumerate(order.tolist()):
        reached = np.full(total + 1, -1)
        for size in range(int(lower[group]), int(upper[group]) + 1):
            if size > total:
                break
            candidate = np.full(total + 1, -1)
            candidate[size:] = np.where(best[: total + 1 - size] >= 0, best[: total + 1 - size], -1)
            candidate[size:] += np.where(candidate[size:] >= 0, size * (size - 1) // 2, 0)
            better = candidate > reached
            reached[better] = candidate[better]
            choice[step, better] = size
        best = reached
    sizes = np.zeros(group_count, dtype=np.int64)
    remaining = total
    for step in range(group_count - 1, -1, -1):
        size = int(choice[step, remaining])
        sizes[order[step]] = size
        remaining -= size
    return sizes


def initial_labels(problem: UnitProblem, rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """Return a random labelling whose group sizes lie within the bounds.

    When every unit is one person and all may join any group, the sizes are the ``fullest_sizes``
    and the people are shuffled into them. Otherwise units go, largest first, to a random group
    chosen in this order of preference: accepted and below its lower bound, accepted with room,
    below its lower bound, with room. Errors: ``InfeasibleTeamsError`` when twenty such tries all fail (possible only when
    units have different sizes).
    """
    group_count = problem.lower.shape[0]
    unit_count = problem.unit_size.shape[0]
    accepted = problem.accepted
    if accepted is None:
        accepted = np.ones((unit_count, group_count), dtype=bool)
    if bool(np.all(problem.unit_size == 1)) and bool(accepted.all()):
        sizes = fullest_sizes(problem.lower, problem.upper, unit_count, rng)
        return rng.permutation(np.repeat(np.arange(group_count), sizes)).astype(np.int64)
    for _ in range(20):
        sizes = np.zeros(group_count, dtype=np.int64)
        labels = np.empty(unit_count, dtype=np.int64)
        order = rng.permutation(unit_count)
        order = order[np.argsort(-problem.unit_size[order], kind="stable")]
        failed = False
        for unit in order.tolist():
            room = sizes + problem.unit_size[unit] <= problem.upper
            short = room & (sizes < problem.lower)
            tiers = (short & accepted[unit], room & accepted[unit], short, room)
            choices = np.flatnonzero(next((tier for tier in tiers if tier.any()), room))
            if choices.size == 0:
                failed = True
                break
            group = int(choices[rng.integers(choices.size)])
            labels[unit] = group
            sizes[group] += problem.unit_size[unit]
        if not failed and bool(np.all(sizes >= problem.lower)):
            return labels
    raise InfeasibleTeamsError(
        "no way was found to split the people into teams within the size bounds: "
        "groups of people kept together are too large for the teams' bounds"
    )


def _swap_scale(
    problem: UnitProblem,
    labels: npt.NDArray[np.int64],
    gain: npt.NDArray[np.float64],
    rng: np.random.Generator,
) -> float:
    """Return the mean absolute change of a random swap (or move) that keeps every hard rule."""
    unit_count = labels.shape[0]
    first = rng.integers(unit_count, size=SCALE_SAMPLE_SIZE)
    second = rng.integers(unit_count, size=SCALE_SAMPLE_SIZE)
    apart = labels[first] != labels[second]
    first, second = first[apart], second[apart]
    if first.size == 0:
        return 1.0
    source, target = labels[first], labels[second]
    change = (
        gain[target, first]
        - gain[source, first]
        + gain[source, second]
        - gain[target, second]
        - 2.0 * problem.weight[first, second]
        + problem.unary[first, target]
        - problem.unary[first, source]
        + problem.unary[second, source]
        - problem.unary[second, target]
    )
    change = np.abs(change[np.abs(change) < problem.hard / 2])
    scale = float(change.mean()) if change.size else 0.0
    return scale if scale > 0 else 1.0


class _ProgressMerger:
    """Pass on the best objective over all workers, one report at a time."""

    def __init__(self, progress: ProgressCallback) -> None:
        self.progress = progress
        self.lock = threading.Lock()
        self.best = -np.inf
        self.rounds: dict[int, int] = {}

    def reporter(self, worker: int) -> ProgressCallback:
        """Return the callback for ``worker``."""

        def report(state: SearchProgress) -> None:
            with self.lock:
                self.best = max(self.best, state.best_objective)
                self.rounds[worker] = state.rounds
                self.progress(SearchProgress(state.seconds, sum(self.rounds.values()), self.best))

        return report


def search_grouping(
    problem: UnitProblem,
    *,
    rng: np.random.Generator,
    seconds: float,
    max_rounds: int | None = None,
    progress: ProgressCallback | None = None,
    start: npt.NDArray[np.int64] | None = None,
    workers: int = WORKERS,
) -> SearchResult:
    """Return the best grouping that ``workers`` independent searches, run in threads, find.

    Each worker runs ``search_one`` with its own generator spawned from ``rng``, so the result
    depends on the seed and ``workers``, not on the machine, when ``max_rounds`` ends the run
    before ``seconds``. ``progress`` receives the best objective over all workers and their
    rounds added up. Errors: as ``search_one``.
    """
    generators = rng.spawn(workers)
    if workers == 1:
        return search_one(
            problem,
            rng=generators[0],
            seconds=seconds,
            max_rounds=max_rounds,
            progress=progress,
            start=start,
        )
    merger = _ProgressMerger(progress) if progress is not None else None
    with ThreadPoolExecutor(workers) as pool:
        futures = [
            pool.submit(
                search_one,
                problem,
                rng=generator,
                seconds=seconds,
                max_rounds=max_rounds,
                progress=merger.reporter(worker) if merger is not None else None,
                start=start,
            )
            for worker, generator in enumerate(generators)
        ]
        results = [future.result() for future in futures]
    best = max(results, key=lambda result: result.objective)
    return SearchResult(
        best.labels,
        best.objective,
        sum(result.rounds for result in results),
        max(result.seconds for result in results),
    )


def search_one(
    problem: UnitProblem,
    *,
    rng: np.random.Generator,
    seconds: float,
    max_rounds: int | None = None,
    progress: ProgressCallback | None = None,
    start: npt.NDArray[np.int64] | None = None,
) -> SearchResult:
    """Return the best grouping of the units that one annealed maxima search finds.

    Runs until ``seconds`` have passed or ``max_rounds`` rounds are done, whichever comes first
    (at least the first descent always runs). The same ``rng`` state and ``max_rounds`` give the
    same result when the clock does not stop the run first. ``progress`` is called after the first
    descent and then about every few million proposals. ``start``, when given, replaces the
    random first labelling (it must respect the bounds). Preconditions: the bounds admit a grouping
    of the unit sizes. Errors: ``InfeasibleTeamsError`` when no start within the bounds is found.
    """
    started = time.perf_counter()
    unit_count = problem.unit_size.shape[0]
    group_count = problem.lower.shape[0]
    kernels.seed_kernels(int(rng.integers(2**32)))
    walk_state = kernels.new_walk_state(int(rng.integers(2**32)))
    labels = initial_labels(problem, rng) if start is None else start.copy()
    weight, unary, unit_size = problem.weight, problem.unary, problem.unit_size
    lower, upper = problem.lower, problem.upper

    def state_of(current: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.float64], float]:
        """Return the gain matrix and the objective of ``current``."""
        gain = kernels.gain_matrix(weight, current, group_count)
        return gain, float(kernels.objective_value(weight, unary, current, gain))

    sizes = np.bincount(labels, weights=unit_size, minlength=group_count).astype(np.int64)
    gain, value = state_of(labels)
    value += kernels.descend(weight, unary, unit_size, lower, upper, labels, gain, sizes)
    best_labels, best_value = labels.copy(), value
    rounds = 0

    def report() -> None:
        if progress is not None:
            progress(SearchProgress(time.perf_counter() - started, rounds, best_value))

    report()
    if unit_count < 2 or group_count < 2:
        return SearchResult(best_labels, best_value, rounds, time.perf_counter() - started)
    scale = _swap_scale(problem, labels, gain, rng)
    squared = unit_count * unit_count
    ratio = END_TEMPERATURE / START_TEMPERATURE
    out_of_time = False
    while not out_of_time and (max_rounds is None or rounds < max_rounds):
        labels = best_labels.copy()
        sizes = np.bincount(labels, weights=unit_size, minlength=group_count).astype(np.int64)
        gain, value = state_of(labels)
        walk_best = labels.copy()
        walk_value = value
        round_steps = squared * min(
            FIRST_ROUND_STEPS_PER_SQUARED_UNIT * 2**rounds, ROUND_STEPS_PER_SQUARED_UNIT
        )
        chunk_count = max(1, -(-round_steps // CHUNK_STEPS))
        for chunk in range(chunk_count):
            high = scale * START_TEMPERATURE * ratio ** (chunk / chunk_count)
            low = scale * START_TEMPERATURE * ratio ** ((chunk + 1) / chunk_count)
            value, walk_value = kernels.anneal(
                weight,
                unary,
                unit_size,
                lower,
                upper,
                labels,
                gain,
                sizes,
                high,
                low,
                round_steps // chunk_count,
                problem.hard / 2,
                walk_best,
                walk_value,
                value,
                walk_state,
                MOVE_SHARE,
            )
            if time.perf_counter() - started >= seconds:
                out_of_time = True
                break
        labels = walk_best
        sizes = np.bincount(labels, weights=unit_size, minlength=group_count).astype(np.int64)
        gain, value = state_of(labels)
        value += kernels.descend(weight, unary, unit_size, lower, upper, labels, gain, sizes)
        rounds += 1
        if value > best_value + kernels.EPSILON:
            best_labels, best_value = labels.copy(), value
        report()
    return SearchResult(best_labels, best_value, rounds, time.perf_counter() - started)
