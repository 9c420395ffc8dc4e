import numpy as np
import pytest

from impactdays.core.opinions.clustering import group_k_range, kmeans, silhouette


def test_kmeans_starts_from_the_first_distinct_points_in_data_order():
    points = np.array([[0.0, 0.0], [0.0, 0.0], [10.0, 0.0], [0.1, 0.0], [10.1, 0.0]])

    clustering = kmeans(points, 2, max_iterations=0)

    # One step from centres (0, 0) and (10, 0): the duplicate first point does not count twice.
    assert clustering.labels.tolist() == [0, 0, 1, 0, 1]
    assert np.allclose(clustering.centers, [[0.1 / 3, 0.0], [10.05, 0.0]])


def test_kmeans_weights_pull_the_centre():
    points = np.array([[0.0, 0.0], [1.0, 0.0], [100.0, 0.0]])

    clustering = kmeans(points, 2, max_iterations=20, weights=np.array([3.0, 1.0, 1.0]))

    assert clustering.labels.tolist() == [0, 0, 1]
    assert np.allclose(clustering.centers[0], [0.25, 0.0])


def test_kmeans_warm_start_keeps_the_remembered_ids_and_splits_off_the_most_distant_point():
    points = np.array([[0.0, 0.0], [0.2, 0.0], [5.0, 0.0], [9.0, 0.0]])
    previous = np.array([7, 7, 3, -1])

    clustering = kmeans(points, 3, max_iterations=20, previous=previous)

    assert clustering.ids.tolist() == [3, 7, 8]
    assert clustering.labels.tolist() == [1, 1, 0, 2]


def test_kmeans_warm_start_splits_off_the_last_of_equally_distant_points():
    # Pol.is's most-distal keeps the last maximum (Clojure's max-key): of the two identical
    # outliers at (20, 0), the one remembered in cluster 2 leaves it, so cluster 2 recentres on
    # (0, 2) and takes every point near the origin; cluster 1 keeps (5, 0) and empties.
    near_a, near_b, outlier = [0.0, 0.0], [0.0, 2.0], [20.0, 0.0]
    points = np.array([near_a] * 3 + [outlier] + [near_b] * 3 + [outlier])
    previous = np.array([1] * 4 + [2] * 4)

    clustering = kmeans(points, 3, max_iterations=0, previous=previous)

    assert clustering.ids.tolist() == [2, 3]
    assert clustering.labels.tolist() == [0, 0, 0, 1, 0, 0, 0, 1]


def test_silhouette_scores_a_point_alone_in_its_cluster_as_zero():
    centers = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 0.0]])

    score = silhouette(centers, np.array([0, 0, 1]))

    # a = 1 and b = 10 or 9 for the pair, 0 for the singleton: (0.9 + 8/9 + 0) / 3.
    assert score == pytest.approx((0.9 + 8 / 9) / 3)


def test_group_k_range_grows_with_the_base_clusters_up_to_five():
    assert list(group_k_range(11)) == [2]
    assert list(group_k_range(24)) == [2, 3, 4]
    assert list(group_k_range(100)) == [2, 3, 4, 5]
