"""LEXIMIN selection probabilities by column generation over types, with HiGHS.

Method: Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair algorithms for selecting citizens'
assemblies", Nature 596:548-552 (2021), Methods "LEXIMIN" (replication: `stratification.py` of
github.com/pgoelz/citizensassemblies-replication). Level by level, maximise the lowest selection
probability of the people not yet fixed, given the probabilities already fixed; each level is a
dual LP over the panels known so far,

    min y^ - sum_{t fixed} pi_t y_t  s.t.  sum_t (x_{P,t}/c_t) y_t <= y^ for each known panel P,
                                           sum_{t unfixed} y_t = 1,  y >= 0,

and a pricing ILP (max sum_t (y_t/c_t) x_t over quota-feasible panels, `feasibility.PanelOracle`)
adds the panel whose constraint is most violated, until none is. Then every unfixed type with
y_t > 0 is fixed at the level's value: by complementary slackness it sits at that value in every
optimal distribution. People with equal values in every category are interchangeable, so the
LEXIMIN distribution can be taken symmetric among them, and the LP and ILP are posed over types
(count c_t) instead of people (shared selection-method note). A final LP finds panel weights that
reproduce the LEXIMIN probabilities. The dual LP keeps its basis between panels and levels (HiGHS
dual simplex, warm-started).

`leximin_probabilities` first computes the LEXIMIN over the LP relaxation (`relaxation`), an
upper bound, and writes it as a mix of panels: only panels on the smallest face of the
relaxation holding that point can take part (`PanelOracle.restrict_to_face`); greedy peeling
(`_peel`, Caratheodory's construction with rounded panels) writes most or all of it, and column
generation (`decompose`, pricing by rounded relaxations at Wentges-smoothed duals) the rest; a
mix with zero shortfall proves it exact. Only when the pricing ILP proves that point is no mix
of panels does the level-by-level method above run. A time limit returns the best mix so far
with a certified share of the bound.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt
from highspy._core import _Highs

from impactdays.core.selection.feasibility import (
    INFINITY,
    PanelOracle,
    check_feasible,
    quiet_highs,
)
from impactdays.core.selection.instance import FloatArray, IntArray, PoolTypes
from impactdays.core.selection.lottery import PanelDistribution
from impactdays.core.selection.relaxation import relaxation_leximin

LOGGER = logging.getLogger(__name__)

# A pricing value within this of y^ does not count as a violated dual constraint.
PRICING_TOLERANCE = 1e-9
# Relative ILP gaps: loose while violating panels are easy to find, tight to prove there is none.
LOOSE_GAP = 1e-3
TIGHT_GAP = 1e-9
# Seeding only needs some panel with a new type: a coarse ILP gap (a zero incumbent still
# needs a zero bound, so types on no panel are still proven so).
COVER_GAP = 0.2
# Known panels, best first under the current duals, from which the swap search starts.
SWAP_STARTS = 6
# From this many types on, the ILP costs seconds: price by swap search first, the ILP only when
# the search finds no violating panel. Below, the ILP's stronger panels save more LP rounds.
SWAP_FIRST_TYPES = 300
# Fixed probabilities enter later levels lowered by this much (numerical safety margin).
FIXING_SLACK = 1e-9
# Dual values above this mark a type as fixed at the level's value.
FIXING_TOLERANCE = 1e-7
# Pricing rounds of the decomposition: rounded relaxations per round, and the spread of the
# multiplicative noise on the duals that makes them differ.
PERTURBED_PRICINGS = 6
PERTURBATION = 0.2
# Wentges smoothing of the decomposition's duals: the weight of the stability centre, and the
# lower weights tried in turn after a misprice (the last, 0, prices at the plain duals).
SMOOTHING = (0.8, 0.4, 0.0)
# Within this many people of a bound, the target counts as meeting it (the face of R it lies on).
FACE_TOLERANCE = 1e-7
# Peeling stops when this share of the target is left (the column generation does the rest).
PEEL_REMAINDER = 1e-6
# Walks of the peeling, each from the rest of the last rescaled (see `_peel`).
PEEL_RESTARTS = 3
# Where no rounding fits, the peeling's ILP stops at its this-many-th improving panel.
PEEL_SOLUTIONS = 2
# Under a time limit, the share of the time left after the relaxation that peeling may take
# (the column generation gets the rest, to cover every type and close the gap).
PEEL_TIME_SHARE = 0.7
# Under a time limit, the share of it kept for covering the types the cut run left on no panel.
COVER_RESERVE = 0.1
# Rounds without a newly covered type before the seeding turns to the ILP.
COVER_MISSES = 3
# Roundings of each relaxed pricing solution tried (heaviest first).
ROUNDINGS_PER_PRICING = 6
# A mix reaching this share of its target (the rest is LP rounding) reproduces it.
REACHED_TOLERANCE = 1e-8
# A decomposition short of its target by at most this many people (in total) reproduces it.
SHORTFALL_TOLERANCE = 1e-7


@dataclass(frozen=True)
class LeximinResult:
    """The LEXIMIN probabilities per type, a distribution reproducing them, and solver counts."""

    distribution: PanelDistribution
    type_probabilities: FloatArray
    levels: int
    panels_generated: int
    pricing_rounds: int
    # False when a time limit or `max_levels` cut the run: the distribution is then feasible
    # and every type has at least `target_share` times its value in the LEXIMIN upper bound
    # of the LP relaxation, whose minimum is `minimum_upper_bound` (None where not computed).
    exact: bool = True
    target_share: float = 1.0
    minimum_upper_bound: float | None = None


def _panel_master(count: int, row_lower: FloatArray) -> _Highs:
    """A restricted master LP over panels, before its own columns: one row per type with
    `row_lower` as its lower bound, and the convexity row (the panel weights sum to 1).

    Tight tolerances, no presolve, and primal simplex (new panels are new columns: the basis
    stays primal feasible, so it resumes from the last basis).
    """
    solver = quiet_highs()
    solver.setOptionValue("primal_feasibility_tolerance", 1e-10)
    solver.setOptionValue("dual_feasibility_tolerance", 1e-10)
    solver.setOptionValue("simplex_strategy", 4)
    solver.setOptionValue("presolve", "off")
    solver.addRows(
        count,
        row_lower,
        np.full(count, INFINITY),
        0,
        np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=np.int64),
        np.zeros(0),
    )
    solver.addRow(1.0, 1.0, 0, np.zeros(0, dtype=np.int64), np.zeros(0))
    return solver


class _LevelLP:
    """The restricted primal LP of the current level, warm-started as panels and fixed types come.

    max z  s.t.  sum_P lambda_P x_{P,t}/c_t - z >= 0 (t unfixed),  ... >= pi_t (t fixed),
    sum_P lambda_P = 1,  lambda >= 0. Its rows are the types, so the simplex basis stays as small
    as the number of types however many panels are added (the dual form in the paper grows a
    row per panel). The row duals are the y of the dual LP in the module docstring.
    """

    def __init__(self, types: PoolTypes) -> None:
        count = types.type_count
        self.count = count
        self.counts = types.counts.astype(np.float64)
        self.panel_counts = np.zeros((64, count))
        self.panel_total = 0
        solver = _panel_master(count, np.zeros(count))
        # Column 0 is z, free, in every unfixed type's row.
        solver.addCol(
            1.0,
            -INFINITY,
            INFINITY,
            count,
            np.arange(count, dtype=np.int64),
            np.full(count, -1.0),
        )
        solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.solver = solver

    def add_panel(self, panel: IntArray) -> None:
        present = np.flatnonzero(panel).astype(np.int64)
        values = panel[present] / self.counts[present]
        self.solver.addCol(
            0.0,
            0.0,
            INFINITY,
            len(present) + 1,
            np.append(present, self.count),
            np.append(values, 1.0),
        )
        if self.panel_total == len(self.panel_counts):
            self.panel_counts = np.vstack([self.panel_counts, np.zeros_like(self.panel_counts)])
        self.panel_counts[self.panel_total] = panel
        self.panel_total += 1

    def panel_values(self, weights: FloatArray) -> FloatArray:
        """Return sum_t weights[t] x_{P,t} for every known panel P."""
        return np.asarray(self.panel_counts[: self.panel_total] @ weights, dtype=np.float64)

    def fix(self, type_index: int, probability: float) -> None:
        # The level's solution meets the new bound only up to the LP tolerance; a slightly lower
        # bound keeps the next level feasible. The final LP aims at the exact value.
        self.solver.changeCoeff(type_index, 0, 0.0)
        self.solver.changeRowBounds(type_index, max(0.0, probability - FIXING_SLACK), INFINITY)

    def exclude(self, type_index: int) -> None:
        """Take a type that no panel can hold out of the LP (its probability is 0)."""
        self.fix(type_index, 0.0)

    def solve(self) -> tuple[FloatArray, float, float]:
        """Return the duals y (one per type), y^ = max over known panels, and the level value."""
        self.solver.run()
        status = self.solver.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"LEXIMIN level LP: HiGHS stopped with {status}")
        duals = np.abs(np.asarray(self.solver.getSolution().row_dual[: self.count]))
        level_value = float(self.solver.getInfo().objective_function_value)
        y_hat = float(self.panel_values(duals / self.counts).max())
        return duals, y_hat, level_value


def _cover_types(oracle: PanelOracle, types: PoolTypes) -> tuple[list[IntArray], IntArray]:
    """Seed panels until every type that fits on some panel is on one; return them and the rest."""
    covered = np.zeros(types.type_count, dtype=bool)
    panels: list[IntArray] = []
    while not covered.all():
        weights = np.where(covered, 0.0, 1.0 / types.counts)
        # Swapping members of covered types for uncovered ones is cheap; the ILP is needed
        # only when no swap helps, and to prove that the remaining types fit on no panel.
        panel = oracle.improve_by_swaps(panels[-1], weights) if panels else None
        if panel is None or not ((panel > 0) & ~covered).any():
            best = oracle.best_panel(weights, relative_gap=COVER_GAP)
            if best is None:  # pragma: no cover - feasibility is checked first
                break
            panel = best.counts
        if not ((panel > 0) & ~covered).any():
            break
        panels.append(panel)
        covered |= panel > 0
    return panels, np.flatnonzero(~covered).astype(np.int64)


def _cheap_cover(
    oracle: PanelOracle,
    types: PoolTypes,
    deadline: float | None = None,
    covered: npt.NDArray[np.bool_] | None = None,
) -> tuple[list[IntArray], IntArray]:
    """Like `_cover_types`, but seeds with rounded relaxations first (the ILP costs seconds on
    large pools) and calls the ILP only for the types these leave uncovered. Past `deadline`
    the ILP stops, and the types returned as uncovered may then fit on some panel after all.
    `covered` marks types already on some panel (none by default)."""
    rng = np.random.default_rng(1)
    covered = np.zeros(types.type_count, dtype=bool) if covered is None else covered.copy()
    panels: list[IntArray] = []
    misses = 0
    while not covered.all() and misses < COVER_MISSES:
        weights = np.where(covered, 0.0, 1.0 / types.counts)
        weights = weights * rng.lognormal(0.0, PERTURBATION, size=len(weights))
        progress = False
        for panel in oracle.rounded_relaxations(weights, ROUNDINGS_PER_PRICING):
            if ((panel > 0) & ~covered).any():
                panels.append(panel)
                covered |= panel > 0
                progress = True
        misses = 0 if progress else misses + 1
    while not covered.all() and (deadline is None or time.perf_counter() < deadline):
        best = oracle.best_panel(np.where(covered, 0.0, 1.0 / types.counts), COVER_GAP)
        if best is None or not ((best.counts > 0) & ~covered).any():
            break
        panels.append(best.counts)
        covered |= best.counts > 0
    return panels, np.flatnonzero(~covered).astype(np.int64)


def _swap_search(
    oracle: PanelOracle,
    panels: list[IntArray],
    values: FloatArray,
    weights: FloatArray,
    threshold: float,
) -> tuple[IntArray, ...]:
    """Look for violating panels by local search from the best known panels (cheap pricing)."""
    found: list[IntArray] = []
    for index in np.argsort(-values, kind="stable")[:SWAP_STARTS]:
        panel = oracle.improve_by_swaps(panels[index], weights)
        if float(weights @ panel) > threshold:
            found.append(panel)
    return tuple(found)


class _ReachLP:
    """Restricted LP that reaches for a target probability vector with a mix of known panels.

    max z  s.t.  sum_P lambda_P x_{P,t}/c_t - z target_t >= 0 (each type t),
    sum_P lambda_P = 1,  lambda >= 0,  z <= 1. At any point the mix gives every type at least
    z times its target; z = 1 reproduces the target exactly (the panels all have k members and
    the target sums to k). Rows are the types, so new panels are new columns and primal simplex
    resumes from the last basis. The row duals price new panels.
    """

    def __init__(self, types: PoolTypes, target: FloatArray) -> None:
        count = types.type_count
        self.count = count
        self.counts = types.counts.astype(np.float64)
        solver = _panel_master(count, np.zeros(count))
        # Column 0 is z.
        solver.addCol(
            1.0,
            -INFINITY,
            1.0,
            count,
            np.arange(count, dtype=np.int64),
            -target.astype(np.float64),
        )
        solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.solver = solver
        self.panels: list[IntArray] = []
        self.panel_counts = np.zeros((64, count))

    def add_panels(self, panels: list[IntArray]) -> None:
        starts: list[int] = []
        indices: list[IntArray] = []
        values: list[FloatArray] = []
        position = 0
        for panel in panels:
            present = np.flatnonzero(panel).astype(np.int64)
            starts.append(position)
            indices.append(np.append(present, self.count))
            values.append(np.append(panel[present] / self.counts[present], 1.0))
            position += len(present) + 1
            if len(self.panels) == len(self.panel_counts):
                self.panel_counts = np.vstack([self.panel_counts, np.zeros_like(self.panel_counts)])
            self.panel_counts[len(self.panels)] = panel
            self.panels.append(panel)
        self.solver.addCols(
            len(panels),
            np.zeros(len(panels)),
            np.zeros(len(panels)),
            np.full(len(panels), INFINITY),
            position,
            np.array(starts, dtype=np.int64),
            np.concatenate(indices),
            np.concatenate(values),
        )

    def panel_values(self, weights: FloatArray) -> FloatArray:
        """Return sum_t weights[t] x_{P,t} for every known panel P."""
        return np.asarray(self.panel_counts[: len(self.panels)] @ weights, dtype=np.float64)

    def solve(self) -> tuple[FloatArray, float, FloatArray]:
        """Return the pricing weights y_t/c_t, the share z of the target reached, the mix."""
        weights, columns = self._run()
        return weights, float(columns[0]), np.maximum(columns[1:], 0.0)

    def _run(self) -> tuple[FloatArray, FloatArray]:
        """Solve; return the pricing weights y_t/c_t (the type rows' duals) and the columns."""
        self.solver.run()
        status = self.solver.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"LEXIMIN decomposition LP: HiGHS stopped with {status}")
        solution = self.solver.getSolution()
        duals = np.abs(np.asarray(solution.row_dual[: self.count]))
        columns = np.asarray(solution.col_value)
        return duals / self.counts, columns


