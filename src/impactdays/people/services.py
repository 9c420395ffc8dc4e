"""Every write on people data: profiles, consent, API tokens."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from impactdays.common.services import audit_record
from impactdays.people.models import ApiToken, User

TOKEN_PREFIX_LENGTH = 8


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create an API token; return it with the clear key, which is shown once and never stored."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip()[:100] or "API", key_digest=_digest(key), prefix=key[:TOKEN_PREFIX_LENGTH]
        )
        audit_record(actor=user, action="api_token_create", target=token)
    return token, key


def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="api_token_revoke", target=token, data={"name": token.name})
        token.delete()


def api_token_authenticate(*, key: str) -> User | None:
    """The active user a bearer key belongs to, or None; records when the token was last used."""
    token = ApiToken.objects.select_related("user").filter(key_digest=_digest(key)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
