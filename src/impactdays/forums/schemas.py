"""Pydantic shapes of the forums API: what it returns and the strict input it accepts."""

import datetime as dt
import re
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Strict, StrictFloat, StrictInt, StrictStr

from impactdays.forums.models import (
    Edition,
    EditionPartner,
    ForumSeries,
    Organisation,
    Room,
    Venue,
)


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class OrganisationOut(Schema):
    name: str
    slug: str
    kind: str
    country: str
    city: str
    website: str
    description: str
    latitude: float | None
    longitude: float | None
    logo_url: str | None

    @staticmethod
    def resolve_country(organisation: Organisation) -> str:
        return str(organisation.country.code)

    @staticmethod
    def resolve_logo_url(organisation: Organisation) -> str | None:
        return organisation.logo.url if organisation.logo else None


class OrganisationRefOut(Schema):
    name: str
    slug: str


class SeriesOut(Schema):
    name: str
    slug: str
    description: str
    founded_year: int | None


class EditionSummaryOut(Schema):
    id: int
    series: str
    title: str
    slug: str
    year: int
    status: str
    theme: str
    city: str
    country: str
    starts_on: dt.date
    ends_on: dt.date

    @staticmethod
    def resolve_series(edition: Edition) -> str:
        return edition.series.slug

    @staticmethod
    def resolve_country(edition: Edition) -> str:
        return str(edition.country.code)


class SeriesDetailOut(SeriesOut):
    editions: list[EditionSummaryOut]

    @staticmethod
    def resolve_editions(series: ForumSeries) -> list[Edition]:
        # Filled by selectors.series_with_visible_editions: only what the caller may see.
        editions: list[Edition] = series.visible_editions  # type: ignore[attr-defined]  # Prefetch to_attr
        return editions


class RoomOut(Schema):
    id: int
    name: str
    capacity: int


class VenueOut(Schema):
    id: int
    name: str
    address: str
    latitude: float
    longitude: float
    description: str
    rooms: list[RoomOut]

    @staticmethod
    def resolve_rooms(venue: Venue) -> list[Room]:
        return list(venue.rooms.all())


class EditionOut(EditionSummaryOut):
    description: str
    latitude: float
    longitude: float
    time_zone: str
    languages: list[str]
    allowed_moves: list[str]
    venues: list[VenueOut]
    partners: dict[str, list[OrganisationRefOut]]

    @staticmethod
    def resolve_allowed_moves(edition: Edition) -> list[str]:
        return list(edition.allowed_moves())

    @staticmethod
    def resolve_venues(edition: Edition) -> list[Venue]:
        return list(edition.venues.all())

    @staticmethod
    def resolve_partners(edition: Edition) -> dict[str, list[Organisation]]:
        """Partner organisations grouped by role, every role present, in the order of Role."""
        grouped: dict[str, list[Organisation]] = {role: [] for role in EditionPartner.Role.values}
        for partner in edition.partners.all():
            grouped[partner.role].append(partner.organisation)
        return grouped


class PartnershipOut(Schema):
    role: str
    edition: EditionSummaryOut


class OrganisationDetailOut(OrganisationOut):
    partnerships: list[PartnershipOut]

    @staticmethod
    def resolve_partnerships(organisation: Organisation) -> list[EditionPartner]:
        # Filled by the API's prefetch: partnerships in editions the caller may see.
        partnerships: list[EditionPartner] = organisation.visible_partnerships  # type: ignore[attr-defined]  # Prefetch to_attr
        return partnerships


def _date_from_iso_string(value: object) -> object:
    # JSON has no date type, so a date arrives as a string; strict mode alone would refuse it.
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(_("Enter the date as YYYY-MM-DD."))
        return dt.date.fromisoformat(value)
    return value  # anything else meets the strict date check and is refused there


IsoDate = Annotated[dt.date, BeforeValidator(_date_from_iso_string)]

# None is only the marker of a field the client did not send: the handler reads
# model_dump(exclude_unset=True), and a null that is sent fails the strict type check.
NOT_SENT: Any = None


def _drop_not_sent_defaults(schema: dict[str, Any]) -> None:
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


class EditionPatchIn(Schema):
    """The fields of an edition an organiser may change; send only those that change."""

    model_config = ConfigDict(
        strict=True, extra="forbid", json_schema_extra=_drop_not_sent_defaults
    )

    title: StrictStr = NOT_SENT
    year: StrictInt = NOT_SENT
    theme: StrictStr = NOT_SENT
    description: StrictStr = NOT_SENT
    city: StrictStr = NOT_SENT
    country: StrictStr = NOT_SENT
    latitude: StrictFloat = NOT_SENT
    longitude: StrictFloat = NOT_SENT
    starts_on: IsoDate = NOT_SENT
    ends_on: IsoDate = NOT_SENT
    time_zone: StrictStr = NOT_SENT
    languages: list[StrictStr] = NOT_SENT


class EditionStatusMoveIn(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")

    # Strict enums take only enum members, but JSON brings the value as a string.
    to: Annotated[Edition.Status, Strict(False)]
