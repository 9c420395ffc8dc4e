"""Pydantic shapes of the forums API: what it returns and the strict input it accepts."""

import datetime as dt
import re
import zoneinfo
from typing import Annotated, Any

from django.db import models
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Field, Schema
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Strict,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
)

from impactdays.common.api import StrictIn, Text, length
from impactdays.common.validators import LANGUAGE_CODES
from impactdays.forums.models import (
    Edition,
    EditionPartner,
    ForumSeries,
    Organisation,
    Room,
    Venue,
)

# A slug in a query: anything else matches nothing, so it is refused as input instead.
SlugQuery = Annotated[str, StringConstraints(max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]


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
    version: int  # send it back with a PATCH to have a stale write refused (409)
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


def _max_length(field_name: str) -> int | None:
    field = Edition._meta.get_field(field_name)
    return field.max_length if isinstance(field, models.Field) else None


def _documented(**schema: Any) -> Any:  # Any: a pydantic Field for Annotated
    """Bounds the service enforces (with its own messages), stated in the OpenAPI document."""
    return Field(json_schema_extra=schema)


def _choices(values: Any) -> Any:  # Any: a pydantic Field for Annotated
    """The values the service accepts, listed in the OpenAPI document; the service refuses
    any other (so also any text no column could store) with its own message."""

    # Listed when the document is made, not at import: the lists come from settings and tzdata.
    def add_enum(schema: dict[str, Any]) -> None:
        schema["enum"] = sorted(values())

    return Field(json_schema_extra=add_enum)


def _country_codes() -> list[str]:
    return [str(code) for code, _name in countries]


def _language_codes() -> list[str]:
    return list(LANGUAGE_CODES)


def _time_zones() -> list[str]:
    return list(zoneinfo.available_timezones())


class EditionPatchIn(StrictIn):
    """The fields of an edition an organiser may change; send only those that change."""

    model_config = ConfigDict(json_schema_extra=_drop_not_sent_defaults)

    version: Annotated[StrictInt, _documented(minimum=1)] = NOT_SENT
    title: Annotated[Text, length(_max_length("title"), min_length=1)] = NOT_SENT
    year: Annotated[StrictInt, _documented(minimum=1990, maximum=2100)] = NOT_SENT
    theme: Annotated[Text, length(_max_length("theme"))] = NOT_SENT
    description: Text = NOT_SENT
    city: Annotated[Text, length(_max_length("city"), min_length=1)] = NOT_SENT
    # The content fields per language (forums/translation.py); the plain ones above write the
    # request's language. An empty text clears a language; one language must keep the text.
    title_en: Annotated[Text, length(_max_length("title"))] = NOT_SENT
    title_ru: Annotated[Text, length(_max_length("title"))] = NOT_SENT
    title_de: Annotated[Text, length(_max_length("title"))] = NOT_SENT
    theme_en: Annotated[Text, length(_max_length("theme"))] = NOT_SENT
    theme_ru: Annotated[Text, length(_max_length("theme"))] = NOT_SENT
    theme_de: Annotated[Text, length(_max_length("theme"))] = NOT_SENT
    description_en: Text = NOT_SENT
    description_ru: Text = NOT_SENT
    description_de: Text = NOT_SENT
    city_en: Annotated[Text, length(_max_length("city"))] = NOT_SENT
    city_ru: Annotated[Text, length(_max_length("city"))] = NOT_SENT
    city_de: Annotated[Text, length(_max_length("city"))] = NOT_SENT
    country: Annotated[StrictStr, _choices(_country_codes)] = NOT_SENT
    latitude: Annotated[StrictFloat, _documented(minimum=-90, maximum=90)] = NOT_SENT
    longitude: Annotated[StrictFloat, _documented(minimum=-180, maximum=180)] = NOT_SENT
    starts_on: IsoDate = NOT_SENT
    ends_on: IsoDate = NOT_SENT
    time_zone: Annotated[StrictStr, _choices(_time_zones)] = NOT_SENT
    languages: Annotated[
        list[Annotated[StrictStr, _choices(_language_codes)]],
        _documented(minItems=1, uniqueItems=True),
    ] = NOT_SENT


class EditionStatusMoveIn(StrictIn):
    # Strict enums take only enum members, but JSON brings the value as a string.
    to: Annotated[Edition.Status, Strict(False)]
