"""Quota-feasible panels over types: the pricing ILP and the explanation of infeasible quotas.

Method: a panel is an integer vector x over types with 0 <= x_t <= count_t, sum x = k and
l_q <= sum_{t holds q} x_t <= u_q for every quota q (Flanigan et al., Nature 596:548-552, 2021,
Methods "panel ILP"; posed over types as in the shared selection-method note). The ILP is solved
with HiGHS (Huangfu and Hall, "Parallelizing the dual revised simplex method", Math. Prog. Comp.
10, 2018; MIP solver by Galabova and Feldmeier). When no panel exists, a deletion filter
(Chinneck and Dravnieks, "Locating minimal infeasible constraint sets in linear programs", ORSA
J. Computing 3(2), 1991) relaxes quota bounds one at a time and keeps only those whose relaxation
makes a panel possible: an irreducible set of conflicting quotas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import highspy
import numpy as np
from highspy._core import _Highs

from impactdays.core.selection.instance import FloatArray, IntArray, PoolTypes, Quota

INFINITY = highspy.kHighsInf


def quiet_highs() -> _Highs:
    """Return a HiGHS instance that prints nothing and runs deterministically.

    The bare binding `_Highs` is used because the `highspy.Highs` wrapper prints HiGHS's banner
    on standard output when it is created, before any option can be set, which would corrupt the
    command's JSON output.
    Preconditions: none. Effects: none. Errors: none.
    """
    solver = _Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("random_seed", 0)
    return solver


@dataclass(frozen=True)
class BestPanel:
    """The answer of the pricing ILP: a panel, its value and an upper bound on the optimum.

    `found` holds every improving panel the ILP met on its way, the best one last.
    """

    counts: IntArray
    value: float
    bound: float
    found: tuple[IntArray, ...]


def add_panel_rows(solver: _Highs, types: PoolTypes) -> None:
    """Add the rows every panel meets over the first `types.type_count` columns (people taken
    from each type): k people in all, and each quota's minimum and maximum."""
    count = types.type_count
    k = types.instance.panel_size
    everyone = np.arange(count, dtype=np.int64)
    solver.addRow(k, k, count, everyone, np.ones(count))
    for quota_index in range(len(types.instance.quotas)):
        holders = np.flatnonzero(types.membership[quota_index]).astype(np.int64)
        solver.addRow(
            float(types.minimums[quota_index]),
            float(min(types.maximums[quota_index], k)),
            len(holders),
            holders,
            np.ones(len(holders)),
        )


