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
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from impactdays.core.selection.feasibility import (
    INFINITY,
    PanelOracle,
    check_feasible,
    quiet_highs,
)
from impactdays.core.selection.instance import FloatArray, IntArray, PoolTypes
from impactdays.core.selection.lottery import PanelDistribution

# A pricing value within this of y^ does not count as a violated dual constraint.
PRICING_TOLERANCE = 1e-9
# Dual values above this mark a type as fixed at the level's value.
FIXING_TOLERANCE = 1e-7


@dataclass(frozen=True)
class LeximinResult:
    """The LEXIMIN probabilities per type, a distribution reproducing them, and solver counts."""

    distribution: PanelDistribution
    type_probabilities: FloatArray
    levels: int
    panels_generated: int
    pricing_rounds: int


class _DualLevels:
    """The dual LP of the current level, warm-started as panels and fixed types are added."""

    def __init__(self, types: PoolTypes) -> None:
        count = types.type_count
        self.count = count
        self.counts = types.counts.astype(np.float64)
        solver = quiet_highs()
        solver.setOptionValue("primal_feasibility_tolerance", 1e-10)
        solver.setOptionValue("dual_feasibility_tolerance", 1e-10)
        costs = np.zeros(count + 1)
        costs[count] = 1.0
        lower = np.zeros(count + 1)
        lower[count] = -INFINITY
        upper = np.full(count + 1, INFINITY)
        solver.addVars(count + 1, lower, upper)
        solver.changeColsCost(count + 1, np.arange(count + 1, dtype=np.int64), costs)
        solver.addRow(1.0, 1.0, count, np.arange(count, dtype=np.int64), np.ones(count))
        self.solver = solver

    def add_panel(self, panel: IntArray) -> None:
        present = np.flatnonzero(panel).astype(np.int64)
        values = panel[present] / self.counts[present]
        self.solver.addRow(
            -INFINITY,
            0.0,
            len(present) + 1,
            np.append(present, self.count),
            np.append(values, -1.0),
        )

    def fix(self, type_index: int, probability: float) -> None:
        self.solver.changeCoeff(0, type_index, 0.0)
        self.solver.changeColCost(type_index, -probability)

    def exclude(self, type_index: int) -> None:
        """Take a type that no panel can hold out of the LP (its probability is 0)."""
        self.solver.changeCoeff(0, type_index, 0.0)
        self.solver.changeColBounds(type_index, 0.0, 0.0)

    def solve(self) -> tuple[FloatArray, float, float]:
        self.solver.run()
        status = self.solver.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"LEXIMIN dual LP: HiGHS stopped with {status}")
        values = np.asarray(self.solver.getSolution().col_value, dtype=np.float64)
        objective = float(self.solver.getInfo().objective_function_value)
        return np.maximum(values[: self.count], 0.0), float(values[self.count]), objective


def _cover_types(oracle: PanelOracle, types: PoolTypes) -> tuple[list[IntArray], IntArray]:
    """Seed panels until every type that fits on some panel is on one; return them and the rest."""
    covered = np.zeros(types.type_count, dtype=bool)
    panels: list[IntArray] = []
    while not covered.all():
        weights = np.where(covered, 0.0, 1.0 / types.counts)
        best = oracle.best_panel(weights)
        if best is None:  # pragma: no cover - feasibility is checked first
            break
        newly = (best.counts > 0) & ~covered
        if not newly.any():
            break
        panels.append(best.counts)
        covered |= best.counts > 0
    return panels, np.flatnonzero(~covered).astype(np.int64)


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


def leximin_probabilities(types: PoolTypes, *, max_levels: int | None = None) -> LeximinResult:
    """Compute the LEXIMIN selection probabilities and a panel distribution that achieves them.

    Preconditions: none. `max_levels=1` stops after the first level (MAXIMIN: the LEXIMIN
    minimum, with the other probabilities only feasible, not leximin-optimal).
    Effects: none; deterministic (HiGHS with a fixed seed).
    Errors: InfeasibleQuotasError (naming conflicting quotas) when no panel meets the quotas;
    RuntimeError when HiGHS fails.
    """
    check_feasible(types)
    oracle = PanelOracle(types)
    dual = _DualLevels(types)
    panels, impossible = _cover_types(oracle, types)
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
    while not fixed.all() and (max_levels is None or levels < max_levels):
        levels += 1
        while True:
            y, y_hat, level_value = dual.solve()
            best = oracle.best_panel(y / types.counts)
            pricing_rounds += 1
            if best is None or best.bound <= y_hat + PRICING_TOLERANCE:
                break
            key = best.counts.tobytes()
            if key in known or best.value <= y_hat + PRICING_TOLERANCE:
                break  # within solver tolerance: no panel improves the level
            known.add(key)
            panels.append(best.counts)
            dual.add_panel(best.counts)
        unfixed = np.flatnonzero(~fixed)
        to_fix = unfixed[y[unfixed] > FIXING_TOLERANCE]
        if len(to_fix) == 0:
            to_fix = unfixed[[int(np.argmax(y[unfixed]))]]
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
    return LeximinResult(
        distribution=distribution,
        type_probabilities=probabilities,
        levels=levels,
        panels_generated=len(panels),
        pricing_rounds=pricing_rounds,
    )
