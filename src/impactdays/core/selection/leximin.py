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

import logging
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


@dataclass(frozen=True)
class LeximinResult:
    """The LEXIMIN probabilities per type, a distribution reproducing them, and solver counts."""

    distribution: PanelDistribution
    type_probabilities: FloatArray
    levels: int
    panels_generated: int
    pricing_rounds: int


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
        solver = quiet_highs()
        solver.setOptionValue("primal_feasibility_tolerance", 1e-10)
        solver.setOptionValue("dual_feasibility_tolerance", 1e-10)
        # New panels are new columns: the basis stays primal feasible, so primal simplex resumes.
        solver.setOptionValue("simplex_strategy", 4)
        solver.setOptionValue("presolve", "off")
        solver.addRows(
            count,
            np.zeros(count),
            np.full(count, INFINITY),
            0,
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
            np.zeros(0),
        )
        solver.addRow(1.0, 1.0, 0, np.zeros(0, dtype=np.int64), np.zeros(0))
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
    dual = _LevelLP(types)
    panels, impossible = _cover_types(oracle, types)
    LOGGER.debug("%d seed panels, %d types on no panel", len(panels), len(impossible))
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
    return LeximinResult(
        distribution=distribution,
        type_probabilities=probabilities,
        levels=levels,
        panels_generated=len(panels),
        pricing_rounds=pricing_rounds,
    )