class PanelOracle:
    """A HiGHS ILP over types that finds quota-feasible panels of maximum weight."""

    def __init__(self, types: PoolTypes) -> None:
        """Build the panel ILP for `types`.

        Preconditions: none. Effects: none. Errors: none.
        """
        self.types = types
        count = types.type_count
        solver = quiet_highs()
        solver.setOptionValue("mip_abs_gap", 1e-12)
        solver.setOptionValue("mip_feasibility_tolerance", 1e-9)
        solver.setOptionValue("mip_improving_solution_save", True)
        # The ILP is small and re-solved hundreds of times with new weights: presolve and
        # symmetry detection cost more than they save here.
        solver.setOptionValue("presolve", "off")
        solver.setOptionValue("mip_detect_symmetry", False)
        solver.addVars(count, np.zeros(count), types.counts.astype(np.float64))
        solver.changeColsIntegrality(
            count,
            np.arange(count, dtype=np.int64),
            np.full(count, highspy.HighsVarType.kInteger.value, dtype=np.uint8),
        )
        add_panel_rows(solver, types)
        solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.solver = solver
        # The LP relaxation, warm-started between calls: often integral (always with two
        # categories, where the constraint matrix is an interval matrix pair, a network), and its
        # bound alone often proves that no panel violates the dual.
        relaxation = quiet_highs()
        relaxation.passModel(solver.getLp())
        relaxation.changeColsIntegrality(
            count,
            np.arange(count, dtype=np.int64),
            np.full(count, highspy.HighsVarType.kContinuous.value, dtype=np.uint8),
        )
        relaxation.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.relaxation = relaxation
        # type_values[t, j]: the quota index of type t's value in the j-th category.
        category_of = [types.instance.categories.index(q.category) for q in types.instance.quotas]
        self.type_values = np.zeros((count, len(types.instance.categories)), dtype=np.int64)
        for quota_index, category in enumerate(category_of):
            holders = np.flatnonzero(types.membership[quota_index])
            self.type_values[holders, category] = quota_index
        # The bounds every panel this oracle returns meets: the quotas and the pool at first,
        # a face of the relaxation after `restrict_to_face`.
        self.row_minimums = types.minimums.copy()
        self.row_maximums = np.minimum(types.maximums, types.instance.panel_size)
        self.col_lower = np.zeros(count, dtype=np.int64)
        self.col_upper = types.counts.copy()
        self.last_relaxed = np.zeros(count)

    def restrict_to_face(self, expected: FloatArray, tolerance: float) -> None:
        """Keep only the panels on the smallest face of the relaxation R that holds `expected`.

        `expected` (people per type) is a point of R. A panel that appears with positive weight
        in a mix whose mean is `expected` meets with equality every bound of R that `expected`
        meets (within `tolerance`): it seats every member of a type that is always seated, no
        one of a type that never is, and fills a quota to its minimum (maximum) when the mean
        does. So pricing over that face loses no panel that a decomposition could use.
        Preconditions: `expected` lies in R. Effects: changes the ILP, its relaxation and the
        bounds the swap and rounding heuristics keep. Errors: none.
        """
        count = self.types.type_count
        counts = self.types.counts
        self.col_lower = np.where(expected >= counts - tolerance, counts, 0).astype(np.int64)
        self.col_upper = np.where(expected <= tolerance, 0, counts).astype(np.int64)
        held = self.types.membership @ expected
        minimums, maximums = self.row_minimums, self.row_maximums
        self.row_minimums = np.where(held >= maximums - tolerance, maximums, minimums)
        self.row_maximums = np.where(held <= minimums + tolerance, minimums, maximums)
        everyone = np.arange(count, dtype=np.int64)
        lower = self.col_lower.astype(np.float64)
        upper = self.col_upper.astype(np.float64)
        for solver in (self.solver, self.relaxation):
            solver.changeColsBounds(count, everyone, lower, upper)
            for quota_index in range(len(held)):
                solver.changeRowBounds(
                    quota_index + 1,
                    float(self.row_minimums[quota_index]),
                    float(self.row_maximums[quota_index]),
                )

    def on_face(self, panel: IntArray) -> bool:
        """Return whether `panel` meets the quotas, the pool and the face of `restrict_to_face`.

        Preconditions: `panel` has one entry per type. Effects: none. Errors: none.
        """
        held = self.types.membership @ panel
        return bool(
            panel.sum() == self.types.instance.panel_size
            and (panel >= self.col_lower).all()
            and (panel <= self.col_upper).all()
            and (held >= self.row_minimums).all()
            and (held <= self.row_maximums).all()
        )

    def set_quota_bounds(self, quota_index: int, minimum: float, maximum: float) -> None:
        """Replace the bounds of one quota row (used to relax quotas while explaining).

        Preconditions: 0 <= quota_index < number of quotas. Effects: changes the ILP.
        Errors: none.
        """
        self.solver.changeRowBounds(quota_index + 1, minimum, maximum)

    def best_panel(
        self, weights: FloatArray, relative_gap: float = 1e-9, *, solutions: int | None = None
    ) -> BestPanel | None:
        """Return a panel maximising sum_t weights[t] * x_t, or None when no panel exists.

        Preconditions: `weights` has one entry per type. Effects: re-solves the ILP, stopping
        when the incumbent is within `relative_gap` of the bound, or (when `solutions` is
        given) after that many improving panels: then `bound` is only the ILP's bound so far.
        Errors: RuntimeError when HiGHS stops for another reason than optimality, infeasibility
        or that solution limit.
        """
        count = self.types.type_count
        self.solver.changeColsCost(count, np.arange(count, dtype=np.int64), weights)
        self.solver.setOptionValue("mip_rel_gap", relative_gap)
        if solutions is not None:
            self.solver.setOptionValue("mip_max_improving_sols", solutions)
        try:
            self.solver.run()
        finally:
            if solutions is not None:
                self.solver.setOptionValue("mip_max_improving_sols", 2147483647)
        status = self.solver.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        stopped_early = (
            solutions is not None
            and status == highspy.HighsModelStatus.kSolutionLimit
            and self.solver.getInfo().primal_solution_status == 2  # a feasible solution
        )
        if status != highspy.HighsModelStatus.kOptimal and not stopped_early:
            raise RuntimeError(f"panel ILP: HiGHS stopped with {status}")
        counts = np.rint(np.asarray(self.solver.getSolution().col_value)).astype(np.int64)
        value = float(weights @ counts)
        bound = max(value, float(self.solver.getInfo().mip_dual_bound))
        found = tuple(
            np.rint(np.asarray(solution.col_value)).astype(np.int64)
            for solution in self.solver.getSavedMipSolutions()
        )
        return BestPanel(counts=counts, value=value, bound=bound, found=(*found, counts))

    def improve_by_swaps(self, start: IntArray, weights: FloatArray) -> IntArray:
        """Return a panel reached from `start` by best-improving swaps of one member's type.

        A swap takes one member of type a off the panel and seats one more of type b; it keeps
        every quota when, in each category where a and b differ, a's value stays at or above its
        minimum and b's value at or below its maximum. Stops at a local optimum.
        Keeps the face of `restrict_to_face` when one is set.
        Preconditions: `start` is a quota-feasible panel (on that face). Effects: none.
        Errors: none.
        """
        panel = start.copy()
        held = self.types.membership @ panel
        minimums, maximums = self.row_minimums, self.row_maximums
        for _ in range(4 * self.types.instance.panel_size):
            can_lose = held - 1 >= minimums
            can_gain = held + 1 <= maximums
            seated = np.flatnonzero(panel > self.col_lower)
            open_types = np.flatnonzero(panel < self.col_upper)
            if len(seated) == 0 or len(open_types) == 0:
                break
            gains = weights[open_types][None, :] - weights[seated][:, None]
            allowed = gains > 1e-12
            for category in range(self.type_values.shape[1]):
                lose = self.type_values[seated, category]
                gain = self.type_values[open_types, category]
                allowed &= (lose[:, None] == gain[None, :]) | (
                    can_lose[lose][:, None] & can_gain[gain][None, :]
                )
            if not allowed.any():
                break
            flat = int(np.argmax(np.where(allowed, gains, -np.inf)))
            out_type = seated[flat // len(open_types)]
            in_type = open_types[flat % len(open_types)]
            panel[out_type] -= 1
            panel[in_type] += 1
            held += self.types.membership[:, in_type] - self.types.membership[:, out_type]
        return panel

    def rounded_relaxation(self, weights: FloatArray) -> IntArray | None:
        """Return the first of `rounded_relaxations(weights)`, or None when there is none.

        Preconditions: `weights` has one entry per type. Effects: re-solves the relaxation.
        Errors: RuntimeError when HiGHS fails.
        """
        found = self.rounded_relaxations(weights, 1)
        return found[0] if found else None

    def rounded_relaxations(self, weights: FloatArray, limit: int) -> list[IntArray]:
        """Return up to `limit` panels near the best of the LP relaxation under `weights`.

        Solves the warm-started relaxation; its basic solution has at most one fractional
        coordinate per row (about as many as quotas), so choosing which of those to round up
        is a tiny search (`_round_up_some`). A fast pricing heuristic for large pools, where
        the full ILP costs seconds. Empty when the search finds no rounding that meets the quotas.
        Preconditions: `weights` has one entry per type. Effects: re-solves the relaxation.
        Errors: RuntimeError when HiGHS fails.
        """
        count = self.types.type_count
        self.relaxation.changeColsCost(count, np.arange(count, dtype=np.int64), weights)
        self.relaxation.run()
        if self.relaxation.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"panel LP: HiGHS stopped with {self.relaxation.getModelStatus()}")
        relaxed = np.asarray(self.relaxation.getSolution().col_value)
        self.last_relaxed = relaxed
        base = np.floor(relaxed + 1e-9)
        fractional = np.flatnonzero(relaxed - base > 1e-9)
        panel = base.astype(np.int64)
        if len(fractional) == 0:
            return [panel]
        k = self.types.instance.panel_size
        held = self.types.membership @ panel
        choices = _round_up_some(
            self.types.membership[:, fractional],
            weights[fractional],
            k - int(panel.sum()),
            self.row_minimums - held,
            self.row_maximums - held,
            limit,
        )
        panels = []
        for chosen in choices:
            rounded = panel.copy()
            rounded[fractional] += chosen
            panels.append(rounded)
        return panels

    def best_rounding(self, weights: FloatArray, relative_gap: float) -> IntArray | None:
        """Return the best panel (within `relative_gap`) among the roundings, up or down, of
        the last relaxed solution of `rounded_relaxations`, or None when none meets the quotas.

        The ILP with every integral coordinate fixed: a few dozen free variables, so it costs
        a small share of the full ILP; for when `_round_up_some`'s search finds nothing.
        Preconditions: `rounded_relaxations` ran. Effects: re-solves the ILP (its column
        bounds are restored). Errors: RuntimeError when HiGHS fails.
        """
        count = self.types.type_count
        everyone = np.arange(count, dtype=np.int64)
        lower = np.maximum(np.floor(self.last_relaxed + 1e-9), self.col_lower)
        upper = np.minimum(np.ceil(self.last_relaxed - 1e-9), self.col_upper)
        self.solver.changeColsBounds(count, everyone, lower, np.maximum(lower, upper))
        self.solver.setOptionValue("presolve", "on")
        try:
            best = self.best_panel(weights, relative_gap)
        finally:
            self.solver.setOptionValue("presolve", "off")
            self.solver.changeColsBounds(
                count,
                everyone,
                self.col_lower.astype(np.float64),
                self.col_upper.astype(np.float64),
            )
        return None if best is None else best.counts

    def violating_panels(
        self, weights: FloatArray, threshold: float, loose_gap: float, tight_gap: float
    ) -> tuple[tuple[IntArray, ...], float]:
        """Return panels with sum_t weights[t] x_t > threshold (best last) and an upper bound.

        Tries the LP relaxation first (integral or bounded below `threshold` settles it), then
        the ILP with `loose_gap`, and with `tight_gap` only when the loose run can neither find
        nor exclude a violating panel. An empty tuple means that no panel exceeds the threshold
        by more than the tight gap.
        Preconditions: some panel meets the quotas. Effects: re-solves the LP and maybe the ILP.
        Errors: RuntimeError when HiGHS fails.
        """
        count = self.types.type_count
        self.relaxation.changeColsCost(count, np.arange(count, dtype=np.int64), weights)
        self.relaxation.run()
        if self.relaxation.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"panel LP: HiGHS stopped with {self.relaxation.getModelStatus()}")
        relaxed = np.asarray(self.relaxation.getSolution().col_value)
        lp_bound = float(self.relaxation.getInfo().objective_function_value)
        if lp_bound <= threshold:
            return (), lp_bound
        rounded = np.rint(relaxed)
        if np.abs(relaxed - rounded).max() <= 1e-9:
            return (rounded.astype(np.int64),), lp_bound
        bound = lp_bound
        for gap in (loose_gap, tight_gap):
            best = self.best_panel(weights, relative_gap=gap)
            if best is None:  # pragma: no cover - the caller checks feasibility first
                return (), -INFINITY
            bound = min(bound, best.bound)
            if best.value > threshold:
                found = tuple(panel for panel in best.found if float(weights @ panel) > threshold)
                return found, bound
            if bound <= threshold:
                break
        return (), bound

    def has_panel(self) -> bool:
        """Return whether some panel meets the current quotas.

        Preconditions: none. Effects: re-solves the ILP. Errors: as `best_panel`.
        """
        return self.best_panel(np.zeros(self.types.type_count)) is not None