class _ShortfallLP(_ReachLP):
    """Restricted LP that writes a target probability vector as a mix of known panels.

    min sum_t c_t s_t  s.t.  sum_P lambda_P x_{P,t}/c_t + s_t >= target_t (each type t),
    sum_P lambda_P = 1,  lambda, s >= 0. Zero shortfall s reproduces the target exactly. Unlike
    the share z of `_ReachLP`, the shortfall falls from the first panels on (a type on no panel
    yet does not pin it), so its duals steer the column generation well.
    """

    def __init__(self, types: PoolTypes, target: FloatArray) -> None:
        count = types.type_count
        self.count = count
        self.counts = types.counts.astype(np.float64)
        solver = _panel_master(count, target.astype(np.float64))
        # The first `count` columns are the shortfalls, costing each type's head count.
        solver.addCols(
            count,
            self.counts,
            np.zeros(count),
            np.full(count, INFINITY),
            count,
            np.arange(count, dtype=np.int64),
            np.arange(count, dtype=np.int64),
            np.ones(count),
        )
        self.solver = solver
        self.panels: list[IntArray] = []
        self.panel_counts = np.zeros((64, count))

    def solve(self) -> tuple[FloatArray, float, FloatArray]:
        """Return the pricing weights y_t/c_t, the shortfall in people, the mix."""
        weights, columns = self._run()
        shortfall = float(self.counts @ columns[: self.count])
        return weights, shortfall, np.maximum(columns[self.count :], 0.0)


