"""allauth's hooks for this site (settings.ACCOUNT_ADAPTER): mails, login throttling,
reauthentication right after a sign-in, and the page a newcomer came from (an invitation link)
kept across the e-mail confirmation.

This module is imported by allauth while it loads its own views, so like forms.py it must never
import allauth.account.forms.
"""

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from impactdays.common.ratelimits import rate_limited_response
from impactdays.people.sign_ins import signed_in_recently

# Where to go once the address is confirmed and the person signed in (a path on this site).
NEXT_AFTER_CONFIRMATION = "people_next_after_confirmation"


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped (Any)
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Name the site SITE_NAME and point every link at SITE_URL, in every account mail.

        allauth takes the name from the database's Site row ("example.com" unless someone edits
        it) and builds links from the address the request came in on, which behind a proxy or
        in the demo is not the site's public address.
        """
        site_url = urlsplit(settings.SITE_URL)
        site = Site(domain=site_url.netloc, name=settings.SITE_NAME)
        links = {key: self._on_site_url(value) for key, value in context.items()}
        super().send_mail(template_prefix, email, {**links, "current_site": site})

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

    @staticmethod
    def _on_site_url(value: Any) -> Any:  # Any: mail context values of many types
        if not isinstance(value, str):
            return value
        # allauth builds links from the request, or without one from the Site row.
        request = allauth_context.request
        own_host = request.get_host() if request is not None else Site.objects.get_current().domain
        link = urlsplit(value)
        if link.scheme not in {"http", "https"} or link.netloc != own_host:
            return value
        site_url = urlsplit(settings.SITE_URL)
        return urlunsplit((site_url.scheme, site_url.netloc, link.path, link.query, link.fragment))

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Answer a throttled login with the 429 page instead of a form error with 200."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            reason = _(
                "There were too many failed sign-in attempts for this address or from your network."
            )
            raise ImmediateHttpResponse(rate_limited_response(request, reason=reason)) from error

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """No password confirmation right after a sign-in: it proved the same (people.sign_ins)."""
        request = allauth_context.request
        if request is not None and signed_in_recently(request):
            return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))

    # The confirmation link leads to allauth's confirmation page, which knows nothing of the
    # `next` the person signed up with: keep it in their session from the moment the mail goes out.
    # allauth signs them in on confirmation only within ACCOUNT_LOGIN_TIMEOUT of signing up; later
    # (or when the link is opened elsewhere) they sign in again, and then come back here too.

    def send_confirmation_mail(
        self,
        request: HttpRequest,
        emailconfirmation: Any,  # Any: allauth's EmailConfirmation (untyped)
        signup: bool,
    ) -> None:
        next_url = request.POST.get("next") or request.GET.get("next")
        if next_url and self.is_safe_url(next_url):
            request.session[NEXT_AFTER_CONFIRMATION] = next_url
        super().send_confirmation_mail(request, emailconfirmation, signup)

    def get_email_verification_redirect_url(self, email_address: Any) -> str:
        """After confirming: the kept page when signed in, or the login page that leads there."""
        next_url = self.request.session.get(NEXT_AFTER_CONFIRMATION)
        if not next_url:
            return str(super().get_email_verification_redirect_url(email_address))
        if self.request.user.is_authenticated:
            del self.request.session[NEXT_AFTER_CONFIRMATION]
            return str(next_url)
        query = QueryDict(mutable=True)
        query["next"] = next_url
        return f"{reverse('account_login')}?{query.urlencode(safe='/')}"

    def post_login(
        self, request: HttpRequest, user: Any, *, redirect_url: str | None, **kwargs: Any
    ) -> HttpResponse:
        """Go to the kept page when the login itself names none; forget it either way."""
        kept = request.session.pop(NEXT_AFTER_CONFIRMATION, None)
        response: HttpResponse = super().post_login(
            request, user, redirect_url=redirect_url or kept, **kwargs
        )
        return response
