"""Pydantic shapes of the challenges API: what it returns and the strict input it accepts."""

import datetime as dt
import uuid
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AwareDatetime, Strict, StrictFloat, StrictInt

from impactdays.challenges.models import Challenge, Observation, Photo, Place
from impactdays.common.api import StrictIn, Text, length
from impactdays.common.translated import translated_value


class PhotoOut(Schema):
    id: int
    url: str
    thumbnail_url: str
    width: int
    height: int
    caption: str
    credit: str
    shows_people: bool

    @staticmethod
    def resolve_url(photo: Photo) -> str:
        return str(photo.image.url)

    @staticmethod
    def resolve_thumbnail_url(photo: Photo) -> str:
        return str(photo.thumbnail.url)


class ChallengeOut(Schema):
    id: int
    title: str
    description: str
    owner: str | None
    status: str
    geometry: dict[str, Any]  # Any: a GeoJSON geometry, or {} when not on the map
    photos: list[PhotoOut]

    @staticmethod
    def resolve_title(challenge: Challenge) -> str:
        return translated_value(challenge, "title").text

    @staticmethod
    def resolve_description(challenge: Challenge) -> str:
        return translated_value(challenge, "description").text

    @staticmethod
    def resolve_owner(challenge: Challenge) -> str | None:
        return challenge.owner.slug if challenge.owner else None


class ChallengeIn(StrictIn):
    title: Annotated[Text, length(300, min_length=1)]
    description: Annotated[Text, length(None)] = ""
    geometry: dict[str, Any] | None = None  # Any: GeoJSON, checked by the service


class ChallengeStatusMoveIn(StrictIn):
    to: Annotated[Challenge.Status, Strict(False)]


class PlaceOut(Schema):
    id: int
    name: str
    description: str
    geometry: dict[str, Any]  # Any: a GeoJSON geometry
    challenges: list[int]

    @staticmethod
    def resolve_name(place: Place) -> str:
        return translated_value(place, "name").text

    @staticmethod
    def resolve_description(place: Place) -> str:
        return translated_value(place, "description").text

    @staticmethod
    def resolve_challenges(place: Place) -> list[int]:
        return [challenge.pk for challenge in place.challenges.all()]


class ObservationOut(Schema):
    id: int
    key: uuid.UUID
    text: str
    tags: list[str]
    latitude: float | None
    longitude: float | None
    location_source: str
    place: int | None
    challenge: int | None
    session: int | None
    recorded_at: dt.datetime | None
    created_at: dt.datetime
    photos: list[PhotoOut]

    @staticmethod
    def resolve_place(observation: Observation) -> int | None:
        return observation.place_id

    @staticmethod
    def resolve_challenge(observation: Observation) -> int | None:
        return observation.challenge_id

    @staticmethod
    def resolve_session(observation: Observation) -> int | None:
        return observation.session_id


class ObservationIn(StrictIn):
    """An observation from the phone; `key` is a UUID it chose once for this observation."""

    key: Annotated[uuid.UUID, Strict(False)]
    text: Annotated[Text, length(5000, min_length=1)]
    tags: list[Annotated[Text, length(50)]] = []
    latitude: Annotated[StrictFloat, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[StrictFloat, Field(ge=-180, le=180)] | None = None
    location_source: Annotated[Observation.LocationSource, Strict(False)] = (
        Observation.LocationSource.NONE
    )
    place: StrictInt | None = None
    challenge: StrictInt | None = None
    # A site-visit session of the edition's programme (programme's session ids).
    session: StrictInt | None = None
    recorded_at: Annotated[AwareDatetime, Strict(False)] | None = None


class ObservationPatchIn(StrictIn):
    text: Annotated[Text, length(5000, min_length=1)] | None = None
    tags: list[Annotated[Text, length(50)]] | None = None


class PhotoMetaIn(Schema):
    """The form fields sent with a photo (multipart): its own idempotency key and captions."""

    key: uuid.UUID
    caption: Annotated[str, length(300)] = ""
    credit: Annotated[str, length(200)] = ""
    shows_people: bool = False
    has_consent: bool = False


class FeatureOut(Schema):
    type: str
    id: int
    geometry: dict[str, Any]  # Any: a GeoJSON geometry
    properties: dict[str, Any]  # Any: name, kind, url and per-kind extras


class FeatureCollectionOut(Schema):
    type: str
    features: list[FeatureOut]
