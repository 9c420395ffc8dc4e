"""Predicates that every app combines in its own rules.py."""

import rules
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser


@rules.predicate
def is_site_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A superuser: manages organisations, series and users, and every edition."""
    return bool(user.is_authenticated and getattr(user, "is_superuser", False))


# Pages and actions on one's own account: anyone signed in, for themselves.
rules.add_perm("common.use_own_account", rules.is_authenticated)
