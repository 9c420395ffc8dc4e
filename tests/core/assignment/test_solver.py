"""assign_workshops: optimality against brute force and SciPy, the rules, and errors."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from impactdays.core.assignment import (
    AssignmentInputError,
    InfeasibleAssignmentError,
    Objective,
    assign_workshops,
)


def rank_of(listed, workshop):
    return listed.index(workshop) + 1 if workshop in listed else None


def score(preferences, assignment, lists):
    """(cost, profile of 1st..lists-th choices + unranked, worst rank) of a full assignment."""
    ranks = [rank_of(preferences.get(p, []), w) for p, w in assignment.items()]
    profile = [sum(1 for r in ranks if r == k) for k in range(1, lists + 1)]
    unranked = sum(1 for r in ranks if r is None)
    cost = sum(r - 1 for r in ranks if r is not None) + 2 * lists * unranked
    worst = lists + 1 if unranked else max((r for r in ranks if r is not None), default=0)
    return cost, (*profile, unranked), worst


def brute_force(preferences, capacities, forbidden=(), fixed=None):
    """Every feasible assignment's score, by enumeration (tiny instances only)."""
    fixed = fixed or {}
    participants = list(preferences) + [p for p in fixed if p not in preferences]
    lists = max((len(listed) for listed in preferences.values()), default=0)
    scores = []
    for workshops in itertools.product(list(capacities), repeat=len(participants)):
        assignment = dict(zip(participants, workshops, strict=True))
        if any(assignment[p] != w for p, w in fixed.items()):
            continue
        if any(assignment[p] == w for p, w in forbidden):
            continue
        if any(list(workshops).count(w) > c for w, c in capacities.items()):
            continue
        scores.append(score(preferences, assignment, lists))
    return scores


@st.composite
def instances(draw):
    workshop_count = draw(st.integers(1, 3))
    workshops = [f"w{index}" for index in range(workshop_count)]
    capacities = {w: draw(st.integers(0, 3)) for w in workshops}
    participant_count = draw(st.integers(1, 5))
    preferences = {
        f"p{index}": draw(
            st.permutations(workshops).map(lambda order: order[: draw(st.integers(0, len(order)))])
        )
        for index in range(participant_count)
    }
    pairs = [(p, w) for p in preferences for w in workshops]
    forbidden = draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True))
    fixed_pairs = draw(st.lists(st.sampled_from(pairs), max_size=2, unique_by=lambda pair: pair[0]))
    fixed = {p: w for p, w in fixed_pairs if (p, w) not in forbidden}
    return preferences, capacities, forbidden, fixed


def check_rules(result, preferences, capacities, forbidden, fixed):
    participants = set(preferences) | set(fixed)
    assert set(result.workshops) == participants
    for workshop, seats in capacities.items():
        assert list(result.workshops.values()).count(workshop) <= seats
    assert not any(result.workshops[p] == w for p, w in forbidden)
    assert all(result.workshops[p] == w for p, w in fixed.items())
    lists = max((len(listed) for listed in preferences.values()), default=0)
    cost, profile, _ = score(preferences, result.workshops, lists)
    assert (result.cost, (*result.rank_profile, result.unranked_count)) == (cost, profile)
    assert result.ranks == {
        p: rank_of(preferences.get(p, []), w) for p, w in result.workshops.items()
    }
    assert result.is_optimal


@settings(max_examples=150, deadline=None)
@given(instances(), st.sampled_from(list(Objective)))
def test_assign_workshops_matches_brute_force(instance, objective):
    preferences, capacities, forbidden, fixed = instance
    scores = brute_force(preferences, capacities, forbidden, fixed)

    if not scores:
        with pytest.raises(InfeasibleAssignmentError):
            assign_workshops(
                preferences, capacities, objective=objective, forbidden=forbidden, fixed=fixed
            )
        return
    result = assign_workshops(
        preferences, capacities, objective=objective, forbidden=forbidden, fixed=fixed
    )

    check_rules(result, preferences, capacities, forbidden, fixed)
    lists = max((len(listed) for listed in preferences.values()), default=0)
    cost, profile, worst = score(preferences, result.workshops, lists)
    if objective is Objective.MIN_COST:
        assert cost == min(s[0] for s in scores)
    elif objective is Objective.RANK_MAXIMAL:
        assert profile == max(s[1] for s in scores)
    else:
        assert (worst, cost) == min((s[2], s[0]) for s in scores)