# Nodes the rounding search may visit before it gives up (it is a heuristic).
ROUNDING_NODES = 2000


def _round_up_some(
    membership: IntArray,
    weights: FloatArray,
    seats: int,
    needed: IntArray,
    room: IntArray,
    limit: int = 1,
) -> list[IntArray]:
    """Choose `seats` of the columns (0/1 each) meeting quota bounds, heaviest first.

    `membership[q, j]` says whether column j holds quota q; the chosen columns must give each
    quota q at least `needed[q]` and at most `room[q]` holders. Depth-first search over the
    columns by descending weight, rounding up first, with pruning on the quota bounds; returns
    up to `limit` choices in the order found (none when there is none, or after
    ROUNDING_NODES nodes: it is a heuristic).
    """
    size = len(weights)
    if seats < 0 or seats > size or (room < 0).any():
        return []
    order = np.argsort(-weights, kind="stable")
    columns = membership[:, order].T.astype(np.int64)
    # remaining[i, q]: holders of q among the columns at positions i and after.
    remaining = np.vstack([np.cumsum(columns[::-1], axis=0)[::-1], np.zeros(len(needed))])
    picked = np.zeros(size, dtype=np.int64)
    results: list[IntArray] = []
    nodes = 0

    def search(position: int, left: int, held: IntArray) -> bool:
        """Extend the choice from `position`; True once enough choices are found."""
        nonlocal nodes
        nodes += 1
        if nodes > ROUNDING_NODES:
            return True
        if left == 0:
            if (held >= needed).all():
                result = np.zeros(size, dtype=np.int64)
                result[order] = picked
                results.append(result)
            return len(results) >= limit
        if size - position < left or (held + remaining[position] < needed).any():
            return False
        column = columns[position]
        if ((held + column) <= room).all():
            picked[position] = 1
            if search(position + 1, left - 1, held + column):
                return True
            picked[position] = 0
        return search(position + 1, left, held)

    search(0, seats, np.zeros(len(needed), dtype=np.int64))
    return results


