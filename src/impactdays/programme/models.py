"""An edition's programme: speakers, sessions, published schedule versions, stars, agenda
links, and preference rounds that assign participants to parallel workshops.

The organisers edit the sessions themselves (the working copy); the public sees only the newest
ScheduleVersion, a snapshot taken when they publish (services.schedule_publish), so that
pages, feeds and exports read one row whatever the programme's size.
"""

import secrets
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from impactdays.common.models import TimeStampedModel
from impactdays.common.validators import validate_language_codes
from impactdays.forums.models import Edition, Room

SESSION_MAX_CAPACITY = 100_000


def speaker_photo_path(instance: "Speaker", filename: str) -> str:
    return f"speakers/{instance.edition_id}/{filename}"


class Speaker(TimeStampedModel):
    """Someone who speaks or hosts: an account of the site, or a guest with a profile here."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="speakers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profiles",
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("bio"), max_length=2000, blank=True)
    # Public (speakers are announced), re-encoded without metadata by the services.
    photo = models.ImageField(_("photo"), upload_to=speaker_photo_path, blank=True)

    # Content fields per language (translation.py): lookups on them read the active language.
    objects = MultilingualManager["Speaker"]()

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user"],
                condition=Q(user__isnull=False),
                name="speaker_unique_account_in_edition",
                violation_error_message=_("This account is already a speaker of this edition."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Session(TimeStampedModel):
    """One slot of the programme, as the organisers edit it (unpublished until a version is)."""

    class Kind(models.TextChoices):
        KEYNOTE = "keynote", _("Keynote")
        TALK = "talk", _("Talk")
        BREAKFAST = "breakfast", _("Breakfast")
        SITE_VISIT = "site_visit", _("Site visit")
        CREATIVE_SESSION = "creative_session", _("Creative session")
        DISCUSSION = "discussion", _("Discussion")
        PLENARY = "plenary", _("Plenary")
        NETWORKING = "networking", _("Networking")
        BREAK = "break", _("Break")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), max_length=10_000, blank=True, help_text=_("Markdown.")
    )
    speakers = models.ManyToManyField(
        Speaker, verbose_name=_("speakers"), blank=True, related_name="sessions"
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    place = models.CharField(
        _("outdoor place"),
        max_length=200,
        blank=True,
        help_text=_("For a session outside any room: where people meet."),
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(SESSION_MAX_CAPACITY)],
        help_text=_("Leave empty for no limit."),
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_codes]
    )
    track = models.CharField(_("track"), max_length=100, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    # [{"title": …, "url": …}], checked by services.materials_clean.
    materials = models.JSONField(_("materials"), default=list, blank=True)

    objects = MultilingualManager["Session"]()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="session_capacity_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="session_latitude_with_longitude",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ScheduleVersion(models.Model):
    """A published schedule: the programme as it was when the organisers published it."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="schedule_versions")
    number = models.PositiveIntegerField(_("version"))
    # The snapshot (services.schedule_snapshot): {"sessions": [...], "speakers": [...], "rooms": [...]}
    data = models.JSONField(_("data"))
    changelog = models.TextField(_("changelog"), blank=True)
    # What changed since the version before: {"added": [ids], "removed": [ids], "changed": [ids]}
    changes = models.JSONField(_("changes"), default=dict)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("schedule version")
        verbose_name_plural = _("schedule versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="schedule_version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} v{self.number}"


class Star(models.Model):
    """A session a person has put in their agenda."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="stars")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_stars"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("star")
        verbose_name_plural = _("stars")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="star_unique_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.session}"


def agenda_token() -> str:
    return secrets.token_urlsafe(32)


class AgendaLink(models.Model):
    """The secret address of one person's agenda feed in one edition; revoking ends it."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="agenda_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_links"
    )
    token = models.CharField(max_length=64, unique=True, default=agenda_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda link")
        verbose_name_plural = _("agenda links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.edition}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PreferenceRound(TimeStampedModel):
    """Participants rank a set of parallel workshops; the round then assigns each to one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for ranking")
        CLOSED = "closed", _("Closed")
        ASSIGNED = "assigned", _("Assigned")

    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        Status.DRAFT: (Status.OPEN,),
        Status.OPEN: (Status.CLOSED,),
        Status.CLOSED: (Status.OPEN, Status.ASSIGNED),
        Status.ASSIGNED: (Status.CLOSED,),
    }

    class Objective(models.TextChoices):
        MIN_COST = "min-cost", _("Least total rank (default)")
        RANK_MAXIMAL = "rank-maximal", _("Most first choices, then second, …")
        MIN_MAX_RANK = "min-max-rank", _("Best worst rank")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="preference_rounds")
    title = models.CharField(_("title"), max_length=200)
    sessions = models.ManyToManyField(
        Session, verbose_name=_("workshops"), related_name="preference_rounds"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    objective = models.CharField(
        _("objective"), max_length=20, choices=Objective.choices, default=Objective.MIN_COST
    )
    # Counts of people given their 1st, 2nd, … choice; the last entry counts unranked places.
    rank_profile = models.JSONField(_("rank profile"), default=list, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)

    objects = MultilingualManager["PreferenceRound"]()

    class Meta:
        verbose_name = _("preference round")
        verbose_name_plural = _("preference rounds")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def allowed_moves(self) -> tuple[str, ...]:
        return self.TRANSITIONS[self.status]


class Preference(models.Model):
    """One participant's rank for one workshop of a round (1 is the first choice)."""

    round = models.ForeignKey(PreferenceRound, on_delete=models.CASCADE, related_name="preferences")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_preferences"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user", "session"], name="preference_unique_session"
            ),
            models.UniqueConstraint(
                fields=["round", "user", "rank"], name="preference_unique_rank"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="preference_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.rank}. {self.session_id}"


class WorkshopAssignment(models.Model):
    """Where a round placed one participant; `is_manual` marks an organiser's adjustment."""

    round = models.ForeignKey(PreferenceRound, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_assignments"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="assignments")
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    is_manual = models.BooleanField(_("adjusted by hand"), default=False)

    class Meta:
        verbose_name = _("workshop assignment")
        verbose_name_plural = _("workshop assignments")
        ordering = ["round", "user"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="assignment_unique_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.session_id}"
