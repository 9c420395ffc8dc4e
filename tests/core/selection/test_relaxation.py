"""The LEXIMIN through the LP relaxation: its bound, its decomposition, the fallback, time limits."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impactdays.core.selection import draw_panel, leximin_probabilities
from impactdays.core.selection.relaxation import relaxation_leximin

from .conftest import make_types, seeded
from .test_leximin import brute_force_leximin, meets_quotas

BINARY = [
    ("a", "1", 1, 1),
    ("a", "0", 0, 2),
    ("b", "1", 1, 1),
    ("b", "0", 0, 2),
    ("c", "1", 0, 1),
    ("c", "0", 0, 2),
]
# p0 holds a and b; p1 holds a and c; p2 holds b and c; p3, p4 hold none. A panel of two needs
# exactly one holder of a and of b and at most one of c: only {p0, p3} and {p0, p4}. The LP
# relaxation also admits x0 = t, x1 = x2 = 1 - t, x3 = x4 = t/2 for t >= 1/2; its LEXIMIN is
# t = 2/3 (everyone else at 1/3), no mix of panels, so the level-by-level method must take over.
ODD_CYCLE = [["1", "1", "0"], ["1", "0", "1"], ["0", "1", "1"], ["0", "0", "0"], ["0", "0", "0"]]


def test_relaxation_leximin_is_an_upper_bound_that_can_be_strict():
    types = make_types(BINARY, ODD_CYCLE, panel_size=2)

    relaxed = relaxation_leximin(types)[types.type_of_person()]

    assert np.allclose(relaxed, [2 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3], atol=1e-9)


def test_leximin_falls_back_when_the_relaxation_is_no_mix_of_panels():
    types = make_types(BINARY, ODD_CYCLE, panel_size=2)

    result = leximin_probabilities(types)

    assert result.exact
    assert result.distribution.person_probabilities().round(9).tolist() == [1, 0, 0, 0.5, 0.5]
    assert result.minimum_upper_bound == pytest.approx(1 / 3)


@st.composite
def three_category_pools(draw: st.DrawFn):
    n = draw(st.integers(3, 7))
    k = draw(st.integers(1, n - 1))
    people = [[draw(st.sampled_from("01")) for _ in range(3)] for _ in range(n)]
    witness = draw(st.permutations(range(n)))[:k]
    quotas = []
    for position, category in enumerate("abc"):
        for value in "01":
            held = sum(people[i][position] == value for i in witness)
            quotas.append((category, value, draw(st.integers(0, held)), draw(st.integers(held, k))))
    return make_types(quotas, people, k)


@settings(max_examples=40, deadline=None)
@given(three_category_pools())
def test_leximin_matches_brute_force_with_three_categories(types):
    result = leximin_probabilities(types)

    ours = sorted(result.distribution.person_probabilities())

    assert result.exact
    assert np.allclose(ours, brute_force_leximin(types), atol=1e-6)
    assert result.minimum_upper_bound is not None
    assert result.minimum_upper_bound >= min(ours) - 1e-9


@st.composite
def pools_with_known_answer(draw: st.DrawFn):
    """Gender seats fixed (a women, b men), other categories with loose quotas; many types.

    LEXIMIN gives every woman a/n_f and every man b/n_m: those are the most each side can get,
    and the loose categories cannot tell anyone apart (a panel may hold any mix of them).
    """
    women = draw(st.integers(2, 40))
    men = draw(st.integers(2, 40))
    seats_women = draw(st.integers(1, women))
    seats_men = draw(st.integers(1, men))
    k = seats_women + seats_men
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    extra = draw(st.integers(1, 3))
    people = [
        [gender, *(f"v{rng.integers(0, 3)}" for _ in range(extra))]
        for gender in ["f"] * women + ["m"] * men
    ]
    quotas = [("gender", "f", seats_women, seats_women), ("gender", "m", seats_men, seats_men)]
    for category in range(extra):
        quotas += [(f"c{category}", f"v{value}", 0, k) for value in range(3)]
    return make_types(quotas, people, k), women, men, seats_women, seats_men


@settings(max_examples=25, deadline=None)
@given(pools_with_known_answer())
def test_leximin_on_generated_pools_with_a_known_answer(case):
    types, women, men, seats_women, seats_men = case

    result = leximin_probabilities(types)

    expected = [seats_women / women] * women + [seats_men / men] * men
    assert result.exact
    assert np.allclose(result.distribution.person_probabilities(), expected, atol=1e-9)


def tight_pool(seed: int, size: int = 240, k: int = 24):
    """A pool of four correlated categories with quotas far from the pool's shares."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=size)
    people = [
        [f"v{int(value)}" for value in np.clip(np.round(latent[i] + rng.normal(size=4)), -1, 1) + 1]
        for i in range(size)
    ]
    quotas = []
    for category in range(4):
        quotas += [
            (f"c{category}", "v0", 9, 10),
            (f"c{category}", "v1", 2, 5),
            (f"c{category}", "v2", 9, 10),
        ]
    people = [[row[c] for c in range(4)] for row in people]
    return make_types(quotas, people, k)


def test_leximin_is_deterministic_on_a_generated_pool():
    types = tight_pool(3)

    first = leximin_probabilities(types)
    second = leximin_probabilities(types)

    assert first.exact
    assert [p.tolist() for p in first.distribution.panels] == [
        p.tolist() for p in second.distribution.panels
    ]
    assert first.distribution.weights.tolist() == second.distribution.weights.tolist()
    assert draw_panel(first.distribution, seeded(5)) == draw_panel(second.distribution, seeded(5))


def test_leximin_cut_by_its_time_limit_says_so_and_keeps_its_certificate():
    types = tight_pool(4)
    exact = leximin_probabilities(types)

    cut = leximin_probabilities(types, time_limit=0.0)

    upper = relaxation_leximin(types)
    probabilities = cut.distribution.type_probabilities()
    assert not cut.exact
    assert 0.0 <= cut.target_share < 1.0
    # The certificate: every type has at least target_share of its upper-bound probability,
    # and the bound is above the true LEXIMIN minimum.
    assert (probabilities >= cut.target_share * upper - 1e-9).all()
    assert cut.minimum_upper_bound is not None
    assert cut.minimum_upper_bound >= exact.distribution.person_probabilities().min() - 1e-9
    assert probabilities @ types.counts == pytest.approx(types.instance.panel_size)
    for panel in cut.distribution.panels:
        held = types.membership @ panel
        assert (held >= types.minimums).all() and (held <= types.maximums).all()
    assert meets_quotas(types, draw_panel(cut.distribution, seeded(1)))