@dataclass(frozen=True)
class QuotaBound:
    """One side of a quota that takes part in a conflict, with how many in the pool hold it."""

    quota: Quota
    side: Literal["min", "max"]
    pool_count: int

    def describe(self) -> str:
        """Return e.g. `gender=female min 12 (pool has 9)`.

        Preconditions: none. Effects: none. Errors: none.
        """
        bound = self.quota.minimum if self.side == "min" else self.quota.maximum
        return f"{self.quota.label()} {self.side} {bound} (pool has {self.pool_count})"


class InfeasibleQuotasError(ValueError):
    """No panel of the requested size meets the quotas; `conflicts` names quotas that clash."""

    def __init__(self, panel_size: int, pool_size: int, conflicts: tuple[QuotaBound, ...]) -> None:
        """Build the message from the conflicting quota bounds.

        Preconditions: none. Effects: none. Errors: none.
        """
        self.panel_size = panel_size
        self.pool_size = pool_size
        self.conflicts = conflicts
        if conflicts:
            listed = "; ".join(bound.describe() for bound in conflicts)
            message = (
                f"no panel of {panel_size} people meets the quotas. These quota bounds conflict "
                f"(relaxing any one of them makes a panel possible): {listed}"
            )
        else:
            message = f"no panel of {panel_size} people: the pool has only {pool_size} people"
        super().__init__(message)