def _perturbed_pricing(
    oracle: PanelOracle, weights: FloatArray, rng: np.random.Generator
) -> list[IntArray]:
    """Price by rounded LP relaxations under `weights` and perturbed copies of them.

    Returns every distinct panel found (the caller keeps the improving ones). Several
    different panels per round cut the number of master LP solves; the perturbations come
    from a seeded generator, so the run stays deterministic.
    """
    found: list[IntArray] = []
    seen: set[bytes] = set()
    for attempt in range(PERTURBED_PRICINGS):
        trial = weights
        if attempt:
            trial = weights * rng.lognormal(0.0, PERTURBATION, size=len(weights))
        for panel in oracle.rounded_relaxations(trial, ROUNDINGS_PER_PRICING):
            key = panel.tobytes()
            if key not in seen:
                seen.add(key)
                found.append(panel)
    return found


@dataclass
class _Stabiliser:
    """Wentges smoothing of the shortfall LP's duals (Wentges, "Weighted Dantzig-Wolfe
    decomposition for linear mixed-integer programming", Int. Trans. Oper. Res. 4(2), 1997;
    with the misprice rule of Pessoa, Sadykov, Uchoa, Vanderbeck, "Automation and combination
    of linear-programming based stabilization techniques in column generation", INFORMS J.
    Computing 30(2), 2018).

    The master's dual is max_w L(w), L(w) = w.x* - max_P w.P over pricing weights 0 <= w <= 1
    (x* the target in people per type): its maximum is the least shortfall. The restricted
    master's duals jump between extreme points (mostly 0 or 1 here), so pricing at them
    finds panels that fix a few types and unbalance others (tailing). Pricing instead at
    alpha * centre + (1 - alpha) * duals, where the centre is the best w met so far under L
    (estimated with the panels known, as the heuristic pricing cannot bound the maximum),
    finds panels that keep more of the mix. When it finds none that improves the restricted
    master (a misprice), alpha drops to the next of SMOOTHING, ending at 0 (the plain duals),
    so stabilised pricing fails only where plain pricing fails.
    """

    expected: FloatArray
    centre: FloatArray | None = None

    def lagrangian(self, weights: FloatArray, best: float) -> float:
        return float(weights @ self.expected) - best

    def price(
        self,
        oracle: PanelOracle,
        lp: _ReachLP,
        duals: FloatArray,
        threshold: float,
        rng: np.random.Generator,
    ) -> tuple[IntArray, ...]:
        """Return panels improving the restricted master (weights `duals`, above `threshold`)."""
        if self.centre is None:
            self.centre = duals
        centre_value = self.lagrangian(self.centre, float(lp.panel_values(self.centre).max()))
        for alpha in SMOOTHING:
            trial = alpha * self.centre + (1.0 - alpha) * duals
            candidates = _perturbed_pricing(oracle, trial, rng)
            best = float(lp.panel_values(trial).max())
            if candidates:
                best = max(best, float(np.max(np.stack(candidates) @ trial)))
            value = self.lagrangian(trial, best)
            if value > centre_value:
                self.centre, centre_value = trial, value
            found = tuple(panel for panel in candidates if float(duals @ panel) > threshold)
            if found:
                return found
        return ()


