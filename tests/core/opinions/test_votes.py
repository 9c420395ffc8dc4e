import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impactdays.core.opinions.votes import (
    column_tally,
    vote_batch,
    vote_matrix_build,
    vote_matrix_merge,
    vote_matrix_merge_tallied,
)


def dense(matrix):
    table = {}
    for row, participant in enumerate(matrix.participant_ids):
        for position in range(matrix.indptr[row], matrix.indptr[row + 1]):
            statement = matrix.statement_ids[matrix.indices[position]]
            table[int(participant), int(statement)] = int(matrix.values[position])
    return table


def test_vote_matrix_build_keeps_the_latest_vote_and_passes():
    batch = vote_batch([7, 7, 8, 7], [1, 2, 1, 1], [1, 0, -1, -1])

    matrix = vote_matrix_build(batch)

    assert dense(matrix) == {(7, 1): -1, (7, 2): 0, (8, 1): -1}
    assert matrix.participant_ids.tolist() == [7, 8]
    assert matrix.statement_ids.tolist() == [1, 2]
    assert matrix.row_vote_counts().tolist() == [2, 1]


def test_vote_matrix_merge_replaces_and_appends():
    matrix = vote_matrix_build(vote_batch([1, 2], [10, 10], [1, 1]))

    merged = vote_matrix_merge(matrix, vote_batch([2, 3, 1], [10, 11, 11], [-1, 0, 1]))

    assert dense(merged) == {(1, 10): 1, (1, 11): 1, (2, 10): -1, (3, 11): 0}
    assert merged.participant_ids.tolist() == [1, 2, 3]
    assert merged.statement_ids.tolist() == [10, 11]


def test_vote_matrix_build_ignores_statements_beyond_the_cap():
    statements = [*range(10_001), 0]
    batch = vote_batch([1] * 10_001 + [2], statements, [1] * 10_001 + [-1])

    matrix = vote_matrix_build(batch)

    assert matrix.shape == (2, 10_000)
    assert matrix.vote_count == 10_001
    assert 10_000 not in matrix.statement_ids


def test_vote_batch_refuses_other_values():
    with pytest.raises(ValueError, match="-1"):
        vote_batch([1], [1], [2])


votes = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 5), st.sampled_from([-1, 0, 1])), max_size=40
)


@settings(max_examples=60, deadline=None)
@given(first=votes, second=votes)
def test_vote_matrix_merge_equals_building_from_all_votes(first, second):
    def batch(rows):
        return vote_batch(
            [r[0] for r in rows], [r[1] for r in rows], np.array([r[2] for r in rows], np.int8)
        )

    merged = vote_matrix_merge(vote_matrix_build(batch(first)), batch(second))

    expected = {}
    for participant, statement, value in first + second:
        expected[participant, statement] = value
    assert dense(merged) == expected
    for row in range(merged.shape[0]):
        columns = merged.indices[merged.indptr[row] : merged.indptr[row + 1]]
        assert columns.tolist() == sorted(columns.tolist())


@settings(max_examples=60, deadline=None)
@given(first=votes, second=votes, third=votes)
def test_vote_matrix_merge_tallied_keeps_the_tally_of_a_recount(first, second, third):
    def batch(rows):
        return vote_batch(
            [r[0] for r in rows], [r[1] for r in rows], np.array([r[2] for r in rows], np.int8)
        )

    matrix = vote_matrix_build(batch(first))
    tally = column_tally(matrix)
    for rows in (second, third):
        matrix, tally = vote_matrix_merge_tallied(matrix, tally, batch(rows))

    final = {}
    for participant, statement, value in first + second + third:
        final[participant, statement] = value
    sums = {int(s): 0 for s in matrix.statement_ids}
    counts = dict(sums)
    for (_, statement), value in final.items():
        sums[statement] += value
        counts[statement] += 1
    assert tally.sums.tolist() == [sums[int(s)] for s in matrix.statement_ids]
    assert tally.counts.tolist() == [counts[int(s)] for s in matrix.statement_ids]
    recount = column_tally(matrix)
    assert np.array_equal(tally.sums, recount.sums)
    assert np.array_equal(tally.counts, recount.counts)
