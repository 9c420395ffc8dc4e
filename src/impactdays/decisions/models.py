"""What an edition decided, why (the evidence it cites), who carries it out and how that goes.

A Decision is drafted by organisers or facilitators and adopted by the edition's participants in a
poll (consent or score) with its own quorum and threshold. Each outcome is kept as a
DecisionVersion, so an adopted decision is never edited: a revision is a new version, and the
history of versions stays visible. Commitments tie a person (and their organisation) to an
adopted or pending decision; their Updates are the dated follow-up; Reminders are the e-mails
sent before and after a commitment's due date, one row each, so each goes out once.
"""

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from impactdays.common.models import TimeStampedModel
from impactdays.forums.models import Edition, Organisation

SCORE_MIN = 0
SCORE_MAX = 10


class Decision(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        POLLING = "polling", _("Poll open")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")

    # The moves the services accept: a poll opens on a draft and ends in an outcome; an adopted
    # decision is revised into a new draft version (decision_revise), a rejected one too.
    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        Status.DRAFT: (Status.POLLING,),
        Status.POLLING: (Status.ADOPTED, Status.REJECTED),
        Status.ADOPTED: (Status.DRAFT,),
        Status.REJECTED: (Status.DRAFT,),
    }

    class PollKind(models.TextChoices):
        CONSENT = "consent", _("Consent poll")
        SCORE = "score", _("Score poll")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    poll_kind = models.CharField(
        _("poll"), max_length=20, choices=PollKind.choices, default=PollKind.CONSENT
    )
    poll_opens_at = models.DateTimeField(_("poll opens at"), null=True, blank=True)
    poll_closes_at = models.DateTimeField(_("poll closes at"), null=True, blank=True)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The share of the edition's participants who must vote."),
    )
    threshold_percent = models.PositiveSmallIntegerField(
        _("threshold (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Consent poll: the share of agreeing votes among those who agree or disagree "
            "(any block rejects). Score poll: the mean score as a share of the highest score."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Content fields per language (translation.py).
    objects = MultilingualManager["Decision"]()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "polling", "adopted", "rejected"]),
                name="decision_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__lte=100) & Q(threshold_percent__lte=100),
                name="decision_percents_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(poll_opens_at__isnull=True)
                | Q(poll_closes_at__gt=models.F("poll_opens_at")),
                name="decision_poll_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse(
            "decisions:decision-detail",
            kwargs={
                "series_slug": self.edition.series.slug,
                "edition_slug": self.edition.slug,
                "pk": self.pk,
            },
        )

    @property
    def is_frozen(self) -> bool:
        """An adopted decision keeps its text; a change is a new version (decision_revise)."""
        return self.status == self.Status.ADOPTED


