"""Every write on forums data. Views and the API check permissions first; these enforce state rules."""

import copy
import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from impactdays.common.services import audit_record
from impactdays.forums.formats import default_format, format_validate
from impactdays.forums.models import (
    Edition,
    EditionPartner,
    EditionRole,
    ForumSeries,
    Organisation,
    Room,
    Venue,
)
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


def _unique_slug(base: str, taken: set[str]) -> str:
    root = slugify(base)[:70] or "edition"
    slug, counter = root, 2
    while slug in taken:
        slug, counter = f"{root}-{counter}", counter + 1
    return slug


def organisation_create(
    *,
    name: str,
    kind: str,
    country: str,
    city: str,
    website: str = "",
    description: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    actor: User | None,
) -> Organisation:
    """Create an organisation with a unique slug. Raises ValidationError on bad fields."""
    taken = set(Organisation.objects.values_list("slug", flat=True))
    organisation = Organisation(
        name=name,
        slug=_unique_slug(name, taken),
        kind=kind,
        country=country,
        city=city,
        website=website,
        description=description,
        latitude=latitude,
        longitude=longitude,
    )
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        audit_record(actor=actor, action="organisation_create", target=organisation)
    return organisation


def series_create(
    *,
    name: str,
    description: str = "",
    founded_year: int | None = None,
    format: dict[str, Any] | None = None,
    actor: User | None,
) -> ForumSeries:
    """Create a forum series; without a format it gets the default one."""
    taken = set(ForumSeries.objects.values_list("slug", flat=True))
    series = ForumSeries(
        name=name,
        slug=_unique_slug(name, taken),
        description=description,
        founded_year=founded_year,
        format=format_validate(copy.deepcopy(format) if format is not None else default_format()),
    )
    series.full_clean()
    with transaction.atomic():
        series.save()
        audit_record(actor=actor, action="series_create", target=series)
    return series


def edition_create(
    *,
    series: ForumSeries,
    title: str,
    year: int,
    city: str,
    country: str,
    latitude: float,
    longitude: float,
    starts_on: dt.date,
    ends_on: dt.date,
    languages: list[str],
    time_zone: str = "UTC",
    theme: str = "",
    description: str = "",
    is_illustrative: bool = False,
    actor: User | None,
) -> Edition:
    """Create a draft edition of a series, starting from the series' format.

    The actor, if given, becomes the edition's first organiser.
    Raises ValidationError (nothing written) when a field is invalid.
    """
    taken = set(series.editions.values_list("slug", flat=True))
    edition = Edition(
        series=series,
        title=title,
        slug=_unique_slug(f"{city} {year}", taken),
        year=year,
        city=city,
        country=country,
        latitude=latitude,
        longitude=longitude,
        starts_on=starts_on,
        ends_on=ends_on,
        languages=languages,
        time_zone=time_zone,
        theme=theme,
        description=description,
        is_illustrative=is_illustrative,
        format=copy.deepcopy(series.format),
    )
    _edition_validate(edition)
    with transaction.atomic():
        edition.save()
        if actor is not None and actor.pk:
            EditionRole.objects.create(edition=edition, user=actor, role=EditionRole.Role.ORGANISER)
        audit_record(actor=actor, action="edition_create", target=edition)
    return edition


def _edition_validate(edition: Edition) -> None:
    errors: dict[str, list[str]] = {}
    try:
        edition.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors = error.message_dict
    if edition.starts_on and edition.ends_on and edition.ends_on < edition.starts_on:
        errors.setdefault("ends_on", []).append(_("The edition cannot end before it starts."))
    if edition.starts_on and edition.year and edition.starts_on.year != edition.year:
        errors.setdefault("year", []).append(_("The year must be the year the edition starts."))
    if errors:
        raise ValidationError(errors)


