"""Challenges API: challenges, places and observations of an edition, photos, and the map's
layers as GeoJSON FeatureCollections.

The offline page of observations (static/challenges/js/observe.js) sends through this API:
one POST per observation with the key the phone chose, then one POST per photo with its own
key. A replay answers the stored original, so a queue that sends twice stores once.
"""

import rules
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form
from ninja.errors import HttpError
from ninja.files import UploadedFile

from impactdays.challenges import services
from impactdays.challenges.models import Challenge, Observation, Place
from impactdays.challenges.schemas import (
    ChallengeIn,
    ChallengeOut,
    ChallengeStatusMoveIn,
    FeatureCollectionOut,
    ObservationIn,
    ObservationOut,
    ObservationPatchIn,
    PhotoMetaIn,
    PhotoOut,
    PlaceOut,
)
from impactdays.challenges.selectors import (
    challenge_features,
    challenges_visible_to,
    observation_features,
    observations_visible_to,
    place_features,
    places_visible_to,
    venue_features,
)
from impactdays.common.api import ApiRouter, visible_or_404
from impactdays.forums.api_lookups import api_actor, edition_visible_or_404
from impactdays.forums.models import Edition
from impactdays.people.api_auth import READ_AUTH, WRITE_AUTH
from impactdays.programme.models import Session

router = ApiRouter(tags=["challenges"], read_auth=READ_AUTH, write_auth=WRITE_AUTH)


def _observation_or_404(request: HttpRequest, observation_id: int) -> Observation:
    found = Observation.objects.filter(pk=observation_id).select_related("edition").first()
    if found is None or not rules.has_perm("forums.view_edition", request.user, found.edition):
        raise HttpError(404, _("There is no observation with this id."))
    return visible_or_404(
        observations_visible_to(request.user, found.edition),
        _("There is no observation with this id."),
        pk=observation_id,
    )


def _place(edition: Edition, pk: int | None) -> Place | None:
    place = None if pk is None else Place.objects.filter(edition=edition, pk=pk).first()
    if pk is not None and place is None:
        raise ValidationError({"place": [_("There is no such place in this edition.")]})
    return place


def _challenge(edition: Edition, pk: int | None) -> Challenge | None:
    challenge = None if pk is None else Challenge.objects.filter(edition=edition, pk=pk).first()
    if pk is not None and challenge is None:
        raise ValidationError({"challenge": [_("There is no such challenge in this edition.")]})
    return challenge


def _session(edition: Edition, pk: int | None) -> Session | None:
    session = None if pk is None else Session.objects.filter(edition=edition, pk=pk).first()
    if pk is not None and session is None:
        raise ValidationError(
            {"session": [_("There is no such session in this edition's programme.")]}
        )
    return session


# Challenges


@router.read("/editions/{edition_id}/challenges", list[ChallengeOut])
def challenge_list(request: HttpRequest, edition_id: int) -> QuerySet[Challenge]:
    return challenges_visible_to(request.user, edition_visible_or_404(request, edition_id))


@router.write("post", "/editions/{edition_id}/challenges", ChallengeOut)
def challenge_propose(request: HttpRequest, edition_id: int, payload: ChallengeIn) -> Challenge:
    """Propose a challenge; the organisers accept or reject it."""
    actor = api_actor(request)
    edition = edition_visible_or_404(request, edition_id)
    if not rules.has_perm("challenges.propose_challenge", actor, edition):
        raise HttpError(403, _("Only organisers and partners of this edition propose challenges."))
    challenge = services.challenge_create(
        edition=edition,
        actor=actor,
        title=payload.title,
        description=payload.description,
        geometry=payload.geometry,
    )
    return challenges_visible_to(actor, edition).get(pk=challenge.pk)


@router.write("post", "/challenges/{challenge_id}/status", ChallengeOut)
def challenge_status_move(
    request: HttpRequest, challenge_id: int, payload: ChallengeStatusMoveIn
) -> Challenge:
    """Accept or reject a proposal, or move a challenge on (in work, addressed)."""
    actor = api_actor(request)
    challenge = Challenge.objects.filter(pk=challenge_id).select_related("edition").first()
    if challenge is None or not rules.has_perm("challenges.view_item", actor, challenge):
        raise HttpError(404, _("There is no challenge with this id."))
    if not rules.has_perm("challenges.manage_challenges", actor, challenge.edition):
        raise HttpError(403, _("Only the organisers of this edition move challenges."))
    services.challenge_status_move(challenge=challenge, to=payload.to.value, actor=actor)
    return challenges_visible_to(actor, challenge.edition).get(pk=challenge.pk)