def _peel(
    oracle: PanelOracle,
    types: PoolTypes,
    target: FloatArray,
    deadline: float | None,
) -> tuple[list[IntArray], float]:
    """Seed the decomposition by greedy peeling (Caratheodory's construction on panels).

    Walking from the target x* (people per type), take a panel P on the smallest face of the
    relaxation R that holds the current point, P rounded from the relaxation's best panel
    under the current per-person probabilities (so the types furthest above their share go
    first), and remove as much of it as keeps the rest, rescaled, in R: x = w P + (1 - w) x'.
    Each step brings x' onto a smaller face (some type or quota reaches a bound), so there
    are at most about as many steps as types. When R's faces hold panels all the way down
    (always where R is integral) the panels reproduce x* alone; otherwise the walk stops
    where no rounded panel fits, and the column generation finishes from these panels.
    Returns the panels and the share of x* they leave unexplained.
    Effects: restricts `oracle` to ever smaller faces (pass a copy).
    """
    counts = types.counts.astype(np.float64)
    panels: list[IntArray] = []
    current = target * counts
    left = 1.0
    for _ in range(PEEL_RESTARTS):
        residual, remaining = _peel_from(oracle, types, current, counts, panels, deadline)
        left *= remaining
        if remaining > PEEL_REMAINDER or remaining <= 0.0:
            break
        # Below PEEL_REMAINDER the rescaled rest loses precision: walk on from the rest as
        # a new target (it lies on a small face, so this walk is short).
        current = residual / remaining
    LOGGER.debug("peeling: %d panels, %.3g of the target left", len(panels), left)
    return panels, left