def zipf_instance(rng, participants, workshops, lists):
    popularity = 1.0 / np.arange(1, workshops + 1) ** 0.8
    choices = [
        rng.choice(workshops, size=lists, replace=False, p=popularity / popularity.sum())
        for _ in range(participants)
    ]
    seats = -(-participants * 11 // 10)
    capacity = np.full(workshops, seats // workshops)
    capacity[: seats - capacity.sum()] += 1
    preferences = {f"p{i}": [f"w{w}" for w in row] for i, row in enumerate(choices)}
    return preferences, {f"w{w}": int(c) for w, c in enumerate(capacity)}


@pytest.mark.parametrize("seed", range(6))
def test_min_cost_equals_scipy_linear_sum_assignment(seed):
    rng = np.random.default_rng(seed)
    preferences, capacities = zipf_instance(rng, 60, 6, 3)
    workshops = list(capacities)
    cost = np.full((60, len(workshops)), 2 * 3)
    for row, listed in enumerate(preferences.values()):
        for rank, workshop in enumerate(listed):
            cost[row, workshops.index(workshop)] = rank
    seat_workshop = np.repeat(np.arange(len(workshops)), list(capacities.values()))
    rows, columns = linear_sum_assignment(cost[:, seat_workshop])

    result = assign_workshops(preferences, capacities)

    assert result.cost == int(cost[rows, seat_workshop[columns]].sum())
    check_rules(result, preferences, capacities, (), {})


def test_rank_maximal_trades_cost_for_a_first_choice():
    # B has no seats: min-cost gives nobody a first choice (cost 5); rank-maximal gives ann her
    # first choice A and pays with someone outside their list (cost 9).
    preferences = {"ann": ["A", "D"], "bob": ["B", "A", "C"], "cat": ["B", "A"], "dan": ["B", "D"]}
    capacities = {"A": 1, "B": 0, "C": 2, "D": 2}

    min_cost = assign_workshops(preferences, capacities)
    rank_maximal = assign_workshops(preferences, capacities, objective="rank-maximal")

    assert (min_cost.rank_profile, min_cost.unranked_count, min_cost.cost) == ((0, 3, 1), 0, 5)
    assert (rank_maximal.rank_profile, rank_maximal.unranked_count) == ((1, 1, 1), 1)
    assert rank_maximal.cost == 9
    assert rank_maximal.workshops["ann"] == "A"


def test_min_max_rank_avoids_a_third_choice_at_a_higher_cost():
    preferences = {
        "ann": ["A", "C", "D"],
        "bob": ["C", "D", "B"],
        "cat": ["B", "C"],
        "dan": ["A", "B", "D"],
        "eve": ["B", "C"],
    }
    capacities = {"A": 0, "B": 2, "C": 2, "D": 2}

    min_cost = assign_workshops(preferences, capacities)
    min_max = assign_workshops(preferences, capacities, objective="min-max-rank")

    assert (min_cost.cost, max(min_cost.ranks.values())) == (3, 3)
    assert (min_max.cost, max(min_max.ranks.values())) == (4, 2)


def test_forbidden_unlisted_workshop_is_avoided_through_the_hub():
    # The flow first seats ann in A through the shared unlisted hub; A is forbidden to her, so the
    # solver gives her explicit arcs and seats her in C instead.
    preferences = {"ann": [], "bob": ["C"]}
    capacities = {"A": 1, "C": 1}

    result = assign_workshops(preferences, capacities, forbidden=[("ann", "A")])

    assert result.workshops == {"ann": "C", "bob": "A"}
    assert result.ranks == {"ann": None, "bob": None}
    assert result.cost == 4


def test_fixed_pair_uses_a_seat_and_counts_in_the_profile():
    preferences = {"ann": ["A", "B"], "bob": ["A", "B"]}

    result = assign_workshops(preferences, {"A": 1, "B": 1}, fixed={"bob": "A"})

    assert result.workshops == {"ann": "B", "bob": "A"}
    assert result.rank_profile == (1, 1)


def test_participant_only_fixed_is_placed():
    result = assign_workshops({"ann": ["A"]}, {"A": 1, "B": 1}, fixed={"zoe": "B"})

    assert result.workshops == {"ann": "A", "zoe": "B"}
    assert result.ranks["zoe"] is None


def test_integer_identifiers_work():
    result = assign_workshops({1: [10, 20], 2: [10]}, {10: 1, 20: 1})

    assert result.workshops == {1: 20, 2: 10}


@pytest.mark.parametrize(
    ("preferences", "capacities", "options", "message"),
    [
        ({"ann": ["X"]}, {"A": 1}, {}, "participant 'ann' ranks unknown workshop 'X'"),
        ({"ann": ["A", "A"]}, {"A": 1}, {}, "participant 'ann' ranks workshop 'A' twice"),
        ({"ann": ["A"]}, {"A": -1}, {}, "capacity of workshop 'A' is negative (-1)"),
        ({"ann": ["A"]}, {"A": 1.5}, {}, "capacity of workshop 'A' is not an integer"),
        ({"ann": ["A"]}, {"A": True}, {}, "capacity of workshop 'A' is not an integer"),
        ({"ann": ["A"]}, {"A": 1}, {"objective": "fair"}, "unknown objective 'fair'"),
        ({"ann": ["A"]}, {"A": 1}, {"forbidden": [("zoe", "A")]}, "unknown participant 'zoe'"),
        ({"ann": ["A"]}, {"A": 1}, {"forbidden": [("ann", "Q")]}, "unknown workshop 'Q'"),
        ({"ann": ["A"]}, {"A": 1}, {"fixed": {"ann": "Q"}}, "unknown workshop 'Q'"),
        (
            {"ann": ["A"]},
            {"A": 1},
            {"fixed": {"ann": "A"}, "forbidden": [("ann", "A")]},
            "both fixed to and forbidden from workshop 'A'",
        ),
    ],
)
def test_malformed_input_is_refused(preferences, capacities, options, message):
    with pytest.raises(AssignmentInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        assign_workshops(preferences, capacities, **options)


@pytest.mark.parametrize(
    ("preferences", "capacities", "options", "message"),
    [
        ({"ann": ["A"], "bob": ["A"], "cat": []}, {"A": 2}, {}, "3 participants but only 2 seats"),
        (
            {"ann": [], "bob": []},
            {"A": 1, "B": 1},
            {"fixed": {"ann": "A", "bob": "A"}},
            "more fixed",
        ),
        (
            {"ann": ["A"], "bob": []},
            {"A": 1, "B": 1},
            {"forbidden": [("bob", "B"), ("ann", "B")]},
            "no assignment places everyone",
        ),
    ],
)
def test_infeasible_input_is_refused(preferences, capacities, options, message):
    with pytest.raises(InfeasibleAssignmentError, match=message):
        assign_workshops(preferences, capacities, **options)


def test_errors_are_value_errors():
    assert issubclass(AssignmentInputError, ValueError)
    assert issubclass(InfeasibleAssignmentError, ValueError)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_min_cost_with_forbidden_pairs_equals_scipy(seed):
    rng = np.random.default_rng(seed)
    participants, workshop_count = int(rng.integers(5, 30)), int(rng.integers(2, 6))
    lists = int(rng.integers(0, workshop_count + 1))
    workshops = [f"w{w}" for w in range(workshop_count)]
    preferences = {
        f"p{p}": [
            workshops[w] for w in rng.permutation(workshop_count)[: rng.integers(0, lists + 1)]
        ]
        for p in range(participants)
    }
    capacity = rng.multinomial(
        participants + int(rng.integers(0, 4)), np.ones(workshop_count) / workshop_count
    )
    capacities = dict(zip(workshops, capacity.tolist(), strict=True))
    forbidden = [
        (p, workshops[int(rng.integers(workshop_count))]) for p in preferences if rng.random() < 0.4
    ]
    lists = max((len(listed) for listed in preferences.values()), default=0)
    cost = np.full((participants, workshop_count), 2 * lists)
    for row, listed in enumerate(preferences.values()):
        for rank, workshop in enumerate(listed):
            cost[row, workshops.index(workshop)] = rank
    for p, workshop in forbidden:
        cost[int(p[1:]), workshops.index(workshop)] = 10**6
    seat_workshop = np.repeat(np.arange(workshop_count), capacity)
    rows, columns = linear_sum_assignment(cost[:, seat_workshop])
    best = int(cost[rows, seat_workshop[columns]].sum())

    if best >= 10**6:
        with pytest.raises(InfeasibleAssignmentError):
            assign_workshops(preferences, capacities, forbidden=forbidden)
        return
    result = assign_workshops(preferences, capacities, forbidden=forbidden)

    assert result.cost == best
    check_rules(result, preferences, capacities, forbidden, {})
