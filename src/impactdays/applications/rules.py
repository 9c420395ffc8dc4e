"""Who may do what with an open call (DESIGN.md: applicants see only their own applications,
reviewers only those assigned to them, organisers everything of their own editions).

Edition-level permissions take the edition; `change_application` takes an application and
`change_review` a review. Time and state rules (the call is open, the application not withdrawn)
are the services' to enforce.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from impactdays.applications.models import Application, Review
from impactdays.common.rules import is_site_admin
from impactdays.forums.rules import can_see_edition, is_archived, is_organiser_of, is_reviewer_of
from impactdays.people.models import User


@rules.predicate
def is_applicant(user: User | AnonymousUser, application: Application | None) -> bool:
    return (
        isinstance(application, Application)
        and user.is_authenticated
        and application.applicant_id == user.pk
    )


@rules.predicate
def is_assigned_reviewer(user: User | AnonymousUser, review: Review | None) -> bool:
    """Assigned to this review and still a reviewer of the edition."""
    return (
        isinstance(review, Review)
        and user.is_authenticated
        and review.reviewer_id == user.pk
        and bool(is_reviewer_of(user, review.application.call.edition))
    )


can_manage = is_site_admin | is_organiser_of

rules.add_perm("applications.view_call", can_see_edition)
rules.add_perm("applications.apply", rules.is_authenticated & can_see_edition & ~is_archived)
rules.add_perm("applications.change_application", is_applicant & ~is_archived)
rules.add_perm("applications.manage_call", can_manage)
rules.add_perm("applications.change_call", can_manage & ~is_archived)
# An edition-wide reviewer sees the list of their own assignments; nothing else of the call.
rules.add_perm("applications.review", rules.is_authenticated & is_reviewer_of & ~is_archived)
rules.add_perm("applications.change_review", is_assigned_reviewer & ~is_archived)
