"""One Pol.is analysis of a conversation, full or incremental from the previous state.

Method: Pol.is's conversation update (compdemocracy/polis, math/src/polismath/math/conversation.clj,
`small-conv-update-graph`): who is clustered (at least min(7, statements) votes, once in always
in, topped up to 15 by the most active voters), moderated-out statements zeroed, mean-imputed PCA
warm-started from the last components, sparsity-aware projection, 100 base clusters, groups by
weighted k-means with k chosen by silhouette and smoothed over analyses, group vote counts,
representative statements, consensus, group-informed consensus and statement priorities. The
state carries everything the next analysis starts from; `conversation_update` applies a batch of
new votes and re-analyses from that state instead of from scratch; `conversation_replay` rebuilds
the history of analyses Pol.is ran as the votes came in, from a time-ordered export.
"""

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from impactdays.core.opinions.clustering import (
    BASE_ITERATIONS,
    BASE_K,
    GROUP_ITERATIONS,
    Clustering,
    KSmoother,
    group_k_range,
    kmeans,
    silhouette,
    smooth_k,
)
from impactdays.core.opinions.pca import (
    CentredVotes,
    cell_counts,
    centred_votes,
    principal_components,
    project_participants,
    project_statements,
)
from impactdays.core.opinions.priority import statement_priorities
from impactdays.core.opinions.repness import (
    RepresentativeStatement,
    VoteCounts,
    consensus_statements,
    divisive_statements,
    group_informed_consensus,
    representative_statements,
)
from impactdays.core.opinions.votes import (
    ColumnTally,
    VoteBatch,
    VoteMatrix,
    column_tally,
    vote_matrix_build,
    vote_matrix_merge_tallied,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

ENTRY_VOTES = 7
GREEDY_PARTICIPANTS = 15
REPLAY_ANALYSES = 300
REPLAY_MIN_VOTES = 5


@dataclass(frozen=True)
class GroupClusteringMemory:
    """A remembered group clustering for one k: the group id of each base cluster id."""

    base_ids: IntArray
    group_ids: IntArray


@dataclass(frozen=True)
class OpinionState:
    """What the next analysis starts from: the votes, components, clusters and k history.

    Arrays indexed by participant follow `matrix.participant_ids`; `base_id_of_participant` is -1
    for a participant outside the clustering. `statement_totals` holds the last analysis's summed
    group counts (agree, disagree, seen) per statement, which Pol.is's priority uses;
    `column_tally` is the vote sum and count per statement of `matrix` (the means of the
    centring), kept so an update adds only its new votes.
    """

    matrix: VoteMatrix
    column_tally: ColumnTally
    components: FloatArray
    pca_basis: FloatArray
    is_clustered: BoolArray
    base_id_of_participant: IntArray
    group_clusterings: dict[int, GroupClusteringMemory]
    smoother: KSmoother | None
    statement_totals: FloatArray
    analysis_count: int


@dataclass(frozen=True)
class OpinionAnalysis:
    """The result of one analysis; statement and participant positions follow the state's matrix.

    `group_of_participant` is the group index (0-based, in group-id order) or -1 when the
    participant is not clustered. Representative, consensus and divisive statements are columns.
    """

    state: OpinionState
    projections: FloatArray
    group_of_participant: IntArray
    group_count: int
    group_counts: VoteCounts
    representative: list[list[RepresentativeStatement]]
    consensus_agree: list[int]
    consensus_disagree: list[int]
    group_informed_consensus: FloatArray
    group_informed_dissensus: FloatArray
    divisive: list[int]
    statement_positions: FloatArray
    extremity: FloatArray
    priorities: FloatArray
    silhouettes: dict[int, float] = field(default_factory=dict)
    best_k: int = 0

    @property
    def participant_ids(self) -> IntArray:
        """Participant ids in row order."""
        return self.state.matrix.participant_ids

    @property
    def statement_ids(self) -> IntArray:
        """Statement ids in column order."""
        return self.state.matrix.statement_ids


def _padded(array: npt.NDArray[np.generic], size: int, fill: object) -> npt.NDArray[np.generic]:
    """The array extended to `size` entries with `fill`."""
    if len(array) >= size:
        return array[:size]
    extension = np.full(size - len(array), fill, dtype=array.dtype)
    return np.concatenate([array, extension])


def clustered_participants(
    vote_counts: IntArray, statement_count: int, previous: BoolArray
) -> BoolArray:
    """Who is clustered: min(7, statements) votes, once in always in, topped up to 15.

    Preconditions: `previous` has one flag per participant (False for new ones). Ties in the
    top-up go to the earlier participant.
    """
    is_in = previous | (vote_counts >= min(ENTRY_VOTES, statement_count))
    missing = GREEDY_PARTICIPANTS - int(is_in.sum())
    if missing > 0:
        outside = np.flatnonzero(~is_in)
        order = outside[np.argsort(-vote_counts[outside], kind="stable")]
        is_in = is_in.copy()
        is_in[order[:missing]] = True
    return is_in


def _group_counts(
    votes: CentredVotes, row_groups: IntArray, group_count: int
) -> tuple[VoteCounts, VoteCounts]:
    """Agree, disagree and seen counts per (group, statement), and over all participants.

    Preconditions: `row_groups` gives each participant's group, or -1 outside the groups.
    """
    # One count per (group, statement, vote + 1); votes outside the groups land in an extra last
    # group, so a single pass also gives everyone's counts.
    table = cell_counts(votes, row_groups, group_count)
    total = table.sum(axis=0)
    table = table[:group_count]
    return (
        VoteCounts(table[:, :, 2], table[:, :, 0], table.sum(axis=2)),
        VoteCounts(total[:, 2], total[:, 0], total.sum(axis=1)),
    )


def _previous_labels(keys: IntArray, memory_keys: IntArray, memory_values: IntArray) -> IntArray:
    """Look up each key's remembered cluster id; -1 when the key is not remembered."""
    labels = np.full(len(keys), -1, dtype=np.int64)
    if len(memory_keys) == 0 or len(keys) == 0:
        return labels
    order = np.argsort(memory_keys)
    positions = np.searchsorted(memory_keys, keys, sorter=order)
    positions = np.minimum(positions, len(order) - 1)
    found = memory_keys[order[positions]] == keys
    labels[found] = memory_values[order[positions[found]]]
    return labels


def conversation_analyze(
    matrix: VoteMatrix,
    *,
    rng: np.random.Generator,
    moderated_out_ids: npt.ArrayLike = (),
    meta_ids: npt.ArrayLike = (),
    previous: OpinionState | None = None,
    tally: ColumnTally | None = None,
) -> OpinionAnalysis:
    """Run one Pol.is analysis of the conversation, warm-started from `previous` when given.

    Preconditions: when `previous` is given, `matrix` extends `previous.matrix` (same rows and
    columns first, as `vote_matrix_merge` keeps them); `tally`, when given, is
    `column_tally(matrix)` (computed here otherwise). Effects: draws PCA starting vectors from
    `rng`; deterministic for a seed. Moderated-out statements are zeroed before PCA and skipped
    in representativeness and consensus; meta statements get Pol.is's fixed priority.
    """
    n_rows, n_columns = matrix.shape
    moderated_out = np.isin(matrix.statement_ids, np.asarray(moderated_out_ids, dtype=np.int64))
    is_meta = np.isin(matrix.statement_ids, np.asarray(meta_ids, dtype=np.int64))
    vote_counts = matrix.row_vote_counts()

    previous_in = np.zeros(n_rows, dtype=bool)
    previous_base = np.full(n_rows, -1, dtype=np.int64)
    previous_components = None
    if previous is not None:
        previous_in = _padded(previous.is_clustered, n_rows, False).astype(bool)
        previous_base = _padded(previous.base_id_of_participant, n_rows, -1).astype(np.int64)
        previous_components = previous.pca_basis if len(previous.pca_basis) else previous.components
    is_clustered = clustered_participants(vote_counts, n_columns, previous_in)

    tally = tally if tally is not None else column_tally(matrix)
    votes = centred_votes(matrix, tally, moderated_out)
    pca = principal_components(votes, previous_components, rng)
    present_counts = _present_counts(matrix, moderated_out)
    projections = project_participants(pca, present_counts)
    statement_positions = project_statements(pca, moderated_out)
    extremity = np.linalg.norm(statement_positions, axis=1)

    clustered_rows = np.flatnonzero(is_clustered)
    base_id_of_participant = np.full(n_rows, -1, dtype=np.int64)
    group_of_participant = np.full(n_rows, -1, dtype=np.int64)
    memories: dict[int, GroupClusteringMemory] = {}
    silhouettes: dict[int, float] = {}
    smoother = previous.smoother if previous is not None else None
    best_k = 0
    group_count = 0
    if len(clustered_rows):
        base = kmeans(
            projections[clustered_rows],
            BASE_K,
            max_iterations=BASE_ITERATIONS,
            previous=previous_base[clustered_rows],
        )
        base_id_of_participant[clustered_rows] = base.ids[base.labels]
        weights = np.bincount(base.labels, minlength=len(base.ids)).astype(np.float64)
        clusterings: dict[int, Clustering] = {}
        for k in group_k_range(len(base.ids)):
            remembered = previous.group_clusterings.get(k) if previous is not None else None
            start = (
                _previous_labels(base.ids, remembered.base_ids, remembered.group_ids)
                if remembered is not None
                else None
            )
            clustering = kmeans(
                base.centers, k, max_iterations=GROUP_ITERATIONS, weights=weights, previous=start
            )
            clusterings[k] = clustering
            silhouettes[k] = silhouette(base.centers, clustering.labels)
            memories[k] = GroupClusteringMemory(base.ids.copy(), clustering.ids[clustering.labels])
        # Pol.is takes the last k among equal silhouettes (max-key over 2..max).
        best_k = max(silhouettes, key=lambda k: (silhouettes[k], k))
        smoother = smooth_k(smoother, best_k)
        shown_k = smoother.smoothed_k if smoother.smoothed_k in clusterings else best_k
        groups = clusterings[shown_k]
        group_count = len(groups.ids)
        group_of_participant[clustered_rows] = groups.labels[base.labels]

    counts, everyone = _group_counts(votes, group_of_participant, group_count)
    consensus_agree, consensus_disagree = consensus_statements(everyone, moderated_out)
    informed_agree, informed_disagree = group_informed_consensus(counts)
    totals = np.stack([counts.agree.sum(0), counts.disagree.sum(0), counts.seen.sum(0)])
    priority_totals = totals
    if previous is not None and previous.statement_totals.shape[1] > 0:
        priority_totals = np.zeros_like(totals)
        size = min(previous.statement_totals.shape[1], n_columns)
        priority_totals[:, :size] = previous.statement_totals[:, :size]
    priorities = statement_priorities(
        priority_totals[0], priority_totals[1], priority_totals[2], extremity, is_meta
    )
    state = OpinionState(
        matrix=matrix,
        column_tally=tally,
        components=pca.components,
        pca_basis=pca.basis,
        is_clustered=is_clustered,
        base_id_of_participant=base_id_of_participant,
        group_clusterings=memories,
        smoother=smoother,
        statement_totals=totals,
        analysis_count=(previous.analysis_count if previous is not None else 0) + 1,
    )
    return OpinionAnalysis(
        state=state,
        projections=projections,
        group_of_participant=group_of_participant,
        group_count=group_count,
        group_counts=counts,
        representative=representative_statements(counts, moderated_out) if group_count else [],
        consensus_agree=consensus_agree,
        consensus_disagree=consensus_disagree,
        group_informed_consensus=informed_agree,
        group_informed_dissensus=informed_disagree,
        divisive=divisive_statements(counts, moderated_out),
        statement_positions=statement_positions,
        extremity=extremity,
        priorities=priorities,
        silhouettes=silhouettes,
        best_k=best_k,
    )


def _present_counts(matrix: VoteMatrix, moderated_out: BoolArray) -> IntArray:
    """Per participant, entries Pol.is counts as present in the projection.

    A moderated-out column is zeroed for everyone, so it counts for every participant; votes on
    it are not counted twice.
    """
    if not moderated_out.any():
        return matrix.row_vote_counts()
    on_moderated = np.bincount(
        matrix.row_of_entries()[moderated_out[matrix.indices]], minlength=matrix.shape[0]
    )
    return matrix.row_vote_counts() - on_moderated + int(moderated_out.sum())


def conversation_update(
    state: OpinionState,
    batch: VoteBatch,
    *,
    rng: np.random.Generator,
    moderated_out_ids: npt.ArrayLike = (),
    meta_ids: npt.ArrayLike = (),
) -> OpinionAnalysis:
    """Apply a batch of new votes to the state's matrix and re-analyse, warm-started from it.

    Preconditions: the batch is in voting order and newer than every vote in the state.
    Effects: none on `state`; draws from `rng` only for statements without a previous component.
    The centring's column means are updated from the batch's votes (the tally), not recounted;
    the result equals `conversation_analyze` of the merged matrix with `previous=state`.
    """
    matrix, tally = vote_matrix_merge_tallied(state.matrix, state.column_tally, batch)
    return conversation_analyze(
        matrix,
        rng=rng,
        moderated_out_ids=moderated_out_ids,
        meta_ids=meta_ids,
        previous=state,
        tally=tally,
    )


def conversation_replay(
    batch: VoteBatch,
    *,
    rng: np.random.Generator,
    analysis_count: int = REPLAY_ANALYSES,
    moderated_out_ids: npt.ArrayLike = (),
    meta_ids: npt.ArrayLike = (),
) -> OpinionAnalysis:
    """Re-run the conversation's history: analyses after equal slices of the votes, in order.

    Pol.is analyses a conversation again and again as votes arrive, and its groups carry that
    history (who entered the clustering early, warm-started clusters, k-smoothing). Replaying the
    votes in `analysis_count` slices (of at least REPLAY_MIN_VOTES votes) rebuilds such a history
    from a time-ordered export. Preconditions: the batch is in voting order and not empty.
    Effects: draws from `rng`. Returns the last analysis.
    """
    total = len(batch.values)
    step = max(REPLAY_MIN_VOTES, -(-total // max(analysis_count, 1)))
    analysis: OpinionAnalysis | None = None
    for start in range(0, total, step):
        piece = VoteBatch(
            batch.participant_ids[start : start + step],
            batch.statement_ids[start : start + step],
            batch.values[start : start + step],
        )
        if analysis is None:
            analysis = conversation_analyze(
                vote_matrix_build(piece),
                rng=rng,
                moderated_out_ids=moderated_out_ids,
                meta_ids=meta_ids,
            )
        else:
            analysis = conversation_update(
                analysis.state,
                piece,
                rng=rng,
                moderated_out_ids=moderated_out_ids,
                meta_ids=meta_ids,
            )
    if analysis is None:
        raise ValueError("a replay needs at least one vote")
    return analysis
