import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impactdays.core.teams import kernels
from impactdays.core.teams.grouping import form_diverse_teams
from impactdays.core.teams.problem import GroupingProblem, InfeasibleTeamsError, grouping_objective
from impactdays.core.teams.search import SearchProgress, UnitProblem, initial_labels
from tests.core.teams.conftest import brute_force_optimum, random_distance


def problem_of(distance: np.ndarray, lower: list[int], upper: list[int]) -> GroupingProblem:
    return GroupingProblem(
        distance=distance,
        lower=np.array(lower, dtype=np.int64),
        upper=np.array(upper, dtype=np.int64),
    )


@pytest.mark.parametrize(
    ("size", "lower", "upper", "seed"),
    [
        (6, [3, 3], [3, 3], 1),
        (7, [2, 2, 2], [3, 3, 3], 2),
        (8, [1, 2, 2], [4, 3, 5], 3),
        (8, [4, 4], [4, 4], 4),
        (7, [0, 1, 2], [7, 2, 5], 5),
    ],
)
def test_form_diverse_teams_matches_brute_force_on_tiny_instances(size, lower, upper, seed):
    distance = random_distance(np.random.default_rng(seed), size)
    expected = brute_force_optimum(distance, lower, upper)

    grouping = form_diverse_teams(
        problem_of(distance, lower, upper), rng=np.random.default_rng(0), max_rounds=2
    )

    assert grouping.objective == expected
    assert grouping_objective(distance, grouping.groups) == expected


def test_form_diverse_teams_splits_two_clusters_across_groups():
    # People 0 and 1 are alike, as are 2 and 3: each group takes one of each kind.
    distance = np.ones((4, 4)) - np.eye(4)
    distance[0, 1] = distance[1, 0] = 0.0
    distance[2, 3] = distance[3, 2] = 0.0

    grouping = form_diverse_teams(
        problem_of(distance, [2, 2], [2, 2]), rng=np.random.default_rng(7), max_rounds=1
    )

    assert sorted(map(sorted, grouping.groups)) in ([[0, 2], [1, 3]], [[0, 3], [1, 2]])
    assert grouping.objective == 2.0


def test_form_diverse_teams_reports_progress():
    distance = random_distance(np.random.default_rng(3), 20)
    reports: list[SearchProgress] = []

    grouping = form_diverse_teams(
        problem_of(distance, [5] * 4, [5] * 4),
        rng=np.random.default_rng(1),
        max_rounds=2,
        progress=reports.append,
        workers=1,
    )

    assert [report.rounds for report in reports] == [0, 1, 2]
    assert reports[-1].best_objective == pytest.approx(grouping.objective)
    assert all(a.best_objective <= b.best_objective for a, b in itertools.pairwise(reports))


def test_form_diverse_teams_reports_the_best_of_all_workers():
    distance = random_distance(np.random.default_rng(3), 20)
    reports: list[SearchProgress] = []

    grouping = form_diverse_teams(
        problem_of(distance, [5] * 4, [5] * 4),
        rng=np.random.default_rng(1),
        max_rounds=2,
        progress=reports.append,
        workers=3,
    )

    assert reports[-1].rounds == 6
    assert max(report.best_objective for report in reports) == pytest.approx(grouping.objective)


@pytest.mark.parametrize(
    ("lower", "upper", "message"),
    [
        ([3, 3], [2, 4], "group 0 has lower bound 3 above its upper bound 2"),
        ([4, 4], [5, 5], "the lower bounds add up to 8 but there are only 6 people"),
        ([1, 1], [2, 2], "the upper bounds add up to 4 but there are 6 people"),
        ([-1, 1], [3, 3], "group 0 has a negative lower bound -1"),
    ],
)
def test_form_diverse_teams_explains_infeasible_bounds(lower, upper, message):
    distance = random_distance(np.random.default_rng(0), 6)

    with pytest.raises(InfeasibleTeamsError) as caught:
        form_diverse_teams(problem_of(distance, lower, upper), rng=np.random.default_rng(0))

    assert str(caught.value) == message


