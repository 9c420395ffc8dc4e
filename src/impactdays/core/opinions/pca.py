"""Two-component PCA of the mean-imputed vote matrix and Pol.is's sparsity-aware projection.

Method: Pol.is (compdemocracy/polis, math/src/polismath/math/pca.clj): missing votes take the
statement's mean, columns are centred, two components are found by power iteration started from
the previous analysis's components, and a participant is projected from the statements they voted
on only, pushed out by sqrt(statements / votes).

After mean imputation and centring a missing vote is exactly 0, so the centred matrix C keeps the
sparsity of the votes, and each of its entries, vote - mean of the statement, depends only on the
statement and the vote. C is therefore never built: `CentredVotes` holds the votes as a 0/1
matrix E with one column per (statement, vote) pair, which does not depend on the means, and a
table of the centred value of each pair. C B is E times the table-weighted rows of B, and C^T Y
folds E^T Y over the three votes of each statement. The means come from per-statement tallies
(`votes.ColumnTally`) that an update advances by its new votes only: new votes change the table,
never the entries of a stored centred matrix, and are not recounted. E itself is re-encoded from
the votes at each analysis (one integer pass, a fraction of a sweep). The same E gives the group
vote counts (`cell_counts`).

The components are computed by block power (subspace) iteration with Rayleigh-Ritz on C, which
converges to the same components as Pol.is's power iteration, in fewer sweeps, and is warm-started
the same way; it stops when the Ritz residuals of both components fall below 1e-5 of the first
eigenvalue (the components are then off by about that over the eigen-gap, far below what moves a
k-means centre).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from impactdays.core.opinions.votes import ColumnTally, VoteMatrix

FloatArray = npt.NDArray[np.float64]

COMPONENT_COUNT = 2
MAX_ITERATIONS = 100
BLOCK_SIZE = 4
TOLERANCE = 1e-5


@dataclass(frozen=True)
class Components:
    """Column centre and principal components (rows of `components`), one entry per statement.

    `basis` holds the whole block of Ritz vectors (the components first), the warm start of the
    next analysis; `scores` (n, 2) is the centred votes times the components, computed on the way.
    """

    center: FloatArray
    components: FloatArray
    basis: FloatArray
    scores: FloatArray


@dataclass(frozen=True)
class CentredVotes:
    """The centred, mean-imputed votes C, held implicitly.

    `cells` (participants x 3 statements) has a 1 at column 3 j + vote + 1 for every stored vote
    on statement j; `centred[j, vote + 1]` is vote - `means[j]` (0 throughout for a moderated-out
    statement, which Pol.is zeroes for voters and non-voters alike, so its mean is 0 too).
    """

    cells: sp.csr_matrix
    centred: FloatArray
    means: FloatArray

    @property
    def shape(self) -> tuple[int, int]:
        """Participants and statements."""
        return self.cells.shape[0], len(self.means)

    def times(self, block: FloatArray) -> FloatArray:
        """C @ block, for a (statements, k) block."""
        weighted = self.centred[:, :, None] * block[:, None, :]
        return np.asarray(self.cells @ weighted.reshape(-1, block.shape[1]))

    def transposed_times(self, block: FloatArray) -> FloatArray:
        """C^T @ block, for a (participants, k) block."""
        per_cell = np.asarray(self.cells.T @ block).reshape(len(self.means), 3, block.shape[1])
        return np.asarray(np.einsum("jv,jvk->jk", self.centred, per_cell))


def centred_votes(
    matrix: VoteMatrix, tally: ColumnTally, moderated_out: npt.NDArray[np.bool_]
) -> CentredVotes:
    """Return the centred votes of `matrix` for the column means of `tally`.

    Preconditions: `tally` is `column_tally(matrix)` (kept up to date by
    `vote_matrix_merge_tallied`); `moderated_out` has one flag per statement. Effects: none.
    The means are over the non-missing votes, passes included.
    """
    n_rows, n_columns = matrix.shape
    means = np.divide(tally.sums, tally.counts, out=np.zeros(n_columns), where=tally.counts > 0)
    means[moderated_out] = 0.0
    centred = np.array([-1.0, 0.0, 1.0])[None, :] - means[:, None]
    centred[moderated_out] = 0.0
    cell_columns = matrix.indices * np.int32(3)
    cell_columns += matrix.values
    cell_columns += 1
    # Both index arrays in int32 when they fit, so SciPy does not copy the indices to int64.
    indptr = matrix.indptr.astype(np.int32) if matrix.vote_count < 2**31 else matrix.indptr
    cells = sp.csr_matrix(
        (np.ones(matrix.vote_count), cell_columns, indptr), shape=(n_rows, 3 * n_columns)
    )
    return CentredVotes(cells, centred, means)


def cell_counts(
    votes: CentredVotes, row_groups: npt.NDArray[np.int64], group_count: int
) -> FloatArray:
    """Votes per (group, statement, vote + 1); rows outside the groups (-1) count in a last group.

    Returns a (group_count + 1, statements, 3) array of whole numbers.
    """
    n_rows, n_columns = votes.shape
    membership = np.zeros((n_rows, group_count + 1))
    membership[np.arange(n_rows), np.where(row_groups >= 0, row_groups, group_count)] = 1.0
    per_cell = np.asarray(votes.cells.T @ membership)
    return np.ascontiguousarray(per_cell.T.reshape(group_count + 1, n_columns, 3))


def _start_block(
    previous: FloatArray | None, n_columns: int, rng: np.random.Generator
) -> FloatArray:
    """Starting vectors: the previous block (new statements padded with 1, as Pol.is pads its
    components), random vectors where there is none."""
    block = rng.random((n_columns, BLOCK_SIZE))
    if previous is not None:
        for position, component in enumerate(previous[:BLOCK_SIZE]):
            if not np.any(component):
                continue
            start = np.ones(n_columns)
            start[: min(len(component), n_columns)] = component[:n_columns]
            block[:, position] = start
    return block


def principal_components(
    votes: CentredVotes,
    previous: FloatArray | None,
    rng: np.random.Generator,
) -> Components:
    """Find the two leading principal components of the centred vote matrix.

    Preconditions: `previous` holds the last analysis's basis (components first) or None.
    Effects: draws starting vectors from `rng`. With one row or one column only one component
    exists; the other is 0. Signs follow the previous components when given, otherwise the
    largest entry of each component is made positive.
    """
    n_rows, n_columns = votes.shape
    means = votes.means
    component_count = min(COMPONENT_COUNT, n_rows, n_columns)
    components = np.zeros((COMPONENT_COUNT, n_columns))
    if component_count == 0 or votes.cells.nnz == 0:
        return Components(means, components, components.copy(), np.zeros((n_rows, COMPONENT_COUNT)))
    block_size = min(BLOCK_SIZE, n_columns)
    block = _start_block(previous, n_columns, rng)[:, :block_size]
    basis, _ = np.linalg.qr(block)
    for _ in range(MAX_ITERATIONS):
        scores = votes.times(basis)
        product = votes.transposed_times(scores)
        small = basis.T @ product
        eigenvalues, rotation = np.linalg.eigh((small + small.T) / 2)
        order = np.argsort(eigenvalues)[::-1]
        eigenvalues, rotation = eigenvalues[order], rotation[:, order]
        ritz = basis @ rotation
        images = product @ rotation
        # Rayleigh-Ritz residuals |A v - lambda v| of the leading pairs, relative to lambda_1.
        residuals = np.linalg.norm(images - ritz * eigenvalues, axis=0)[:component_count]
        if np.all(residuals <= TOLERANCE * max(abs(eigenvalues[0]), 1e-300)):
            break
        basis, _ = np.linalg.qr(images)
    leading = ritz[:, :component_count].T
    # The participants' scores on the Ritz vectors come with the last product: C (B R) = (C B) R.
    leading_scores = (scores @ rotation)[:, :component_count]
    signed_scores = np.zeros((n_rows, COMPONENT_COUNT))
    for position in range(component_count):
        if eigenvalues[position] <= 1e-12 * max(eigenvalues.max(), 1e-300):
            continue
        vector = leading[position]
        reference = None
        if previous is not None and position < len(previous) and np.any(previous[position]):
            reference = np.zeros(n_columns)
            size = min(len(previous[position]), n_columns)
            reference[:size] = previous[position][:size]
        sign = np.sign(vector @ reference) if reference is not None else 0.0
        if sign == 0.0:
            sign = np.sign(vector[np.argmax(np.abs(vector))])
        sign = sign if sign != 0.0 else 1.0
        components[position] = vector * sign
        signed_scores[:, position] = leading_scores[:, position] * sign
    basis_rows = np.vstack([components, ritz[:, COMPONENT_COUNT:].T])
    return Components(means, components, basis_rows, signed_scores)


def project_participants(pca: Components, vote_counts: npt.NDArray[np.int64]) -> FloatArray:
    """Project every participant from the statements they voted on, scaled for sparse voters.

    Preconditions: `vote_counts` counts per participant the entries Pol.is treats as present
    (their votes on kept statements plus every moderated-out statement). Returns an (n, 2) array:
    sum over voted statements of (vote - centre) * component, times sqrt(statements / votes).
    """
    n_columns = len(pca.center)
    scale = np.sqrt(n_columns / np.maximum(vote_counts, 1))
    return np.asarray(pca.scores * scale[:, None], dtype=np.float64)


def project_statements(pca: Components, moderated_out: npt.NDArray[np.bool_]) -> FloatArray:
    """Place each statement as a virtual participant who agreed with it alone; (m, 2) array.

    Effects: none. The virtual participant has one vote, so the scale is sqrt(statements);
    a moderated-out statement sits at the origin.
    """
    n_columns = len(pca.center)
    deviation = 1.0 - pca.center
    deviation[moderated_out] = 0.0
    return np.asarray((pca.components * deviation).T * np.sqrt(n_columns), dtype=np.float64)