def _peel_from(
    oracle: PanelOracle,
    types: PoolTypes,
    expected: FloatArray,
    counts: FloatArray,
    panels: list[IntArray],
    deadline: float | None,
) -> tuple[FloatArray, float]:
    """One walk of `_peel` from `expected`; appends its panels, returns the rest unscaled
    (people per type) and its share."""
    # The bounds of R that the rest, rescaled, must keep.
    minimums = types.minimums.astype(np.float64)
    maximums = np.minimum(types.maximums, types.instance.panel_size).astype(np.float64)
    residual = expected.copy()
    remaining = 1.0
    while remaining > PEEL_REMAINDER:
        if deadline is not None and time.perf_counter() > deadline:
            break
        point = residual / remaining
        oracle.restrict_to_face(point, FACE_TOLERANCE)
        try:
            found = oracle.rounded_relaxations(point / counts, 1)
        except RuntimeError:  # rounding errors left the rest just outside R: stop here
            break
        if not found and panels:
            # No rounding up fits the face: swaps from the last panel, which mostly needs only
            # the types the last step used up replaced (their weight is now far below).
            weights = np.where(oracle.col_upper > 0, point / counts, -1.0)
            swapped = oracle.improve_by_swaps(panels[-1], weights)
            if oracle.on_face(swapped):
                found = [swapped]
        if not found:
            # Roundings up or down, then the whole ILP, coarsely (any panel on the face will do).
            rounding = oracle.best_rounding(point / counts, COVER_GAP)
            if rounding is None:
                best = oracle.best_panel(
                    point / counts, relative_gap=COVER_GAP, solutions=PEEL_SOLUTIONS
                )
                if best is None:
                    break
                rounding = best.counts
            found = [rounding]
        panel = found[0].astype(np.float64)
        held = types.membership @ residual
        on_panel = types.membership @ panel
        limits = [remaining]
        # residual - w P >= 0, and <= (remaining - w) c per type.
        seated = panel > 0
        limits.extend(residual[seated] / panel[seated])
        short = panel < counts
        limits.extend((remaining * counts[short] - residual[short]) / (counts - panel)[short])
        # (remaining - w) l <= held - w on_panel <= (remaining - w) u per quota.
        above = on_panel > minimums
        limits.extend((held - remaining * minimums)[above] / (on_panel - minimums)[above])
        below = on_panel < maximums
        limits.extend((remaining * maximums - held)[below] / (maximums - on_panel)[below])
        weight = max(0.0, min(limits))
        if weight <= PEEL_REMAINDER * 1e-3:
            break
        panels.append(found[0])
        residual = np.maximum(residual - weight * panel, 0.0)
        remaining -= weight
    return residual, remaining


