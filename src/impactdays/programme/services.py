"""Every write of the programme: speakers, sessions, publishing, stars and agenda links.

Preference rounds and workshop assignment live in `rounds.py`.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from impactdays.common.images import image_without_metadata
from impactdays.common.services import audit_record
from impactdays.common.translated import (
    Translations,
    full_clean_translated,
    translations_apply,
)
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition, Room
from impactdays.forums.services import edition_lock_for_write
from impactdays.people.models import User
from impactdays.programme.models import AgendaLink, ScheduleVersion, Session, Speaker, Star
from impactdays.programme.snapshot import schedule_changes, schedule_snapshot

SPEAKER_PHOTO_MAX_SIDE = 800
MATERIALS_MAX = 20
TAGS_MAX = 20


def _raise_clean(instance: Session | Speaker) -> None:
    full_clean_translated(instance, validate_unique=False, validate_constraints=False)


# Speakers.


def speaker_create(
    *,
    edition: Edition,
    actor: User,
    name: str,
    user: User | None = None,
    organisation: str = "",
    bio: "str | Translations" = "",
    photo: File[bytes] | None = None,
) -> Speaker:
    """Add a speaker: an account of the site or a guest; the photo loses its metadata.

    Raises ValidationError, and saves nothing, for a missing name, an account already speaking
    in the edition or an unreadable image.
    """
    speaker = Speaker(edition=edition, user=user, name=name.strip(), organisation=organisation)
    translations_apply(speaker, {"bio": bio})
    _raise_clean(speaker)
    if user is not None and Speaker.objects.filter(edition=edition, user=user).exists():
        raise ValidationError({"user": _("This account is already a speaker of this edition.")})
    clean_photo = image_without_metadata(photo, max_side=SPEAKER_PHOTO_MAX_SIDE) if photo else None
    with transaction.atomic():
        edition_lock_for_write(edition)
        speaker.save()
        if clean_photo is not None:
            speaker.photo.save(clean_photo.name or "photo", clean_photo, save=True)
        audit_record(actor=actor, action="speaker_create", target=speaker, edition=edition)
    return speaker


# Sessions.


class SessionFields(TypedDict, total=False):
    kind: str
    title: "str | Translations"
    description: "str | Translations"
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: Room | None
    place: str
    latitude: float | None
    longitude: float | None
    capacity: int | None
    languages: list[str]
    track: str
    tags: list[str]
    materials: list[dict[str, str]]
    speakers: Sequence[Speaker]


_TRANSLATED = ("title", "description")


def session_kinds_of(edition: Edition) -> list[str]:
    """The kinds the edition's format offers, and breaks, which every programme has."""
    kinds = list(edition.format.get("programme", {}).get("session_kinds", Session.Kind.values))
    return [*kinds, Session.Kind.BREAK] if Session.Kind.BREAK not in kinds else kinds


def materials_clean(materials: Any) -> list[dict[str, str]]:  # Any: input from a form or the API
    """[{"title", "url"}] with http(s) addresses; ValidationError naming the faulty entry."""
    if not isinstance(materials, list) or len(materials) > MATERIALS_MAX:
        raise ValidationError(
            _("Give at most %(count)s links to materials.") % {"count": MATERIALS_MAX}
        )
    check = URLValidator(schemes=["http", "https"])
    cleaned = []
    for entry in materials:
        if not isinstance(entry, Mapping) or set(entry) - {"title", "url"}:
            raise ValidationError(_("Each material is a title and an address."))
        url = str(entry.get("url", "")).strip()
        try:
            check(url)
        except ValidationError:
            raise ValidationError(
                _("%(url)s is not a web address (http or https).") % {"url": url or "—"}
            ) from None
        cleaned.append({"title": str(entry.get("title") or url).strip()[:200], "url": url})
    return cleaned


def _tags_clean(tags: Any) -> list[str]:  # Any: input from a form or the API
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ValidationError(_("Tags are a list of words."))
    cleaned = list(dict.fromkeys(tag.strip().lower() for tag in tags if tag.strip()))
    if len(cleaned) > TAGS_MAX or any(len(tag) > 50 for tag in cleaned):
        raise ValidationError(
            _("Give at most %(count)s tags of at most 50 characters.") % {"count": TAGS_MAX}
        )
    return cleaned