def edition_update(*, edition: Edition, actor: User | None, **changes: Any) -> Edition:
    """Change an edition's details. Only EDITABLE_EDITION_FIELDS may change.

    Raises ValidationError when the edition's report is published (the record is frozen),
    when a field is unknown, or when a value is invalid; nothing is written then.
    """
    unknown = set(changes).difference(EDITABLE_EDITION_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        # Lock the row and save only the changed fields, so that a status move made meanwhile
        # is neither overwritten nor slipped past (a report published meanwhile freezes it).
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        _edition_check_editable(locked)
        before = {name: getattr(locked, name) for name in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        _edition_validate(locked)
        locked.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor,
            action="edition_update",
            target=locked,
            data={name: str(value) for name, value in before.items() if value != changes[name]},
        )
    for name, value in changes.items():
        setattr(edition, name, value)
    return locked


def edition_status_move(
    *, edition: Edition, to: str, actor: User | None, notify: bool = True
) -> Edition:
    """Move an edition to another status along Edition.TRANSITIONS.

    Effects: the status changes and an audit entry is written; leaving draft (publishing)
    e-mails everyone with a role in the edition, after the transaction commits, unless
    notify is False (the demo forum, imports of past editions). Raises ValidationError for a move not in the table.
    """
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if to not in locked.allowed_moves():
            raise ValidationError(
                _("An edition cannot move from %(from)s to %(to)s.")
                % {
                    "from": locked.get_status_display(),
                    "to": Edition.Status(to).label if to in Edition.Status.values else to,
                }
            )
        previous = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="edition_status_move",
            target=locked,
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
    its own) and, when asked, the partners. Never copies people, roles or content. The actor becomes organiser.
    """
    with transaction.atomic():
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
            theme=source.theme,
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
            actor=actor, action="edition_replicate", target=edition, data={"source": source.pk}
        )
    return edition


def venue_create(
    *,
    edition: Edition,
    name: str,
    address: str,
    latitude: float,
    longitude: float,
    description: str = "",
    apply_room_template: bool = False,
    actor: User | None,
) -> Venue:
    """Add a venue to an edition; with apply_room_template, create the edition's template rooms in it."""
    _edition_check_editable(edition)
    template_names = [room["name"] for room in edition.room_template]
    if apply_room_template and len(set(template_names)) != len(template_names):
        raise ValidationError(
            _("The room template names a room twice; correct it before using it.")
        )
    venue = Venue(
        edition=edition,
        name=name,
        address=address,
        latitude=latitude,
        longitude=longitude,
        description=description,
    )
    venue.full_clean()
    with transaction.atomic():
        venue.save()
        if apply_room_template:
            Room.objects.bulk_create(
                Room(venue=venue, name=room["name"], capacity=room["capacity"])
                for room in edition.room_template
            )
        audit_record(actor=actor, action="venue_create", target=venue)
    return venue


def venue_delete(*, venue: Venue, actor: User | None) -> None:
    """Remove a venue and its rooms."""
    _edition_check_editable(venue.edition)
    with transaction.atomic():
        audit_record(actor=actor, action="venue_delete", target=venue, data={"name": venue.name})
        venue.delete()


def room_create(*, venue: Venue, name: str, capacity: int, actor: User | None) -> Room:
    """Add a room with its capacity to a venue."""
    _edition_check_editable(venue.edition)
    room = Room(venue=venue, name=name, capacity=capacity)
    room.full_clean()
    with transaction.atomic():
        room.save()
        audit_record(actor=actor, action="room_create", target=room)
    return room


def room_delete(*, room: Room, actor: User | None) -> None:
    _edition_check_editable(room.venue.edition)
    with transaction.atomic():
        audit_record(actor=actor, action="room_delete", target=room, data={"name": room.name})
        room.delete()


def edition_partner_add(
    *, edition: Edition, organisation: Organisation, role: str, actor: User | None
) -> EditionPartner:
    """Name an organisation as a partner of the edition in a role."""
    _edition_check_editable(edition)
    partner = EditionPartner(edition=edition, organisation=organisation, role=role)
    partner.full_clean()
    with transaction.atomic():
        partner.save()
        audit_record(actor=actor, action="edition_partner_add", target=partner)
    return partner


def edition_partner_remove(*, partner: EditionPartner, actor: User | None) -> None:
    _edition_check_editable(partner.edition)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="edition_partner_remove",
            target=partner,
            data={"organisation": partner.organisation_id},
        )
        partner.delete()


def edition_role_grant(
    *, edition: Edition, user: User, role: str, actor: User | None
) -> EditionRole:
    """Give a person a role in the edition."""
    _edition_check_editable(edition)
    grant = EditionRole(edition=edition, user=user, role=role)
    grant.full_clean()
    with transaction.atomic():
        grant.save()
        audit_record(
            actor=actor,
            action="edition_role_grant",
            target=grant,
            data={"user": user.pk, "role": role},
        )
    return grant


def edition_role_revoke(*, grant: EditionRole, actor: User | None) -> None:
    """Take a role away. The last organiser of an edition cannot be removed."""
    _edition_check_editable(grant.edition)
    with transaction.atomic():
        if (
            grant.role == EditionRole.Role.ORGANISER
            and not EditionRole.objects.select_for_update()
            .filter(edition=grant.edition, role=EditionRole.Role.ORGANISER)
            .exclude(pk=grant.pk)
            .exists()
        ):
            raise ValidationError(_("An edition needs at least one organiser."))
        audit_record(
            actor=actor,
            action="edition_role_revoke",
            target=grant,
            data={"user": grant.user_id, "role": grant.role},
        )
        grant.delete()


def _edition_check_editable(edition: Edition) -> None:
    if edition.status == Edition.Status.REPORT_PUBLISHED:
        raise ValidationError(
            _("The report of this edition is published; move it back to closed to edit it.")
        )