class DecisionVersion(models.Model):
    """One version of a decision as it was put to the vote, with its outcome; never edited."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    # {"en": …, "ru": …, "de": …}: the text as voted on, in every language it had.
    title = models.JSONField(_("title"))
    text = models.JSONField(_("text"))
    poll_kind = models.CharField(_("poll"), max_length=20, choices=Decision.PollKind.choices)
    is_adopted = models.BooleanField(_("adopted"))
    agree_count = models.PositiveIntegerField(_("agree"), default=0)
    abstain_count = models.PositiveIntegerField(_("abstain"), default=0)
    disagree_count = models.PositiveIntegerField(_("disagree"), default=0)
    block_count = models.PositiveIntegerField(_("block"), default=0)
    score_mean = models.FloatField(_("mean score"), null=True, blank=True)
    voter_count = models.PositiveIntegerField(_("votes"))
    participant_count = models.PositiveIntegerField(_("participants"))
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (%)"))
    threshold_percent = models.PositiveSmallIntegerField(_("threshold (%)"))
    decided_at = models.DateTimeField(_("decided at"))
    revised_at = models.DateTimeField(_("revised at"), null=True, blank=True)
    revision_reason = models.TextField(_("reason for the revision"), blank=True)

    class Meta:
        verbose_name = _("decision version")
        verbose_name_plural = _("decision versions")
        ordering = ["decision", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "version"], name="decision_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.decision} v{self.version}"

    @property
    def edition(self) -> Edition:
        return self.decision.edition


class Evidence(models.Model):
    """What a decision rests on, cited on its page.

    `kind` names where the evidence comes from. Kinds that point at a record of another app
    (a statement of the opinion map, a team's idea canvas, an observation, a challenge) keep the
    reference as a content type and id; the apps that own those records sit below decisions,
    so decisions.evidence imports their models to check and show them. Free text (a quote, a
    summary of a discussion) and a link need no other app.
    """

    class Kind(models.TextChoices):
        TEXT = "text", _("Note")
        LINK = "link", _("Link")
        STATEMENT = "statement", _("Statement")
        IDEA = "idea", _("Team idea")
        OBSERVATION = "observation", _("Observation")
        CHALLENGE = "challenge", _("Challenge")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("summary"))
    url = models.URLField(_("link"), blank=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    reference = GenericForeignKey("content_type", "object_id")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = MultilingualManager["Evidence"]()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="link") | ~Q(url=""), name="evidence_link_has_url"
            ),
            # A reference is whole (type and id) or absent.
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                name="evidence_reference_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary[:60]}"

    @property
    def edition(self) -> Edition:
        return self.decision.edition


class Vote(TimeStampedModel):
    class Choice(models.TextChoices):
        AGREE = "agree", _("Agree")
        ABSTAIN = "abstain", _("Abstain")
        DISAGREE = "disagree", _("Disagree")
        BLOCK = "block", _("Block")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    # The version voted on: a revised decision is voted on afresh.
    version = models.PositiveIntegerField(_("version"))
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="decision_votes"
    )
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "version", "voter"], name="vote_one_per_voter_and_version"
            ),
            # A consent vote has a choice, a score vote a score; never both, never neither.
            models.CheckConstraint(
                condition=(Q(score__isnull=True) & ~Q(choice=""))
                | (Q(score__isnull=False) & Q(choice="")),
                name="vote_choice_or_score",
            ),
            models.CheckConstraint(
                condition=~Q(choice="block") | ~Q(reason=""), name="vote_block_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter} on {self.decision}"


class Commitment(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    # The moves commitment_status_move() accepts; dropping needs a reason.
    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        Status.PLANNED: (Status.IN_PROGRESS, Status.DROPPED),
        Status.IN_PROGRESS: (Status.DONE, Status.DROPPED),
        Status.DONE: (),
        Status.DROPPED: (),
    }
    OPEN_STATUSES: ClassVar[tuple[str, ...]] = (Status.PLANNED, Status.IN_PROGRESS)

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="commitments")
    # The person who answers for the commitment and posts its updates.
    committer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("committer"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    # The organisation the person commits for; none when they commit in their own name.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    what = models.TextField(_("what"))
    resources = models.TextField(_("resources"), blank=True)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "done", "dropped"]),
                name="commitment_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(drop_reason=""),
                name="commitment_dropped_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.who}: {self.what[:60]}"

    @property
    def edition(self) -> Edition:
        return self.decision.edition

    @property
    def who(self) -> str:
        return str(self.organisation) if self.organisation_id else str(self.committer)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def allowed_moves(self) -> tuple[str, ...]:
        return self.TRANSITIONS[self.status]


class CommitmentUpdate(TimeStampedModel):
    """One dated step of a commitment's follow-up: what happened, with a photo or a link."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    happened_on = models.DateField(_("date"))
    text = models.TextField(_("text"))
    photo = models.ImageField(_("photo"), upload_to="commitments/", blank=True)
    link = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.text[:60]}"

    @property
    def edition(self) -> Edition:
        return self.commitment.decision.edition


class Reminder(models.Model):
    """One reminder e-mail about a commitment's due date; the row is the claim that it is sent.

    The unique constraint makes planning it twice harmless; `sent_at` is set in the same
    transaction as the sending (decisions.reminders), so a worker that dies before committing
    leaves it unsent for the next run, and one that committed is never asked again.
    """

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("Before the due date")
        AFTER_DUE = "after_due", _("After the due date")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The due date it reminds of: a moved due date gets reminders of its own.
    due_on = models.DateField(_("due on"))
    send_on = models.DateField(_("send on"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "kind", "due_on"], name="reminder_once_per_due_date"
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "send_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on} ({self.commitment_id})"
