import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from impactdays.core.selection import (
    InfeasibleQuotasError,
    draw_panel,
    gini,
    leximin_probabilities,
)
from impactdays.core.selection.instance import PoolTypes

from .conftest import make_types, seeded

GENDER_AND_AGE = [
    ("gender", "f", 0, 4),
    ("gender", "m", 0, 4),
    ("age", "young", 0, 4),
    ("age", "old", 0, 4),
]


def quota_counts(types: PoolTypes, panel: list[int]) -> list[int]:
    instance = types.instance
    return [
        sum(
            instance.person_values[i][instance.categories.index(q.category)] == q.value
            for i in panel
        )
        for q in instance.quotas
    ]


def meets_quotas(types: PoolTypes, panel: list[int]) -> bool:
    quotas = types.instance.quotas
    held = quota_counts(types, panel)
    return len(panel) == types.instance.panel_size and all(
        q.minimum <= h <= q.maximum for q, h in zip(quotas, held, strict=True)
    )


def brute_force_leximin(types: PoolTypes) -> list[float]:
    """Textbook LEXIMIN over all feasible panels, person by person (independent of the engine)."""
    n = types.instance.pool_size
    panels = [
        list(p)
        for p in itertools.combinations(range(n), types.instance.panel_size)
        if meets_quotas(types, list(p))
    ]
    incidence = np.zeros((n, len(panels)))
    for j, panel in enumerate(panels):
        incidence[panel, j] = 1.0
    fixed: dict[int, float] = {}

    def best(objective_person: int | None, floor: float) -> float:
        # variables: lambda_1..m, z; maximise z or pi_person
        m = len(panels)
        c = np.zeros(m + 1)
        if objective_person is None:
            c[m] = -1.0
        else:
            c[:m] = -incidence[objective_person]
        rows, rhs = [], []
        for i in range(n):
            row = np.zeros(m + 1)
            row[:m] = -incidence[i]
            if i in fixed:
                rows.append(row)
                rhs.append(-fixed[i] + 1e-9)
            elif objective_person is None:
                row[m] = 1.0
                rows.append(row)
                rhs.append(0.0)
            else:
                rows.append(row)
                rhs.append(-floor + 1e-9)
        equality = np.zeros((1, m + 1))
        equality[0, :m] = 1.0
        result = linprog(
            c,
            A_ub=np.array(rows),
            b_ub=np.array(rhs),
            A_eq=equality,
            b_eq=[1.0],
            bounds=[(0, None)] * m + [(None, None)],
        )
        assert result.status == 0
        return float(-result.fun)

    while len(fixed) < n:
        level = best(None, 0.0)
        newly = [i for i in range(n) if i not in fixed and best(i, level) <= level + 1e-7]
        for i in newly:
            fixed[i] = level
    return sorted(fixed.values())


def test_leximin_two_women_four_men_one_seat_each():
    types = make_types(
        [("gender", "f", 1, 1), ("gender", "m", 1, 1)],
        [["f"], ["f"], ["m"], ["m"], ["m"], ["m"]],
        panel_size=2,
    )

    result = leximin_probabilities(types)

    assert result.distribution.person_probabilities().round(12).tolist() == [
        0.5,
        0.5,
        0.25,
        0.25,
        0.25,
        0.25,
    ]


def test_leximin_only_holder_of_a_required_value_is_always_selected():
    types = make_types(
        [("region", "north", 1, 1), ("region", "south", 0, 3)],
        [["north"], ["south"], ["south"], ["south"], ["south"]],
        panel_size=3,
    )

    probabilities = leximin_probabilities(types).distribution.person_probabilities()

    assert probabilities.round(12).tolist() == [1.0, 0.5, 0.5, 0.5, 0.5]


def test_leximin_without_binding_quotas_gives_everyone_k_over_n():
    types = make_types(
        GENDER_AND_AGE,
        [["f", "young"], ["f", "old"], ["m", "young"], ["m", "young"], ["m", "old"]],
        panel_size=2,
    )

    result = leximin_probabilities(types)

    assert result.distribution.person_probabilities().round(12).tolist() == [0.4] * 5
    assert gini(result.distribution.person_probabilities(), 2) == pytest.approx(0.0, abs=1e-12)


