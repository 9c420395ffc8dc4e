"""Decisions API: what an edition decided, with its evidence and outcomes, and who committed to
what with their updates (public as the edition is; drafts only for those who draft); votes,
commitments in one's own name, status moves and updates through the same services as the pages.
"""

import rules
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from impactdays.common.api import ApiRouter, visible_or_404
from impactdays.common.rules import is_site_admin
from impactdays.decisions import commitments, services
from impactdays.decisions.models import Commitment, CommitmentUpdate, Decision, Vote
from impactdays.decisions.schemas import (
    CommitmentIn,
    CommitmentOut,
    CommitmentStatusIn,
    CommitmentUpdateIn,
    CommitmentUpdateOut,
    DecisionOut,
    VoteIn,
    VoteOut,
)
from impactdays.decisions.selectors import decisions_of, evidence_prefetch
from impactdays.forums.api_lookups import api_actor, edition_visible_or_404
from impactdays.forums.models import EditionRole, Organisation
from impactdays.forums.selectors import editions_visible_to
from impactdays.people.api_auth import READ_AUTH, WRITE_AUTH
from impactdays.people.models import User

router = ApiRouter(tags=["decisions"], read_auth=READ_AUTH, write_auth=WRITE_AUTH)


def _decisions_visible(request: HttpRequest) -> QuerySet[Decision]:
    """Decisions of the editions the caller sees; drafts only where the caller drafts them."""
    user = request.user
    decisions = Decision.objects.filter(edition__in=editions_visible_to(user)).select_related(
        "edition__series"
    )
    if is_site_admin(user):
        return decisions
    drafting = (
        EditionRole.objects.filter(
            user=user, role__in=[EditionRole.Role.ORGANISER, EditionRole.Role.FACILITATOR]
        ).values("edition")
        if isinstance(user, User)
        else EditionRole.objects.none().values("edition")
    )
    return decisions.filter(~Q(status=Decision.Status.DRAFT) | Q(edition__in=drafting))


def _decision_or_404(request: HttpRequest, decision_id: int) -> Decision:
    return visible_or_404(
        _decisions_visible(request), _("There is no decision with this id."), pk=decision_id
    )


def _commitment_or_404(request: HttpRequest, commitment_id: int) -> Commitment:
    return visible_or_404(
        Commitment.objects.filter(decision__in=_decisions_visible(request)).select_related(
            "decision__edition", "committer", "organisation"
        ),
        _("There is no commitment with this id."),
        pk=commitment_id,
    )


@router.read("/editions/{edition_id}/decisions", list[DecisionOut], paginated=True)
def decision_list(request: HttpRequest, edition_id: int) -> QuerySet[Decision]:
    edition = edition_visible_or_404(request, edition_id)
    return (
        decisions_of(edition, request.user)
        .select_related("edition__series")
        .prefetch_related(evidence_prefetch(), "versions")
    )


@router.read("/decisions/{decision_id}", DecisionOut)
def decision_detail(request: HttpRequest, decision_id: int) -> Decision:
    return visible_or_404(
        _decisions_visible(request).prefetch_related(evidence_prefetch(), "versions"),
        _("There is no decision with this id."),
        pk=decision_id,
    )


@router.read("/decisions/{decision_id}/commitments", list[CommitmentOut], paginated=True)
def commitment_list(request: HttpRequest, decision_id: int) -> QuerySet[Commitment]:
    decision = _decision_or_404(request, decision_id)
    return decision.commitments.select_related("committer", "organisation").order_by("due_on", "pk")


@router.read("/commitments/{commitment_id}/updates", list[CommitmentUpdateOut], paginated=True)
def commitment_update_list(request: HttpRequest, commitment_id: int) -> QuerySet[CommitmentUpdate]:
    return _commitment_or_404(request, commitment_id).updates.all()


@router.write("post", "/decisions/{decision_id}/votes", VoteOut)
def vote_cast(request: HttpRequest, decision_id: int, payload: VoteIn) -> Vote:
    """Cast or change the caller's vote while the poll is open; participants only."""
    actor = api_actor(request)
    decision = _decision_or_404(request, decision_id)
    if not rules.has_perm("decisions.vote", actor, decision.edition):
        raise HttpError(403, _("Only the edition's participants vote on its decisions."))
    return services.vote_cast(
        decision=decision,
        voter=actor,
        choice=payload.choice,
        score=payload.score,
        reason=payload.reason,
    )


@router.write("post", "/decisions/{decision_id}/commitments", CommitmentOut)
def commitment_create(request: HttpRequest, decision_id: int, payload: CommitmentIn) -> Commitment:
    """Commit to a decision in the caller's own name (or for a partner organisation)."""
    actor = api_actor(request)
    decision = _decision_or_404(request, decision_id)
    if not rules.has_perm("decisions.commit", actor, decision.edition):
        raise HttpError(
            403, _("Only people who take part in this edition commit to its decisions.")
        )
    organisation = None
    if payload.organisation_id is not None:
        organisation = Organisation.objects.filter(
            pk=payload.organisation_id, partnerships__edition=decision.edition
        ).first()
        if organisation is None:
            raise HttpError(404, _("There is no partner organisation with this id."))
    return commitments.commitment_create(
        decision=decision,
        committer=actor,
        organisation=organisation,
        what=payload.what,
        resources=payload.resources,
        due_on=payload.due_on,
        actor=actor,
    )


@router.write("post", "/commitments/{commitment_id}/status", CommitmentOut)
def commitment_status_move(
    request: HttpRequest, commitment_id: int, payload: CommitmentStatusIn
) -> Commitment:
    actor = api_actor(request)
    commitment = _commitment_or_404(request, commitment_id)
    if not rules.has_perm("decisions.change_commitment", actor, commitment):
        raise HttpError(403, _("Only the person who committed changes this commitment."))
    return commitments.commitment_status_move(
        commitment=commitment, to=payload.to, reason=payload.reason, actor=actor
    )


@router.write("post", "/commitments/{commitment_id}/updates", CommitmentUpdateOut)
def commitment_update_create(
    request: HttpRequest, commitment_id: int, payload: CommitmentUpdateIn
) -> CommitmentUpdate:
    actor = api_actor(request)
    commitment = _commitment_or_404(request, commitment_id)
    if not rules.has_perm("decisions.change_commitment", actor, commitment):
        raise HttpError(403, _("Only the person who committed posts updates on it."))
    return commitments.commitment_update_post(
        commitment=commitment,
        author=actor,
        happened_on=payload.happened_on,
        text=payload.text,
        link=payload.link,
        may_post_for_others=rules.has_perm(
            "decisions.record_commitment", actor, commitment.edition
        ),
    )
