"""Every write on forums data. Views and the API check permissions first; these enforce state rules."""

import copy
import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from slugify import slugify

from impactdays.common.services import audit_record
from impactdays.common.translated import (
    Translations,
    full_clean_translated,
    localized_name,
    translated_field_names,
    translations_apply,
    translations_of,
)
from impactdays.forums.formats import default_format, format_validate
from impactdays.forums.models import (
    Edition,
    EditionInvitation,
    EditionPartner,
    EditionRole,
    ForumSeries,
    Organisation,
    Room,
    Venue,
)
from impactdays.forums.rules import roles_forget
from impactdays.forums.selectors import edition_people
from impactdays.people.models import User

# In the order the edition form shows them.
EDITABLE_EDITION_FIELDS = (
    "title",
    "year",
    "theme",
    "description",
    "city",
    "country",
    "latitude",
    "longitude",
    "starts_on",
    "ends_on",
    "time_zone",
    "languages",
    "is_illustrative",
)


def _slug_source(instance: Any, field: str) -> str:  # Any: a model with translated fields
    """The text a slug is made from: the default language's, else the first language that has it."""
    texts = translations_of(instance, field)
    return next((text for text in [texts.get(settings.LANGUAGE_CODE), *texts.values()] if text), "")


def _unique_slug(base: str, taken: set[str]) -> str:
    # Transliterated, so "Санкт-Петербург 2027" keeps its city: sankt-peterburg-2027.
    root = slugify(base, max_length=70, word_boundary=True) or "edition"
    slug, counter = root, 2
    while slug in taken:
        slug, counter = f"{root}-{counter}", counter + 1
    return slug


def edition_lock(edition: Edition) -> Edition:
    """Lock the edition's row until the transaction ends and return it fresh from the database.

    Call inside transaction.atomic(). Two writers on one edition wait for each other, so that a
    status move (a report published meanwhile) is never slipped past.
    """
    return Edition.objects.select_for_update().select_related("series").get(pk=edition.pk)


def edition_lock_for_write(edition: Edition) -> Edition:
    """The write guard of every edition-scoped service, in every app: lock, then check it may change.

    Call first inside the service's transaction.atomic(). Returns the locked, fresh edition.
    Raises ValidationError when the edition's report is published (the record is frozen).
    """
    locked = edition_lock(edition)
    if locked.status == Edition.Status.REPORT_PUBLISHED:
        raise ValidationError(
            _("The report of this edition is published; move it back to closed to edit it.")
        )
    return locked


def organisation_create(
    *,
    name: str | Translations,
    kind: str,
    country: str,
    city: str | Translations,
    website: str = "",
    description: str | Translations = "",
    latitude: float | None = None,
    longitude: float | None = None,
    actor: User | None,
) -> Organisation:
    """Create an organisation with a unique slug. Raises ValidationError on bad fields.

    name, city and description are one text in the active language or a text per language.
    """
    taken = set(Organisation.objects.values_list("slug", flat=True))
    organisation = Organisation(
        kind=kind, country=country, website=website, latitude=latitude, longitude=longitude
    )
    translations_apply(organisation, {"name": name, "city": city, "description": description})
    organisation.slug = _unique_slug(_slug_source(organisation, "name"), taken)
    full_clean_translated(organisation)
    with transaction.atomic():
        organisation.save()
        audit_record(actor=actor, action="organisation_create", target=organisation)
    return organisation


def series_create(
    *,
    name: str | Translations,
    description: str | Translations = "",
    founded_year: int | None = None,
    format: dict[str, Any] | None = None,
    actor: User | None,
) -> ForumSeries:
    """Create a forum series; without a format it gets the default one.

    name and description are one text in the active language or a text per language.
    """
    taken = set(ForumSeries.objects.values_list("slug", flat=True))
    series = ForumSeries(
        founded_year=founded_year,
        format=format_validate(copy.deepcopy(format) if format is not None else default_format()),
    )
    translations_apply(series, {"name": name, "description": description})
    series.slug = _unique_slug(_slug_source(series, "name"), taken)
    full_clean_translated(series)
    with transaction.atomic():
        series.save()
        audit_record(actor=actor, action="series_create", target=series)
    return series


