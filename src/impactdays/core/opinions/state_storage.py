"""Store an analysis state as bytes and read it back: NumPy arrays in an .npz archive, no pickle.

Method: numpy.savez (the NPY/NPZ format, NEP 1); reading uses allow_pickle=False, so stored bytes
can never run code. The layout carries a version number so a later format can refuse old bytes.
"""

import io

import numpy as np
import numpy.typing as npt

from impactdays.core.opinions.analysis import GroupClusteringMemory, OpinionState
from impactdays.core.opinions.clustering import KSmoother
from impactdays.core.opinions.votes import VoteMatrix, column_tally

FORMAT_VERSION = 1


class StateFormatError(ValueError):
    """Bytes that are not a stored opinion state of this format version."""


def state_to_bytes(state: OpinionState) -> bytes:
    """Serialise a state to bytes (an uncompressed .npz archive of plain arrays).

    Effects: none. The group clusterings are flattened: per k, its base ids and group ids.
    """
    ks = sorted(state.group_clusterings)
    smoother = state.smoother
    arrays: dict[str, npt.NDArray[np.generic]] = {
        "version": np.array([FORMAT_VERSION], dtype=np.int64),
        "participant_ids": state.matrix.participant_ids,
        "statement_ids": state.matrix.statement_ids,
        "indptr": state.matrix.indptr,
        "indices": state.matrix.indices,
        "values": state.matrix.values,
        "components": state.components,
        "pca_basis": state.pca_basis,
        "is_clustered": state.is_clustered,
        "base_id_of_participant": state.base_id_of_participant,
        "group_ks": np.array(ks, dtype=np.int64),
        "group_sizes": np.array([len(state.group_clusterings[k].base_ids) for k in ks], np.int64),
        "group_base_ids": np.concatenate(
            [state.group_clusterings[k].base_ids for k in ks] or [np.zeros(0, np.int64)]
        ),
        "group_ids": np.concatenate(
            [state.group_clusterings[k].group_ids for k in ks] or [np.zeros(0, np.int64)]
        ),
        "smoother": np.array(
            [smoother.last_k, smoother.last_k_count, smoother.smoothed_k] if smoother else [],
            dtype=np.int64,
        ),
        "statement_totals": state.statement_totals,
        "analysis_count": np.array([state.analysis_count], dtype=np.int64),
    }
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]  # numpy's stub wants one array type
    return buffer.getvalue()


def state_from_bytes(data: bytes) -> OpinionState:
    """Read a state written by `state_to_bytes`.

    Errors: StateFormatError when the bytes are not an archive of this format version or an
    array is missing; pickled objects are refused.
    """
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError) as error:
        raise StateFormatError(f"not a stored opinion state: {error}") from None
    try:
        if int(arrays["version"][0]) != FORMAT_VERSION:
            raise StateFormatError(f"state format {int(arrays['version'][0])} is not supported")
        matrix = VoteMatrix(
            arrays["participant_ids"],
            arrays["statement_ids"],
            arrays["indptr"],
            arrays["indices"],
            arrays["values"],
        )
        offsets = np.concatenate([[0], np.cumsum(arrays["group_sizes"])])
        clusterings = {
            int(k): GroupClusteringMemory(
                arrays["group_base_ids"][offsets[i] : offsets[i + 1]],
                arrays["group_ids"][offsets[i] : offsets[i + 1]],
            )
            for i, k in enumerate(arrays["group_ks"])
        }
        smoother_values = [int(value) for value in arrays["smoother"]]
        smoother = KSmoother(*smoother_values) if len(smoother_values) == 3 else None
        return OpinionState(
            matrix=matrix,
            # The tally is a function of the votes: recounted here rather than stored.
            column_tally=column_tally(matrix),
            components=arrays["components"],
            pca_basis=arrays["pca_basis"],
            is_clustered=arrays["is_clustered"],
            base_id_of_participant=arrays["base_id_of_participant"],
            group_clusterings=clusterings,
            smoother=smoother,
            statement_totals=arrays["statement_totals"],
            analysis_count=int(arrays["analysis_count"][0]),
        )
    except KeyError as error:
        raise StateFormatError(f"stored opinion state lacks {error}") from None
