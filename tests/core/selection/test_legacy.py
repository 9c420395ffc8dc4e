import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impactdays.core.selection import InfeasibleQuotasError, legacy_panel, legacy_probabilities

from .conftest import make_types, seeded
from .test_leximin import meets_quotas, small_pools


def test_legacy_panel_fills_the_only_possible_panel():
    types = make_types(
        [("region", "north", 1, 1), ("region", "south", 1, 1)],
        [["north"], ["south"]],
        panel_size=2,
    )

    assert legacy_panel(types, seeded(3)) == [0, 1]


def test_legacy_panel_refuses_infeasible_quotas():
    types = make_types([("gender", "f", 2, 2), ("gender", "m", 0, 2)], [["f"], ["m"]], 2)

    with pytest.raises(InfeasibleQuotasError):
        legacy_panel(types, seeded(0))


def test_legacy_probabilities_sum_to_the_panel_size():
    types = make_types(
        [("gender", "f", 1, 1), ("gender", "m", 1, 1)],
        [["f"], ["f"], ["m"], ["m"], ["m"], ["m"]],
        panel_size=2,
    )

    probabilities, first = legacy_probabilities(types, seeded(5), draws=200)

    assert probabilities.sum() == pytest.approx(2.0)
    assert probabilities[:2].sum() == pytest.approx(1.0)
    assert meets_quotas(types, first)


@settings(max_examples=30, deadline=None)
@given(small_pools(), st.integers(0, 2**32 - 1))
def test_legacy_panel_meets_quotas_and_replays_with_its_seed(types, seed):
    try:
        panel = legacy_panel(types, seeded(seed), attempts=50)
    except RuntimeError:
        return  # the greedy may dead-end where a panel exists; that is LEGACY's known weakness

    assert meets_quotas(types, panel)
    assert legacy_panel(types, seeded(seed), attempts=50) == panel