def test_leximin_second_level_raises_the_rest_above_the_minimum():
    # One old person must fill the single old seat: old people share it, young people share
    # the other three seats, so the minimum is not everyone's probability.
    types = make_types(
        [("age", "young", 3, 3), ("age", "old", 1, 1)],
        [["old"], ["old"], ["old"], ["old"], ["young"], ["young"], ["young"], ["young"]],
        panel_size=4,
    )

    result = leximin_probabilities(types)

    assert result.distribution.person_probabilities().round(12).tolist() == [0.25] * 4 + [0.75] * 4
    assert result.levels == 2


def test_leximin_infeasible_quotas_raise_with_the_conflict():
    types = make_types(
        [("gender", "f", 3, 3), ("gender", "m", 0, 3)],
        [["f"], ["f"], ["m"], ["m"]],
        panel_size=3,
    )

    with pytest.raises(InfeasibleQuotasError) as raised:
        leximin_probabilities(types)

    assert [bound.describe() for bound in raised.value.conflicts] == ["gender=f min 3 (pool has 2)"]


@st.composite
def small_pools(draw: st.DrawFn) -> PoolTypes:
    n = draw(st.integers(3, 7))
    k = draw(st.integers(1, n - 1))
    people = [
        [draw(st.sampled_from(["f", "m"])), draw(st.sampled_from(["young", "mid", "old"]))]
        for _ in range(n)
    ]
    # Quotas around a witness panel, so that some panel always meets them.
    witness = draw(st.permutations(range(n)))[:k]
    quotas = []
    for position, category, value in [
        (0, "gender", "f"),
        (0, "gender", "m"),
        (1, "age", "young"),
        (1, "age", "mid"),
        (1, "age", "old"),
    ]:
        held = sum(people[i][position] == value for i in witness)
        low = draw(st.integers(0, held))
        high = draw(st.integers(held, k))
        quotas.append((category, value, low, high))
    return make_types(quotas, people, k)


@settings(max_examples=25, deadline=None)
@given(small_pools())
def test_leximin_matches_brute_force_on_small_pools(types):
    result = leximin_probabilities(types)

    ours = sorted(result.distribution.person_probabilities())

    assert np.allclose(ours, brute_force_leximin(types), atol=1e-6)


@settings(max_examples=30, deadline=None)
@given(small_pools(), st.integers(0, 2**32 - 1))
def test_leximin_distribution_invariants(types, seed):
    result = leximin_probabilities(types)
    distribution = result.distribution
    probabilities = distribution.person_probabilities()
    k = types.instance.panel_size

    assert probabilities.sum() == pytest.approx(k, abs=1e-9)
    assert distribution.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.allclose(distribution.type_probabilities(), result.type_probabilities, atol=1e-7)
    for panel in distribution.panels:
        held = types.membership @ panel
        assert panel.sum() == k
        assert (held >= types.minimums).all() and (held <= types.maximums).all()
    expected = types.membership @ (distribution.type_probabilities() * types.counts)
    assert (expected >= types.minimums - 1e-9).all()
    assert (expected <= types.maximums + 1e-9).all()
    first = draw_panel(distribution, seeded(seed))
    assert draw_panel(distribution, seeded(seed)) == first
    assert meets_quotas(types, first)


@settings(max_examples=15, deadline=None)
@given(small_pools())
def test_maximin_first_level_has_the_leximin_minimum(types):
    full = leximin_probabilities(types).distribution.person_probabilities()

    first_level = leximin_probabilities(types, max_levels=1).distribution.person_probabilities()

    # Later levels fix earlier probabilities lowered by FIXING_SLACK (1e-9) each, so the full
    # vector's minimum may sit a few slacks below the first level's.
    assert first_level.min() == pytest.approx(full.min(), abs=1e-7)
    assert first_level.sum() == pytest.approx(types.instance.panel_size, abs=1e-9)
