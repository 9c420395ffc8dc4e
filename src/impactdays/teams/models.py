"""Creative sessions: their setup, the people present, formation runs, teams and idea canvases.

A session stands on its own (an edition, a title, a time) and may name the programme's session
of kind "creative session" it takes place in: then its published teams appear in their members'
programme agenda (programme's agenda sources, apps.py). Its topics are a short translatable
list; in an edition with challenges a topic is one of them (its title copied from it).
"""

from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from impactdays.challenges.models import Challenge
from impactdays.common.models import TimeStampedModel
from impactdays.forums.models import Edition
from impactdays.programme.models import Session

TEAM_SIZE_MAX = 50
# The attributes of people's profiles that can count towards diversity, with their labels.
PROFILE_ATTRIBUTES = {
    "country": _("country"),
    "sector": _("sector"),
    "organisation": _("organisation"),
    "languages": _("languages"),
}
DEFAULT_WEIGHTS = {"country": 1.0, "sector": 1.0, "organisation": 1.0, "languages": 0.5}
# The idea canvas's sections in the format's order (TeamsFormat.idea_canvas_sections).
CANVAS_SECTIONS = {
    "problem": _("Problem"),
    "idea": _("Idea"),
    "who_benefits": _("Who benefits"),
    "partners_needed": _("Partners needed"),
    "resources": _("Resources"),
    "first_steps": _("First steps"),
}


def default_weights() -> dict[str, float]:
    return dict(DEFAULT_WEIGHTS)


class CreativeSession(TimeStampedModel):
    """A creative session of an edition, where the participants present split into teams."""

    class Preference(models.TextChoices):
        IGNORE = "ignore", _("Topics are not ranked")
        HARD = "hard", _("Only topics a person ranked (hard rule)")
        SOFT = "soft", _("Preferred topics count towards the score (soft rule)")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="creative_sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    programme_session = models.ForeignKey(
        Session,
        verbose_name=_("programme session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": Session.Kind.CREATIVE_SESSION},
        related_name="creative_sessions",
        help_text=_("The creative session of the programme where these teams work."),
    )
    min_team_size = models.PositiveSmallIntegerField(
        _("smallest team"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(TEAM_SIZE_MAX)],
    )
    max_team_size = models.PositiveSmallIntegerField(
        _("largest team"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(TEAM_SIZE_MAX)],
    )
    weights = models.JSONField(_("diversity weights"), default=default_weights, blank=True)
    preference = models.CharField(
        _("topic preferences"),
        max_length=10,
        choices=Preference.choices,
        default=Preference.IGNORE,
    )
    accepted_choices = models.PositiveSmallIntegerField(
        _("ranked topics accepted"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "Under the hard rule, a person joins only a team of one of this many of their first topics."
        ),
    )
    organisations_apart = models.BooleanField(
        _("people of one organisation in different teams"), default=True
    )
    seconds = models.PositiveSmallIntegerField(
        _("search time (seconds)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    # Raised by every change to the teams: a facilitator's move made on an older page is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = MultilingualManager["CreativeSession"]()

    class Meta:
        verbose_name = _("creative session")
        verbose_name_plural = _("creative sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_team_size__gte=F("min_team_size")),
                name="session_team_size_bounds",
                violation_error_message=_("The largest team cannot be smaller than the smallest."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def scoped_role_holders(self, role: str) -> Collection[int] | None:
        """Facilitators are edition-wide until the programme assigns them to sessions."""
        return None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Topic(models.Model):
    """A challenge or topic a session's teams work on: one of the edition's challenges, or a
    free title in an edition without challenges."""

    session = models.ForeignKey(CreativeSession, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("title"), max_length=200)
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = MultilingualManager["Topic"]()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "challenge"],
                condition=Q(challenge__isnull=False),
                name="topic_unique_challenge_in_session",
                violation_error_message=_("This challenge is already a topic of the session."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def edition(self) -> Edition:
        return self.session.edition


class Participant(models.Model):
    """A person taking part in a session: checked in or not, with their ranking of its topics."""

    session = models.ForeignKey(
        CreativeSession, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_participations"
    )
    is_present = models.BooleanField(_("present"), default=False)
    # Topic ids, preferred first.
    ranking = models.JSONField(_("ranking"), default=list, blank=True)

    class Meta:
        verbose_name = _("session participant")
        verbose_name_plural = _("session participants")
        ordering = ["user__display_name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="participant_unique_in_session"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def edition(self) -> Edition:
        return self.session.edition


class Pair(models.Model):
    """Two people the facilitators keep apart or together."""

    class Kind(models.TextChoices):
        APART = "apart", _("Keep apart")
        TOGETHER = "together", _("Keep together")

    session = models.ForeignKey(CreativeSession, on_delete=models.CASCADE, related_name="pairs")
    first = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "first", "second", "kind"], name="pair_unique_in_session"
            ),
            models.CheckConstraint(condition=~Q(first=F("second")), name="pair_two_people"),
        ]

    def __str__(self) -> str:
        return f"{self.first} — {self.second} ({self.get_kind_display()})"


class FormationRun(models.Model):
    """One run of the team formation, done in the background; its progress is polled."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    session = models.ForeignKey(CreativeSession, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    seed = models.PositiveIntegerField(_("seed"))
    seconds = models.PositiveSmallIntegerField(_("search time (seconds)"))
    progress = models.FloatField(_("progress"), default=0.0)
    rounds = models.PositiveIntegerField(_("rounds"), default=0)
    diversity = models.FloatField(_("diversity"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("formation run")
        verbose_name_plural = _("formation runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.session} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class Team(models.Model):
    session = models.ForeignKey(CreativeSession, on_delete=models.CASCADE, related_name="teams")
    number = models.PositiveSmallIntegerField(_("number"))
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams"
    )
    is_locked = models.BooleanField(_("locked"), default=False)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="team_unique_number"),
        ]

    def __str__(self) -> str:
        return str(_("Team %(number)s") % {"number": self.number})

    @property
    def edition(self) -> Edition:
        return self.session.edition


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    # The session again, so that a person is in one team of a session at most.
    session = models.ForeignKey(CreativeSession, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["user__display_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="member_one_team_per_session"),
        ]

    def __str__(self) -> str:
        return str(self.user)


def empty_sections() -> dict[str, Any]:
    return {}


class Canvas(models.Model):
    """A team's idea canvas: one text per section of the format, in the team's own words."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="canvas")
    sections = models.JSONField(_("sections"), default=empty_sections, blank=True)
    # Raised by every save: an editor that started from an older text is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("idea canvas")
        verbose_name_plural = _("idea canvases")

    def __str__(self) -> str:
        return str(self.team)

    @property
    def edition(self) -> Edition:
        return self.team.session.edition

    @property
    def title(self) -> str:
        return str(self.sections.get("idea", "")).split("\n")[0][:120]


class CanvasRevision(models.Model):
    canvas = models.ForeignKey(Canvas, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    sections = models.JSONField(_("sections"), default=empty_sections)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("canvas revision")
        verbose_name_plural = _("canvas revisions")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["canvas", "version"], name="revision_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.canvas} v{self.version}"


class CanvasComment(models.Model):
    canvas = models.ForeignKey(Canvas, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]
