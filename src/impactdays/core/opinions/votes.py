"""The sparse vote matrix of a Pol.is conversation: agree +1, disagree -1, pass 0, latest vote wins.

Method: the rating matrix of Pol.is (compdemocracy/polis, math/src/polismath/math/conversation.clj,
`raw-rating-mat`), where a participant's later vote on a statement replaces the earlier one. The
matrix is held in compressed sparse rows, so memory grows with the number of votes, never with
participants x statements. A pass is a stored 0; a statement not seen is simply absent.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

MAX_PARTICIPANTS = 100_000
MAX_STATEMENTS = 10_000


@dataclass(frozen=True)
class VoteBatch:
    """Votes in the order they were cast: participant id, statement id and value per vote."""

    participant_ids: IntArray
    statement_ids: IntArray
    values: npt.NDArray[np.int8]


@dataclass(frozen=True)
class VoteMatrix:
    """Final votes in compressed sparse rows; rows are participants, columns statements.

    `indices` within a row are sorted; `values` holds +1, -1 or 0 (pass) for every stored entry.
    Rows and columns keep the order of first appearance, so a later matrix extends an earlier one.
    """

    participant_ids: IntArray
    statement_ids: IntArray
    indptr: IntArray
    indices: npt.NDArray[np.int32]
    values: npt.NDArray[np.int8]

    @property
    def shape(self) -> tuple[int, int]:
        """Number of participants and of statements."""
        return len(self.participant_ids), len(self.statement_ids)

    @property
    def vote_count(self) -> int:
        """Number of stored final votes, passes included."""
        return len(self.values)

    def row_vote_counts(self) -> IntArray:
        """Votes per participant, passes included."""
        return np.diff(self.indptr)

    def row_of_entries(self) -> IntArray:
        """The row index of every stored entry, aligned with `indices`."""
        return self.spread_over_entries(np.arange(self.shape[0], dtype=np.int64))

    def spread_over_entries(self, per_row: IntArray) -> IntArray:
        """Repeat one integer per row over that row's entries."""
        return np.repeat(per_row.astype(np.int64), np.diff(self.indptr))


@dataclass(frozen=True)
class ColumnTally:
    """Per statement, the sum of its stored votes and their number (passes included)."""

    sums: IntArray
    counts: IntArray


def vote_batch(
    participant_ids: npt.ArrayLike, statement_ids: npt.ArrayLike, values: npt.ArrayLike
) -> VoteBatch:
    """Build a checked batch of votes from three equally long sequences, in voting order.

    Errors: ValueError when the lengths differ or a value is not -1, 0 or +1.
    """
    participants = np.asarray(participant_ids, dtype=np.int64).ravel()
    statements = np.asarray(statement_ids, dtype=np.int64).ravel()
    raw_values = np.asarray(values).ravel()
    if not len(participants) == len(statements) == len(raw_values):
        raise ValueError("participant ids, statement ids and values differ in length")
    if raw_values.size and not np.isin(raw_values, (-1, 0, 1)).all():
        raise ValueError("a vote is -1 (disagree), 0 (pass) or +1 (agree)")
    return VoteBatch(participants, statements, raw_values.astype(np.int8))


