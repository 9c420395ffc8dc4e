"""Pol.is's two-level clustering: 100 base clusters, then groups by weighted k-means and silhouette.

Method: Pol.is (compdemocracy/polis, math/src/polismath/math/clusters.clj and conversation.clj):
k-means on the clustered participants' 2-D projections with k = 100, warm-started from the last
analysis's clusters (`clean-start-clusters`: recentre on the remembered members, merge identical
centres, split off the most distant point until there are enough clusters), or from the first k
distinct points in data order; stop after the iteration limit or when every sorted centre moves
less than 0.01. Groups are weighted k-means over the base-cluster centres for k = 2 .. min(5,
2 + bases // 12), chosen by the mean silhouette over base clusters, and smoothed: a new k is shown
only after it has won `K_BUFFER` analyses in a row.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

BASE_K = 100
BASE_ITERATIONS = 100
GROUP_ITERATIONS = 20
MAX_GROUP_K = 5
K_BUFFER = 4
SAME_CLUSTERING_DISTANCE = 0.01


@dataclass(frozen=True)
class Clustering:
    """Clusters sorted by id: their ids and centres, and each point's position in that order."""

    ids: IntArray
    centers: FloatArray
    labels: IntArray


@dataclass(frozen=True)
class KSmoother:
    """Pol.is's k-smoothing memory: last winning k, its run length, and the k shown."""

    last_k: int
    last_k_count: int
    smoothed_k: int


