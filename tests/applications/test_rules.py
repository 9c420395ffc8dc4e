"""Who may do what with a call: a role-by-status-by-action table written from DESIGN.md, then the
object-level rules (own application, own review) from the side of who may not act."""

import pytest
from django.contrib.auth.models import AnonymousUser

from impactdays.forums.models import Edition
from tests.applications.factories import ApplicationFactory, CallFactory, ReviewFactory
from tests.permissions import MEMBER_ROLES, ROLES, STATUSES, edition_at, person

pytestmark = pytest.mark.django_db

ACTIONS = ["view_call", "apply", "manage_call", "change_call", "review"]


def expected(role: str, status: str, action: str) -> bool:
    """The policy: anyone who sees the edition sees its call; anyone signed in who sees it may
    apply (the service checks the dates); organisers and site admins manage it; reviewers review.
    A published report freezes everything but reading."""
    sees = status != "draft" or role in MEMBER_ROLES or role == "site_admin"
    frozen = status == "report_published"
    if action == "view_call":
        return sees
    if action == "apply":
        return sees and role != "anonymous" and not frozen
    if action == "manage_call":
        return role in ("organiser", "site_admin")
    if action == "change_call":
        return role in ("organiser", "site_admin") and not frozen
    return role == "reviewer" and not frozen


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, edition, role, status, action):
    user = person(request, role)
    fresh = edition_at(edition, status)

    assert user.has_perm(f"applications.{action}", fresh) is expected(role, status, action)


def test_only_the_applicant_may_change_an_application(request, edition):
    application = ApplicationFactory(call__edition=edition)
    others = [person(request, role) for role in ("organiser", "reviewer", "outsider", "site_admin")]

    assert application.applicant.has_perm("applications.change_application", application)
    assert [u.has_perm("applications.change_application", application) for u in others] == [
        False
    ] * 4
    assert not AnonymousUser().has_perm("applications.change_application", application)


def test_only_the_assigned_reviewer_may_score(request, edition, reviewer):
    call = CallFactory(edition=edition)
    review = ReviewFactory(application__call=call, reviewer=reviewer)
    other = ReviewFactory(application__call=call)
    others = [person(request, role) for role in ("organiser", "outsider", "site_admin")]

    assert reviewer.has_perm("applications.change_review", review)
    assert not reviewer.has_perm("applications.change_review", other)
    assert [u.has_perm("applications.change_review", review) for u in others] == [False] * 3


def test_a_published_report_freezes_the_reviews(edition, reviewer):
    review = ReviewFactory(application__call__edition=edition, reviewer=reviewer)
    edition_at(edition, Edition.Status.REPORT_PUBLISHED)
    review = type(review).objects.get(pk=review.pk)

    assert not reviewer.has_perm("applications.change_review", review)