def _index_ids(known: IntArray, new: IntArray) -> tuple[IntArray, IntArray]:
    """Map ids to positions, appending unseen ids in order of first appearance.

    Returns the extended id array and the position of every id in `new`.
    """
    if len(new) == 0:
        return known, np.zeros(0, dtype=np.int64)
    low, high = int(new.min()), int(new.max())
    if len(known):
        low, high = min(low, int(known.min())), max(high, int(known.max()))
    if low >= 0 and high <= 4 * (len(new) + len(known)) + 1_000_000:
        # Small non-negative ids (the usual case): a lookup table instead of sorting.
        table = np.full(high + 1, -1, dtype=np.int64)
        table[known] = np.arange(len(known))
        first_seen = np.full(high + 1, len(new), dtype=np.int64)
        np.minimum.at(first_seen, new, np.arange(len(new)))
        candidates = np.flatnonzero((first_seen < len(new)) & (table < 0))
        appended = candidates[np.argsort(first_seen[candidates], kind="stable")]
        table[appended] = len(known) + np.arange(len(appended))
        return np.concatenate([known, appended]).astype(np.int64), table[new]
    unique_new, first_index = np.unique(new, return_index=True)
    is_unknown = ~np.isin(unique_new, known)
    appended = unique_new[is_unknown][np.argsort(first_index[is_unknown], kind="stable")]
    extended_ids = np.concatenate([known, appended]).astype(np.int64)
    sorter = np.argsort(extended_ids, kind="stable")
    positions = sorter[np.searchsorted(extended_ids, new, sorter=sorter)]
    return extended_ids, positions.astype(np.int64)


def _latest_per_cell(keys: IntArray) -> IntArray:
    """Positions of the last occurrence of each distinct key, in increasing key order."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    is_last = np.ones(len(order), dtype=bool)
    is_last[:-1] = sorted_keys[1:] != sorted_keys[:-1]
    return order[is_last]


SMALL_BATCH = 20_000


def _locate(
    matrix: VoteMatrix, rows: IntArray, columns: IntArray, n_columns: int
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Where each (row, column) cell sits, or would be inserted, in the stored entries.

    Returns the insertion positions and whether the cell is already stored. A small batch is
    searched row by row, so an update touches only the rows it changes; a large one uses the
    global row-major keys.
    """
    old_rows = len(matrix.participant_ids)
    positions = np.empty(len(rows), dtype=np.int64)
    is_known = np.zeros(len(rows), dtype=bool)
    if len(rows) <= SMALL_BATCH:
        for position, (row, column) in enumerate(zip(rows.tolist(), columns.tolist(), strict=True)):
            if row >= old_rows:
                positions[position] = matrix.vote_count
                continue
            start, stop = int(matrix.indptr[row]), int(matrix.indptr[row + 1])
            offset = start + int(np.searchsorted(matrix.indices[start:stop], column))
            positions[position] = offset
            is_known[position] = offset < stop and int(matrix.indices[offset]) == column
        return positions, is_known
    old_keys = matrix.row_of_entries()
    old_keys *= n_columns
    old_keys += matrix.indices
    positions = np.searchsorted(old_keys, rows * n_columns + columns)
    in_range = positions < len(old_keys)
    is_known[in_range] = old_keys[positions[in_range]] == (rows * n_columns + columns)[in_range]
    return positions, is_known


def vote_matrix_build(batch: VoteBatch) -> VoteMatrix:
    """Build the final-vote matrix from votes in voting order; a later vote replaces an earlier one.

    Rows and columns follow the order of first appearance of participants and statements; votes
    beyond Pol.is's caps (100,000 participants, 10,000 statements) are ignored.
    """
    empty = VoteMatrix(
        np.zeros(0, np.int64),
        np.zeros(0, np.int64),
        np.zeros(1, np.int64),
        np.zeros(0, np.int32),
        np.zeros(0, np.int8),
    )
    return vote_matrix_merge(empty, batch)


def vote_matrix_merge(matrix: VoteMatrix, batch: VoteBatch) -> VoteMatrix:
    """Return the matrix with a batch of newer votes applied; new votes replace older ones.

    Preconditions: the batch is in voting order. Effects: none (a new matrix is returned); known
    participants and statements keep their rows and columns, new ones are appended. Votes of
    participants or on statements beyond Pol.is's caps (100,000 and 10,000, counted in order of
    first appearance) are ignored, as Pol.is's `customs` step ignores them.
    """
    merged, _ = _merge(matrix, batch)
    return merged


