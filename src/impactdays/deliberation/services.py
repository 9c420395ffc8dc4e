"""Every write on deliberation data. Views and the API check permissions first (voter_join checks
who may vote itself, as it is the door every voter passes); these enforce state rules."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from impactdays.challenges.models import Challenge
from impactdays.common.services import audit_record
from impactdays.common.translated import Translations, full_clean_translated, translations_apply
from impactdays.deliberation.analysis import analysis_request
from impactdays.deliberation.models import Conversation, Statement, Vote, Voter
from impactdays.deliberation.rules import anonymous_may_vote
from impactdays.forums.models import Edition
from impactdays.people.models import User

VOTE_VALUES = (-1, 0, 1)


def conversation_create(
    *,
    edition: Edition,
    actor: User | None,
    topic: "str | Translations",
    description: "str | Translations" = "",
    voters: str = Conversation.Voters.PARTICIPANTS,
    moderation: str = Conversation.Moderation.POST,
    statement_length: int = 140,
    seed_statements: list[str] | None = None,
    challenge: Challenge | None = None,
) -> Conversation:
    """A new open conversation with its seed statements (accepted from the start).

    Errors: ValidationError for a missing topic, an unknown choice, a length limit out of range,
    a challenge of another edition, or a bad seed statement; nothing is stored then.
    """
    _check_challenge(edition, challenge)
    with transaction.atomic():
        conversation = Conversation(
            edition=edition,
            voters=voters,
            moderation=moderation,
            statement_length=statement_length,
            challenge=challenge,
        )
        translations_apply(conversation, {"topic": topic, "description": description})
        full_clean_translated(conversation)
        conversation.save()
        for text in seed_statements or []:
            statement_submit(conversation=conversation, author=None, text=text, is_seed=True)
        audit_record(
            actor=actor, action="conversation_create", target=conversation, edition=edition
        )
    return conversation


def _check_challenge(edition: Edition, challenge: Challenge | None) -> None:
    if challenge is not None and challenge.edition_id != edition.pk:
        raise ValidationError(
            {"challenge": _("The challenge belongs to another edition.")}, code="edition"
        )


def conversation_update(
    *,
    conversation: Conversation,
    actor: User | None,
    topic: "str | Translations",
    description: "str | Translations",
    voters: str,
    moderation: str,
    statement_length: int,
    challenge: Challenge | None,
) -> None:
    """Change a conversation's texts and rules; statements and votes stay as they are.

    Errors: ValidationError as for conversation_create; nothing is stored then.
    """
    _check_challenge(conversation.edition, challenge)
    with transaction.atomic():
        conversation.voters = voters
        conversation.moderation = moderation
        conversation.statement_length = statement_length
        conversation.challenge = challenge
        translations_apply(conversation, {"topic": topic, "description": description})
        full_clean_translated(conversation)
        conversation.save()
        audit_record(
            actor=actor,
            action="conversation_update",
            target=conversation,
            edition=conversation.edition,
        )


def statement_seed_add(*, conversation: Conversation, actor: User | None, text: str) -> Statement:
    """An organiser's seed statement, accepted at once (also in a closed conversation).

    Errors: ValidationError for empty or over-long text.
    """
    with transaction.atomic():
        statement = statement_submit(
            conversation=conversation, author=None, text=text, is_seed=True
        )
        audit_record(
            actor=actor, action="statement_seed_add", target=statement, edition=conversation.edition
        )
    return statement


def conversation_set_open(*, conversation: Conversation, actor: User | None, is_open: bool) -> None:
    """Open or close a conversation for statements and votes."""
    with transaction.atomic():
        conversation.is_open = is_open
        conversation.save(update_fields=["is_open", "updated_at"])
        audit_record(
            actor=actor,
            action="conversation_set_open",
            target=conversation,
            data={"is_open": is_open},
            edition=conversation.edition,
        )


def _locked(conversation: Conversation) -> Conversation:
    """Lock the conversation's row until the transaction ends (numbering voters and statements)."""
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


def _next_number(model: type[models.Model], conversation: Conversation) -> int:
    highest = model._default_manager.filter(conversation=conversation).aggregate(
        highest=Max("number")
    )["highest"]
    return 0 if highest is None else highest + 1


def _ensure_open(conversation: Conversation) -> None:
    if not conversation.is_open:
        raise ValidationError(_("This conversation is closed."), code="closed")


