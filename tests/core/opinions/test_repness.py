import math

import numpy as np

from impactdays.core.opinions.repness import (
    VoteCounts,
    consensus_statements,
    group_informed_consensus,
    proportion_test,
    two_proportion_test,
)


def test_proportion_test_matches_the_formula():
    z = proportion_test(np.array([8.0]), np.array([10.0]))

    assert z[0] == 2 * math.sqrt(11) * (9 / 11 - 0.5)


def test_two_proportion_test_is_zero_when_everyone_agrees():
    z = two_proportion_test(np.array([4.0]), np.array([6.0]), np.array([4.0]), np.array([6.0]))

    assert z[0] == 0.0


def test_consensus_statements_rank_by_rate_times_test():
    counts = VoteCounts(
        agree=np.array([9.0, 20.0, 1.0, 5.0]),
        disagree=np.array([0.0, 0.0, 9.0, 0.0]),
        seen=np.array([10.0, 20.0, 10.0, 10.0]),
    )

    agree, disagree = consensus_statements(counts, np.array([False, False, False, True]))

    assert agree == [1, 0]
    assert disagree == [2]


def test_group_informed_consensus_multiplies_group_rates():
    counts = VoteCounts(
        agree=np.array([[3.0], [0.0]]),
        disagree=np.array([[0.0], [2.0]]),
        seen=np.array([[4.0], [2.0]]),
    )

    agree, disagree = group_informed_consensus(counts)

    assert agree.tolist() == [(4 / 6) * (1 / 4)]
    assert disagree.tolist() == [(1 / 6) * (3 / 4)]
