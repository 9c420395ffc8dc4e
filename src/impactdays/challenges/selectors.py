"""Reads of the challenges app: what each visitor may see of an edition, and the map's layers.

Hidden items are seen by moderators only; a proposed or rejected challenge by organisers and
its proposer; a photo of recognisable people without their consent by moderators and its
uploader only. Every list is of one edition.
"""

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest

from impactdays.challenges.geometry import geometry_centre
from impactdays.challenges.models import Challenge, Observation, Photo, Place, Report
from impactdays.common.translated import translated_value
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from impactdays.people.models import User
from impactdays.programme.models import Session
from impactdays.programme.selectors import PublicSession, schedule_published

Feature = dict[str, Any]  # Any: GeoJSON properties of several kinds


def _is_moderator(user: User | AnonymousUser, edition: Edition) -> bool:
    return user.has_perm("challenges.moderate", edition)


def photos_visible_to(user: User | AnonymousUser, edition: Edition) -> QuerySet[Photo]:
    """Photos of the edition the visitor may see (publishable, or their own, or all for moderators)."""
    photos = Photo.objects.filter(edition=edition)
    if _is_moderator(user, edition):
        return photos
    public = Q(is_hidden=False) & (Q(shows_people=False) | Q(has_consent=True))
    if user.is_authenticated:
        public |= Q(uploaded_by=user, is_hidden=False)
    return photos.filter(public)


def challenges_visible_to(user: User | AnonymousUser, edition: Edition) -> QuerySet[Challenge]:
    """Challenges the visitor may see, with their owner and the photos the visitor may see."""
    challenges = (
        Challenge.objects.filter(edition=edition)
        .select_related("owner")
        .prefetch_related(Prefetch("photos", queryset=photos_visible_to(user, edition)))
    )
    if _is_moderator(user, edition):
        return challenges
    public = Q(is_hidden=False, status__in=Challenge.PUBLIC_STATUSES)
    if user.is_authenticated:
        public |= Q(is_hidden=False, proposed_by=user)
    return challenges.filter(public)


def places_visible_to(user: User | AnonymousUser, edition: Edition) -> QuerySet[Place]:
    places = Place.objects.filter(edition=edition).prefetch_related(
        Prefetch("challenges", queryset=challenges_visible_to(user, edition))
    )
    return places if _is_moderator(user, edition) else places.filter(is_hidden=False)


def observations_visible_to(user: User | AnonymousUser, edition: Edition) -> QuerySet[Observation]:
    observations = (
        Observation.objects.filter(edition=edition)
        .select_related("author", "place", "challenge")
        .prefetch_related(Prefetch("photos", queryset=photos_visible_to(user, edition)))
    )
    if _is_moderator(user, edition):
        return observations
    return observations.filter(is_hidden=False)


def gallery_photos(user: User | AnonymousUser, edition: Edition) -> QuerySet[Photo]:
    """The edition's gallery: publishable photos chosen for it, oldest first."""
    return (
        photos_visible_to(user, edition)
        .filter(is_in_gallery=True, is_hidden=False)
        .filter(Q(shows_people=False) | Q(has_consent=True))
    )


def reports_open(edition: Edition) -> QuerySet[Report]:
    """The moderation queue: reports not yet settled, oldest first."""
    return Report.objects.filter(edition=edition, resolved_at__isnull=True).select_related(
        "observation", "photo", "challenge", "reporter"
    )


def items_hidden(edition: Edition) -> list[Challenge | Observation | Photo]:
    """Everything hidden in the edition, for restoring."""
    return [
        *Challenge.objects.filter(edition=edition, is_hidden=True),
        *Observation.objects.filter(edition=edition, is_hidden=True),
        *Photo.objects.filter(edition=edition, is_hidden=True),
    ]


# The map's layers: GeoJSON FeatureCollections


