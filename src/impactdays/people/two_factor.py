"""Who must use two-factor authentication.

Site admins always must. Higher apps add their own reasons (forums: organisers of an edition)
by appending a check to TWO_FACTOR_REQUIREMENTS in their AppConfig.ready().
"""

from collections.abc import Callable

from allauth.mfa.models import Authenticator

from impactdays.common.rules import is_site_admin
from impactdays.people.models import User

TWO_FACTOR_REQUIREMENTS: list[Callable[[User], bool]] = [
    lambda user: user.is_staff or is_site_admin(user),
]


def two_factor_required(user: User) -> bool:
    return any(check(user) for check in TWO_FACTOR_REQUIREMENTS)


def two_factor_enabled(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())
