"""The compiled walk: its generator, its bookkeeping, its move neighbourhood and hard rules."""

import numpy as np
import pytest

from impactdays.core.teams import kernels
from tests.core.teams.conftest import random_distance

# Unequal bounds (a "ds" instance in MDGPLIB's terms): 30 people in groups of 5 to 12.
LOWER = np.array([5, 6, 7, 5], dtype=np.int64)
UPPER = np.array([9, 8, 12, 10], dtype=np.int64)


def walk(labels, *, temperature, steps, move_share, unary=None, hard=np.inf, seed=1):
    """Anneal from ``labels`` at a fixed temperature; return everything the walk touched."""
    distance = random_distance(np.random.default_rng(5), labels.shape[0])
    group_count = LOWER.shape[0]
    unary = np.zeros((labels.shape[0], group_count)) if unary is None else unary
    unit_size = np.ones(labels.shape[0], dtype=np.int64)
    labels = labels.copy()
    sizes = np.bincount(labels, minlength=group_count).astype(np.int64)
    gain = kernels.gain_matrix(distance, labels, group_count)
    value = kernels.objective_value(distance, unary, labels, gain)
    best = labels.copy()
    value, best_value = kernels.anneal(
        distance, unary, unit_size, LOWER, UPPER, labels, gain, sizes,
        temperature, temperature, steps, hard, best, value, value,
        kernels.new_walk_state(seed), move_share,
    )  # fmt: skip
    return distance, unary, labels, gain, sizes, value, best, best_value


def start_labels() -> np.ndarray:
    return np.repeat(np.arange(4), [8, 7, 8, 7]).astype(np.int64)


def test_walk_state_repeats_for_a_seed_and_differs_between_seeds():
    first = walk(start_labels(), temperature=50.0, steps=5000, move_share=0.3, seed=7)
    again = walk(start_labels(), temperature=50.0, steps=5000, move_share=0.3, seed=7)
    other = walk(start_labels(), temperature=50.0, steps=5000, move_share=0.3, seed=8)

    assert np.array_equal(first[2], again[2])
    assert not np.array_equal(first[2], other[2])
    assert kernels.new_walk_state(0)[0] != 0


@pytest.mark.parametrize("temperature", [1.0, 50.0, 500.0])
def test_anneal_keeps_gains_sizes_objective_and_best_consistent(temperature):
    distance, unary, labels, gain, sizes, value, best, best_value = walk(
        start_labels(), temperature=temperature, steps=20_000, move_share=0.3
    )

    assert np.allclose(gain, kernels.gain_matrix(distance, labels, 4))
    assert np.array_equal(sizes, np.bincount(labels, minlength=4))
    assert np.all((sizes >= LOWER) & (sizes <= UPPER))
    assert value == pytest.approx(kernels.objective_value(distance, unary, labels, gain))
    best_gain = kernels.gain_matrix(distance, best, 4)
    assert best_value == pytest.approx(kernels.objective_value(distance, unary, best, best_gain))
    assert best_value >= value - 1e-9
    best_sizes = np.bincount(best, minlength=4)
    assert np.all((best_sizes >= LOWER) & (best_sizes <= UPPER))


def test_anneal_changes_group_sizes_only_through_moves():
    swaps_only = walk(start_labels(), temperature=500.0, steps=20_000, move_share=0.0)
    with_moves = walk(start_labels(), temperature=500.0, steps=20_000, move_share=0.3)

    assert swaps_only[4].tolist() == [8, 7, 8, 7]
    assert not np.array_equal(swaps_only[2], start_labels())
    assert with_moves[4].tolist() != [8, 7, 8, 7]


def test_anneal_never_breaks_a_hard_rule_even_when_hot():
    # People 0 to 9 may not join group 0: their term there is far below any diversity.
    labels = start_labels()
    labels[:10], labels[20:30] = labels[20:30].copy(), labels[:10].copy()
    assert not np.any(labels[:10] == 0)
    unary = np.zeros((30, 4))
    unary[:10, 0] = -1e9

    result = walk(labels, temperature=1e4, steps=50_000, move_share=0.3, unary=unary, hard=5e8)

    assert not np.any(result[2][:10] == 0)
    assert not np.any(result[6][:10] == 0)
