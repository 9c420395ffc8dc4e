"""Form maximally diverse groups: the plain maximally diverse grouping problem (MDGP).

Method: the annealed maxima search of ``impactdays.core.teams.search`` (move and swap neighbourhoods
with constant-time gains, Gallego et al. 2013 and Lai and Hao, EJOR 254(3), 2016; perturbation and
refinement phases after Yang et al., EJOR 302(3), 2022), applied with every element its own unit.
"""

import numpy as np

from impactdays.core.teams.problem import (
    Grouping,
    GroupingProblem,
    check_problem,
    grouping_objective,
)
from impactdays.core.teams.search import WORKERS, ProgressCallback, UnitProblem, search_grouping


def groups_of_labels(labels: np.typing.NDArray[np.int64], group_count: int) -> list[list[int]]:
    """Return, for each group, the increasing list of elements whose label is that group."""
    return [np.flatnonzero(labels == group).tolist() for group in range(group_count)]


def form_diverse_teams(
    problem: GroupingProblem,
    *,
    rng: np.random.Generator,
    seconds: float = 10.0,
    max_rounds: int | None = None,
    progress: ProgressCallback | None = None,
    workers: int = WORKERS,
) -> Grouping:
    """Split the elements of ``problem`` into groups within the bounds, maximising diversity.

    ``workers`` independent searches run in threads, each until ``seconds`` pass or it has done
    ``max_rounds`` annealing rounds. The same seed, ``workers`` and ``max_rounds`` give the same
    groups whenever the clock does not cut the run short.
    ``progress`` receives a ``SearchProgress`` now and then. Errors: ``ValueError`` for a malformed
    distance matrix; ``InfeasibleTeamsError`` for bounds no grouping meets (checked first).
    """
    check_problem(problem)
    units = UnitProblem(
        weight=np.ascontiguousarray(problem.distance, dtype=np.float64),
        unary=np.zeros((problem.element_count, problem.group_count)),
        unit_size=np.ones(problem.element_count, dtype=np.int64),
        lower=problem.lower.astype(np.int64),
        upper=problem.upper.astype(np.int64),
        hard=float("inf"),
    )
    result = search_grouping(
        units,
        rng=rng,
        seconds=seconds,
        max_rounds=max_rounds,
        progress=progress,
        workers=workers,
    )
    groups = groups_of_labels(result.labels, problem.group_count)
    return Grouping(
        groups=groups,
        objective=grouping_objective(problem.distance, groups),
        seconds=result.seconds,
        rounds=result.rounds,
    )