def decompose(
    oracle: PanelOracle,
    types: PoolTypes,
    target: FloatArray,
    seeds: list[IntArray],
    deadline: float | None = None,
    *,
    stabilise: bool = True,
) -> tuple[list[IntArray], FloatArray, float, bool]:
    """Write `target` (per-person probabilities per type) as a mix of panels, by column generation.

    Pricing by rounded LP relaxations under perturbed duals (smoothed by `_Stabiliser` unless
    `stabilise` is False), then swap search from the best known panels, the ILP only when
    both find no improving panel (and to prove that none exists). Returns the panels, their
    weights and the share z of the target reached: every type gets at least z times its
    target; z = 1 (within REACHED_TOLERANCE) when the target lies in the convex hull of the
    panels; below 1 when the ILP proved that no panel improves the mix (the fourth value,
    `outside`, is then True: the target is not in the hull), or when `deadline` (a
    time.perf_counter() value) passed. The oracle may be restricted to the face of the
    relaxation that holds the target (`PanelOracle.restrict_to_face`).
    Preconditions: `seeds` is non-empty. Effects: re-solves the oracle's models.
    Errors: RuntimeError when HiGHS fails.
    """
    rng = np.random.default_rng(0)
    lp = _ShortfallLP(types, target)
    unique = {panel.tobytes(): panel for panel in seeds}
    known = set(unique)
    lp.add_panels(list(unique.values()))
    stabiliser = _Stabiliser(expected=target * types.counts) if stabilise else None
    rounds = 0
    outside = False
    while True:
        weights, shortfall, _ = lp.solve()
        rounds += 1
        if shortfall <= SHORTFALL_TOLERANCE:
            break
        if deadline is not None and time.perf_counter() > deadline:
            break
        values = lp.panel_values(weights)
        threshold = float(values.max()) + PRICING_TOLERANCE
        if stabiliser is not None:
            found = stabiliser.price(oracle, lp, weights, threshold, rng)
        else:
            found = tuple(
                panel
                for panel in _perturbed_pricing(oracle, weights, rng)
                if float(weights @ panel) > threshold
            )
        if not found:
            found = _swap_search(oracle, lp.panels, values, weights, threshold)
        if not found:
            found, _ = oracle.violating_panels(weights, threshold, LOOSE_GAP, TIGHT_GAP)
            outside = not found
        new = []
        for panel in found:
            key = panel.tobytes()
            if key not in known and float(weights @ panel) > threshold:
                known.add(key)
                new.append(panel)
        if rounds % 25 == 0:
            LOGGER.debug(
                "decomposition round %d: shortfall %.3g people, %d panels",
                rounds,
                shortfall,
                len(lp.panels),
            )
        if not new:
            break
        lp.add_panels(new)
    # The mix that gives every type the largest common share z of its target.
    reach = _ReachLP(types, target)
    reach.add_panels(lp.panels)
    _, reached, mix = reach.solve()
    LOGGER.debug(
        "decomposition: %d rounds, %d panels, shortfall %.3g, %.10f of the target",
        rounds,
        len(lp.panels),
        shortfall,
        reached,
    )
    return lp.panels, mix, reached, outside