# Places


@router.read("/editions/{edition_id}/places", list[PlaceOut])
def place_list(request: HttpRequest, edition_id: int) -> QuerySet[Place]:
    return places_visible_to(request.user, edition_visible_or_404(request, edition_id))


# Observations


@router.read("/editions/{edition_id}/observations", list[ObservationOut], paginated=True)
def observation_list(request: HttpRequest, edition_id: int) -> QuerySet[Observation]:
    return observations_visible_to(request.user, edition_visible_or_404(request, edition_id))


@router.write("post", "/editions/{edition_id}/observations", ObservationOut)
def observation_record(
    request: HttpRequest, edition_id: int, payload: ObservationIn
) -> Observation:
    """Record an observation; sending the same `key` again returns the stored one unchanged."""
    actor = api_actor(request)
    edition = edition_visible_or_404(request, edition_id)
    if not rules.has_perm("challenges.add_observation", actor, edition):
        raise HttpError(403, _("Only participants of this edition record observations."))
    observation, _created = services.observation_record(
        edition=edition,
        author=actor,
        key=payload.key,
        text=payload.text,
        tags=payload.tags,
        latitude=payload.latitude,
        longitude=payload.longitude,
        location_source=payload.location_source.value,
        place=_place(edition, payload.place),
        challenge=_challenge(edition, payload.challenge),
        session=_session(edition, payload.session),
        recorded_at=payload.recorded_at,
    )
    return _observation_or_404(request, observation.pk)


@router.write("patch", "/observations/{observation_id}", ObservationOut)
def observation_update(
    request: HttpRequest, observation_id: int, payload: ObservationPatchIn
) -> Observation:
    actor = api_actor(request)
    observation = _observation_or_404(request, observation_id)
    if not rules.has_perm("challenges.change_observation", actor, observation):
        raise HttpError(403, _("Only its author or a moderator changes an observation."))
    changes = {
        key: value
        for key, value in payload.model_dump(exclude_unset=True).items()
        if value is not None
    }
    services.observation_update(observation=observation, actor=actor, **changes)
    return _observation_or_404(request, observation_id)


@router.write("post", "/observations/{observation_id}/photos", PhotoOut)
def observation_photo_add(
    request: HttpRequest,
    observation_id: int,
    meta: Form[PhotoMetaIn],
    file: File[UploadedFile],
) -> object:
    """Add a photo (multipart: `file` and the form fields); a replayed `key` stores nothing new.

    The photo is stored without any metadata (no GPS position, camera or time).
    """
    actor = api_actor(request)
    observation = _observation_or_404(request, observation_id)
    if not rules.has_perm("challenges.change_observation", actor, observation):
        raise HttpError(403, _("Only its author or a moderator adds photos to an observation."))
    photo, _created = services.photo_add(
        edition=observation.edition,
        actor=actor,
        upload=file,
        key=meta.key,
        observation=observation,
        session=observation.session,  # a photo of a walk belongs to the walk's gallery
        caption=meta.caption,
        credit=meta.credit,
        shows_people=meta.shows_people,
        has_consent=meta.has_consent,
    )
    return photo


# The edition map's layers


@router.read("/editions/{edition_id}/geojson/venues", FeatureCollectionOut)
def venue_geojson(request: HttpRequest, edition_id: int) -> dict[str, object]:
    return venue_features(edition_visible_or_404(request, edition_id))


@router.read("/editions/{edition_id}/geojson/places", FeatureCollectionOut)
def place_geojson(request: HttpRequest, edition_id: int) -> dict[str, object]:
    return place_features(request.user, edition_visible_or_404(request, edition_id))


@router.read("/editions/{edition_id}/geojson/challenges", FeatureCollectionOut)
def challenge_geojson(request: HttpRequest, edition_id: int) -> dict[str, object]:
    return challenge_features(request.user, edition_visible_or_404(request, edition_id))


@router.read("/editions/{edition_id}/geojson/observations", FeatureCollectionOut)
def observation_geojson(request: HttpRequest, edition_id: int) -> dict[str, object]:
    return observation_features(request.user, edition_visible_or_404(request, edition_id))