def edition_create(
    *,
    series: ForumSeries,
    title: str | Translations,
    year: int,
    city: str | Translations,
    country: str,
    latitude: float,
    longitude: float,
    starts_on: dt.date,
    ends_on: dt.date,
    languages: list[str],
    time_zone: str = "UTC",
    theme: str | Translations = "",
    description: str | Translations = "",
    is_illustrative: bool = False,
    actor: User | None,
) -> Edition:
    """Create a draft edition of a series, starting from the series' format.

    title, city, theme and description are one text in the active language or a text per
    language. The actor, if given, becomes the edition's first organiser.
    Raises ValidationError (nothing written) when a field is invalid.
    """
    taken = set(series.editions.values_list("slug", flat=True))
    edition = Edition(
        series=series,
        year=year,
        country=country,
        latitude=latitude,
        longitude=longitude,
        starts_on=starts_on,
        ends_on=ends_on,
        languages=languages,
        time_zone=time_zone,
        is_illustrative=is_illustrative,
        format=copy.deepcopy(series.format),
    )
    translations_apply(
        edition, {"title": title, "city": city, "theme": theme, "description": description}
    )
    edition.slug = _unique_slug(f"{_slug_source(edition, 'city')} {year}", taken)
    _edition_validate(edition)
    with transaction.atomic():
        edition.save()
        if actor is not None and actor.pk:
            EditionRole.objects.create(edition=edition, user=actor, role=EditionRole.Role.ORGANISER)
        audit_record(actor=actor, action="edition_create", target=edition, edition=edition)
    return edition


def _edition_validate(edition: Edition) -> None:
    errors: dict[str, list[str]] = {}
    try:
        full_clean_translated(edition, validate_constraints=False)
    except ValidationError as error:
        errors = error.message_dict
    if edition.starts_on and edition.ends_on and edition.ends_on < edition.starts_on:
        errors.setdefault("ends_on", []).append(_("The edition cannot end before it starts."))
    if edition.starts_on and edition.year and edition.starts_on.year != edition.year:
        errors.setdefault("year", []).append(_("The year must be the year the edition starts."))
    if errors:
        raise ValidationError(errors)


def edition_update(
    *, edition: Edition, actor: User | None, expected_version: int | None = None, **changes: Any
) -> Edition:
    """Change some of an edition's details. Only EDITABLE_EDITION_FIELDS may change.

    Send only the fields that change: the others keep what anyone else saved meanwhile. With
    `expected_version` (the version the editor started from), a write over a newer version is
    refused: someone else changed the edition since. A write raises the version by one.
    Raises ValidationError, writing nothing, when the edition's report is published, when a
    field is unknown, when a value is invalid, or when the version is stale.
    """
    unknown = set(changes).difference(EDITABLE_EDITION_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = edition_lock_for_write(edition)
        if expected_version is not None and expected_version != locked.version:
            raise ValidationError(
                _(
                    "Someone else changed this edition after you opened it. Reload the page "
                    "to see their changes, then make yours again."
                ),
                code="stale",
            )
        if not changes:
            return locked
        translated = set(translated_field_names(Edition)).intersection(changes)
        before: dict[str, Any] = {  # Any: the old value of any field
            localized_name(name, code): text
            for name in translated
            for code, text in translations_of(locked, name).items()
        }
        columns = translations_apply(locked, {name: changes[name] for name in translated})
        for name in set(changes).difference(translated):
            before[name] = getattr(locked, name)
            setattr(locked, name, changes[name])
            columns.append(name)
        _edition_validate(locked)
        locked.version += 1
        # Per-language columns only: modeltranslation would also write a base field named here
        # (with its fallback text) into the active language's column.
        locked.save(update_fields=[*columns, "version", "updated_at"])
        # The old values of what changed; a translated field per language (title_ru).
        audit_record(
            actor=actor,
            action="edition_update",
            target=locked,
            edition=locked,
            data={
                column: str(value)
                for column, value in before.items()
                if column in columns and value != getattr(locked, column)
            },
        )
    for name in [*columns, "version", "updated_at"]:
        setattr(edition, name, getattr(locked, name))
    return locked


def edition_status_move(
    *, edition: Edition, to: str, actor: User | None, notify: bool = True
) -> Edition:
    """Move an edition to another status along Edition.TRANSITIONS.

    Effects: the status changes and an audit entry is written; leaving draft (publishing)
    e-mails everyone with a role in the edition, after the transaction commits, unless
    notify is False (the demo forum, imports of past editions). Raises ValidationError for a
    move not in the table. A published report may move back to closed: this is the one write
    a frozen edition takes.
    """
    with transaction.atomic():
        locked = edition_lock(edition)
        if to not in locked.allowed_moves():
            moves = ", ".join(str(Edition.Status(move).label) for move in locked.allowed_moves())
            if to not in Edition.Status.values:
                message = _(
                    "“%(to)s” is not a status. From %(from)s the edition can move to: %(moves)s."
                )
            else:
                message = _(
                    "An edition cannot move from %(from)s to %(to)s. From %(from)s it can move "
                    "to: %(moves)s."
                )
            raise ValidationError(
                message
                % {
                    "from": locked.get_status_display(),
                    "to": Edition.Status(to).label if to in Edition.Status.values else to[:50],
                    "moves": moves,
                }
            )
        previous = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="edition_status_move",
            target=locked,
            edition=locked,
            data={"from": previous, "to": to},
        )
        if previous == Edition.Status.DRAFT and notify:
            from impactdays.forums.tasks import (
                edition_published_notify_task,
            )

            # robust: the move is committed; a mail failure is logged, never turned into an error page.
            transaction.on_commit(
                lambda: edition_published_notify_task.delay(locked.pk), robust=True
            )
    edition.status = to
    return locked


