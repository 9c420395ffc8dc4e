import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from impactdays.core.opinions.analysis import (
    clustered_participants,
    conversation_analyze,
    conversation_replay,
    conversation_update,
)
from impactdays.core.opinions.clustering import KSmoother, smooth_k
from impactdays.core.opinions.comparison import adjusted_rand_index
from impactdays.core.opinions.pca import cell_counts, centred_votes
from impactdays.core.opinions.priority import next_statement
from impactdays.core.opinions.state_storage import state_from_bytes, state_to_bytes
from impactdays.core.opinions.votes import column_tally, vote_batch, vote_matrix_build


def two_camps(people=20, statements=10):
    """Camp A (ids 100..) agrees with the first half and disagrees with the rest; camp B the reverse."""
    participants, statement_ids, values = [], [], []
    for person in range(people):
        for statement in range(statements):
            is_camp_a, is_first_half = person < people // 2, statement < statements // 2
            participants.append(100 + person)
            statement_ids.append(1 + statement)
            values.append(1 if is_camp_a == is_first_half else -1)
    return vote_batch(participants, statement_ids, values)


def analyze(batch, **options):
    return conversation_analyze(vote_matrix_build(batch), rng=np.random.default_rng(0), **options)


def test_conversation_analyze_two_camps_finds_the_camps():
    analysis = analyze(two_camps())

    assert analysis.group_count == 2
    assert analysis.group_of_participant.tolist() == [0] * 10 + [1] * 10
    assert [item.column for item in analysis.representative[0]] == [0, 1, 2, 3, 4]
    assert all(item.is_agree for item in analysis.representative[0])
    assert analysis.representative[1][0].column == 5
    assert analysis.consensus_agree == []
    assert analysis.consensus_disagree == []
    assert np.allclose(analysis.group_informed_consensus, (11 / 12) * (1 / 12))


def test_conversation_analyze_one_camp_has_consensus():
    batch = vote_batch([p for p in range(20) for _ in range(3)], [1, 2, 3] * 20, [1] * 60)

    analysis = analyze(batch)

    assert analysis.group_count == 1
    assert set(analysis.group_of_participant.tolist()) == {0}
    assert analysis.consensus_agree == [0, 1, 2]
    assert analysis.consensus_disagree == []


def test_conversation_analyze_one_voter_is_clustered_alone():
    analysis = analyze(vote_batch([5], [9], [1]))

    assert analysis.group_count == 1
    assert analysis.group_of_participant.tolist() == [0]
    assert analysis.consensus_agree == [0]
    assert np.allclose(analysis.state.components, 0.0)


def test_conversation_analyze_one_statement_clusters_on_one_vote():
    analysis = analyze(vote_batch([1, 2, 3, 4], [7, 7, 7, 7], [1, 1, -1, -1]))

    assert analysis.state.is_clustered.tolist() == [True] * 4
    assert analysis.group_count == 2
    assert analysis.group_of_participant.tolist() == [0, 0, 1, 1]


def test_conversation_analyze_all_passes_gives_one_group_and_no_consensus():
    analysis = analyze(vote_batch([1, 2, 3], [1, 1, 1], [0, 0, 0]))

    assert analysis.group_count == 1
    assert analysis.consensus_agree == []
    assert analysis.consensus_disagree == []
    assert np.allclose(analysis.projections, 0.0)


def test_conversation_analyze_moderated_out_statement_is_skipped():
    analysis = analyze(two_camps(), moderated_out_ids=[1])

    chosen = {item.column for group in analysis.representative for item in group}
    assert 0 not in chosen
    assert np.allclose(analysis.state.components[:, 0], 0.0)
    assert analysis.extremity[0] == 0.0


def test_conversation_analyze_ties_in_top_up_go_to_the_earlier_participant():
    counts = np.array([3, 5, 3, 3] + [1] * 20)

    is_in = clustered_participants(counts, 10, np.zeros(24, dtype=bool))

    assert np.flatnonzero(is_in).tolist() == list(range(15))


def test_clustered_participants_once_in_always_in():
    previous = np.array([True, False, False])

    is_in = clustered_participants(np.array([0, 7, 6]), 10, previous)

    assert is_in.tolist() == [True, True, True]  # topped up to 15 takes the rest too
    assert clustered_participants(np.array([0] * 20), 10, np.ones(20, bool)).all()


def test_conversation_update_extends_the_state_and_roundtrips_as_bytes():
    batch = two_camps()
    first = analyze(batch)
    stored = state_from_bytes(state_to_bytes(first.state))

    updated = conversation_update(
        stored,
        vote_batch([200] * 10, range(1, 11), [1] * 5 + [-1] * 5),
        rng=np.random.default_rng(1),
    )

    assert updated.state.analysis_count == 2
    assert updated.group_of_participant.tolist() == [0] * 10 + [1] * 10 + [0]
    assert stored.smoother == first.state.smoother
    assert np.array_equal(stored.matrix.values, first.state.matrix.values)


