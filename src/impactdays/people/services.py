"""Every write on people data: sign-up, profiles, consent, API tokens."""

import datetime as dt
import hashlib
import secrets
from typing import TypedDict, Unpack

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impactdays.common.images import image_without_metadata
from impactdays.common.services import audit_record
from impactdays.people.models import ApiToken, ConsentKind, ConsentRecord, User

TOKEN_PREFIX_LENGTH = 8
# ApiToken.last_used_at is kept to this precision.
API_TOKEN_USE_PRECISION = dt.timedelta(minutes=1)

AVATAR_MAX_SIDE = 1024


class ProfileFields(TypedDict, total=False):
    """What a person may change on their own profile; a missing key stays as it is."""

    display_name: str
    country: str
    organisation: str
    sector: str
    languages: list[str]
    bio: str
    avatar: File[bytes] | None  # None removes the avatar


def account_create(
    *,
    email: str,
    password_hash: str,
    display_name: str = "",
    country: str = "",
    sector: str = "",
    organisation: str = "",
    languages: list[str] | None = None,
    consents: tuple[str, ...] = (),
    is_site_admin: bool = False,
    actor: User | None,
) -> User:
    """Create an account whose e-mail address is already verified (made by a site admin or the demo).

    `password_hash` comes from django.contrib.auth.hashers.make_password, so that many accounts
    with one password are hashed once. `consents` are recorded as given. Writes an audit entry.
    Raises ValidationError, creating nothing, when the address is taken or a field is invalid.
    """
    user = User(
        email=User.objects.normalize_email(email),
        password=password_hash,
        display_name=display_name,
        country=country,
        sector=sector,
        organisation=organisation,
        languages=languages or [],
        is_staff=is_site_admin,
        is_superuser=is_site_admin,
    )
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        for kind in consents:
            consent_set(user=user, kind=kind, is_given=True)
        audit_record(actor=actor, action="account_create", target=user)
    return user


def user_signup_complete(*, user: User, display_name: str) -> User:
    """Finish a sign-up that allauth has saved: store the display name, record the terms consent.

    Precondition: the person ticked "I accept the terms of use" on the sign-up form.
    Effects: sets `display_name` when one was given; appends a given terms ConsentRecord;
    writes an audit entry.
    """
    with transaction.atomic():
        if display_name.strip():
            user.display_name = display_name.strip()
            user.save(update_fields=["display_name"])
        consent_set(user=user, kind=ConsentKind.TERMS, is_given=True)
        audit_record(actor=user, action="user_signup_complete", target=user)
    return user


def profile_update(*, user: User, actor: User, **fields: Unpack[ProfileFields]) -> User:
    """Change the profile fields given; a new avatar is re-encoded without its metadata.

    The avatar is checked against a pixel budget before it is decoded, then turned upright,
    shrunk to at most 1024 pixels a side and encoded again (common.images), which drops EXIF
    (GPS position, camera), XMP, colour profiles and comments. It is stored in the private
    avatar storage (people.storage), under a random name. The replaced avatar file is deleted
    once the change is committed.
    Raises ValidationError, and saves nothing, when a value is invalid or the image unreadable.
    Returns the user; with no fields given, nothing is written.
    """
    if not fields:
        return user
    has_avatar_change = "avatar" in fields
    new_avatar = fields.pop("avatar", None)
    for name, value in fields.items():
        setattr(user, name, value)
    other_fields = [f.name for f in User._meta.get_fields() if f.name not in fields]
    user.clean_fields(exclude=other_fields)
    if "bio" in fields:
        # A TextField's max_length binds only forms, not clean_fields; the service holds it too.
        MaxLengthValidator(User._meta.get_field("bio").max_length)(user.bio)
    clean_avatar = (
        image_without_metadata(new_avatar, max_side=AVATAR_MAX_SIDE)
        if new_avatar is not None
        else None
    )

    old_avatar_name = user.avatar.name if has_avatar_change else ""
    with transaction.atomic():
        if clean_avatar is not None:
            user.avatar.save(clean_avatar.name or "avatar", clean_avatar, save=False)
        elif has_avatar_change:
            user.avatar = None  # FileField accepts None to clear
        changed = [*fields, "avatar"] if has_avatar_change else list(fields)
        user.save(update_fields=changed)
        audit_record(actor=actor, action="profile_update", target=user, data={"fields": changed})
        if old_avatar_name:
            storage = user.avatar.storage
            transaction.on_commit(lambda: storage.delete(old_avatar_name))
    return user


def consent_set(*, user: User, kind: str, is_given: bool) -> ConsentRecord:
    """Record that `user` gives or withdraws one consent.

    Appends a ConsentRecord and never changes earlier ones: the history stays, and the newest
    record of a kind is in force (see selectors.consents_of). Writes an audit entry.
    Raises ValidationError for an unknown kind.
    """
    if kind not in ConsentKind.values:
        raise ValidationError(_("Unknown kind of consent."))
    with transaction.atomic():
        record = ConsentRecord.objects.create(user=user, kind=kind, is_given=is_given)
        audit_record(
            actor=user,
            action="consent_set",
            target=record,
            data={"kind": kind, "is_given": is_given},
        )
    return record


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create an API token; return it with the clear key, which is shown once and never stored.

    Only the SHA-256 digest and the first characters (to recognise the token) are kept.
    Writes an audit entry.
    """
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip()[:100] or "API",
            key_digest=_digest(key),
            prefix=key[:TOKEN_PREFIX_LENGTH],
        )
        audit_record(actor=user, action="api_token_create", target=token)
    return token, key


def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    """Delete a token, so that its key no longer authenticates. Writes an audit entry.

    Callers make sure that `actor` may revoke it (their own token).
    """
    with transaction.atomic():
        audit_record(
            actor=actor, action="api_token_revoke", target=token, data={"name": token.name}
        )
        token.delete()


def api_token_authenticate(*, key: str) -> User | None:
    """The active user a bearer key belongs to, or None.

    Effects: records when the token was last used, to the minute: a script that reads every
    second must not turn each read into a database write.
    """
    token = ApiToken.objects.select_related("user").filter(key_digest=_digest(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def account_erase(*, user: User, actor: User) -> User:
    """Erase a person's personal data and close their account (the right to erasure).

    Effects: name, e-mail address, profile fields and avatar are wiped, the password and
    two-factor devices removed, API tokens and e-mail addresses deleted, and the account made
    inactive, so nobody can sign in to it again. Roles in editions stay, held by the anonymous
    account, so that the counts of past forums remain true. An audit entry records the erasure,
    with no personal data. The avatar file is deleted once the change is committed.
    """
    avatar_name = user.avatar.name
    with transaction.atomic():
        user.email = f"erased-{user.pk}@erased.invalid"
        user.display_name = user.first_name = user.last_name = ""
        user.organisation = user.sector = user.bio = ""
        user.country = ""
        user.languages = []
        user.avatar = None  # FileField accepts None to clear
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.api_tokens.all().delete()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        audit_record(
            actor=actor if actor.pk != user.pk else None, action="account_erase", target=user
        )
        if avatar_name:
            storage = user.avatar.storage
            transaction.on_commit(lambda: storage.delete(avatar_name))
    return user
