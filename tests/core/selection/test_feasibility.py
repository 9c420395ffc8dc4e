import pytest

from impactdays.core.selection import InfeasibleQuotasError, check_feasible

from .conftest import make_types


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