def test_smooth_k_changes_only_after_four_wins():
    state = smooth_k(None, 2)
    shown = [state.smoothed_k]
    for best in [3, 3, 3, 3, 2]:
        state = smooth_k(state, best)
        shown.append(state.smoothed_k)

    assert shown == [2, 2, 2, 2, 3, 3]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(2, 5), min_size=1, max_size=30))
def test_smooth_k_shows_a_new_k_only_after_four_consecutive_wins(winners):
    state = None
    history = []
    for best in winners:
        previous = state
        state = smooth_k(state, best)
        history.append(best)
        if previous is not None and state.smoothed_k != previous.smoothed_k:
            assert history[-4:] == [state.smoothed_k] * 4
    assert isinstance(state, KSmoother)


random_votes = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 12), st.sampled_from([-1, 0, 1])),
    min_size=1,
    max_size=300,
)


@settings(max_examples=25, deadline=None)
@given(first=random_votes, second=random_votes, seed=st.integers(0, 3))
def test_conversation_analyze_invariants(first, second, seed):
    def batch(rows):
        return vote_batch([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])

    one = conversation_analyze(vote_matrix_build(batch(first)), rng=np.random.default_rng(seed))
    two = conversation_update(one.state, batch(second), rng=np.random.default_rng(seed))
    again = conversation_analyze(vote_matrix_build(batch(first)), rng=np.random.default_rng(seed))

    for analysis in (one, two):
        groups = analysis.group_of_participant
        clustered = analysis.state.is_clustered
        assert ((groups >= 0) == clustered).all()
        assert set(groups[clustered].tolist()) == set(range(analysis.group_count))
        assert clustered.sum() >= min(15, len(groups))
    assert two.state.is_clustered[: len(one.state.is_clustered)][one.state.is_clustered].all()
    assert np.array_equal(one.group_of_participant, again.group_of_participant)
    assert np.array_equal(one.projections, again.projections)


def test_next_statement_skips_voted_and_is_seeded():
    priorities = np.array([5.0, 1.0, 0.0])
    has_voted = np.array([True, False, False])

    draws = {
        next_statement(priorities, has_voted, np.random.default_rng(seed)) for seed in range(20)
    }

    assert draws == {1}
    assert next_statement(priorities, np.ones(3, bool), np.random.default_rng(0)) is None


def test_conversation_replay_runs_one_analysis_per_slice_and_finds_the_camps():
    analysis = conversation_replay(two_camps(), rng=np.random.default_rng(0), analysis_count=10)

    assert analysis.state.analysis_count == 10
    assert analysis.group_of_participant.tolist() == [0] * 10 + [1] * 10


