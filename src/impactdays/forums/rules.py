"""Who may do what with forums, per edition role.

Predicates take (user, edition). Other apps combine the role predicates defined here.
"""

import rules

from impactdays.forums.models import Edition, EditionRole
from impactdays.people.models import User


def _has_role(role: str) -> rules.Predicate:
    @rules.predicate(name=f"is_{role}_of")
    def predicate(user: User, edition: Edition | None) -> bool:
        if edition is None or not user.is_authenticated:
            return False
        # One query per (user, edition) per request: cache the user's roles on the edition.
        cache_name = f"_roles_of_{user.pk}"
        roles = getattr(edition, cache_name, None)
        if roles is None:
            roles = set(
                EditionRole.objects.filter(edition=edition, user=user).values_list(
                    "role", flat=True
                )
            )
            setattr(edition, cache_name, roles)
        return role in roles

    return predicate


is_organiser_of = _has_role(EditionRole.Role.ORGANISER)
is_facilitator_of = _has_role(EditionRole.Role.FACILITATOR)
is_reviewer_of = _has_role(EditionRole.Role.REVIEWER)
is_speaker_of = _has_role(EditionRole.Role.SPEAKER)
is_participant_of = _has_role(EditionRole.Role.PARTICIPANT)
is_partner_of = _has_role(EditionRole.Role.PARTNER)
is_member_of = (
    is_organiser_of
    | is_facilitator_of
    | is_reviewer_of
    | is_speaker_of
    | is_participant_of
    | is_partner_of
)


@rules.predicate
def is_site_admin(user: User) -> bool:
    return user.is_authenticated and user.is_superuser


@rules.predicate
def is_public(user: User, edition: Edition | None) -> bool:
    return edition is not None and edition.status != Edition.Status.DRAFT


@rules.predicate
def is_archived(user: User, edition: Edition | None) -> bool:
    return edition is not None and edition.status == Edition.Status.REPORT_PUBLISHED


can_manage = is_site_admin | is_organiser_of

rules.add_perm("forums.view_edition", is_public | is_member_of | is_site_admin)
rules.add_perm("forums.manage_edition", can_manage)
# After the report is published the record is frozen; moving back to "closed" unfreezes it.
rules.add_perm("forums.change_edition", can_manage & ~is_archived)
rules.add_perm("forums.move_edition_status", can_manage)
rules.add_perm("forums.replicate_edition", can_manage)