def panel_weights(types: PoolTypes, panels: list[IntArray], target: FloatArray) -> FloatArray:
    """Return weights on `panels` whose type probabilities come closest to `target` from below.

    Minimises the total shortfall sum_t c_t max(0, target_t - pi_t) by LP; for LEXIMIN targets
    computed on these panels the shortfall is zero up to solver tolerance.
    Preconditions: `panels` is non-empty. Effects: none.
    Errors: RuntimeError when HiGHS fails.
    """
    count = types.type_count
    counts = types.counts.astype(np.float64)
    solver = quiet_highs()
    solver.setOptionValue("primal_feasibility_tolerance", 1e-10)
    solver.setOptionValue("dual_feasibility_tolerance", 1e-10)
    solver.addRows(
        count,
        target.astype(np.float64),
        np.full(count, INFINITY),
        0,
        np.zeros(0, dtype=np.int64),
        np.zeros(0, dtype=np.int64),
        np.zeros(0),
    )
    solver.addRow(1.0, 1.0, 0, np.zeros(0, dtype=np.int64), np.zeros(0))
    starts: list[int] = []
    indices: list[IntArray] = []
    values: list[FloatArray] = []
    position = 0
    for panel in panels:
        present = np.flatnonzero(panel).astype(np.int64)
        starts.append(position)
        indices.append(np.append(present, count))
        values.append(np.append(panel[present] / counts[present], 1.0))
        position += len(present) + 1
    solver.addCols(
        len(panels),
        np.zeros(len(panels)),
        np.zeros(len(panels)),
        np.full(len(panels), INFINITY),
        position,
        np.array(starts, dtype=np.int64),
        np.concatenate(indices),
        np.concatenate(values),
    )
    # Shortfall columns: one per type, costing its head count.
    solver.addCols(
        count,
        counts,
        np.zeros(count),
        np.full(count, INFINITY),
        count,
        np.arange(count, dtype=np.int64),
        np.arange(count, dtype=np.int64),
        np.ones(count),
    )
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"panel weights LP: HiGHS stopped with {solver.getModelStatus()}")
    weights = np.maximum(np.asarray(solver.getSolution().col_value[: len(panels)]), 0.0)
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def leximin_probabilities(
    types: PoolTypes, *, max_levels: int | None = None, time_limit: float | None = None
) -> LeximinResult:
    """Compute the LEXIMIN selection probabilities and a panel distribution that achieves them.

    First the LEXIMIN over the LP relaxation (`relaxation.relaxation_leximin`), an upper bound
    in the leximin order; then column generation writes it as a mix of panels. A mix with no
    shortfall proves it is the exact LEXIMIN. When the pricing ILP proves that the relaxation's
    point is not a mix of panels, the level-by-level column generation of the paper runs,
    seeded with the panels found so far. After `time_limit` seconds (None: no limit) the best
    mix so far is returned with `exact=False`: every type then has at least `target_share`
    times its value in the upper bound, so the minimum is within that factor of the optimum's.
    Preconditions: none. `max_levels=1` stops after the first level (MAXIMIN: the LEXIMIN
    minimum, with the other probabilities only feasible, not leximin-optimal) and uses the
    level-by-level method directly.
    Effects: none; deterministic (HiGHS with a fixed seed, perturbations from a fixed seed),
    except that where the time limit cuts the run depends on the machine's speed.
    Errors: InfeasibleQuotasError (naming conflicting quotas) when no panel meets the quotas;
    RuntimeError when HiGHS fails.
    """
    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit
    check_feasible(types)
    oracle = PanelOracle(types)
    if max_levels is not None:
        panels, impossible = _cover_types(oracle, types)
        return _level_by_level(types, oracle, panels, impossible, max_levels, None, None)
    upper = relaxation_leximin(types)
    # The fixing slack leaves the sum a hair above k; a target summing to k exactly can be met.
    target = upper * (types.instance.panel_size / float(types.counts @ upper))
    minimum_bound = float(upper[types.counts > 0].min())
    # Only panels on the face of the relaxation that holds the target can take part in a mix
    # reaching it: price over that face, seeded with a rounded relaxation on it.
    face = PanelOracle(types)
    face.restrict_to_face(target * types.counts, FACE_TOLERANCE)
    # A run the time limit may cut needs every type on some panel, or its certified share is
    # 0: on large pools, cover them first (rounded relaxations, the ILP for the rest).
    cover: list[IntArray] = []
    if deadline is not None and types.type_count >= SWAP_FIRST_TYPES:
        cover, _ = _cheap_cover(oracle, types, deadline)
    peeler = PanelOracle(types)
    peeler.restrict_to_face(target * types.counts, FACE_TOLERANCE)
    peel_deadline = (
        None
        if deadline is None
        else time.perf_counter() + PEEL_TIME_SHARE * (deadline - time.perf_counter())
    )
    seeds, _ = _peel(peeler, types, target, peel_deadline)
    if not seeds:
        seeds = face.rounded_relaxations(target, ROUNDINGS_PER_PRICING)
    if not seeds:
        best = face.best_panel(target, relative_gap=COVER_GAP)
        seeds = [] if best is None else [best.counts]
    # Under a time limit, the column generation leaves COVER_RESERVE of it to the cover below.
    generation_deadline = (
        None if deadline is None or time_limit is None else deadline - COVER_RESERVE * time_limit
    )
    if seeds:
        panels, mix, reached, outside = decompose(
            face, types, target, [*seeds, *cover], generation_deadline
        )
    else:  # no panel on the face: the target is no mix of panels
        panels, mix, reached, outside = [], np.zeros(0), 0.0, True
    if panels and not outside and reached < 1.0 - REACHED_TOLERANCE:
        # Cut by the time limit: a type on no panel yet would leave the certified share at 0.
        # Cover the rest (any quota-feasible panel will do now, on the face or not), then mix.
        on_panel = np.stack(panels).sum(axis=0) > 0
        extra, _ = _cheap_cover(oracle, types, deadline, on_panel)
        if extra:
            panels = [*panels, *extra]
            reach = _ReachLP(types, target)
            reach.add_panels(panels)
            _, reached, mix = reach.solve()
    if reached >= 1.0 - REACHED_TOLERANCE or not outside:
        support = np.flatnonzero(mix > 1e-12)
        distribution = PanelDistribution(
            types=types,
            panels=tuple(panels[index] for index in support),
            weights=np.asarray(mix[support] / mix[support].sum(), dtype=np.float64),
        )
        exact = reached >= 1.0 - REACHED_TOLERANCE
        return LeximinResult(
            distribution=distribution,
            type_probabilities=target if exact else distribution.type_probabilities(),
            levels=len(np.unique(np.round(upper, 9))),
            panels_generated=len(panels),
            pricing_rounds=0,
            exact=exact,
            target_share=min(1.0, reached),
            minimum_upper_bound=minimum_bound,
        )
    LOGGER.debug("the relaxation's LEXIMIN is no mix of panels: level-by-level method")
    seeds, impossible = _cheap_cover(oracle, types, deadline)
    LOGGER.debug("%d seed panels, %d types on no panel", len(seeds), len(impossible))
    return _level_by_level(
        types, oracle, [*panels, *seeds], impossible, None, deadline, minimum_bound
    )