def conflicting_quotas(types: PoolTypes) -> tuple[QuotaBound, ...]:
    """Return an irreducible set of quota bounds that together admit no panel.

    Preconditions: no panel meets all quotas. Effects: none.
    Errors: none. Returns () when the pool alone cannot fill the panel (fewer than k people).
    """
    oracle = PanelOracle(types)
    k = types.instance.panel_size
    quotas = types.instance.quotas
    pool_counts = types.membership @ types.counts
    minimums = [float(q.minimum) for q in quotas]
    maximums = [float(min(q.maximum, k)) for q in quotas]
    candidates: list[tuple[int, Literal["min", "max"]]] = []
    for index, quota in enumerate(quotas):
        if quota.minimum > 0:
            candidates.append((index, "min"))
        if quota.maximum < min(k, int(pool_counts[index])):
            candidates.append((index, "max"))
    essential: list[tuple[int, Literal["min", "max"]]] = []
    for index, side in candidates:
        if side == "min":
            minimums[index] = 0.0
        else:
            maximums[index] = float(k)
        oracle.set_quota_bounds(index, minimums[index], maximums[index])
        if oracle.has_panel():
            essential.append((index, side))
            if side == "min":
                minimums[index] = float(quotas[index].minimum)
            else:
                maximums[index] = float(min(quotas[index].maximum, k))
            oracle.set_quota_bounds(index, minimums[index], maximums[index])
    return tuple(
        QuotaBound(quota=quotas[index], side=side, pool_count=int(pool_counts[index]))
        for index, side in essential
    )


def check_feasible(types: PoolTypes) -> None:
    """Raise InfeasibleQuotasError, naming conflicting quotas, when no panel meets the quotas.

    Preconditions: none. Effects: none. Errors: InfeasibleQuotasError.
    """
    if PanelOracle(types).has_panel():
        return
    raise InfeasibleQuotasError(
        panel_size=types.instance.panel_size,
        pool_size=types.instance.pool_size,
        conflicts=conflicting_quotas(types),
    )
