"""The maximally diverse grouping problem (MDGP): its data, its result and its feasibility checks.

Problem of Feo and Khellaf (1990) as benchmarked by Gallego, Laguna, Martí and Duarte (J. Oper. Res.
Soc. 2013): split ``n`` elements into ``G`` groups with ``lower[g] <= |group g| <= upper[g]``,
maximising the sum of the distances between members of the same group.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


class InfeasibleTeamsError(ValueError):
    """No grouping can satisfy the bounds or rules; the message says which ones conflict."""


@dataclass(frozen=True)
class GroupingProblem:
    """A symmetric ``n x n`` distance matrix and per-group size bounds ``lower`` and ``upper``."""

    distance: npt.NDArray[np.float64]
    lower: npt.NDArray[np.int64]
    upper: npt.NDArray[np.int64]

    @property
    def element_count(self) -> int:
        """Return the number of elements ``n``."""
        return int(self.distance.shape[0])

    @property
    def group_count(self) -> int:
        """Return the number of groups ``G``."""
        return int(self.lower.shape[0])


@dataclass(frozen=True)
class Grouping:
    """A solution: ``groups[g]`` lists the 0-based elements of group ``g`` in increasing order."""

    groups: list[list[int]]
    objective: float
    seconds: float
    rounds: int


def check_bounds(lower: npt.NDArray[np.int64], upper: npt.NDArray[np.int64], total: int) -> None:
    """Check that ``total`` people fit groups of sizes between ``lower`` and ``upper``.

    Errors: ``InfeasibleTeamsError`` explaining the first conflict found: no group, a negative
    lower bound, a lower bound above its upper bound, or lower bounds that add up to more than the
    people (or upper bounds to fewer).
    """
    if lower.shape != upper.shape or lower.ndim != 1:
        raise InfeasibleTeamsError("each group needs exactly one lower and one upper bound")
    if lower.shape[0] == 0:
        raise InfeasibleTeamsError("there must be at least one group")
    for group, (low, high) in enumerate(zip(lower.tolist(), upper.tolist(), strict=True)):
        if low < 0:
            raise InfeasibleTeamsError(f"group {group} has a negative lower bound {low}")
        if low > high:
            raise InfeasibleTeamsError(
                f"group {group} has lower bound {low} above its upper bound {high}"
            )
    if int(lower.sum()) > total:
        raise InfeasibleTeamsError(
            f"the lower bounds add up to {int(lower.sum())} but there are only {total} people"
        )
    if int(upper.sum()) < total:
        raise InfeasibleTeamsError(
            f"the upper bounds add up to {int(upper.sum())} but there are {total} people"
        )


def check_problem(problem: GroupingProblem) -> None:
    """Check that ``problem`` is well formed and that its bounds admit a grouping.

    Errors: ``ValueError`` for a distance matrix that is not square, symmetric, finite with a
    zero diagonal; ``InfeasibleTeamsError`` for bounds no grouping can meet (see ``check_bounds``).
    """
    distance = problem.distance
    if distance.ndim != 2 or distance.shape[0] != distance.shape[1]:
        raise ValueError("the distance matrix must be square")
    if not np.all(np.isfinite(distance)):
        raise ValueError("the distance matrix must be finite")
    if not np.allclose(distance, distance.T):
        raise ValueError("the distance matrix must be symmetric")
    if np.any(np.diagonal(distance) != 0):
        raise ValueError("the distance matrix must have a zero diagonal")
    check_bounds(problem.lower, problem.upper, problem.element_count)


def grouping_objective(distance: npt.NDArray[np.float64], groups: list[list[int]]) -> float:
    """Return the sum of ``distance[i, j]`` over the pairs ``i < j`` that share a group."""
    return float(sum(distance[np.ix_(group, group)].sum() / 2 for group in groups))
