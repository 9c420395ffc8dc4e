"""When this session last signed in, so that a fresh sign-in counts as a password confirmation.

allauth asks for the password again ("reauthentication") before any change to two-factor
settings unless the password was confirmed in the last ACCOUNT_REAUTHENTICATION_TIMEOUT seconds;
a sign-in does not count for it. Here it does (AccountAdapter.is_reauthentication_required): a
person who has just signed in, or just signed up, proved the same thing moments ago, and is
walked through two-factor set-up without typing the password twice.
"""

import time
from typing import Any

from allauth.account import app_settings as account_settings
from django.http import HttpRequest

_SIGNED_IN_AT = "impactdays_signed_in_at"


def note_sign_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Receiver of django's user_logged_in: keep the time in the session."""
    if request is not None and hasattr(request, "session"):
        request.session[_SIGNED_IN_AT] = time.time()


def signed_in_recently(request: HttpRequest) -> bool:
    signed_in_at = request.session.get(_SIGNED_IN_AT)
    if not isinstance(signed_in_at, int | float):
        return False
    return bool(time.time() - signed_in_at < account_settings.REAUTHENTICATION_TIMEOUT)
