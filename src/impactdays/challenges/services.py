"""Every write of the challenges app: challenges and their status, places, observations, photos,
reports and moderation."""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impactdays.challenges.formats import observation_tags
from impactdays.challenges.geometry import geometry_validate
from impactdays.challenges.models import Challenge, Observation, Photo, Place, Report
from impactdays.challenges.photos import photo_clean
from impactdays.common.services import audit_record
from impactdays.common.translated import Translations, full_clean_translated, translations_apply
from impactdays.forums.models import Edition, Organisation
from impactdays.people.models import User
from impactdays.programme.models import Session

ModeratedItem = Challenge | Observation | Photo


# Challenges


def challenge_create(
    *,
    edition: Edition,
    actor: User | None,
    title: str | Translations,
    description: str | Translations = "",
    owner: Organisation | None = None,
    geometry: dict[str, Any] | None = None,
    status: str = Challenge.Status.PROPOSED,
) -> Challenge:
    """Pose a challenge ("How might we …?") in an edition, proposed unless an organiser accepts it.

    Raises ValidationError for an empty title or an invalid geometry (positions off the globe,
    open or self-crossing rings).
    """
    challenge = Challenge(
        edition=edition, owner=owner, geometry=geometry or {}, status=status, proposed_by=actor
    )
    translations_apply(challenge, {"title": title, "description": description})
    full_clean_translated(challenge)
    with transaction.atomic():
        challenge.save()
        audit_record(
            actor=actor,
            action="challenge_create",
            target=challenge,
            edition=edition,
            data={"status": status},
        )
    return challenge


def challenge_status_move(*, challenge: Challenge, to: str, actor: User | None) -> Challenge:
    """Move a challenge along Challenge.MOVES (proposed → accepted → in work → addressed).

    Effects: the status changes and an audit entry is written. Raises ValidationError for a move
    that is not in the table.
    """
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if to not in locked.allowed_moves():
            moves = ", ".join(str(Challenge.Status(move).label) for move in locked.allowed_moves())
            raise ValidationError(
                _("A challenge cannot move from %(from)s to %(to)s. It can move to: %(moves)s.")
                % {
                    "from": locked.get_status_display(),
                    "to": Challenge.Status(to).label if to in Challenge.Status.values else to[:50],
                    "moves": moves,
                },
                code="invalid_move",
            )
        previous = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="challenge_status_move",
            target=locked,
            edition=locked.edition,
            data={"from": previous, "to": to},
        )
    challenge.status = to
    return challenge


def challenge_accept(*, challenge: Challenge, actor: User | None) -> Challenge:
    """Accept a proposed challenge: it becomes public. Raises ValidationError unless proposed."""
    return challenge_status_move(challenge=challenge, to=Challenge.Status.ACCEPTED, actor=actor)


def challenge_reject(*, challenge: Challenge, actor: User | None) -> Challenge:
    """Reject a proposed challenge: it stays visible to organisers and its proposer only."""
    return challenge_status_move(challenge=challenge, to=Challenge.Status.REJECTED, actor=actor)


# Places


def place_create(
    *,
    edition: Edition,
    actor: User | None,
    name: str | Translations,
    geometry: dict[str, Any],
    description: str | Translations = "",
    challenges: list[Challenge] | None = None,
) -> Place:
    """Add a public space of the host city. Raises ValidationError for an invalid geometry or
    a challenge of another edition."""
    geometry_validate(geometry)
    if any(challenge.edition_id != edition.pk for challenge in challenges or []):
        raise ValidationError({"challenges": [_("Link challenges of this edition only.")]})
    place = Place(edition=edition, geometry=geometry)
    translations_apply(place, {"name": name, "description": description})
    full_clean_translated(place)
    with transaction.atomic():
        place.save()
        place.challenges.set(challenges or [])
        audit_record(actor=actor, action="place_create", target=place, edition=edition)
    return place


# Observations


