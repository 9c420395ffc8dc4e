"""allauth's hooks for this site (settings.ACCOUNT_ADAPTER): login throttling.

This module is imported by allauth while it loads its own views, so like forms.py it must never
import allauth.account.forms.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from impactdays.common.ratelimits import rate_limited_response


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped (Any)
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Answer a throttled login with the 429 page instead of a form error with 200."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            reason = _("There were too many failed logins for this address or from your network.")
            raise ImmediateHttpResponse(rate_limited_response(request, reason=reason)) from error