def edition_published_notify(*, edition: Edition) -> int:
    """E-mail everyone with a role in the edition that it is published; return how many were sent."""
    url = f"{settings.SITE_URL}{edition.get_absolute_url()}"
    subject = _("%(title)s is published") % {"title": edition.title}
    messages = [
        (
            subject,
            _("Hello %(name)s,\n\n%(title)s (%(city)s, %(year)s) is now published: %(url)s\n")
            % {
                "name": person.public_name,
                "title": edition.title,
                "city": edition.city,
                "year": edition.year,
                "url": url,
            },
            settings.DEFAULT_FROM_EMAIL,
            [person.email],
        )
        for person in edition_people(edition)
    ]
    return send_mass_mail(messages, fail_silently=False)


def edition_replicate(
    *,
    source: Edition,
    city: str,
    country: str,
    year: int,
    starts_on: dt.date,
    ends_on: dt.date,
    latitude: float,
    longitude: float,
    title: str = "",
    include_partners: bool = False,
    actor: User | None,
) -> Edition:
    """Create a new draft edition of the same series in another city and year.

    Copies the format, the languages, the time zone only if the country stays, the room
    template (the source's rooms as name and capacity; venues are not copied, the new city has
    its own) and, when asked, the partners. Never copies people, roles or content. The actor
    becomes organiser. Raises ValidationError when the series already has an edition in that
    city and year (replicating twice makes no second one).
    """
    with transaction.atomic():
        twin = (
            Edition.objects.select_for_update()
            .filter(series=source.series, year=year, city__iexact=city.strip())
            .first()
        )
        if twin is not None:
            raise ValidationError(
                {
                    "city": _(
                        "%(series)s already has an edition in %(city)s in %(year)s: “%(title)s”."
                    )
                    % {
                        "series": source.series.name,
                        "city": twin.city,
                        "year": year,
                        "title": twin.title,
                    }
                }
            )
        edition = edition_create(
            series=source.series,
            title=title or f"{source.series.name} {city} {year}",
            year=year,
            city=city,
            country=country,
            latitude=latitude,
            longitude=longitude,
            starts_on=starts_on,
            ends_on=ends_on,
            languages=list(source.languages),
            time_zone=source.time_zone if str(source.country) == str(country) else "UTC",
            theme=translations_of(source, "theme"),
            actor=actor,
        )
        edition.format = copy.deepcopy(source.format)
        edition.replicated_from = source
        rooms = Room.objects.filter(venue__edition=source).order_by("name")
        # One entry per room name: two venues of the source may each have a "Library".
        by_name: dict[str, int] = {}
        for room in rooms:
            by_name.setdefault(room.name, room.capacity)
        edition.room_template = [
            {"name": name, "capacity": capacity} for name, capacity in sorted(by_name.items())
        ] or list(source.room_template)
        edition.save(update_fields=["format", "room_template", "replicated_from", "updated_at"])
        if include_partners:
            EditionPartner.objects.bulk_create(
                EditionPartner(edition=edition, organisation_id=p.organisation_id, role=p.role)
                for p in source.partners.all()
            )
        audit_record(
            actor=actor,
            action="edition_replicate",
            target=edition,
            edition=edition,
            data={"source": source.pk},
        )
    return edition


def venue_create(
    *,
    edition: Edition,
    name: str | Translations,
    address: str | Translations,
    latitude: float,
    longitude: float,
    description: str | Translations = "",
    apply_room_template: bool = False,
    actor: User | None,
) -> Venue:
    """Add a venue to an edition; with apply_room_template, create the edition's template rooms in it.

    name, address and description are one text in the active language or a text per language.
    Raises ValidationError when the edition is frozen, a field is invalid or the edition has a
    venue of that name (in any language).
    """
    with transaction.atomic():
        locked = edition_lock_for_write(edition)
        template_names = [room["name"] for room in locked.room_template]
        if apply_room_template and len(set(template_names)) != len(template_names):
            raise ValidationError(
                _("The room template names a room twice; correct it before using it.")
            )
        venue = Venue(edition=locked, latitude=latitude, longitude=longitude)
        translations_apply(venue, {"name": name, "address": address, "description": description})
        full_clean_translated(venue)
        venue.save()
        if apply_room_template:
            Room.objects.bulk_create(
                Room(venue=venue, name=room["name"], capacity=room["capacity"])
                for room in locked.room_template
            )
        audit_record(actor=actor, action="venue_create", target=venue, edition=locked)
    return venue


