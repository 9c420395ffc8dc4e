"""Who may do what with decisions and commitments (DESIGN.md: organisers and facilitators draft
decisions, the edition's participants adopt them, committers report on their commitments).

Edition-level permissions take the edition; `vote` and `change_decision` take a decision,
`change_commitment` a commitment. Time and state rules (the poll is open, the decision is not
frozen, the commitment is still open) are the services' to enforce.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from impactdays.common.rules import is_site_admin
from impactdays.decisions.models import Commitment, Decision
from impactdays.forums.rules import (
    can_see_edition,
    is_archived,
    is_facilitator_of,
    is_member_of,
    is_organiser_of,
    is_participant_of,
)
from impactdays.people.models import User


@rules.predicate
def is_committer(user: User | AnonymousUser, commitment: Commitment | None) -> bool:
    return (
        isinstance(commitment, Commitment)
        and user.is_authenticated
        and commitment.committer_id == user.pk
    )


@rules.predicate
def is_draft(user: User | AnonymousUser, decision: Decision | None) -> bool:
    return isinstance(decision, Decision) and decision.status == Decision.Status.DRAFT


can_draft = is_site_admin | is_organiser_of | is_facilitator_of

rules.add_perm("decisions.view_decisions", can_see_edition)
# A draft is seen by those who draft; everything else is public as the edition is.
rules.add_perm("decisions.view_decision", can_see_edition & (~is_draft | can_draft))
rules.add_perm("decisions.manage_decisions", can_draft)
rules.add_perm("decisions.change_decisions", can_draft & ~is_archived)
rules.add_perm("decisions.vote", rules.is_authenticated & is_participant_of & ~is_archived)
# Members commit in their own name; organisers record commitments for anyone of the edition.
rules.add_perm("decisions.commit", rules.is_authenticated & is_member_of & ~is_archived)
rules.add_perm("decisions.record_commitment", (is_site_admin | is_organiser_of) & ~is_archived)
rules.add_perm(
    "decisions.change_commitment", (is_committer | is_site_admin | is_organiser_of) & ~is_archived
)
