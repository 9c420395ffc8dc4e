"""Who may see which people data.

A profile is private by default: only its owner and site admins see it, until the person
consents to be listed in the participant directory.
"""

import rules

from impactdays.common.rules import is_site_admin
from impactdays.people.models import ConsentKind, User
from impactdays.people.selectors import consents_of


@rules.predicate
def is_self(user: User, person: User | None) -> bool:
    return person is not None and user.is_authenticated and user.pk == person.pk


@rules.predicate
def is_listed_in_directory(user: User, person: User | None) -> bool:
    return person is not None and consents_of(person)[ConsentKind.DIRECTORY_LISTING]


rules.add_perm(
    "people.view_profile",
    rules.is_authenticated & (is_self | is_site_admin | is_listed_in_directory),
)