def _collection(features: list[Feature]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def venue_features(edition: Edition) -> dict[str, Any]:
    return _collection(
        [
            {
                "type": "Feature",
                "id": venue.pk,
                "geometry": {"type": "Point", "coordinates": [venue.longitude, venue.latitude]},
                "properties": {"kind": "venue", "name": venue.name, "url": ""},
            }
            for venue in edition.venues.all()
        ]
    )


def place_features(user: User | AnonymousUser, edition: Edition) -> dict[str, Any]:
    return _collection(
        [
            {
                "type": "Feature",
                "id": place.pk,
                "geometry": place.geometry,
                "properties": {
                    "kind": "place",
                    "name": translated_value(place, "name").text,
                    "url": edition_url("challenges:place-detail", edition, pk=place.pk),
                    "challenges": [challenge.pk for challenge in place.challenges.all()],
                },
            }
            for place in places_visible_to(user, edition)
        ]
    )


def challenge_features(user: User | AnonymousUser, edition: Edition) -> dict[str, Any]:
    return _collection(
        [
            {
                "type": "Feature",
                "id": challenge.pk,
                "geometry": challenge.geometry,
                "properties": {
                    "kind": "challenge",
                    "name": translated_value(challenge, "title").text,
                    "status": challenge.status,
                    "url": "",
                },
            }
            for challenge in challenges_visible_to(user, edition)
            if challenge.geometry
        ]
    )


def observation_features(user: User | AnonymousUser, edition: Edition) -> dict[str, Any]:
    return _collection(
        [
            {
                "type": "Feature",
                "id": observation.pk,
                "geometry": {
                    "type": "Point",
                    "coordinates": [observation.longitude, observation.latitude],
                },
                "properties": {
                    "kind": "observation",
                    "name": observation.text[:80],
                    "tags": observation.tags,
                    "url": "",
                },
            }
            for observation in observations_visible_to(user, edition).filter(latitude__isnull=False)
        ]
    )


def site_visits(edition: Edition) -> list[tuple[int, str]]:
    """The published programme's site visits, (session id, title), for linking an observation."""
    schedule = schedule_published(edition)
    if schedule is None:
        return []
    return [
        (session.id, session.title)
        for session in schedule.sessions
        if session.kind == Session.Kind.SITE_VISIT
    ]


def session_panel_context(
    request: HttpRequest, edition: Edition, session: PublicSession
) -> dict[str, Any]:  # Any: template context values
    """What a site visit's programme page shows of the walk: its observations and gallery."""
    if session.kind != Session.Kind.SITE_VISIT:
        return {"observations": [], "photos": []}
    return {
        "edition": edition,
        "observations": list(
            observations_visible_to(request.user, edition).filter(session_id=session.id)
        ),
        "photos": list(gallery_photos(request.user, edition).filter(session_id=session.id)),
    }


def map_layers(user: User | AnonymousUser, edition: Edition) -> dict[str, dict[str, Any]]:
    """Every layer of the edition map, keyed by kind, each a FeatureCollection."""
    return {
        "venues": venue_features(edition),
        "places": place_features(user, edition),
        "challenges": challenge_features(user, edition),
        "observations": observation_features(user, edition),
    }


def feature_centre(feature: Feature) -> tuple[float, float] | None:
    """(latitude, longitude) to name a feature's position in the list view."""
    centre = geometry_centre(feature["geometry"])
    return (centre[1], centre[0]) if centre else None


def can_view(user: User | AnonymousUser, item: object) -> bool:
    return bool(rules.has_perm("challenges.view_item", user, item))


def observations_personal_data(user: User) -> list[dict[str, Any]]:  # Any: JSON values
    """A person's observations and their photos, for the personal-data download."""
    return [
        {
            "edition": str(observation.edition),
            "text": observation.text,
            "tags": observation.tags,
            "latitude": observation.latitude,
            "longitude": observation.longitude,
            "location_source": observation.location_source,
            "recorded_at": observation.recorded_at.isoformat() if observation.recorded_at else None,
            "is_hidden": observation.is_hidden,
            "photos": [photo.image.name for photo in observation.photos.all()],
        }
        for observation in Observation.objects.filter(author=user)
        .select_related("edition")
        .prefetch_related("photos")
        .order_by("created_at", "pk")
    ]
