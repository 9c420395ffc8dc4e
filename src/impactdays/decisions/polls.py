"""The outcome of a decision's poll from its counts: pure arithmetic, no database.

Consent poll (Loomio's consent process): any block rejects; otherwise the decision is adopted
when the quorum is met and the agreeing votes are at least `threshold_percent` of those who
agree or disagree (abstentions count for the quorum only). Score poll: adopted when the quorum
is met and the mean score is at least `threshold_percent` of the highest score.
"""

from dataclasses import dataclass

from impactdays.decisions.models import SCORE_MAX


@dataclass(frozen=True)
class Tally:
    participant_count: int
    agree: int = 0
    abstain: int = 0
    disagree: int = 0
    block: int = 0
    scores: tuple[int, ...] = ()

    @property
    def voter_count(self) -> int:
        return self.agree + self.abstain + self.disagree + self.block + len(self.scores)

    @property
    def score_mean(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None


def quorum_met(tally: Tally, quorum_percent: int) -> bool:
    """At least quorum_percent of the participants voted (compared in integers: no rounding)."""
    return tally.voter_count * 100 >= quorum_percent * tally.participant_count


def consent_adopted(tally: Tally, *, quorum_percent: int, threshold_percent: int) -> bool:
    if tally.block or not quorum_met(tally, quorum_percent):
        return False
    deciding = tally.agree + tally.disagree
    return deciding > 0 and tally.agree * 100 >= threshold_percent * deciding


def score_adopted(tally: Tally, *, quorum_percent: int, threshold_percent: int) -> bool:
    if not tally.scores or not quorum_met(tally, quorum_percent):
        return False
    return sum(tally.scores) * 100 >= threshold_percent * SCORE_MAX * len(tally.scores)
