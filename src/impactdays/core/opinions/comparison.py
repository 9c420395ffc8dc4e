"""Agreement between two partitions: the adjusted Rand index.

Method: Hubert and Arabie, "Comparing partitions", Journal of Classification 2 (1985) 193-218;
the index is 1 for identical partitions and about 0 for independent ones.
"""

import numpy as np
import numpy.typing as npt


def adjusted_rand_index(first: npt.ArrayLike, second: npt.ArrayLike) -> float:
    """Adjusted Rand index of two labelings of the same items.

    Preconditions: equal lengths. Returns 1.0 when both put every item in one cluster (or there
    are fewer than two items). Errors: ValueError on different lengths.
    """
    labels_a, labels_b = np.asarray(first).ravel(), np.asarray(second).ravel()
    if len(labels_a) != len(labels_b):
        raise ValueError("the two labelings differ in length")
    n = len(labels_a)
    _, a = np.unique(labels_a, return_inverse=True)
    _, b = np.unique(labels_b, return_inverse=True)
    table = np.zeros((a.max(initial=-1) + 1, b.max(initial=-1) + 1))
    np.add.at(table, (a, b), 1)

    def pairs(counts: npt.NDArray[np.float64]) -> float:
        """Number of unordered pairs within each count, summed."""
        return float((counts * (counts - 1) / 2).sum())

    index = pairs(table)
    rows, columns = pairs(table.sum(1)), pairs(table.sum(0))
    total = n * (n - 1) / 2
    if total == 0:
        return 1.0
    expected = rows * columns / total
    maximum = (rows + columns) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
