import io

import numpy as np
import pytest

from impactdays.core.opinions.analysis import conversation_analyze
from impactdays.core.opinions.state_storage import (
    StateFormatError,
    state_from_bytes,
    state_to_bytes,
)
from impactdays.core.opinions.votes import vote_batch, vote_matrix_build


def test_state_from_bytes_gives_back_every_array():
    batch = vote_batch([1, 1, 2, 2, 3], [5, 6, 5, 6, 5], [1, -1, -1, 1, 0])
    state = conversation_analyze(vote_matrix_build(batch), rng=np.random.default_rng(0)).state

    restored = state_from_bytes(state_to_bytes(state))

    assert np.array_equal(restored.matrix.indices, state.matrix.indices)
    assert np.array_equal(restored.components, state.components)
    assert np.array_equal(restored.pca_basis, state.pca_basis)
    assert np.array_equal(restored.base_id_of_participant, state.base_id_of_participant)
    assert restored.group_clusterings.keys() == state.group_clusterings.keys()
    assert restored.smoother == state.smoother
    assert restored.analysis_count == 1


def test_state_from_bytes_refuses_pickled_objects():
    buffer = io.BytesIO()
    np.savez(buffer, version=np.array([object()], dtype=object))

    with pytest.raises(StateFormatError, match="not a stored opinion state"):
        state_from_bytes(buffer.getvalue())


def test_state_from_bytes_refuses_other_bytes():
    with pytest.raises(StateFormatError):
        state_from_bytes(b"not an archive")