def _session_check(
    session: Session, speakers: Sequence[Speaker] | None, *, allow_room_clash: bool
) -> None:
    """Every rule a session's fields must meet; ValidationError with a message per field."""
    errors: dict[str, list[str]] = {}
    edition = session.edition
    if session.kind not in session_kinds_of(edition):
        errors.setdefault("kind", []).append(
            _("This edition's format has no sessions of this kind.")
        )
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        errors.setdefault("ends_at", []).append(_("A session must end after it starts."))
    if session.capacity is not None and session.capacity < 0:
        errors.setdefault("capacity", []).append(_("The capacity cannot be below zero."))
    if session.room is not None and session.room.venue.edition_id != edition.pk:
        errors.setdefault("room", []).append(_("This room is not one of this edition's."))
    if session.room is not None and session.place:
        errors.setdefault("place", []).append(
            _("A session takes place in a room or at an outdoor place, not both.")
        )
    if (session.latitude is None) != (session.longitude is None):
        errors.setdefault("latitude", []).append(_("Give both latitude and longitude, or neither."))
    if speakers is not None and any(s.edition_id != edition.pk for s in speakers):
        errors.setdefault("speakers", []).append(_("A speaker is not one of this edition's."))
    if errors:
        raise ValidationError(errors)
    _raise_clean(session)
    if session.room is not None and not allow_room_clash:
        clash = (
            Session.objects.filter(
                room=session.room, starts_at__lt=session.ends_at, ends_at__gt=session.starts_at
            )
            .exclude(pk=session.pk)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "room": _(
                        "%(room)s is already booked then for “%(title)s”; choose another room "
                        "or time, or confirm the clash."
                    )
                    % {"room": session.room.name, "title": clash.title}
                }
            )


def session_create(
    *,
    edition: Edition,
    actor: User,
    allow_room_clash: bool = False,
    **fields: Unpack[SessionFields],
) -> Session:
    """Add a session to the edition's working programme (not public until published).

    Raises ValidationError, and saves nothing, for reversed times, a capacity below zero, a
    room of another edition, a kind the format lacks, bad material links or tags, or a room
    already booked at that time (unless `allow_room_clash`).
    """
    speakers = fields.pop("speakers", None)
    session = Session(edition=edition)
    _session_assign(session, dict(fields))
    _session_check(session, speakers, allow_room_clash=allow_room_clash)
    with transaction.atomic():
        edition_lock_for_write(edition)
        session.save()
        if speakers:
            session.speakers.set(speakers)
        audit_record(actor=actor, action="session_create", target=session, edition=edition)
    return session


def _session_assign(session: Session, fields: dict[str, Any]) -> None:  # Any: SessionFields
    translations_apply(session, {name: fields.pop(name) for name in _TRANSLATED if name in fields})
    if "materials" in fields:
        fields["materials"] = materials_clean(fields["materials"])
    if "tags" in fields:
        fields["tags"] = _tags_clean(fields["tags"])
    for name, value in fields.items():
        setattr(session, name, value)


def session_update(
    *,
    session: Session,
    actor: User,
    allow_room_clash: bool = False,
    **fields: Unpack[SessionFields],
) -> Session:
    """Change the fields given (moving a session is changing its times or room).

    The same checks as session_create; nothing is saved when one fails.
    """
    speakers = fields.pop("speakers", None)
    original = Session.objects.get(pk=session.pk)
    _session_assign(session, dict(fields))
    try:
        _session_check(session, speakers, allow_room_clash=allow_room_clash)
    except ValidationError:
        session.refresh_from_db()
        raise
    with transaction.atomic():
        edition_lock_for_write(session.edition)
        session.save()
        if speakers is not None:
            session.speakers.set(speakers)
        audit_record(
            actor=actor,
            action="session_update",
            target=session,
            edition=session.edition,
            data={"fields": sorted(fields), "moved": original.starts_at != session.starts_at},
        )
    return session


