"""Who may do what with decisions: a role-by-status-by-action table written from DESIGN.md, then
the object-level rules (a draft decision, someone else's commitment) from the side of who may
not act."""

import pytest
from django.contrib.auth.models import AnonymousUser

from impactdays.decisions.models import Decision
from tests.decisions.factories import CommitmentFactory, DecisionFactory
from tests.permissions import MEMBER_ROLES, ROLES, edition_at, person

pytestmark = pytest.mark.django_db

ACTIONS = [
    "view_decisions",
    "manage_decisions",
    "change_decisions",
    "vote",
    "commit",
    "record_commitment",
]
# Before, during and after the forum: a draft, a live edition, a frozen one.
STATUSES = ["draft", "live", "report_published"]


def expected(role: str, status: str, action: str) -> bool:
    """The policy: decisions are public as the edition is; organisers, facilitators (and site
    admins) draft them; participants vote; members commit in their own name; organisers record
    commitments for others. A published report freezes everything but reading."""
    sees = status != "draft" or role in MEMBER_ROLES or role == "site_admin"
    frozen = status == "report_published"
    drafts = role in ("organiser", "facilitator", "site_admin")
    return {
        "view_decisions": sees,
        "manage_decisions": drafts,
        "change_decisions": drafts and not frozen,
        "vote": role == "participant" and not frozen,
        "commit": role in MEMBER_ROLES and not frozen,
        "record_commitment": role in ("organiser", "site_admin") and not frozen,
    }[action]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, edition, role, status, action):
    user = person(request, role)
    fresh = edition_at(edition, status)

    assert user.has_perm(f"decisions.{action}", fresh) is expected(role, status, action)


@pytest.mark.parametrize("role", ["participant", "partner", "speaker", "reviewer", "outsider"])
def test_a_draft_decision_is_hidden_from_who_does_not_draft(request, edition, role):
    draft = DecisionFactory(edition=edition)
    adopted = DecisionFactory(edition=edition, status=Decision.Status.ADOPTED)
    user = person(request, role)

    assert user.has_perm("decisions.view_decision", draft) is False
    assert user.has_perm("decisions.view_decision", adopted) is True
    assert AnonymousUser().has_perm("decisions.view_decision", draft) is False


@pytest.mark.parametrize("role", ["participant", "partner", "facilitator", "outsider"])
def test_only_the_committer_and_organisers_change_a_commitment(request, edition, role, organiser):
    commitment = CommitmentFactory(decision__edition=edition)

    assert person(request, role).has_perm("decisions.change_commitment", commitment) is False
    assert AnonymousUser().has_perm("decisions.change_commitment", commitment) is False
    assert commitment.committer.has_perm("decisions.change_commitment", commitment) is True
    assert organiser.has_perm("decisions.change_commitment", commitment) is True


def test_nobody_changes_a_commitment_of_a_frozen_edition(edition, organiser):
    commitment = CommitmentFactory(decision__edition=edition)
    edition_at(edition, "report_published")
    commitment = type(commitment).objects.select_related("decision__edition").get(pk=commitment.pk)

    assert commitment.committer.has_perm("decisions.change_commitment", commitment) is False
    assert organiser.has_perm("decisions.change_commitment", commitment) is False
