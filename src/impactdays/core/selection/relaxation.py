"""LEXIMIN over the LP relaxation of the panel polytope: an upper bound that is often exact.

Method: the expected panel E[x] of any distribution over quota-feasible panels lies in the
convex hull H of the integer panels, and H lies in the relaxation
R = {x : 0 <= x_t <= c_t, sum_t x_t = k, l_q <= sum_{t holds q} x_t <= u_q}. The LEXIMIN of
the per-person probabilities x_t/c_t over R is therefore at least as good, in the leximin order,
as the LEXIMIN over H (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 596:548-552, 2021, whose
LEXIMIN is the one over H). Over R it is a sequence of compact LPs (one variable per type, one
row per quota), level by level as in the paper; a type is fixed when its row's dual is positive
(complementary slackness: it sits at the level's value in every optimum). The LEXIMIN point over
a convex set is unique, so when the relaxation's point lies in H (always when R is integral, as
with two categories, and often with wide quotas) it *is* the LEXIMIN over H; `leximin` then only
has to decompose it into panels, and a decomposition with zero shortfall certifies exactness.
"""

from __future__ import annotations

import highspy
import numpy as np

from impactdays.core.selection.feasibility import INFINITY, add_panel_rows, quiet_highs
from impactdays.core.selection.instance import FloatArray, PoolTypes

# Dual values above this mark a type as fixed at the level's value.
FIXING_TOLERANCE = 1e-9
# Fixed probabilities enter later levels lowered by this much (numerical safety margin).
FIXING_SLACK = 1e-10


def relaxation_leximin(types: PoolTypes) -> FloatArray:
    """Return the LEXIMIN per-person probabilities of each type over the LP relaxation.

    Preconditions: some panel meets the quotas (so R is non-empty). Effects: none;
    deterministic. Errors: RuntimeError when HiGHS fails.
    Returned values are per person (x_t / c_t), one per type.
    """
    count = types.type_count
    counts = types.counts.astype(np.float64)
    solver = quiet_highs()
    solver.setOptionValue("primal_feasibility_tolerance", 1e-10)
    solver.setOptionValue("dual_feasibility_tolerance", 1e-10)
    solver.setOptionValue("presolve", "off")
    # Columns: x_0 .. x_{T-1}, then z.
    solver.addVars(count, np.zeros(count), counts)
    solver.addVar(-INFINITY, INFINITY)
    solver.changeColCost(count, 1.0)
    add_panel_rows(solver, types)
    first_level_row = solver.getNumRow()
    # x_t - c_t z >= 0 for each type while unfixed.
    for type_index in range(count):
        solver.addRow(
            0.0,
            INFINITY,
            2,
            np.array([type_index, count], dtype=np.int64),
            np.array([1.0, -counts[type_index]]),
        )
    solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
    fixed = np.zeros(count, dtype=bool)
    probabilities = np.zeros(count)
    while not fixed.all():
        solver.run()
        status = solver.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"relaxation LEXIMIN: HiGHS stopped with {status}")
        solution = solver.getSolution()
        level = float(solution.col_value[count])
        duals = np.abs(np.asarray(solution.row_dual[first_level_row:]))
        unfixed = np.flatnonzero(~fixed)
        to_fix = unfixed[duals[unfixed] > FIXING_TOLERANCE]
        if len(to_fix) == 0:
            to_fix = unfixed[[int(np.argmax(duals[unfixed]))]]
        for type_index in to_fix:
            probabilities[type_index] = level
            fixed[type_index] = True
            row = first_level_row + int(type_index)
            solver.changeCoeff(row, count, 0.0)
            solver.changeRowBounds(
                row, max(0.0, (level - FIXING_SLACK) * counts[type_index]), INFINITY
            )
    return np.minimum(probabilities, 1.0)
