"""Assignment of participants to parallel workshops by ranked preference (issue #11).

``assign_workshops(preferences, capacities, objective=..., forbidden=..., fixed=...)`` places every
participant in one workshop under the capacities, optimally for one of three objectives
(``Objective``): ``min-cost`` (minimum total rank cost: a k-th choice costs k - 1, an unlisted
workshop twice the length of the longest list), ``rank-maximal`` (most first choices, then most
second choices, ...) and ``min-max-rank`` (the best worst rank, then the minimum cost). Forbidden
pairs keep people out of a workshop they already had in an earlier round or of a clashing session;
fixed pairs keep an organiser's manual adjustments. The result (``Assignment``) gives each
participant's workshop and rank, the rank profile, the cost and whether optimality was certified.
Malformed input raises ``AssignmentInputError``; input with no way to seat everyone raises
``InfeasibleAssignmentError`` (both are ``ValueError``).

Method (``solver``, ``flow``): a minimum-cost flow by the primal-dual algorithm with potentials on
a compact network (one arc per listed workshop plus one to a shared "unlisted" hub per participant);
the lexicographic objectives are exact sequences of flows, each restricted to the previous one's
optimal face by complementary slackness. The command ``impactdays assign`` (``cli``) reads CSV files;
``benchmarks/assignment.py`` compares the solver with OR-Tools and SciPy.
"""

from impactdays.core.assignment.solver import (
    Assignment,
    AssignmentInputError,
    InfeasibleAssignmentError,
    Objective,
    assign_workshops,
)

__all__ = [
    "Assignment",
    "AssignmentInputError",
    "InfeasibleAssignmentError",
    "Objective",
    "assign_workshops",
]