def _two_nearest(
    points: FloatArray, centers: FloatArray
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Index of the nearest centre (lowest on ties), its distance, and the second-nearest distance.

    The second distance is infinite when there is a single centre.
    """
    squared_centers = (centers**2).sum(axis=1)
    nearest = np.empty(len(points), dtype=np.int64)
    first = np.empty(len(points))
    second = np.full(len(points), np.inf)
    chunk = 16_384
    for start in range(0, len(points), chunk):
        block = points[start : start + chunk]
        rows = np.arange(len(block))
        # |x - c|^2 = |x|^2 - 2 x.c + |c|^2; |x|^2 does not change the order of the centres.
        # Element-wise products, not a BLAS call: the inner dimension is 2, and BLAS threads only
        # add start-up cost here.
        partial = np.broadcast_to(squared_centers, (len(block), len(centers))).copy()
        for axis in range(block.shape[1]):
            partial -= 2.0 * block[:, axis, None] * centers[None, :, axis]
        norms = (block**2).sum(axis=1)
        best = np.argmin(partial, axis=1)
        nearest[start : start + chunk] = best
        # The expansion loses precision near 0; the nearest distance is taken exactly.
        first[start : start + chunk] = np.linalg.norm(block - centers[best], axis=1)
        if centers.shape[0] > 1:
            partial[rows, best] = np.inf
            runner_up = partial.min(axis=1)
            second[start : start + chunk] = np.sqrt(np.maximum(runner_up + norms, 0.0))
    return nearest, first, second


def _nearest(points: FloatArray, centers: FloatArray) -> tuple[FloatArray, IntArray]:
    """Distance to, and index of, the nearest centre of every point (lowest index on ties)."""
    nearest, distance, _ = _two_nearest(points, centers)
    return distance, nearest


def _weighted_centers(
    points: FloatArray, weights: FloatArray, labels: IntArray, count: int
) -> tuple[FloatArray, FloatArray]:
    """Weighted mean of the points of each label, and each label's total weight."""
    totals = np.bincount(labels, weights=weights, minlength=count).astype(np.float64)
    centers = np.zeros((count, points.shape[1]))
    for axis in range(points.shape[1]):
        sums = np.bincount(labels, weights=weights * points[:, axis], minlength=count)
        centers[:, axis] = np.divide(sums, totals, out=np.zeros(count), where=totals > 0)
    return centers, totals


def _sorted_centers(centers: FloatArray) -> FloatArray:
    """Centres in lexicographic order, as Pol.is compares clusterings."""
    return centers[np.lexsort(centers.T[::-1])]


def _is_same_clustering(old: FloatArray, new: FloatArray) -> bool:
    """Whether every sorted centre moved less than 0.01 (Pol.is's `same-clustering?`)."""
    size = min(len(old), len(new))
    moved = np.linalg.norm(_sorted_centers(old)[:size] - _sorted_centers(new)[:size], axis=1)
    return bool(np.all(moved < SAME_CLUSTERING_DISTANCE))


def _first_distinct(points: FloatArray, k: int) -> FloatArray:
    """The first k distinct points in data order."""
    _, first = np.unique(points, axis=0, return_index=True)
    return np.asarray(points[np.sort(first)[:k]], dtype=np.float64)


def _clean_start(
    points: FloatArray, weights: FloatArray, k: int, previous: IntArray
) -> tuple[IntArray, FloatArray]:
    """Starting clusters from the last analysis's members (Pol.is's `clean-start-clusters`).

    `previous` holds each point's former cluster id, or -1 for a point new to the clustering.
    Returns cluster ids and centres; new clusters get ids above the largest one.
    """
    member = previous >= 0
    if not member.any():
        center, _ = _weighted_centers(points, weights, np.zeros(len(points), np.int64), 1)
        return np.array([0], dtype=np.int64), center
    ids, labels = np.unique(previous[member], return_inverse=True)
    labels_all = np.full(len(points), -1, dtype=np.int64)
    labels_all[member] = labels
    centers, totals = _weighted_centers(points[member], weights[member], labels, len(ids))
    # Identical centres merge into the cluster with more members.
    _, first, inverse = np.unique(centers, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    if len(first) < len(ids):
        keep = np.zeros(len(ids), dtype=np.int64)
        for group in range(len(first)):
            candidates = np.flatnonzero(inverse == group)
            keep[candidates] = candidates[np.argmax(totals[candidates])]
        labels_all[member] = keep[labels_all[member]]
        survivors = np.unique(keep)
        remap = np.full(len(ids), -1, dtype=np.int64)
        remap[survivors] = np.arange(len(survivors))
        labels_all[member] = remap[labels_all[member]]
        ids = ids[survivors]
        centers = centers[survivors]
    ids = ids.astype(np.int64)
    possible = k if len(ids) >= k else min(k, len(np.unique(points, axis=0)))
    while len(ids) < possible:
        distances, _ = _nearest(points, centers)
        # Pol.is's `most-distal` takes the last of equally distant points (Clojure's max-key).
        outlier = len(distances) - 1 - int(np.argmax(distances[::-1]))
        if distances[outlier] <= 0 or (
            labels_all[outlier] >= 0 and np.count_nonzero(labels_all == labels_all[outlier]) == 1
        ):
            # Splitting a point off its own one-member cluster would not add a cluster.
            break
        labels_all[outlier] = len(ids)
        ids = np.append(ids, ids.max() + 1)
        is_member = labels_all >= 0
        centers, totals = _weighted_centers(
            points[is_member], weights[is_member], labels_all[is_member], len(ids)
        )
        if not np.all(totals > 0):
            kept = totals > 0
            remap = np.cumsum(kept) - 1
            labels_all[is_member] = remap[labels_all[is_member]]
            ids, centers = ids[kept], centers[kept]
    return ids, centers


def kmeans(
    points: FloatArray,
    k: int,
    *,
    max_iterations: int,
    weights: FloatArray | None = None,
    previous: IntArray | None = None,
) -> Clustering:
    """Pol.is's k-means: assign to the nearest centre, drop empty clusters, recentre.

    Preconditions: `points` is (n, 2) with n >= 1; `previous` (optional) gives each point's
    former cluster id or -1. Runs at most max_iterations + 1 steps and stops when no sorted
    centre moves by 0.01 or more. Returns clusters sorted by id; ids are 0.. when started afresh.
    """
    point_weights = np.ones(len(points)) if weights is None else np.asarray(weights, np.float64)
    if previous is not None and np.any(previous >= 0):
        ids, centers = _clean_start(points, point_weights, k, previous)
    else:
        centers = _first_distinct(points, k)
        ids = np.arange(len(centers), dtype=np.int64)
    # Lloyd's iterations with Hamerly's bounds (G. Hamerly, "Making k-means even faster", SDM
    # 2010): a point is reassigned only when its distance bounds allow a closer centre, so the
    # assignments are exactly those of plain k-means at a fraction of the distance computations.
    labels, upper, lower = _two_nearest(points, centers)
    for iteration in range(max_iterations + 1):
        new_centers, totals = _weighted_centers(points, point_weights, labels, len(ids))
        occupied = totals > 0
        if not occupied.all():
            remap = np.cumsum(occupied) - 1
            labels = remap[labels]
            ids, new_centers, centers = ids[occupied], new_centers[occupied], centers[occupied]
        is_done = iteration == max_iterations or _is_same_clustering(centers, new_centers)
        moved = np.linalg.norm(new_centers - centers, axis=1)
        centers = new_centers
        if is_done:
            break
        upper += moved[labels]
        lower -= moved.max()
        check = np.flatnonzero(upper > lower)
        if len(check):
            upper[check] = np.linalg.norm(points[check] - centers[labels[check]], axis=1)
            check = check[upper[check] > lower[check]]
        if len(check):
            labels[check], upper[check], lower[check] = _two_nearest(points[check], centers)
    order = np.argsort(ids, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return Clustering(ids[order], centers[order], rank[labels])


def silhouette(centers: FloatArray, labels: IntArray) -> float:
    """Mean silhouette over points (here base-cluster centres), unweighted, Pol.is's way.

    A point alone in its cluster scores 0; with a single cluster the score is 0.
    """
    cluster_ids = np.unique(labels)
    if len(cluster_ids) < 2:
        return 0.0
    distances = np.sqrt(((centers[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2))
    one_hot = (labels[:, None] == cluster_ids[None, :]).astype(np.float64)
    sizes = one_hot.sum(axis=0)
    sums = distances @ one_hot
    own = np.searchsorted(cluster_ids, labels)
    own_size = sizes[own]
    within = np.divide(
        sums[np.arange(len(labels)), own],
        own_size - 1,
        out=np.zeros(len(labels)),
        where=own_size > 1,
    )
    means = sums / sizes[None, :]
    means[np.arange(len(labels)), own] = np.inf
    between = means.min(axis=1)
    largest = np.maximum(within, between)
    scores = np.divide(between - within, largest, out=np.zeros(len(labels)), where=largest > 0)
    scores[own_size <= 1] = 0.0
    return float(scores.mean())


def group_k_range(base_count: int) -> range:
    """The k values tried for groups: 2 .. min(5, 2 + bases // 12)."""
    return range(2, min(MAX_GROUP_K, 2 + base_count // 12) + 1)


def smooth_k(previous: KSmoother | None, best_k: int) -> KSmoother:
    """Pol.is's k-smoothing: the shown k changes once the same best k has won K_BUFFER times."""
    count = previous.last_k_count + 1 if previous and previous.last_k == best_k else 1
    if count >= K_BUFFER or previous is None:
        return KSmoother(best_k, count, best_k)
    return KSmoother(best_k, count, previous.smoothed_k)
