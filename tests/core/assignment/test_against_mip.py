"""Medium instances (beyond brute force): every objective against an integer program on HiGHS.

The reference solves the assignment as a MIP with one binary per (participant, workshop) pair:
the lexicographic objectives as a sequence of MIPs, each criterion's optimum fixed by a constraint
before the next (a different method from the flow's complementary-slackness restriction).
"""

import highspy
import numpy as np
import pytest

from impactdays.core.assignment import Objective, assign_workshops


def mip_value(rank, allowed, capacity, weights, bounds=()):
    """Minimum of sum(weights[rank] * x) over assignments; ``bounds`` adds (weights, max) rows."""
    participants, workshops = rank.shape
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    columns = [(p, w) for p in range(participants) for w in range(workshops) if allowed[p, w]]
    for _ in columns:
        model.addVar(0, 1)
    model.changeColsIntegrality(
        len(columns), np.arange(len(columns), dtype=np.int32), np.ones(len(columns), dtype=np.uint8)
    )
    model.changeColsCost(
        len(columns),
        np.arange(len(columns), dtype=np.int32),
        np.array([weights[rank[p, w]] for p, w in columns], dtype=float),
    )
    for p in range(participants):
        index = [i for i, (q, _) in enumerate(columns) if q == p]
        model.addRow(1, 1, len(index), np.array(index, dtype=np.int32), np.ones(len(index)))
    for w in range(workshops):
        index = [i for i, (_, v) in enumerate(columns) if v == w]
        model.addRow(
            0, capacity[w], len(index), np.array(index, dtype=np.int32), np.ones(len(index))
        )
    for row_weights, upper in bounds:
        values = np.array([row_weights[rank[p, w]] for p, w in columns], dtype=float)
        model.addRow(
            -highspy.kHighsInf, upper, len(columns), np.arange(len(columns), dtype=np.int32), values
        )
    model.run()
    assert model.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return round(model.getInfo().objective_function_value)


def instance(seed):
    rng = np.random.default_rng(seed)
    participants, workshops, lists = 40, 6, 3
    popularity = 1.0 / np.arange(1, workshops + 1)
    choices = [
        rng.choice(workshops, lists, replace=False, p=popularity / popularity.sum())
        for _ in range(participants)
    ]
    capacity = rng.multinomial(participants + 4, np.ones(workshops) / workshops)
    forbidden = [
        (p, int(rng.integers(workshops))) for p in range(participants) if rng.random() < 0.3
    ]
    rank = np.full((participants, workshops), lists)
    for p, row in enumerate(choices):
        rank[p, row] = np.arange(lists)
    allowed = np.ones((participants, workshops), dtype=bool)
    for p, w in forbidden:
        allowed[p, w] = False
    preferences = {p: [int(w) for w in row] for p, row in enumerate(choices)}
    capacities = dict(enumerate(int(c) for c in capacity))
    return preferences, capacities, forbidden, rank, allowed, capacity, lists


@pytest.mark.parametrize("seed", range(4))
def test_every_objective_matches_the_mip(seed):
    preferences, capacities, forbidden, rank, allowed, capacity, lists = instance(seed)
    issue_cost = np.append(np.arange(lists), 2 * lists)

    results = {
        objective: assign_workshops(
            preferences, capacities, objective=objective, forbidden=forbidden
        )
        for objective in Objective
    }

    assert results[Objective.MIN_COST].cost == mip_value(rank, allowed, capacity, issue_cost)
    # Rank-maximal: the most first choices, then the most second choices given that, and so on.
    bounds, profile = [], []
    for k in range(lists + 1):
        indicator = (np.arange(lists + 1) == k).astype(float)
        best = -mip_value(rank, allowed, capacity, -indicator, bounds)
        profile.append(best)
        bounds.append((-indicator, -best))
    got = results[Objective.RANK_MAXIMAL]
    assert [*got.rank_profile, got.unranked_count] == profile
    # Min-max-rank: the smallest worst rank, then the minimum cost under it.
    worst = next(
        r
        for r in range(lists + 1)
        if mip_value(rank, allowed, capacity, (np.arange(lists + 1) > r).astype(float)) == 0
    )
    limited = mip_value(
        rank, allowed, capacity, issue_cost, [((np.arange(lists + 1) > worst).astype(float), 0)]
    )
    got = results[Objective.MIN_MAX_RANK]
    got_worst = max((r - 1 if r else lists) for r in got.ranks.values())
    assert (got_worst, got.cost) == (worst, limited)
    assert all(result.is_optimal for result in results.values())