def planted_groups(participants=600, statements=60, groups=3, density=0.3, seed=7):
    """Votes drawn from `groups` opinion profiles; returns the batch (in a shuffled voting order)
    and each participant id's planted group."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, groups, participants)
    agree = rng.choice([0.1, 0.9], size=(groups, statements))
    rows, columns = np.nonzero(rng.random((participants, statements)) < density)
    is_agree = rng.random(len(rows)) < agree[labels[rows], columns]
    values = np.where(rng.random(len(rows)) < 0.1, 0, np.where(is_agree, 1, -1))
    order = rng.permutation(len(rows))
    batch = vote_batch(rows[order] + 1000, columns[order] + 1, values[order])
    return batch, {1000 + person: int(label) for person, label in enumerate(labels)}


def agreement_with(analysis, planted):
    ids = analysis.participant_ids.tolist()
    clustered = analysis.group_of_participant >= 0
    ours = analysis.group_of_participant[clustered]
    theirs = [planted[ids[row]] for row in np.flatnonzero(clustered)]
    return adjusted_rand_index(ours, theirs)


def test_conversation_analyze_finds_planted_groups():
    batch, planted = planted_groups()

    analysis = analyze(batch)

    assert analysis.group_count == 3
    assert analysis.state.is_clustered.sum() == len(planted)
    assert agreement_with(analysis, planted) >= 0.9


def test_conversation_replay_finds_planted_groups_through_its_history():
    batch, planted = planted_groups(groups=2, seed=3)

    analysis = conversation_replay(batch, rng=np.random.default_rng(0), analysis_count=40)

    assert analysis.group_count == 2
    assert agreement_with(analysis, planted) >= 0.95


def test_conversation_analyze_groups_do_not_depend_on_the_sign_of_the_votes():
    # The components matter only up to sign: agreeing where everyone disagreed mirrors every
    # projection, and k-means started from the first points in data order mirrors with it.
    batch, _ = planted_groups(participants=300, seed=11)
    flipped = vote_batch(batch.participant_ids, batch.statement_ids, -batch.values)

    analysis, mirrored = analyze(batch), analyze(flipped)

    assert np.array_equal(analysis.group_of_participant, mirrored.group_of_participant)
    assert np.allclose(np.abs(analysis.projections), np.abs(mirrored.projections))


def test_conversation_analyze_projects_as_mean_imputed_votes_scaled_by_sparsity():
    batch, _ = planted_groups(participants=80, statements=12, density=0.5, seed=5)
    matrix = vote_matrix_build(batch)
    analysis = conversation_analyze(matrix, rng=np.random.default_rng(0))

    dense = np.full(matrix.shape, np.nan)
    dense[matrix.row_of_entries(), matrix.indices] = matrix.values
    centred = np.where(np.isnan(dense), np.nanmean(dense, axis=0), dense) - np.nanmean(dense, 0)
    _, _, rows = np.linalg.svd(centred, full_matrices=False)
    scale = np.sqrt(matrix.shape[1] / np.maximum(matrix.row_vote_counts(), 1))
    expected = (centred @ rows[:2].T) * scale[:, None]

    assert np.allclose(np.abs(analysis.projections), np.abs(expected), atol=1e-3)


def dense_centred(matrix, moderated_out):
    """The mean-imputed, centred votes as a dense array, written out the plain way."""
    dense = np.full(matrix.shape, np.nan)
    dense[matrix.row_of_entries(), matrix.indices] = matrix.values
    dense[:, moderated_out] = 0.0
    means = np.nanmean(np.where(np.isnan(dense).all(0), 0.0, dense), axis=0)
    return np.where(np.isnan(dense), 0.0, dense - means)


def test_centred_votes_products_and_counts_equal_the_dense_ones():
    batch, _ = planted_groups(participants=90, statements=15, density=0.4, seed=2)
    matrix = vote_matrix_build(batch)
    moderated_out = np.zeros(matrix.shape[1], dtype=bool)
    moderated_out[[3, 7]] = True
    votes = centred_votes(matrix, column_tally(matrix), moderated_out)
    basis = np.random.default_rng(0).random((matrix.shape[1], 4))
    groups = np.random.default_rng(1).integers(-1, 3, matrix.shape[0])

    scores = votes.times(basis)
    product = votes.transposed_times(scores)
    counts = cell_counts(votes, groups, 3)

    expected = dense_centred(matrix, moderated_out)
    assert np.allclose(scores, expected @ basis)
    assert np.allclose(product, expected.T @ (expected @ basis))
    rows = matrix.row_of_entries()
    for group in (-1, 0, 1, 2):
        for value in (-1, 0, 1):
            chosen = (groups[rows] == group) & (matrix.values == value)
            expected_counts = np.bincount(matrix.indices[chosen], minlength=matrix.shape[1])
            assert (
                counts[group if group >= 0 else 3, :, value + 1].tolist()
                == expected_counts.tolist()
            )


def test_conversation_update_equals_an_analysis_of_all_votes_from_the_same_state():
    # The update keeps the column means by adding the new votes to a tally; an analysis of the
    # merged votes from scratch recounts them. Both start from the same previous state.
    batch, planted = planted_groups(participants=800, statements=80, density=0.2, seed=13)
    cut = len(batch.values) * 9 // 10
    first = vote_batch(batch.participant_ids[:cut], batch.statement_ids[:cut], batch.values[:cut])
    rng = np.random.default_rng(4)
    # A later batch that also changes earlier votes and adds new people and statements.
    later = vote_batch(
        np.concatenate([batch.participant_ids[cut:], rng.integers(1000, 1900, 300)]),
        np.concatenate([batch.statement_ids[cut:], rng.integers(1, 90, 300)]),
        np.concatenate([batch.values[cut:], rng.integers(-1, 2, 300)]),
    )
    moderated = [5, 85]
    before = conversation_analyze(
        vote_matrix_build(first), rng=np.random.default_rng(0), moderated_out_ids=moderated
    )

    updated = conversation_update(
        before.state, later, rng=np.random.default_rng(1), moderated_out_ids=moderated
    )
    everything = vote_batch(
        np.concatenate([first.participant_ids, later.participant_ids]),
        np.concatenate([first.statement_ids, later.statement_ids]),
        np.concatenate([first.values, later.values]),
    )
    rebuilt = conversation_analyze(
        vote_matrix_build(everything),
        rng=np.random.default_rng(1),
        moderated_out_ids=moderated,
        previous=before.state,
    )

    new, old = updated.state, rebuilt.state
    assert np.array_equal(new.matrix.participant_ids, old.matrix.participant_ids)
    assert np.array_equal(new.matrix.indices, old.matrix.indices)
    assert np.array_equal(new.matrix.values, old.matrix.values)
    assert np.array_equal(new.column_tally.sums, old.column_tally.sums)
    assert np.array_equal(new.column_tally.counts, old.column_tally.counts)
    assert np.allclose(new.components, old.components, atol=1e-9)
    assert np.allclose(updated.projections, rebuilt.projections, atol=1e-9)
    assert np.array_equal(updated.group_of_participant, rebuilt.group_of_participant)
    assert np.array_equal(new.base_id_of_participant, old.base_id_of_participant)
    assert new.smoother == old.smoother
    assert np.array_equal(new.statement_totals, old.statement_totals)
    # And the centring is the plain one: the components span the dense matrix's leading pair.
    is_out = np.isin(new.matrix.statement_ids, moderated)
    centred = dense_centred(new.matrix, is_out)
    _, _, rows = np.linalg.svd(centred, full_matrices=False)
    assert np.allclose(np.abs(new.components @ rows[:2].T), np.eye(2), atol=1e-4)
    assert agreement_with(updated, planted) >= 0.9