def session_delete(*, session: Session, actor: User) -> None:
    """Remove a session from the working programme; the published version keeps it until the next."""
    with transaction.atomic():
        edition_lock_for_write(session.edition)
        audit_record(actor=actor, action="session_delete", target=session, edition=session.edition)
        session.delete()


# Publishing.


def schedule_publish(*, edition: Edition, actor: User, changelog: str = "") -> ScheduleVersion:
    """Publish the working programme as the next version, with what changed since the last.

    Participants whose agenda holds a changed or removed session are told by a task, once the
    version is committed. Raises ValidationError when nothing changed since the last version.
    """
    # Imported here: tasks import this module.
    from impactdays.programme.tasks import schedule_notify_task

    with transaction.atomic():
        edition_lock_for_write(edition)
        previous = ScheduleVersion.objects.filter(edition=edition).first()
        data = schedule_snapshot(edition)
        changes = schedule_changes(previous.data if previous else None, data)
        if previous is not None and not any(changes.values()):
            raise ValidationError(
                _("Nothing has changed since version %(n)s.") % {"n": previous.number}
            )
        number = (
            ScheduleVersion.objects.filter(edition=edition).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        version = ScheduleVersion.objects.create(
            edition=edition,
            number=number,
            data=data,
            changes=changes,
            changelog=changelog.strip(),
            published_by=actor,
        )
        audit_record(
            actor=actor,
            action="schedule_publish",
            target=version,
            edition=edition,
            data={"number": number, **changes},
        )
        if previous is not None:
            transaction.on_commit(lambda: schedule_notify_task.delay(version.pk))
    return version


# Personal agenda.


def star_set(*, session: Session, user: User, is_starred: bool) -> bool:
    """Put the session in the person's agenda or take it out; return whether it is in."""
    if is_starred:
        Star.objects.get_or_create(session=session, user=user)
    else:
        Star.objects.filter(session=session, user=user).delete()
    return is_starred


def agenda_link_create(*, edition: Edition, user: User) -> AgendaLink:
    """A new secret feed address for the person's agenda; earlier ones stop working."""
    with transaction.atomic():
        agenda_link_revoke(edition=edition, user=user)
        return AgendaLink.objects.create(edition=edition, user=user)


def agenda_link_revoke(*, edition: Edition, user: User) -> int:
    """End every feed address of the person's agenda in the edition; return how many ended."""
    return AgendaLink.objects.filter(edition=edition, user=user, revoked_at=None).update(
        revoked_at=timezone.now()
    )


def speakers_by_pk(edition: Edition, ids: Iterable[int]) -> list[Speaker]:
    """The edition's speakers with these ids; ValidationError if one is not the edition's."""
    ids = list(ids)
    found = list(Speaker.objects.filter(edition=edition, pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"speakers": _("A speaker is not one of this edition's.")})
    return found


def schedule_notify(*, version: ScheduleVersion) -> int:
    """E-mail each person whose agenda holds a session this version moved, changed or removed.

    An agenda is the sessions a person starred and the workshops they were assigned. Returns
    how many people were told.
    """
    changes = version.changes
    touched = [*changes.get("moved", []), *changes.get("changed", []), *changes.get("removed", [])]
    if not touched:
        return 0
    people = (
        User.objects.filter(
            Q(session_stars__session__in=touched)
            | Q(
                workshop_assignments__session__in=touched,
                workshop_assignments__round__status="assigned",
            )
        )
        .distinct()
        .order_by("pk")
    )
    edition = version.edition
    url = f"{settings.SITE_URL.rstrip('/')}{edition_url('programme:agenda', edition)}"
    sent = 0
    for person in people:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("The programme of %(title)s has changed") % {"title": edition.title}
            body = _(
                "Hello %(name)s,\n\nversion %(number)s of the programme of %(title)s changes "
                "sessions in your agenda.\n\n%(changelog)s\n\nYour agenda: %(url)s\n"
            ) % {
                "name": person.public_name,
                "number": version.number,
                "title": edition.title,
                "changelog": version.changelog,
                "url": url,
            }
        sent += send_mail(subject, body, None, [person.email])
    return sent
