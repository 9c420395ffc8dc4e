"""The open call of an edition: its questions, the applications, the review criteria and reviews."""

import datetime as dt
from collections.abc import Collection
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from impactdays.common.models import TimeStampedModel
from impactdays.forums.models import Edition

SCORE_MIN = 0
SCORE_MAX = 5


class Call(TimeStampedModel):
    """An edition's open call: when people may apply, how many seats, how applications are reviewed."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="call")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    seats = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    is_review_anonymised = models.BooleanField(
        _("anonymised review"),
        default=False,
        help_text=_(
            "Reviewers do not see the applicant's name and organisation, nor the answers that "
            "could identify them (country, language, short answers)."
        ),
    )

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="call_seats_positive"),
            models.CheckConstraint(
                condition=Q(reviewers_per_application__gte=1),
                name="call_reviewers_per_application_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_at(self, moment: dt.datetime) -> bool:
        return self.opens_at <= moment < self.closes_at


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        CHOICE = "choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        YES_NO = "yes_no", _("Yes or no")
        COUNTRY = "country", _("Country")
        LANGUAGE = "language", _("Language")
        CONSENT = "consent", _("Consent")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("label"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "key"], name="question_unique_key_in_call"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def edition(self) -> Edition:
        return self.call.edition

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.CHOICE, self.Kind.MULTIPLE_CHOICE)


class QuestionChoice(models.Model):
    """One choice of a choice question, stored as a row so that its label can be translated."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "key"], name="choice_unique_key_in_question"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Application(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The moves the services accept; an applicant edits a submitted application in place.
    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        Status.DRAFT: (Status.SUBMITTED, Status.WITHDRAWN),
        Status.SUBMITTED: (Status.WITHDRAWN,),
        Status.WITHDRAWN: (),
    }

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # {question key: answer}: a string, a list of choice keys (multiple choice) or a boolean
    # (consent); services.answers_clean is the only writer and checks each against its question.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant"],
                name="application_one_per_person_in_call",
                violation_error_message=_("You have already applied to this call."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "withdrawn"]),
                name="application_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} — {self.call}"

    @property
    def edition(self) -> Edition:
        return self.call.edition

    def scoped_role_holders(self, role: str) -> Collection[int] | None:
        """The applicant alone holds the "applicant" role of their application."""
        return [self.applicant_id] if role == "applicant" else None

    @property
    def reference(self) -> str:
        """How an anonymised review names the application."""
        return f"A-{self.pk:04d}"


class Criterion(models.Model):
    """A weighted criterion reviewers score every application on, from SCORE_MIN to SCORE_MAX."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("label"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def edition(self) -> Edition:
        return self.call.edition


class Review(TimeStampedModel):
    """One reviewer's assignment to one application; scored once submitted_at is set."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The weighted mean of the scores, kept when the review is submitted: lists sort on it.
    weighted_score = models.FloatField(_("weighted score"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="review_one_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} — {self.application_id}"

    @property
    def edition(self) -> Edition:
        return self.application.call.edition

    def scoped_role_holders(self, role: str) -> Collection[int] | None:
        """Only the assigned reviewer reviews this application."""
        return [self.reviewer_id] if role == "reviewer" else None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN) & Q(value__lte=SCORE_MAX),
                name="score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Quota(models.Model):
    """Bounds on how many of the drawn panel give `value` to the question `category`."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="quotas")
    category = models.SlugField(_("question key"), max_length=50)
    value = models.CharField(_("answer"), max_length=50)
    minimum = models.PositiveIntegerField(_("minimum"), default=0)
    maximum = models.PositiveIntegerField(_("maximum"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["category", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "category", "value"],
                name="quota_unique_value_in_call",
                violation_error_message=_("This answer already has a quota."),
            ),
            models.CheckConstraint(
                condition=Q(maximum__gte=F("minimum")),
                name="quota_maximum_at_least_minimum",
                violation_error_message=_("The maximum must be at least the minimum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}={self.value} [{self.minimum}, {self.maximum}]"

    @property
    def edition(self) -> Edition:
        return self.call.edition


class SelectionRun(models.Model):
    """One LEXIMIN lottery over the call's pool: its inputs as the files `impactdays select` reads,
    every applicant's probability, the panel distribution, the seed and the panel drawn.

    A run is stored "queued" with its inputs and seed; a background task computes it ("running")
    and stores the results ("done") or the reason it could not ("failed").
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Step(models.TextChoices):
        WAITING = "waiting", _("Waiting for a worker")
        PROBABILITIES = "probabilities", _("Computing every applicant's chance")
        DRAWING = "drawing", _("Drawing the panel")
        FINISHED = "finished", _("Finished")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="selection_runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    method = models.CharField(_("method"), max_length=20, default="leximin")
    seed = models.BigIntegerField(_("seed"))
    panel_size = models.PositiveIntegerField(_("panel size"))
    # The two CSV files of `impactdays select`, byte for byte: anyone re-runs the draw from them.
    quotas_csv = models.TextField(_("quotas file"))
    people_csv = models.TextField(_("people file"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.WAITING)
    # Set for large pools: the computation stops after this many seconds with the best lottery
    # found so far, which is then not certified to be the exact LEXIMIN (is_exact is False).
    time_limit_seconds = models.FloatField(_("time limit in seconds"), null=True, blank=True)
    is_exact = models.BooleanField(_("exact LEXIMIN"), default=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    probabilities = models.JSONField(_("probabilities"), default=dict)  # {person id: p}
    # {"types": [[values…]…], "panels": [[count per type]…], "weights": […]}
    distribution = models.JSONField(_("panel distribution"), default=dict)
    panel = models.JSONField(_("panel"), default=list)  # person ids, ascending
    minimum_probability = models.FloatField(_("minimum probability"), null=True, blank=True)
    gini = models.FloatField(_("Gini coefficient"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration in seconds"), null=True, blank=True)
    # Set when the organisers publish the run: its page and files become public then.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("selection run")
        verbose_name_plural = _("selection runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="selection_run_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(minimum_probability__isnull=False),
                name="selection_run_done_has_results",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call} — {self.created_at:%Y-%m-%d %H:%M} (seed {self.seed})"

    @property
    def is_pending(self) -> bool:
        """Queued or running: the page polls until the run is done or failed."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def edition(self) -> Edition:
        return self.call.edition


class Invitation(models.Model):
    """A drawn applicant's invitation: confirmed or declined by its deadline, else expired.

    A decline or an expiry draws a replacement from the waiting list (`replaces` links them).
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        Status.INVITED: (Status.CONFIRMED, Status.DECLINED, Status.EXPIRED),
        Status.CONFIRMED: (),
        Status.DECLINED: (),
        Status.EXPIRED: (),
    }

    run = models.ForeignKey(SelectionRun, on_delete=models.PROTECT, related_name="invitations")
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="invitation"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INVITED
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    respond_by = models.DateTimeField(_("respond by"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replacement",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["invited_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} — {self.get_status_display()}"

    @property
    def edition(self) -> Edition:
        return self.run.call.edition
