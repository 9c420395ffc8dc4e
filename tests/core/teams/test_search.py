import numpy as np
import pytest

from impactdays.core.teams.search import fullest_sizes


@pytest.mark.parametrize(
    ("lower", "upper", "total", "expected"),
    [
        ([1, 1, 1], [3, 3, 3], 5, [1, 1, 3]),
        ([2, 2], [2, 5], 6, [2, 4]),
        ([0, 0, 0], [4, 4, 4], 9, [1, 4, 4]),
        ([3, 3], [3, 3], 6, [3, 3]),
    ],
)
def test_fullest_sizes_fills_groups_as_unevenly_as_the_bounds_allow(lower, upper, total, expected):
    sizes = fullest_sizes(
        np.array(lower, dtype=np.int64),
        np.array(upper, dtype=np.int64),
        total,
        np.random.default_rng(0),
    )

    assert sorted(sizes.tolist()) == expected
    assert all(low <= size <= high for size, low, high in zip(sizes, lower, upper, strict=True))
