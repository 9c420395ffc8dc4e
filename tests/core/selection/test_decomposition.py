"""The decomposition of the relaxation's LEXIMIN into panels: its face, peeling, stabilisation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impactdays.core.selection.feasibility import PanelOracle
from impactdays.core.selection.instance import PoolTypes
from impactdays.core.selection.leximin import FACE_TOLERANCE, PEEL_REMAINDER, _peel, decompose
from impactdays.core.selection.relaxation import relaxation_leximin

from .test_leximin import small_pools
from .test_relaxation import pools_with_known_answer, tight_pool


def relaxation_target(types: PoolTypes) -> np.ndarray:
    upper = relaxation_leximin(types)
    return upper * (types.instance.panel_size / float(types.counts @ upper))


def face_oracle(types: PoolTypes, target: np.ndarray) -> PanelOracle:
    oracle = PanelOracle(types)
    oracle.restrict_to_face(target * types.counts, FACE_TOLERANCE)
    return oracle


def assert_on_face(types: PoolTypes, target: np.ndarray, panel: np.ndarray) -> None:
    """The panel meets the quotas and every bound of the relaxation that the target meets."""
    expected = target * types.counts
    held = types.membership @ panel
    mean = types.membership @ expected
    maximums = np.minimum(types.maximums, types.instance.panel_size)
    assert panel.sum() == types.instance.panel_size
    assert (held >= types.minimums).all() and (held <= maximums).all()
    assert (
        panel[expected >= types.counts - 1e-7] == types.counts[expected >= types.counts - 1e-7]
    ).all()
    assert (panel[expected <= 1e-7] == 0).all()
    assert (
        held[mean <= types.minimums + 1e-7] == types.minimums[mean <= types.minimums + 1e-7]
    ).all()
    assert (held[mean >= maximums - 1e-7] == maximums[mean >= maximums - 1e-7]).all()


def mix_probabilities(types: PoolTypes, panels: list[np.ndarray], mix: np.ndarray) -> np.ndarray:
    return (mix @ np.stack(panels)) / mix.sum() / types.counts


def test_face_forces_the_only_holder_of_a_required_value_and_keeps_tight_quotas():
    # One north person must sit on every panel; the relaxation's point seats her always, so
    # every panel on its face does, whatever the weights say.
    from .conftest import make_types

    types = make_types(
        [("region", "north", 1, 1), ("region", "south", 0, 3)],
        [["north"], ["south"], ["south"], ["south"], ["south"]],
        panel_size=3,
    )
    target = relaxation_target(types)
    oracle = face_oracle(types, target)
    north = types.type_of_person()[0]
    weights = np.ones(types.type_count)
    weights[north] = -10.0

    best = oracle.best_panel(weights)

    assert best is not None
    assert best.counts[north] == 1
    assert_on_face(types, target, best.counts)
    assert oracle.on_face(best.counts)
    without_north = best.counts.copy()
    without_north[north] = 0
    without_north[types.type_of_person()[1]] += 1
    assert not oracle.on_face(without_north)
    assert PanelOracle(types).on_face(best.counts)


@settings(max_examples=30, deadline=None)
@given(small_pools(), st.integers(0, 2**32 - 1))
def test_panels_priced_on_the_face_stay_on_it(types, seed):
    target = relaxation_target(types)
    oracle = face_oracle(types, target)
    weights = np.random.default_rng(seed).normal(size=types.type_count)

    best = oracle.best_panel(weights)
    rounded = oracle.rounded_relaxations(weights, 3)

    # The relaxation's LEXIMIN may be no mix of panels (then its face may hold none).
    if best is not None:
        assert_on_face(types, target, best.counts)
        assert_on_face(types, target, oracle.improve_by_swaps(best.counts, weights))
        first = oracle.best_panel(weights, solutions=1)
        assert first is not None
        assert_on_face(types, target, first.counts)
    for panel in rounded:
        assert_on_face(types, target, panel)


@settings(max_examples=20, deadline=None)
@given(pools_with_known_answer())
def test_peeling_alone_writes_the_target_as_panels_when_the_relaxation_is_integral(case):
    # Two categories (gender, and loose ones that bind nothing): the relaxation is integral,
    # so every face holds panels and the walk goes all the way down.
    types = case[0]
    target = relaxation_target(types)

    panels, remaining = _peel(face_oracle(types, target), types, target, None)

    assert remaining <= PEEL_REMAINDER
    for panel in panels:
        assert_on_face(types, target, panel)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stabilised_and_plain_column_generation_reach_the_same_leximin(seed):
    types = tight_pool(seed)
    target = relaxation_target(types)
    seeds = face_oracle(types, target).rounded_relaxations(target, 1)
    assert seeds

    results = {}
    for stabilise in (True, False):
        panels, mix, reached, outside = decompose(
            face_oracle(types, target), types, target, seeds, stabilise=stabilise
        )
        results[stabilise] = (panels, mix, reached, outside)

    for panels, mix, reached, outside in results.values():
        # The certificate: a mix of quota-feasible panels on the face that gives every type
        # its target probability (so the relaxation's upper bound is reached: exact).
        assert not outside
        assert reached == pytest.approx(1.0, abs=1e-8)
        assert (mix >= 0).all()
        probabilities = mix_probabilities(types, panels, mix)
        assert np.allclose(probabilities, target, atol=1e-7)
        for panel, weight in zip(panels, mix, strict=True):
            if weight > 1e-12:
                assert_on_face(types, target, panel)
    stabilised = mix_probabilities(types, results[True][0], results[True][1])
    plain = mix_probabilities(types, results[False][0], results[False][1])
    assert np.allclose(stabilised, plain, atol=1e-7)
