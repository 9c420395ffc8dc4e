import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impactdays.core.selection import InfeasibleQuotasError, check_feasible
from impactdays.core.selection.feasibility import PanelOracle

from .conftest import make_types
from .test_leximin import small_pools


def test_check_feasible_accepts_quotas_some_panel_meets():
    types = make_types(
        [("gender", "f", 1, 2), ("gender", "m", 1, 2)], [["f"], ["f"], ["m"], ["m"]], 3
    )

    check_feasible(types)


def test_check_feasible_names_two_categories_whose_minimums_clash():
    # Both women are young: 2 women and 2 old people cannot share a panel of 3.
    types = make_types(
        [
            ("gender", "f", 2, 3),
            ("gender", "m", 0, 3),
            ("age", "young", 0, 3),
            ("age", "old", 2, 3),
        ],
        [["f", "young"], ["f", "young"], ["m", "old"], ["m", "old"], ["m", "young"]],
        panel_size=3,
    )

    with pytest.raises(InfeasibleQuotasError) as raised:
        check_feasible(types)

    assert [bound.describe() for bound in raised.value.conflicts] == [
        "gender=f min 2 (pool has 2)",
        "age=old min 2 (pool has 2)",
    ]
    assert "gender=f min 2 (pool has 2); age=old min 2 (pool has 2)" in str(raised.value)


def test_check_feasible_names_maximums_that_cannot_fill_the_panel():
    types = make_types(
        [("gender", "f", 0, 1), ("gender", "m", 0, 1)],
        [["f"], ["f"], ["m"], ["m"]],
        panel_size=3,
    )

    with pytest.raises(InfeasibleQuotasError) as raised:
        check_feasible(types)

    assert [bound.describe() for bound in raised.value.conflicts] == [
        "gender=f max 1 (pool has 2)",
        "gender=m max 1 (pool has 2)",
    ]


def test_check_feasible_explains_a_pool_smaller_than_the_panel():
    types = make_types([("gender", "f", 0, 5), ("gender", "m", 0, 5)], [["f"], ["m"]], 3)

    with pytest.raises(InfeasibleQuotasError) as raised:
        check_feasible(types)

    assert raised.value.conflicts == ()
    assert str(raised.value) == "no panel of 3 people: the pool has only 2 people"


@settings(max_examples=30, deadline=None)
@given(small_pools(), st.integers(0, 2**32 - 1))
def test_improve_by_swaps_keeps_quotas_and_never_loses_value(types, seed):
    oracle = PanelOracle(types)
    weights = np.random.default_rng(seed).random(types.type_count)
    start = oracle.best_panel(np.zeros(types.type_count))
    assert start is not None

    panel = oracle.improve_by_swaps(start.counts, weights)

    held = types.membership @ panel
    assert panel.sum() == types.instance.panel_size
    assert (panel >= 0).all() and (panel <= types.counts).all()
    assert (held >= types.minimums).all() and (held <= types.maximums).all()
    assert weights @ panel >= weights @ start.counts - 1e-12
