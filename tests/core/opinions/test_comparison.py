from impactdays.core.opinions.comparison import adjusted_rand_index


def test_adjusted_rand_index_is_one_for_renamed_partitions():
    assert adjusted_rand_index([0, 0, 1, 1, 2], [5, 5, 3, 3, 9]) == 1.0


def test_adjusted_rand_index_of_a_known_pair():
    # Pairs: 6 in all; together in both 1, in the first 2, in the second 2.
    value = adjusted_rand_index([0, 0, 1, 1], [0, 0, 0, 1])

    expected = (1 - 2 * 3 / 6) / ((2 + 3) / 2 - 2 * 3 / 6)
    assert value == expected
