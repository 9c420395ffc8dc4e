"""Forum series, editions, venues, rooms, partner organisations and edition roles."""

import datetime as dt
import zoneinfo
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modeltranslation.manager import MultilingualManager

from impactdays.common.models import TimeStampedModel
from impactdays.common.validators import validate_language_codes
from impactdays.forums.formats import default_format, validate_format


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def validate_languages(value: Any) -> None:
    validate_language_codes(value)
    if not value:
        raise ValidationError(_("Choose at least one language."))


def validate_place_name(value: str) -> None:
    """A city or place is named with letters: "!!!" or "123" is no name."""
    if not any(character.isalpha() for character in value):
        raise ValidationError(_("Write the name with letters."), code="no_letters")


_LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
_LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        PUBLIC_BODY = "public_body", _("Public body")
        BUSINESS = "business", _("Business")
        ACADEMIC = "academic", _("Academic")
        CULTURAL_CENTRE = "cultural_centre", _("Cultural centre")
        FOUNDATION = "foundation", _("Foundation")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, validators=[validate_place_name])
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/", blank=True)
    description = models.TextField(_("description"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=_LATITUDE)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=_LONGITUDE)

    # Content fields per language (translation.py): lookups on them read the active language.
    objects = MultilingualManager["Organisation"]()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ForumSeries(TimeStampedModel):
    """A recurring forum (Social Impact Days) with the format its editions start from."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    format = models.JSONField(_("format"), default=default_format, validators=[validate_format])

    # Content fields per language (translation.py): lookups on them read the active language.
    objects = MultilingualManager["ForumSeries"]()

    class Meta:
        verbose_name = _("forum series")
        verbose_name_plural = _("forum series")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forums:series-detail", kwargs={"series_slug": self.slug})


class Edition(TimeStampedModel):
    """One forum in one city and year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN_CALL = "open_call", _("Open call")
        SELECTION = "selection", _("Selection")
        PROGRAMME = "programme", _("Programme")
        LIVE = "live", _("Live")
        CLOSED = "closed", _("Closed")
        REPORT_PUBLISHED = "report_published", _("Report published")

    # The only moves edition_status_move() accepts: forward one stage, or back one where undoing
    # makes sense (reopen the call, take the report down for a correction).
    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        Status.DRAFT: (Status.OPEN_CALL,),
        Status.OPEN_CALL: (Status.SELECTION, Status.DRAFT),
        Status.SELECTION: (Status.PROGRAMME, Status.OPEN_CALL),
        Status.PROGRAMME: (Status.LIVE,),
        Status.LIVE: (Status.CLOSED,),
        Status.CLOSED: (Status.REPORT_PUBLISHED,),
        Status.REPORT_PUBLISHED: (Status.CLOSED,),
    }

    series = models.ForeignKey(ForumSeries, on_delete=models.PROTECT, related_name="editions")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    city = models.CharField(_("host city"), max_length=100, validators=[validate_place_name])
    country = CountryField(_("host country"))
    latitude = models.FloatField(_("latitude"), validators=_LATITUDE)
    longitude = models.FloatField(_("longitude"), validators=_LONGITUDE)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    languages = models.JSONField(_("languages"), default=list, validators=[validate_languages])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Sample data standing in for an edition whose records are not kept here."),
    )
    format = models.JSONField(_("format"), default=default_format, validators=[validate_format])
    room_template = models.JSONField(
        _("room template"),
        default=list,
        blank=True,
        help_text=_(
            "Rooms (name and capacity) to create in a new venue; filled when an edition is replicated."
        ),
    )
    replicated_from = models.ForeignKey(
        "self", verbose_name=_("replicated from"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Raised by every edition_update: an editor that started from an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # Content fields per language (translation.py): lookups on them read the active language.
    objects = MultilingualManager["Edition"]()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "slug"], name="edition_unique_slug_in_series"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="edition_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "open_call",
                        "selection",
                        "programme",
                        "live",
                        "closed",
                        "report_published",
                    ]
                ),
                name="edition_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "forums:edition-detail",
            kwargs={"series_slug": self.series.slug, "edition_slug": self.slug},
        )

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    def allowed_moves(self) -> tuple[str, ...]:
        return self.TRANSITIONS[self.status]


class Venue(TimeStampedModel):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    latitude = models.FloatField(_("latitude"), validators=_LATITUDE)
    longitude = models.FloatField(_("longitude"), validators=_LONGITUDE)
    description = models.TextField(_("description"), blank=True)

    # Content fields per language (translation.py): lookups on them read the active language.
    objects = MultilingualManager["Venue"]()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"],
                name="venue_unique_name_in_edition",
                violation_error_message=_("This edition already has a venue of that name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


ROOM_MAX_CAPACITY = 100_000


class Room(TimeStampedModel):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        validators=[
            MinValueValidator(1, _("A room seats at least one person.")),
            MaxValueValidator(
                ROOM_MAX_CAPACITY,
                _(
                    "A room seats at most %(limit_value)s people; a larger space is an outdoor place."
                ),
            ),
        ],
    )

    # Content fields per language (translation.py): lookups on them read the active language.
    objects = MultilingualManager["Room"]()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "name"],
                name="room_unique_name_in_venue",
                violation_error_message=_("This venue already has a room of that name."),
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.capacity})"

    @property
    def edition(self) -> Edition:
        """The edition of the room's venue: rules and the write guard reach it through this."""
        return self.venue.edition


class EditionPartner(TimeStampedModel):
    class Role(models.TextChoices):
        INITIATOR = "initiator", _("Initiator")
        ORGANISER = "organiser", _("Organiser")
        SUPPORTER = "supporter", _("Supporter")
        HOST = "host", _("Host")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("edition partner")
        verbose_name_plural = _("edition partners")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organisation", "role"],
                name="partner_unique_role_in_edition",
                violation_error_message=_(
                    "This organisation already has that role in this edition."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class EditionRole(TimeStampedModel):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        FACILITATOR = "facilitator", _("Facilitator")
        REVIEWER = "reviewer", _("Reviewer")
        SPEAKER = "speaker", _("Speaker")
        PARTICIPANT = "participant", _("Participant")
        PARTNER = "partner", _("Partner")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="edition_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("edition role")
        verbose_name_plural = _("edition roles")
        ordering = ["role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user", "role"],
                name="role_unique_in_edition",
                violation_error_message=_("This person already has that role in this edition."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class EditionInvitation(models.Model):
    """An e-mail invitation to a role in an edition: its link works once, until it expires."""

    VALID_FOR = dt.timedelta(days=14)

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=EditionRole.Role.choices)
    # Only the SHA-256 digest of the link's token is stored, as for API tokens.
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
