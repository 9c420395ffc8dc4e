"""Opinion analysis of a conversation, the method of Pol.is (compdemocracy/polis, math/).

Pure Python (NumPy, SciPy): sparse vote matrix, who is clustered, mean-imputed two-component PCA,
sparsity-aware projection, 100 base clusters, groups by weighted k-means chosen by silhouette and
smoothed over analyses, representative statements, consensus, group-informed consensus, divisive
statements and statement priorities; incremental from a stored state.
"""

from impactdays.core.opinions.analysis import (
    OpinionAnalysis,
    OpinionState,
    conversation_analyze,
    conversation_update,
)
from impactdays.core.opinions.priority import next_statement
from impactdays.core.opinions.state_storage import state_from_bytes, state_to_bytes
from impactdays.core.opinions.votes import (
    VoteBatch,
    VoteMatrix,
    vote_batch,
    vote_matrix_build,
    vote_matrix_merge,
)

__all__ = [
    "OpinionAnalysis",
    "OpinionState",
    "VoteBatch",
    "VoteMatrix",
    "conversation_analyze",
    "conversation_update",
    "next_statement",
    "state_from_bytes",
    "state_to_bytes",
    "vote_batch",
    "vote_matrix_build",
    "vote_matrix_merge",
]
