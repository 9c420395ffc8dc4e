"""Fixtures for the team-formation tests: tiny instances and their brute-force optimum."""

import itertools

import numpy as np


def brute_force_optimum(distance: np.ndarray, lower: list[int], upper: list[int]) -> float:
    """Return the best objective over every labelling that meets the bounds (tiny n only)."""
    size = distance.shape[0]
    group_count = len(lower)
    best = -np.inf
    for labels in itertools.product(range(group_count), repeat=size):
        counts = np.bincount(labels, minlength=group_count)
        if np.all(counts >= lower) and np.all(counts <= upper):
            same = np.equal.outer(labels, labels)
            best = max(best, float(distance[same].sum() / 2))
    return best


def random_distance(rng: np.random.Generator, size: int) -> np.ndarray:
    """Return a random symmetric matrix of integers 0..100 with a zero diagonal."""
    upper = np.triu(rng.integers(0, 101, size=(size, size)), 1).astype(np.float64)
    return upper + upper.T