def _observation_clean(observation: Observation) -> None:
    errors: dict[str, list[str]] = {}
    if not observation.text.strip():
        errors["text"] = [_("Write what you observed.")]
    allowed = observation_tags(observation.edition.format)
    unknown = [tag for tag in observation.tags if tag not in allowed]
    if not isinstance(observation.tags, list) or unknown:
        errors["tags"] = [
            _("Unknown tags: %(tags)s. Use: %(allowed)s.")
            % {"tags": ", ".join(map(str, unknown)), "allowed": ", ".join(allowed)}
        ]
    has_point = observation.latitude is not None and observation.longitude is not None
    if (observation.latitude is None) != (observation.longitude is None):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    elif has_point == (observation.location_source == Observation.LocationSource.NONE):
        errors["location_source"] = [
            _("Say where the point comes from (the phone or the map), and only with a point.")
        ]
    for field in ("place", "challenge"):
        linked = getattr(observation, field)
        if linked is not None and linked.edition_id != observation.edition_id:
            errors[field] = [_("Link to a place or challenge of this edition only.")]
    session_error = _session_error(observation.session, observation.edition_id)
    if session_error:
        errors["session"] = [session_error]
    if errors:
        raise ValidationError(errors)
    observation.full_clean(exclude=["place", "challenge", "session", "author", "edition", "key"])


def _session_error(session: Session | None, edition_id: int) -> str:
    """Why an observation or photo of the edition cannot name this session ("" when it can)."""
    if session is None:
        return ""
    if session.edition_id != edition_id:
        return _("Link to a site visit of this edition's programme only.")
    if session.kind != Session.Kind.SITE_VISIT:
        return _("Link to a site visit only, not to a session of another kind.")
    return ""


def observation_record(
    *,
    edition: Edition,
    author: User,
    key: uuid.UUID,
    text: str,
    tags: list[str] | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    location_source: str = Observation.LocationSource.NONE,
    place: Place | None = None,
    challenge: Challenge | None = None,
    session: Session | None = None,
    recorded_at: dt.datetime | None = None,
) -> tuple[Observation, bool]:
    """Store an observation once per author and `key`, the phone's idempotency key.

    A replay (the phone lost the answer and sends again) returns the stored original and False,
    whatever it carries; the database's unique constraint settles two replays that race.
    Raises ValidationError for empty text, tags the edition's format does not list, a half
    point, a place or challenge of another edition, or a session that is not a site visit of
    the edition's programme.
    """
    existing = Observation.objects.filter(author=author, key=key).first()
    if existing is not None:
        return existing, False
    observation = Observation(
        edition=edition,
        author=author,
        key=key,
        text=text,
        tags=list(tags or []),
        latitude=latitude,
        longitude=longitude,
        location_source=location_source,
        place=place,
        challenge=challenge,
        session=session,
        recorded_at=recorded_at or timezone.now(),
    )
    _observation_clean(observation)
    try:
        with transaction.atomic():
            observation.save()
            audit_record(
                actor=author, action="observation_record", target=observation, edition=edition
            )
    except IntegrityError:
        return Observation.objects.get(author=author, key=key), False
    return observation, True


_OBSERVATION_FIELDS = (
    "text",
    "tags",
    "latitude",
    "longitude",
    "location_source",
    "place",
    "challenge",
    "session",
)


