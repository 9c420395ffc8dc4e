"""The walk-through that sets up two-factor authentication for a role that requires it.

A participant who becomes an organiser is sent here by TwoFactorRequiredMiddleware on their
next page, still signed in: why (step 1), the authenticator app (step 2, allauth's TOTP
activation with its own template), and the recovery codes (step 3), then back to the page they
were going to. allauth may ask for the password once before step 2 when the sign-in is older
than a few minutes (its reauthentication); that is a confirmation, not a new sign-in.
"""

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.views import ActivateTOTPView
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_safe

from impactdays.common.permissions import permission_required
from impactdays.people.two_factor import two_factor_enabled, two_factor_required

OWN_ACCOUNT = "common.use_own_account"
# Set when the authenticator is activated in step 2; step 3 shows the codes once.
_CODES_DUE = "impactdays_two_factor_codes_due"


def safe_next(request: HttpRequest) -> str:
    """The page to return to: ?next= when it stays on this site, else where a sign-in leads."""
    wanted = request.GET.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


@permission_required(OWN_ACCOUNT)
@require_safe
def two_factor_start(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if two_factor_enabled(request.user):  # type: ignore[arg-type]  # signed in: a User
        return redirect(next_url)
    context = {
        "required": two_factor_required(request.user),  # type: ignore[arg-type]
        "next_url": next_url,
        "activate_url": _with_next("people:two-factor-activate", next_url),
    }
    return render(request, "people/two_factor_start.html", context)


class TwoFactorActivateView(ActivateTOTPView):  # type: ignore[misc]  # allauth is untyped (Any)
    """allauth's TOTP activation (reauthentication included), as step 2 of the walk-through."""

    template_name = "people/two_factor_activate.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "next_url": safe_next(self.request)}

    def get_success_url(self) -> str:
        return _with_next("people:two-factor-done", safe_next(self.request))

    def form_valid(self, form: Any) -> HttpResponse:  # Any: allauth's ActivateTOTPForm
        response: HttpResponse = super().form_valid(form)
        self.request.session[_CODES_DUE] = True
        return response


two_factor_activate = permission_required(OWN_ACCOUNT)(TwoFactorActivateView.as_view())


@permission_required(OWN_ACCOUNT)
@require_safe
def two_factor_done(request: HttpRequest) -> HttpResponse:
    """Step 3: the recovery codes, shown here once, right after activation; then onwards."""
    next_url = safe_next(request)
    codes: list[str] = []
    if request.session.pop(_CODES_DUE, False):
        authenticator = Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.RECOVERY_CODES
        ).first()
        if authenticator is not None:
            codes = RecoveryCodes(authenticator).get_unused_codes()
    if not two_factor_enabled(request.user):  # type: ignore[arg-type]
        return redirect(_with_next("people:two-factor-start", next_url))
    return render(request, "people/two_factor_done.html", {"codes": codes, "next_url": next_url})