def test_form_diverse_teams_refuses_an_asymmetric_matrix():
    distance = random_distance(np.random.default_rng(0), 4)
    distance[0, 1] += 1

    with pytest.raises(ValueError, match="symmetric"):
        form_diverse_teams(problem_of(distance, [2, 2], [2, 2]), rng=np.random.default_rng(0))


@st.composite
def instances(draw: st.DrawFn) -> tuple[np.ndarray, list[int], list[int]]:
    size = draw(st.integers(1, 14))
    group_count = draw(st.integers(1, 4))
    lower = [draw(st.integers(0, size // group_count)) for _ in range(group_count)]
    upper = [low + draw(st.integers(0, size)) for low in lower]
    upper[-1] = max(upper[-1], size - sum(upper[:-1]))
    seed = draw(st.integers(0, 2**16))
    return random_distance(np.random.default_rng(seed), size), lower, upper


@settings(max_examples=30, deadline=None)
@given(instance=instances(), seed=st.integers(0, 2**16))
def test_form_diverse_teams_places_everyone_once_within_bounds_and_repeats(instance, seed):
    distance, lower, upper = instance
    problem = problem_of(distance, lower, upper)

    first = form_diverse_teams(problem, rng=np.random.default_rng(seed), max_rounds=1)
    second = form_diverse_teams(problem, rng=np.random.default_rng(seed), max_rounds=1)

    members = sorted(person for group in first.groups for person in group)
    assert members == list(range(distance.shape[0]))
    assert all(
        low <= len(group) <= high
        for group, low, high in zip(first.groups, lower, upper, strict=True)
    )
    assert first.groups == second.groups
    assert first.objective == pytest.approx(grouping_objective(distance, first.groups))


def ds_problem(seed: int) -> GroupingProblem:
    """A generated instance with unequal bounds (MDGPLIB's "ds" type): 60 people in 6 groups."""
    return problem_of(
        random_distance(np.random.default_rng(seed), 60),
        [6, 8, 7, 9, 6, 8],
        [12, 10, 14, 11, 13, 10],
    )


def best_local_maximum_of_random_starts(problem: GroupingProblem, starts: int) -> float:
    """Return the best of ``starts`` random groupings climbed to a local maximum (the baseline)."""
    units = UnitProblem(
        weight=problem.distance,
        unary=np.zeros((problem.element_count, problem.group_count)),
        unit_size=np.ones(problem.element_count, dtype=np.int64),
        lower=problem.lower,
        upper=problem.upper,
        hard=float("inf"),
    )
    rng = np.random.default_rng(0)
    kernels.seed_kernels(0)
    best = -np.inf
    for _ in range(starts):
        labels = initial_labels(units, rng)
        sizes = np.bincount(labels, minlength=problem.group_count).astype(np.int64)
        gain = kernels.gain_matrix(units.weight, labels, problem.group_count)
        value = kernels.objective_value(units.weight, units.unary, labels, gain)
        value += kernels.descend(
            units.weight, units.unary, units.unit_size, units.lower, units.upper,
            labels, gain, sizes,
        )  # fmt: skip
        best = max(best, value)
    return best


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_form_diverse_teams_beats_the_best_of_many_local_maxima(seed):
    problem = ds_problem(seed)
    baseline = best_local_maximum_of_random_starts(problem, 20)

    grouping = form_diverse_teams(problem, rng=np.random.default_rng(0), max_rounds=12, workers=1)

    assert grouping.objective > baseline * 1.005


def test_form_diverse_teams_repeats_itself_on_unequal_bounds_with_two_workers():
    problem = ds_problem(4)

    runs = [
        form_diverse_teams(problem, rng=np.random.default_rng(seed), max_rounds=2, workers=2)
        for seed in (5, 5, 6)
    ]

    assert runs[0].groups == runs[1].groups
    assert runs[0].objective == runs[1].objective
    assert all(
        low <= len(group) <= high
        for run in runs
        for group, low, high in zip(run.groups, problem.lower, problem.upper, strict=True)
    )