def _level_by_level(
    types: PoolTypes,
    oracle: PanelOracle,
    panels: list[IntArray],
    impossible: IntArray,
    max_levels: int | None,
    deadline: float | None,
    minimum_bound: float | None,
) -> LeximinResult:
    """The paper's LEXIMIN: level by level, column generation per level (module docstring).

    Stops early after `max_levels` levels or at `deadline`; the result then says exact=False.
    """
    dual = _LevelLP(types)
    panels = list({panel.tobytes(): panel for panel in panels}.values())
    known = {panel.tobytes() for panel in panels}
    for panel in panels:
        dual.add_panel(panel)
    fixed = np.zeros(types.type_count, dtype=bool)
    probabilities = np.zeros(types.type_count)
    for type_index in impossible:
        dual.exclude(int(type_index))
        fixed[type_index] = True
    levels = 0
    pricing_rounds = 0
    level_value = 0.0
    timed_out = False
    while not fixed.all() and (max_levels is None or levels < max_levels):
        if deadline is not None and time.perf_counter() > deadline:
            timed_out = True
            break
        levels += 1
        while True:
            y, y_hat, level_value = dual.solve()
            weights = y / types.counts
            threshold = y_hat + PRICING_TOLERANCE
            # A loose ILP gap finds violating panels fast; only proving that none exists needs
            # the tight gap, about once per level.
            if types.type_count >= SWAP_FIRST_TYPES:
                found = _swap_search(oracle, panels, dual.panel_values(weights), weights, threshold)
                if not found:
                    found, _ = oracle.violating_panels(weights, threshold, LOOSE_GAP, TIGHT_GAP)
            else:
                found, _ = oracle.violating_panels(weights, threshold, LOOSE_GAP, TIGHT_GAP)
            pricing_rounds += 1
            if pricing_rounds % 25 == 0:
                LOGGER.debug(
                    "round %d: level value %.6f, %d panels, %d found",
                    pricing_rounds,
                    level_value,
                    len(panels),
                    len(found),
                )
            if not found:
                break
            added = 0
            for panel in found:
                key = panel.tobytes()
                if key not in known and float(weights @ panel) > threshold:
                    known.add(key)
                    panels.append(panel)
                    dual.add_panel(panel)
                    added += 1
            if added == 0:
                break  # within solver tolerance: no new panel improves the level
        unfixed = np.flatnonzero(~fixed)
        to_fix = unfixed[y[unfixed] > FIXING_TOLERANCE]
        if len(to_fix) == 0:
            to_fix = unfixed[[int(np.argmax(y[unfixed]))]]
        LOGGER.debug(
            "level %d: value %.6f, %d types fixed, %d unfixed, %d panels, %d pricing rounds",
            levels,
            level_value,
            len(to_fix),
            int((~fixed).sum()) - len(to_fix),
            len(panels),
            pricing_rounds,
        )
        for type_index in to_fix:
            probabilities[type_index] = level_value
            fixed[type_index] = True
            dual.fix(int(type_index), level_value)
    # After an early stop (MAXIMIN) the unfixed types are only known to reach the last level.
    target = np.where(fixed, probabilities, level_value)
    weights = panel_weights(types, panels, target)
    support = np.flatnonzero(weights > 1e-12)
    distribution = PanelDistribution(
        types=types,
        panels=tuple(panels[index] for index in support),
        weights=np.asarray(weights[support] / weights[support].sum(), dtype=np.float64),
    )
    exact = bool(fixed.all()) and not timed_out
    return LeximinResult(
        distribution=distribution,
        type_probabilities=probabilities if exact else distribution.type_probabilities(),
        levels=levels,
        panels_generated=len(panels),
        pricing_rounds=pricing_rounds,
        exact=exact,
        target_share=1.0,
        minimum_upper_bound=minimum_bound,
    )