def column_tally(matrix: VoteMatrix) -> ColumnTally:
    """Sum and number of the stored votes of every statement, counted over the whole matrix."""
    n_columns = matrix.shape[1]
    sums = np.bincount(matrix.indices, weights=matrix.values, minlength=n_columns)
    counts = np.bincount(matrix.indices, minlength=n_columns)
    return ColumnTally(sums.astype(np.int64), counts.astype(np.int64))


def vote_matrix_merge_tallied(
    matrix: VoteMatrix, tally: ColumnTally, batch: VoteBatch
) -> tuple[VoteMatrix, ColumnTally]:
    """`vote_matrix_merge`, and the column tally brought up to date from the votes that changed.

    Preconditions: `tally` is `column_tally(matrix)`. The new tally equals `column_tally` of the
    merged matrix exactly (integer counts), at the cost of the batch instead of all votes.
    """
    merged, changes = _merge(matrix, batch)
    if changes is None:
        return merged, column_tally(merged)
    columns, value_changes, count_changes = changes
    n_columns = merged.shape[1]
    sums = np.zeros(n_columns, dtype=np.int64)
    counts = np.zeros(n_columns, dtype=np.int64)
    sums[: len(tally.sums)] = tally.sums[:n_columns]
    counts[: len(tally.counts)] = tally.counts[:n_columns]
    np.add.at(sums, columns, value_changes)
    np.add.at(counts, columns, count_changes)
    return merged, ColumnTally(sums, counts)


def _merge(
    matrix: VoteMatrix, batch: VoteBatch
) -> tuple[VoteMatrix, tuple[IntArray, IntArray, IntArray] | None]:
    """The merged matrix, and per changed cell its column, value change and count change (0 for
    a replaced vote, 1 for a new one); None instead of the changes when `matrix` was empty (every
    vote is new: a count over the result is as cheap, and building needs no copies)."""
    participant_ids, rows = _index_ids(matrix.participant_ids, batch.participant_ids)
    statement_ids, columns = _index_ids(matrix.statement_ids, batch.statement_ids)
    values = batch.values
    if len(participant_ids) > MAX_PARTICIPANTS or len(statement_ids) > MAX_STATEMENTS:
        participant_ids = participant_ids[:MAX_PARTICIPANTS]
        statement_ids = statement_ids[:MAX_STATEMENTS]
        admitted = (rows < MAX_PARTICIPANTS) & (columns < MAX_STATEMENTS)
        rows, columns, values = rows[admitted], columns[admitted], values[admitted]
    n_rows, n_columns = len(participant_ids), len(statement_ids)
    new_keys = rows * n_columns + columns
    latest = _latest_per_cell(new_keys)
    new_keys = new_keys[latest]
    new_values = values[latest]

    if matrix.vote_count == 0:
        counts = np.bincount(new_keys // n_columns, minlength=n_rows)
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        indices = (new_keys % n_columns).astype(np.int32)
        return VoteMatrix(participant_ids, statement_ids, indptr, indices, new_values), None
    new_columns = new_keys % n_columns
    positions, is_known = _locate(matrix, new_keys // n_columns, new_columns, n_columns)

    old_values = matrix.values[positions[is_known]].astype(np.int64)
    values = matrix.values.copy()
    values[positions[is_known]] = new_values[is_known]
    inserted = ~is_known
    insert_at = positions[inserted]
    indices = np.insert(matrix.indices, insert_at, new_columns[inserted].astype(np.int32))
    values = np.insert(values, insert_at, new_values[inserted])
    counts = np.zeros(n_rows, dtype=np.int64)
    counts[: len(matrix.participant_ids)] = np.diff(matrix.indptr)
    counts += np.bincount(new_keys[inserted] // n_columns, minlength=n_rows)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    value_changes = new_values.astype(np.int64)
    value_changes[is_known] -= old_values
    changes = (new_columns, value_changes, inserted.astype(np.int64))
    return VoteMatrix(participant_ids, statement_ids, indptr, indices, values), changes
