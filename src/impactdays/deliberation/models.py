"""Conversations in the manner of Pol.is: short statements, and one agree / disagree / pass vote
per person and statement (the latest counts)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from impactdays.challenges.models import Challenge
from impactdays.common.models import TimeStampedModel
from impactdays.forums.models import Edition

STATEMENT_LENGTH_MIN = 20
STATEMENT_LENGTH_MAX = 2000


class Conversation(TimeStampedModel):
    """One question put to an edition's people."""

    class Voters(models.TextChoices):
        PARTICIPANTS = "participants", _("the edition's participants")
        SIGNED_IN = "signed_in", _("signed-in visitors")
        ANONYMOUS = "anonymous", _("anonymous visitors")

    class Moderation(models.TextChoices):
        PRE = "pre", _("before statements are shown")
        POST = "post", _("after statements are shown")

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="conversations"
    )
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
        help_text=_("The challenge this conversation is about, if any."),
    )
    topic = models.CharField(_("topic"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_open = models.BooleanField(_("open for statements and votes"), default=True)
    voters = models.CharField(
        _("who may vote"), max_length=20, choices=Voters.choices, default=Voters.PARTICIPANTS
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.POST
    )
    statement_length = models.PositiveSmallIntegerField(
        _("longest statement (characters)"),
        default=140,
        validators=[
            MinValueValidator(STATEMENT_LENGTH_MIN),
            MaxValueValidator(STATEMENT_LENGTH_MAX),
        ],
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.topic


class Voter(models.Model):
    """A person in one conversation: a signed-in user, or an anonymous browser, or an imported id.

    `number` is the Pol.is participant id, unique in the conversation; exports write it.
    """

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="voters_set",
    )
    number = models.PositiveIntegerField(_("number"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A random key kept in the anonymous visitor's browser (a signed cookie); never shown.
    # NULL for the signed-in and the imported, so that the unique constraint ignores them.
    browser_key = models.CharField(  # noqa: DJ001
        _("browser key"), max_length=64, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="deliberation_voter_number_unique"
            ),
            models.UniqueConstraint(
                fields=["conversation", "user"], name="deliberation_voter_user_unique"
            ),
            models.UniqueConstraint(
                fields=["conversation", "browser_key"], name="deliberation_voter_browser_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.number}"

    @property
    def edition(self) -> Edition:
        return self.conversation.edition


class Statement(TimeStampedModel):
    """A short statement to vote on. `number` is the Pol.is comment id, unique in the conversation."""

    class Moderation(models.IntegerChoices):
        # The values of Pol.is's `moderated` column.
        REJECTED = -1, _("hidden")
        UNMODERATED = 0, _("not yet moderated")
        ACCEPTED = 1, _("accepted")

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(
        Voter,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    text = models.TextField(_("text"))
    is_seed = models.BooleanField(_("seed statement"), default=False)
    moderation = models.SmallIntegerField(
        _("moderation"), choices=Moderation.choices, default=Moderation.UNMODERATED
    )

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="deliberation_statement_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def edition(self) -> Edition:
        return self.conversation.edition

    @property
    def is_visible(self) -> bool:
        """Shown to voters: accepted, or not yet moderated in a post-moderated conversation."""
        if self.moderation == self.Moderation.ACCEPTED:
            return True
        return (
            self.moderation == self.Moderation.UNMODERATED
            and self.conversation.moderation == Conversation.Moderation.POST
        )


class Vote(models.Model):
    """A person's latest vote on a statement: agree 1, disagree -1, pass 0."""

    class Value(models.IntegerChoices):
        AGREE = 1, _("agree")
        PASS = 0, _("pass")
        DISAGREE = -1, _("disagree")

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    voter = models.ForeignKey(
        Voter, verbose_name=_("voter"), on_delete=models.CASCADE, related_name="votes"
    )
    statement = models.ForeignKey(
        Statement, verbose_name=_("statement"), on_delete=models.CASCADE, related_name="votes"
    )
    value = models.SmallIntegerField(_("vote"), choices=Value.choices)
    voted_at = models.DateTimeField(_("voted at"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["voter", "statement"], name="deliberation_vote_once_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 0, 1]), name="deliberation_vote_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} {self.statement_id} {self.value}"


class Analysis(models.Model):
    """The latest opinion analysis of a conversation, and the engine's state to start the next from.

    `result` holds what the pages show (JSON): groups, each voter's position and group,
    representative, consensus and divisive statements by statement id, and the priorities.
    `votes_until` is the time of the newest vote the state includes.
    """

    conversation = models.OneToOneField(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="analysis",
    )
    state = models.BinaryField(_("engine state"))
    result = models.JSONField(_("result"), default=dict)
    votes_until = models.DateTimeField(_("votes until"))
    analysed_at = models.DateTimeField(_("analysed at"))

    class Meta:
        verbose_name = _("analysis")
        verbose_name_plural = _("analyses")

    def __str__(self) -> str:
        return f"{self.conversation_id} @ {self.analysed_at}"