def observation_update(*, observation: Observation, actor: User, **changes: Any) -> Observation:
    """Change an observation's text, tags, point or links (the fields named in changes).

    Raises ValidationError as observation_record does, or for a field that cannot change.
    """
    unknown = set(changes).difference(_OBSERVATION_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot change: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for field, value in changes.items():
        setattr(observation, field, value)
    _observation_clean(observation)
    with transaction.atomic():
        observation.save()
        audit_record(
            actor=actor,
            action="observation_update",
            target=observation,
            edition=observation.edition,
            data={"fields": sorted(changes)},
        )
    return observation


# Photos


def photo_add(
    *,
    edition: Edition,
    actor: User | None,
    upload: File[bytes],
    key: uuid.UUID | None = None,
    observation: Observation | None = None,
    place: Place | None = None,
    challenge: Challenge | None = None,
    session: Session | None = None,
    caption: str = "",
    credit: str = "",
    shows_people: bool = False,
    has_consent: bool = False,
    is_in_gallery: bool = False,
) -> tuple[Photo, bool]:
    """Store a photo stripped of all metadata, with its thumbnail; once per uploader and `key`.

    The upload is checked by content (JPEG, PNG or WebP, at most 15 MB and 40 megapixels),
    turned upright by its EXIF orientation and encoded again from its bare pixels before
    anything is written, so no GPS position, camera or time is ever stored. A replay of `key`
    returns the stored photo and False. Raises ValidationError for a refused file, a link to
    another edition, or a session that is not a site visit.
    """
    key = key or uuid.uuid4()
    if actor is not None:
        existing = Photo.objects.filter(uploaded_by=actor, key=key).first()
        if existing is not None:
            return existing, False
    for linked in (observation, place, challenge):
        if linked is not None and linked.edition_id != edition.pk:
            raise ValidationError(_("Link the photo to something of this edition only."))
    session_error = _session_error(session, edition.pk)
    if session_error:
        raise ValidationError({"session": [session_error]})
    clean = photo_clean(upload)
    photo = Photo(
        edition=edition,
        uploaded_by=actor,
        key=key,
        width=clean.width,
        height=clean.height,
        caption=caption.strip(),
        credit=credit.strip(),
        shows_people=shows_people,
        has_consent=has_consent,
        is_in_gallery=is_in_gallery,
        observation=observation,
        place=place,
        challenge=challenge,
        session=session,
    )
    photo.full_clean(
        exclude=[
            "image",
            "thumbnail",
            "uploaded_by",
            "edition",
            "key",
            "observation",
            "place",
            "challenge",
            "session",
        ]
    )
    try:
        with transaction.atomic():
            photo.image.save(clean.image.name or "photo", clean.image, save=False)
            photo.thumbnail.save(clean.thumbnail.name or "thumbnail", clean.thumbnail, save=False)
            photo.save()
            audit_record(actor=actor, action="photo_add", target=photo, edition=edition)
    except IntegrityError:
        photo.image.delete(save=False)
        photo.thumbnail.delete(save=False)
        return Photo.objects.get(uploaded_by=actor, key=key), False
    return photo, True


# Moderation


def report_create(*, item: ModeratedItem, reporter: User, reason: str) -> Report:
    """Flag an item for the moderators. Raises ValidationError without a reason."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say what is wrong with it.")]})
    report = Report(
        edition=item.edition,
        reporter=reporter,
        reason=reason.strip(),
        **{item._meta.model_name or "": item},
    )
    report.full_clean(exclude=["observation", "photo", "challenge", "edition", "reporter"])
    with transaction.atomic():
        report.save()
        audit_record(actor=reporter, action="report_create", target=report, edition=item.edition)
    return report


def _moderate(item: ModeratedItem, *, actor: User | None, hide: bool) -> ModeratedItem:
    with transaction.atomic():
        item.is_hidden = hide
        item.hidden_at = timezone.now() if hide else None
        item.hidden_by = actor if hide else None
        item.save(update_fields=["is_hidden", "hidden_at", "hidden_by", "updated_at"])
        # Hiding or restoring settles the open reports about the item.
        Report.objects.filter(
            **{item._meta.model_name or "": item}, resolved_at__isnull=True
        ).update(resolved_at=timezone.now(), resolved_by=actor)
        audit_record(
            actor=actor,
            action="item_hide" if hide else "item_restore",
            target=item,
            edition=item.edition,
        )
    return item


def item_hide(*, item: ModeratedItem, actor: User | None) -> ModeratedItem:
    """Hide an observation, a photo or a challenge from the public and the API; settle reports."""
    return _moderate(item, actor=actor, hide=True)


def item_restore(*, item: ModeratedItem, actor: User | None) -> ModeratedItem:
    """Show a hidden item again; settle its open reports."""
    return _moderate(item, actor=actor, hide=False)


def report_dismiss(*, report: Report, actor: User) -> Report:
    """Close a report without hiding its item."""
    with transaction.atomic():
        report.resolved_at = timezone.now()
        report.resolved_by = actor
        report.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
        audit_record(actor=actor, action="report_dismiss", target=report, edition=report.edition)
    return report