def venue_delete(*, venue: Venue, actor: User | None) -> None:
    """Remove a venue and its rooms. Raises ValidationError when the edition is frozen."""
    with transaction.atomic():
        locked = edition_lock_for_write(venue.edition)
        audit_record(
            actor=actor,
            action="venue_delete",
            target=venue,
            edition=locked,
            data={"name": venue.name},
        )
        venue.delete()


def room_create(
    *, venue: Venue, name: str | Translations, capacity: int, actor: User | None
) -> Room:
    """Add a room with its capacity to a venue; name is one text or a text per language.

    Raises ValidationError when the edition is frozen, the capacity is out of range or the
    venue has a room of that name (in any language).
    """
    with transaction.atomic():
        locked = edition_lock_for_write(venue.edition)
        room = Room(venue=venue, capacity=capacity)
        translations_apply(room, {"name": name})
        full_clean_translated(room)
        room.save()
        audit_record(actor=actor, action="room_create", target=room, edition=locked)
    return room


def room_delete(*, room: Room, actor: User | None) -> None:
    """Remove a room. Raises ValidationError when the edition is frozen."""
    with transaction.atomic():
        locked = edition_lock_for_write(room.venue.edition)
        audit_record(
            actor=actor, action="room_delete", target=room, edition=locked, data={"name": room.name}
        )
        room.delete()


def edition_partner_add(
    *, edition: Edition, organisation: Organisation, role: str, actor: User | None
) -> EditionPartner:
    """Name an organisation as a partner of the edition in a role.

    Raises ValidationError when the edition is frozen or the organisation has that role already.
    """
    with transaction.atomic():
        locked = edition_lock_for_write(edition)
        partner = EditionPartner(edition=locked, organisation=organisation, role=role)
        partner.full_clean()
        partner.save()
        audit_record(actor=actor, action="edition_partner_add", target=partner, edition=locked)
    return partner


def edition_partner_remove(*, partner: EditionPartner, actor: User | None) -> None:
    """Remove a partner organisation's role. Raises ValidationError when the edition is frozen."""
    with transaction.atomic():
        locked = edition_lock_for_write(partner.edition)
        audit_record(
            actor=actor,
            action="edition_partner_remove",
            target=partner,
            edition=locked,
            data={"organisation": partner.organisation_id},
        )
        partner.delete()


def edition_role_grant(
    *, edition: Edition, user: User, role: str, actor: User | None
) -> EditionRole:
    """Give a person a role in the edition.

    Raises ValidationError when the edition is frozen or the person has that role already.
    """
    with transaction.atomic():
        locked = edition_lock_for_write(edition)
        grant = EditionRole(edition=locked, user=user, role=role)
        grant.full_clean()
        grant.save()
        audit_record(
            actor=actor,
            action="edition_role_grant",
            target=grant,
            edition=locked,
            data={"user": user.pk, "role": role},
        )
    roles_forget()
    return grant


def edition_role_revoke(*, grant: EditionRole, actor: User | None) -> None:
    """Take a role away. Raises ValidationError when the edition is frozen or for its last organiser."""
    with transaction.atomic():
        locked = edition_lock_for_write(grant.edition)
        if (
            grant.role == EditionRole.Role.ORGANISER
            and not EditionRole.objects.filter(edition=locked, role=EditionRole.Role.ORGANISER)
            .exclude(pk=grant.pk)
            .exists()
        ):
            raise ValidationError(_("An edition needs at least one organiser."))
        audit_record(
            actor=actor,
            action="edition_role_revoke",
            target=grant,
            edition=locked,
            data={"user": grant.user_id, "role": grant.role},
        )
        grant.delete()
    roles_forget()


# Invitations to a role by e-mail.


def _invitation_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hashlib.sha256(token.encode()).hexdigest()


