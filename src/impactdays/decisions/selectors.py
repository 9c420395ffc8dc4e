"""Reads of decisions and commitments, filtered by who may see them, with a fixed query count."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, Prefetch, Q, QuerySet

from impactdays.decisions.evidence import EVIDENCE_KINDS
from impactdays.decisions.models import Commitment, CommitmentUpdate, Decision, Evidence, Vote
from impactdays.forums.models import Edition, ForumSeries
from impactdays.forums.selectors import editions_visible_to
from impactdays.people.models import User


def decisions_of(edition: Edition, user: User | AnonymousUser) -> QuerySet[Decision]:
    """The edition's decisions the visitor may see (drafts only for those who draft), counted:
    `commitment_count` and `done_count` on each."""
    decisions = Decision.objects.filter(edition=edition)
    if not user.has_perm("decisions.manage_decisions", edition):
        decisions = decisions.exclude(status=Decision.Status.DRAFT)
    return decisions.annotate(
        commitment_count=Count("commitments", distinct=True),
        done_count=Count(
            "commitments", filter=Q(commitments__status=Commitment.Status.DONE), distinct=True
        ),
    )


def evidence_prefetch(lookup: str = "evidence") -> Prefetch[str, QuerySet[Evidence], str]:
    """The evidence with the records it cites: one query per kind cited, whatever their number."""
    return Prefetch(
        lookup,
        queryset=Evidence.objects.prefetch_related(
            GenericPrefetch(
                "reference",
                [kind.loaded() for kind in EVIDENCE_KINDS.values() if kind.loaded is not None],
            )
        ),
    )


def decision_with_details(decision: Decision) -> Decision:
    """The decision with its evidence, versions and commitments (with their updates) loaded."""
    return (
        Decision.objects.select_related("edition__series")
        .prefetch_related(
            evidence_prefetch(),
            "versions",
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("committer", "organisation")
                .prefetch_related(
                    Prefetch("updates", queryset=CommitmentUpdate.objects.select_related("author"))
                )
                .order_by("due_on", "pk"),
            ),
        )
        .get(pk=decision.pk)
    )


def vote_of(decision: Decision, user: User | AnonymousUser) -> Vote | None:
    """The visitor's vote on the decision's current version, if any."""
    if not isinstance(user, User):
        return None
    return Vote.objects.filter(decision=decision, version=decision.version, voter=user).first()


@dataclass(frozen=True)
class EditionMemory:
    """One edition on its series' page: its decisions and how far their commitments went."""

    edition: Edition
    decisions: list[Decision]
    commitment_count: int
    done_count: int

    @property
    def done_percent(self) -> int | None:
        if not self.commitment_count:
            return None
        return round(100 * self.done_count / self.commitment_count)


def series_memory(series: ForumSeries, user: User | AnonymousUser) -> list[EditionMemory]:
    """Each visible edition of the series that decided something, with its decided decisions,
    oldest first; one query."""
    decisions = (
        Decision.objects.filter(
            edition__in=editions_visible_to(user).filter(series=series).values("pk"),
            status__in=[Decision.Status.ADOPTED, Decision.Status.REJECTED],
        )
        .select_related("edition__series")
        .annotate(
            commitment_count=Count("commitments", distinct=True),
            done_count=Count(
                "commitments", filter=Q(commitments__status=Commitment.Status.DONE), distinct=True
            ),
        )
        .order_by("edition__year", "edition__starts_on", "position", "pk")
    )
    by_edition: dict[int, list[Decision]] = {}
    for decision in decisions:
        by_edition.setdefault(decision.edition_id, []).append(decision)
    return [
        EditionMemory(
            edition=decided[0].edition,
            decisions=decided,
            commitment_count=sum(d.commitment_count for d in decided),  # type: ignore[attr-defined]  # annotated
            done_count=sum(d.done_count for d in decided),  # type: ignore[attr-defined]  # annotated
        )
        for decided in by_edition.values()
    ]


def edition_decision_counts(edition: Edition, user: User | AnonymousUser) -> dict[str, object]:
    """The edition page's panel: how many decisions the visitor sees, and commitments done."""
    decisions = list(decisions_of(edition, user))
    return {
        "edition": edition,
        "decision_count": len(decisions),
        "commitment_count": sum(d.commitment_count for d in decisions),  # type: ignore[attr-defined]  # annotated
        "done_count": sum(d.done_count for d in decisions),  # type: ignore[attr-defined]  # annotated
    }


def decisions_as_data(user: User) -> dict[str, list[dict[str, object]]]:
    """The person's votes, commitments and updates, for their personal-data export."""
    return {
        "votes": [
            {
                "decision": str(vote.decision.title),
                "version": vote.version,
                "choice": vote.choice,
                "score": vote.score,
                "reason": vote.reason,
                "cast_at": vote.updated_at.isoformat(),
            }
            for vote in Vote.objects.filter(voter=user).select_related("decision").order_by("pk")
        ],
        "commitments": [
            {
                "decision": str(commitment.decision.title),
                "what": commitment.what,
                "resources": commitment.resources,
                "due_on": commitment.due_on.isoformat(),
                "status": commitment.status,
            }
            for commitment in Commitment.objects.filter(committer=user)
            .select_related("decision")
            .order_by("pk")
        ],
        "updates": [
            {
                "happened_on": update.happened_on.isoformat(),
                "text": update.text,
                "link": update.link,
                "photo": update.photo.name or None,
            }
            for update in CommitmentUpdate.objects.filter(author=user).order_by("pk")
        ],
    }
