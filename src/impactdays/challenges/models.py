"""Challenges, places, observations from walks, their photos, and reports for moderation.

An observation, and a photo, may name the site-visit session of the edition's programme
(programme sits in a layer below this one) during which it was made; the session's page lists
them through programme's session panels (apps.py).
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from impactdays.challenges.geometry import validate_geometry
from impactdays.challenges.storage import photo_storage
from impactdays.common.models import TimeStampedModel
from impactdays.forums.models import Edition, Organisation
from impactdays.programme.models import Session

_LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
_LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


class Moderated(models.Model):
    """Hidden by a moderator: invisible to the public and the API, kept for the record."""

    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class Challenge(TimeStampedModel, Moderated):
    """A "How might we …" question a partner or an organiser poses about the host city."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        IN_WORK = "in_work", _("In work")
        ADDRESSED = "addressed", _("Addressed")

    # The only moves challenge_status_move() accepts.
    MOVES: ClassVar[dict[str, tuple[str, ...]]] = {
        Status.PROPOSED: (Status.ACCEPTED, Status.REJECTED),
        Status.REJECTED: (Status.PROPOSED,),
        Status.ACCEPTED: (Status.IN_WORK, Status.PROPOSED),
        Status.IN_WORK: (Status.ADDRESSED, Status.ACCEPTED),
        Status.ADDRESSED: (Status.IN_WORK,),
    }
    # Seen by the public: a proposal is seen only by organisers and whoever proposed it.
    PUBLIC_STATUSES: ClassVar[tuple[str, ...]] = (
        Status.ACCEPTED,
        Status.IN_WORK,
        Status.ADDRESSED,
    )

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="challenges")
    title = models.CharField(
        _("title"), max_length=300, help_text=_("A question: “How might we …?”")
    )
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    geometry = models.JSONField(
        _("places on the map"),
        default=dict,
        blank=True,
        validators=[validate_geometry],
        help_text=_("GeoJSON: a Point, Polygon, or several of them."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["edition", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["proposed", "accepted", "rejected", "in_work", "addressed"]
                ),
                name="challenge_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def allowed_moves(self) -> tuple[str, ...]:
        return self.MOVES.get(self.status, ())

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES and not self.is_hidden


class Place(TimeStampedModel, Moderated):
    """A public space of the host city that participants examine: a square, an embankment."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    geometry = models.JSONField(
        _("place on the map"),
        validators=[validate_geometry],
        help_text=_("GeoJSON: a Point or a Polygon."),
    )
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("challenges"), blank=True, related_name="places"
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["edition", "pk"]

    def __str__(self) -> str:
        return self.name


class Observation(TimeStampedModel, Moderated):
    """What a participant saw during a walk: text, tags, a point, photos.

    Sent from a phone that may lose its connection and send again: `key` is chosen by the
    phone, once per observation, and the database keeps one observation per author and key.
    """

    class LocationSource(models.TextChoices):
        NONE = "none", _("No location")
        DEVICE = "device", _("The phone's location, with consent")
        MAP = "map", _("A point chosen on the map")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="observations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, editable=False)
    text = models.TextField(_("text"), max_length=5000)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=_LATITUDE)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=_LONGITUDE)
    location_source = models.CharField(
        _("location from"),
        max_length=10,
        choices=LocationSource.choices,
        default=LocationSource.NONE,
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("site visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": Session.Kind.SITE_VISIT},
        related_name="observations",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["edition", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "key"], name="observation_unique_key_per_author"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="observation_point_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Photo(TimeStampedModel, Moderated):
    """A photo of an observation, a place or a challenge, stored without any metadata."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="photos")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, editable=False)
    image = models.ImageField(_("photo"), upload_to="challenges/photos/", storage=photo_storage)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to="challenges/thumbnails/", storage=photo_storage
    )
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    shows_people = models.BooleanField(
        _("shows people"), default=False, help_text=_("People can be recognised in the photo.")
    )
    has_consent = models.BooleanField(
        _("people consented"),
        default=False,
        help_text=_("Everyone recognisable in the photo agreed to its publication."),
    )
    is_in_gallery = models.BooleanField(_("in the gallery"), default=False)
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    # A site visit the photo was taken on (its gallery); the photo stays if the session goes.
    session = models.ForeignKey(
        Session,
        verbose_name=_("site visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": Session.Kind.SITE_VISIT},
        related_name="photos",
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["edition", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["uploaded_by", "key"], name="photo_unique_key_per_uploader"
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.image.name

    @property
    def is_publishable(self) -> bool:
        """A photo of recognisable people is public only with their consent."""
        return not self.is_hidden and (not self.shows_people or self.has_consent)


class Report(TimeStampedModel):
    """Someone flagged an observation, a photo or a challenge for the moderators."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=2000)
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(observation__isnull=False, photo__isnull=True, challenge__isnull=True)
                    | Q(observation__isnull=True, photo__isnull=False, challenge__isnull=True)
                    | Q(observation__isnull=True, photo__isnull=True, challenge__isnull=False)
                ),
                name="report_names_one_item",
            ),
        ]

    def __str__(self) -> str:
        return self.reason[:60]

    @property
    def item(self) -> Challenge | Observation | Photo:
        item = self.observation or self.photo or self.challenge
        if item is None:  # the check constraint names exactly one; a broken row is a bug
            raise LookupError(f"Report {self.pk} names no item.")
        return item

    @property
    def item_kind(self) -> str:
        """ "observation", "photo" or "challenge": the kind of the item reported."""
        return self.item._meta.model_name or ""