def _invitation_mail(invitation: EditionInvitation, token: str) -> None:
    url = f"{settings.SITE_URL}{reverse('forums:invitation-accept', kwargs={'token': token})}"
    send_mail(
        _("You are invited to %(title)s") % {"title": invitation.edition.title},
        _(
            "Hello,\n\n%(inviter)s invites you to take part in %(title)s (%(city)s, %(year)s) "
            "as %(role)s on %(site)s.\n\nAccept the invitation here (sign up first if you have "
            "no account yet): %(url)s\n\nThe link works once and expires on %(expires)s.\n"
        )
        % {
            "inviter": invitation.invited_by.public_name
            if invitation.invited_by
            else settings.SITE_NAME,
            "title": invitation.edition.title,
            "city": invitation.edition.city,
            "year": invitation.edition.year,
            "role": invitation.get_role_display(),
            "site": settings.SITE_NAME,
            "url": url,
            "expires": invitation.expires_at.date().isoformat(),
        },
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def invitation_create(
    *, edition: Edition, email: str, role: str, actor: User | None
) -> EditionInvitation:
    """Invite an e-mail address to a role; the mail with the link goes out after commit.

    Whether the address has an account plays no part: the reply is the same either way.
    Raises ValidationError when the edition is frozen, the role unknown, or the same
    invitation is already pending (resend that one instead).
    """
    if role not in EditionRole.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    email = email.strip().lower()
    with transaction.atomic():
        locked = edition_lock_for_write(edition)
        if EditionInvitation.objects.filter(
            edition=locked,
            email=email,
            role=role,
            accepted_at=None,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        ).exists():
            raise ValidationError(
                {
                    "email": _(
                        "This address already has a pending invitation to that role; resend it."
                    )
                }
            )
        token, digest = _invitation_token()
        now = timezone.now()
        invitation = EditionInvitation(
            edition=locked,
            email=email,
            role=role,
            token_digest=digest,
            invited_by=actor if actor is not None and actor.pk else None,
            sent_at=now,
            expires_at=now + EditionInvitation.VALID_FOR,
        )
        invitation.full_clean()
        invitation.save()
        audit_record(
            actor=actor,
            action="invitation_create",
            target=invitation,
            edition=locked,
            data={"role": role},
        )
        transaction.on_commit(lambda: _invitation_mail(invitation, token), robust=True)
    return invitation


def invitation_resend(*, invitation: EditionInvitation, actor: User | None) -> EditionInvitation:
    """Send a pending invitation again with a new link; the old link stops working.

    Raises ValidationError when the invitation was accepted or revoked, or the edition is frozen.
    """
    with transaction.atomic():
        locked_edition = edition_lock_for_write(invitation.edition)
        locked = EditionInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            raise ValidationError(_("This invitation was already accepted or revoked."))
        token, locked.token_digest = _invitation_token()
        locked.sent_at = timezone.now()
        locked.expires_at = locked.sent_at + EditionInvitation.VALID_FOR
        locked.save(update_fields=["token_digest", "sent_at", "expires_at"])
        audit_record(actor=actor, action="invitation_resend", target=locked, edition=locked_edition)
        transaction.on_commit(lambda: _invitation_mail(locked, token), robust=True)
    return locked


def invitation_revoke(*, invitation: EditionInvitation, actor: User | None) -> None:
    """Withdraw a pending invitation: its link stops working. Raises ValidationError if it is not pending."""
    with transaction.atomic():
        locked_edition = edition_lock_for_write(invitation.edition)
        locked = EditionInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            raise ValidationError(_("This invitation was already accepted or revoked."))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="invitation_revoke", target=locked, edition=locked_edition)


INVITATION_INVALID = gettext_lazy(
    "This invitation link is no longer valid: it was used, withdrawn, replaced by a newer one or "
    "has expired. Ask the organisers for a new one."
)


def invitation_find(*, token: str) -> EditionInvitation | None:
    """The pending, unexpired invitation with this link's token, or None."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    return (
        EditionInvitation.objects.select_related("edition__series")
        .filter(
            token_digest=digest, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
        )
        .first()
    )


def invitation_accept(*, token: str, user: User) -> EditionRole:
    """Give the person who opened the link the invited role; the link works once.

    Raises ValidationError when the link is unknown, used, revoked, replaced or expired, or the
    edition is frozen. Accepting a role the person already holds uses up the link all the same.
    """
    with transaction.atomic():
        invitation = invitation_find(token=token)
        if invitation is None:
            raise ValidationError(INVITATION_INVALID)
        locked_edition = edition_lock_for_write(invitation.edition)
        locked = EditionInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            raise ValidationError(INVITATION_INVALID)
        grant, _created = EditionRole.objects.get_or_create(
            edition=locked_edition, user=user, role=locked.role
        )
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        audit_record(
            actor=user,
            action="invitation_accept",
            target=locked,
            edition=locked_edition,
            data={"role": locked.role},
        )
    roles_forget()
    return grant