def voter_join(
    *, conversation: Conversation, user: User | Any, browser_key: str | None = None
) -> Voter:
    """The conversation's voter for a signed-in user, or for an anonymous browser's key.

    The same person always gets the same voter, also when two requests arrive at once.
    Errors: PermissionDenied for someone who may not vote here; ValidationError when closed.
    """
    _ensure_open(conversation)
    if user is not None and user.is_authenticated:
        if not user.has_perm("deliberation.vote", conversation):
            raise PermissionDenied(_("You may not vote in this conversation."))
        lookup: dict[str, Any] = {"user": user}
    else:
        if not browser_key or not anonymous_may_vote(conversation):
            raise PermissionDenied(_("Sign in to vote in this conversation."))
        lookup = {"browser_key": browser_key}
    existing = Voter.objects.filter(conversation=conversation, **lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            _locked(conversation)
            existing = Voter.objects.filter(conversation=conversation, **lookup).first()
            if existing is not None:
                return existing
            return Voter.objects.create(
                conversation=conversation, number=_next_number(Voter, conversation), **lookup
            )
    except IntegrityError:
        # Another request created this voter (or took the number) meanwhile.
        existing = Voter.objects.filter(conversation=conversation, **lookup).first()
        if existing is None:
            raise
        return existing


def statement_submit(
    *, conversation: Conversation, author: Voter | None, text: str, is_seed: bool = False
) -> Statement:
    """A new statement; seeds are accepted at once, others wait for moderation.

    Errors: ValidationError for empty or over-long text, or a closed conversation.
    """
    text = " ".join(text.split()) if isinstance(text, str) else ""
    if not text:
        raise ValidationError({"text": _("Write a statement.")}, code="empty")
    if len(text) > conversation.statement_length:
        raise ValidationError(
            {
                "text": _("A statement has at most %(limit)d characters; this one has %(length)d.")
                % {"limit": conversation.statement_length, "length": len(text)}
            },
            code="too_long",
        )
    if not is_seed:
        _ensure_open(conversation)
    if author is not None and author.conversation_id != conversation.pk:
        raise ValidationError(_("The author does not belong to this conversation."))
    with transaction.atomic():
        _locked(conversation)
        return Statement.objects.create(
            conversation=conversation,
            number=_next_number(Statement, conversation),
            author=author,
            text=text,
            is_seed=is_seed,
            moderation=Statement.Moderation.ACCEPTED
            if is_seed
            else Statement.Moderation.UNMODERATED,
        )


def statement_moderate(*, statement: Statement, actor: User | None, moderation: object) -> None:
    """Accept or hide a statement (hidden statements leave voting and the analysis).

    Errors: ValidationError for anything but -1 (hidden), 0 (not yet moderated) or 1 (accepted).
    """
    if (
        isinstance(moderation, bool)
        or not isinstance(moderation, int)
        or moderation not in Statement.Moderation.values
    ):
        raise ValidationError(_("Unknown moderation state."), code="invalid")
    with transaction.atomic():
        statement.moderation = moderation
        statement.save(update_fields=["moderation", "updated_at"])
        audit_record(
            actor=actor,
            action="statement_moderate",
            target=statement,
            data={"moderation": moderation},
            edition=statement.conversation.edition,
        )
        analysis_request(statement.conversation_id)


def vote_cast(*, voter: Voter, statement: Statement, value: object) -> None:
    """Store the voter's vote on the statement; a later vote replaces the earlier one.

    One row per voter and statement whatever the concurrency (a unique constraint and an upsert).
    Errors: ValidationError for a value other than -1, 0 or 1 (True and False are not votes), a
    statement of another conversation, a hidden statement or a closed conversation.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value not in VOTE_VALUES:
        raise ValidationError(
            {"value": _("A vote is -1 (disagree), 0 (pass) or 1 (agree).")}, code="invalid"
        )
    conversation = statement.conversation
    if voter.conversation_id != conversation.pk:
        raise ValidationError(_("This statement belongs to another conversation."))
    with transaction.atomic():
        # Read the statement's moderation and the conversation's state afresh, under a shared
        # lock that a moderator's hide or an organiser's closing waits for: a vote is either
        # stored before the hide (and stays, moderated out of the analysis) or refused after it.
        is_open, conversation_moderation, moderation = _vote_target_locked(statement)
        if not is_open:
            raise ValidationError(_("This conversation is closed."), code="closed")
        visible = moderation == Statement.Moderation.ACCEPTED or (
            moderation == Statement.Moderation.UNMODERATED
            and conversation_moderation == Conversation.Moderation.POST
        )
        if not visible:
            raise ValidationError(_("This statement is not open for votes."), code="hidden")
        Vote.objects.bulk_create(
            [
                Vote(
                    conversation=conversation,
                    voter=voter,
                    statement=statement,
                    value=value,
                    voted_at=timezone.now(),
                )
            ],
            update_conflicts=True,
            unique_fields=["voter", "statement"],
            update_fields=["value", "voted_at"],
        )
        analysis_request(conversation.pk)


def _vote_target_locked(statement: Statement) -> tuple[bool, str, int]:
    """The conversation's openness and moderation mode and the statement's moderation, read under
    a shared row lock on PostgreSQL (FOR SHARE: voters do not wait for each other, a moderator's
    UPDATE waits for them). SQLite's immediate transactions already hold the write lock."""
    statements = Statement._meta.db_table
    conversations = Conversation._meta.db_table
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.is_open, c.moderation, s.moderation FROM {statements} s "  # noqa: S608
            f"JOIN {conversations} c ON c.id = s.conversation_id WHERE s.id = %s{lock}",
            [statement.pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise ValidationError(_("This statement is not open for votes."), code="hidden")
    return bool(row[0]), str(row[1]), int(row[2])
