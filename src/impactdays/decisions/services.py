"""Every write on decisions and their polls (commitments: decisions.commitments).

Views and the API check permissions first; these enforce state and time rules, and refuse with
a ValidationError whose message a person can read. Each runs in one transaction behind the
edition's write guard, so a refusal leaves the database as it was.
"""

import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from impactdays.common.services import audit_record
from impactdays.common.translated import (
    Translations,
    full_clean_translated,
    translations_apply,
    translations_of,
)
from impactdays.decisions.evidence import evidence_kind
from impactdays.decisions.models import (
    SCORE_MAX,
    SCORE_MIN,
    Decision,
    DecisionVersion,
    Evidence,
    Vote,
)
from impactdays.decisions.polls import Tally, consent_adopted, score_adopted
from impactdays.forums.models import Edition, EditionRole
from impactdays.forums.services import edition_lock_for_write
from impactdays.people.models import User


def decision_locked(decision: Decision) -> Decision:
    """Lock the edition (refusing a frozen one), then the decision; return it fresh."""
    edition_lock_for_write(decision.edition)
    return (
        Decision.objects.select_for_update().select_related("edition__series").get(pk=decision.pk)
    )


def _refuse_unless_draft(decision: Decision) -> None:
    if decision.status == Decision.Status.ADOPTED:
        raise ValidationError(
            _("This decision is adopted and frozen; revise it to make a new version.")
        )
    if decision.status != Decision.Status.DRAFT:
        raise ValidationError(_("Only a draft decision can change; this one is not a draft."))


# Drafting.


def decision_create(
    *,
    edition: Edition,
    title: str | Translations,
    text: str | Translations,
    actor: User | None,
) -> Decision:
    """Draft a decision in the edition, placed after the others.

    Raises ValidationError when the edition is frozen or the title or text is missing.
    """
    with transaction.atomic():
        edition = edition_lock_for_write(edition)
        last = Decision.objects.filter(edition=edition).aggregate(last=Max("position"))["last"]
        decision = Decision(
            edition=edition,
            created_by=actor,
            position=0 if last is None else last + 1,
        )
        translations_apply(decision, {"title": title, "text": text})
        full_clean_translated(decision)
        decision.save()
        audit_record(actor=actor, action="decision_create", target=decision, edition=edition)
    return decision


def decision_update(
    *,
    decision: Decision,
    actor: User | None,
    title: str | Translations | None = None,
    text: str | Translations | None = None,
) -> Decision:
    """Change a draft's title or text. Raises ValidationError when it is not a draft."""
    changes = {name: value for name, value in (("title", title), ("text", text)) if value}
    with transaction.atomic():
        decision = decision_locked(decision)
        _refuse_unless_draft(decision)
        columns = translations_apply(decision, changes)
        full_clean_translated(decision)
        decision.save(update_fields=[*columns, "updated_at"])
        audit_record(
            actor=actor,
            action="decision_update",
            target=decision,
            edition=decision.edition,
            data={"fields": sorted(changes)},
        )
    return decision


def evidence_add(
    *,
    decision: Decision,
    kind: str,
    summary: str | Translations,
    url: str = "",
    reference_id: int | None = None,
    actor: User | None,
) -> Evidence:
    """Cite evidence on a draft decision: a note, a link with a summary, or a record of the
    edition (a consensus statement, a team's idea, an observation, a challenge) by its id.

    Raises ValidationError for a kind that cannot be cited, a link without its address, a record
    that does not exist, belongs to another edition or is hidden from the public, or a decision
    that is not a draft (the evidence belongs to the text put to the vote).
    """
    citable = evidence_kind(kind)
    if citable is None:
        raise ValidationError({"kind": _("This kind of evidence cannot be cited yet.")})
    if citable.needs_url and not url:
        raise ValidationError({"url": _("Give the address of the link.")})
    with transaction.atomic():
        decision = decision_locked(decision)
        _refuse_unless_draft(decision)
        evidence = Evidence(decision=decision, kind=kind, url=url)
        if citable.model is not None:
            evidence.reference = _evidence_record(
                decision=decision, kind=kind, reference_id=reference_id
            )
        elif reference_id is not None:
            raise ValidationError({"reference": _("A note or a link cites no record.")})
        last = decision.evidence.aggregate(last=Max("position"))["last"]
        evidence.position = 0 if last is None else last + 1
        translations_apply(evidence, {"summary": summary})
        full_clean_translated(evidence)
        evidence.save()
        audit_record(
            actor=actor,
            action="evidence_add",
            target=evidence,
            edition=decision.edition,
            data={"decision": decision.pk, "kind": kind, "reference": reference_id},
        )
    return evidence


def _evidence_record(*, decision: Decision, kind: str, reference_id: int | None) -> Model:
    """The record of that kind and id that the decision may cite, or a readable refusal."""
    citable = evidence_kind(kind)
    if citable is None or citable.loaded is None or citable.edition_id_of is None:
        raise ValidationError({"kind": _("This kind of evidence cites no record.")})
    if reference_id is None:
        raise ValidationError({"reference": _("Choose the record to cite.")})
    named = {"kind": citable.label, "id": reference_id}
    record: Model | None = citable.loaded().filter(pk=reference_id).first()
    if record is None:
        raise ValidationError({"reference": _("%(kind)s %(id)s does not exist.") % named})
    if citable.edition_id_of(record) != decision.edition_id:
        raise ValidationError(
            {"reference": _("%(kind)s %(id)s belongs to another edition.") % named}
        )
    if not citable.is_public(record):
        raise ValidationError(
            {
                "reference": _("%(kind)s %(id)s is hidden from the public, so it cannot be cited.")
                % named
            }
        )
    return record


def evidence_remove(*, evidence: Evidence, actor: User | None) -> None:
    """Remove evidence from a draft decision. Raises ValidationError when it is not a draft."""
    with transaction.atomic():
        decision = decision_locked(evidence.decision)
        _refuse_unless_draft(decision)
        audit_record(
            actor=actor,
            action="evidence_remove",
            target=evidence,
            edition=decision.edition,
            data={"decision": decision.pk, "summary": evidence.summary},
        )
        evidence.delete()


# The poll.


def decision_poll_open(
    *,
    decision: Decision,
    poll_kind: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    quorum_percent: int,
    threshold_percent: int,
    actor: User | None,
) -> Decision:
    """Put a draft to the participants' vote between opens_at and closes_at.

    Raises ValidationError when the decision is not a draft, the poll closes before it opens or
    in the past, or a percentage is out of 0 to 100.
    """
    if poll_kind not in Decision.PollKind.values:
        raise ValidationError({"poll_kind": _("Choose a consent poll or a score poll.")})
    if closes_at <= opens_at:
        raise ValidationError({"poll_closes_at": _("The poll must close after it opens.")})
    if closes_at <= timezone.now():
        raise ValidationError({"poll_closes_at": _("The poll must close in the future.")})
    with transaction.atomic():
        decision = decision_locked(decision)
        _refuse_unless_draft(decision)
        decision.poll_kind = poll_kind
        decision.poll_opens_at = opens_at
        decision.poll_closes_at = closes_at
        decision.quorum_percent = quorum_percent
        decision.threshold_percent = threshold_percent
        decision.status = Decision.Status.POLLING
        full_clean_translated(decision)
        decision.save()
        audit_record(
            actor=actor,
            action="decision_poll_open",
            target=decision,
            edition=decision.edition,
            data={
                "poll_kind": poll_kind,
                "quorum_percent": quorum_percent,
                "threshold_percent": threshold_percent,
            },
        )
    return decision


def _is_participant(user: User, edition: Edition) -> bool:
    return EditionRole.objects.filter(
        edition=edition, user=user, role=EditionRole.Role.PARTICIPANT
    ).exists()


def _vote_clean(
    decision: Decision, choice: str | None, score: int | None, reason: str
) -> tuple[str, int | None]:
    """The vote as stored (choice, score), or ValidationError naming what is wrong."""
    if decision.poll_kind == Decision.PollKind.CONSENT:
        if score is not None or choice not in Vote.Choice.values:
            raise ValidationError({"choice": _("Choose one of: agree, abstain, disagree, block.")})
        if choice == Vote.Choice.BLOCK and not reason.strip():
            raise ValidationError({"reason": _("Say why you block this decision.")})
        return choice, None
    if choice or score is None or not SCORE_MIN <= score <= SCORE_MAX:
        raise ValidationError(
            {
                "score": _("Give a score from %(min)s to %(max)s.")
                % {"min": SCORE_MIN, "max": SCORE_MAX}
            }
        )
    return "", score


def vote_cast(
    *,
    decision: Decision,
    voter: User,
    choice: str | None = None,
    score: int | None = None,
    reason: str = "",
) -> Vote:
    """Cast or change the voter's vote on the decision's current version.

    Preconditions: the poll is open now, the voter is a participant of the edition.
    Raises ValidationError (and stores nothing) when the poll is not open yet or any more,
    the voter is no participant, or the vote does not fit the poll (a block needs a reason).
    """
    with transaction.atomic():
        decision = decision_locked(decision)
        now = timezone.now()
        if decision.status != Decision.Status.POLLING or decision.poll_closes_at is None:
            raise ValidationError(_("This decision is not put to the vote."))
        if decision.poll_opens_at is not None and now < decision.poll_opens_at:
            raise ValidationError(_("The poll is not open yet."))
        if now >= decision.poll_closes_at:
            raise ValidationError(_("The poll is closed."))
        if not _is_participant(voter, decision.edition):
            raise ValidationError(_("Only the edition's participants vote on its decisions."))
        clean_choice, clean_score = _vote_clean(decision, choice, score, reason)
        vote, _created = Vote.objects.update_or_create(
            decision=decision,
            version=decision.version,
            voter=voter,
            defaults={"choice": clean_choice, "score": clean_score, "reason": reason.strip()},
        )
    return vote


def decision_tally(decision: Decision) -> Tally:
    """The counts of the decision's current poll, and how many participants could vote."""
    votes = list(
        Vote.objects.filter(
            decision=decision,
            version=decision.version,
            voter__edition_roles__edition=decision.edition,
            voter__edition_roles__role=EditionRole.Role.PARTICIPANT,
        ).values_list("choice", "score")
    )
    choices = Counter(choice for choice, _score in votes if choice)
    return Tally(
        participant_count=EditionRole.objects.filter(
            edition=decision.edition, role=EditionRole.Role.PARTICIPANT
        ).count(),
        agree=choices[Vote.Choice.AGREE],
        abstain=choices[Vote.Choice.ABSTAIN],
        disagree=choices[Vote.Choice.DISAGREE],
        block=choices[Vote.Choice.BLOCK],
        scores=tuple(score for _choice, score in votes if score is not None),
    )


def decision_outcome_record(*, decision: Decision, actor: User | None) -> DecisionVersion:
    """Close a poll whose time is over and record its outcome: adopted or rejected.

    Effects: the version voted on is kept as a DecisionVersion with the counts, the quorum and
    the threshold; the decision becomes adopted (frozen) or rejected. Raises ValidationError
    when no poll is running or it has not closed yet.
    """
    with transaction.atomic():
        decision = decision_locked(decision)
        if decision.status != Decision.Status.POLLING or decision.poll_closes_at is None:
            raise ValidationError(_("This decision is not put to the vote."))
        now = timezone.now()
        if now < decision.poll_closes_at:
            raise ValidationError(
                _("The poll is still open; its outcome is recorded once it closes.")
            )
        tally = decision_tally(decision)
        rule = consent_adopted if decision.poll_kind == Decision.PollKind.CONSENT else score_adopted
        is_adopted = rule(
            tally,
            quorum_percent=decision.quorum_percent,
            threshold_percent=decision.threshold_percent,
        )
        version = DecisionVersion.objects.create(
            decision=decision,
            version=decision.version,
            title=translations_of(decision, "title"),
            text=translations_of(decision, "text"),
            poll_kind=decision.poll_kind,
            is_adopted=is_adopted,
            agree_count=tally.agree,
            abstain_count=tally.abstain,
            disagree_count=tally.disagree,
            block_count=tally.block,
            score_mean=tally.score_mean,
            voter_count=tally.voter_count,
            participant_count=tally.participant_count,
            quorum_percent=decision.quorum_percent,
            threshold_percent=decision.threshold_percent,
            decided_at=now,
        )
        decision.status = Decision.Status.ADOPTED if is_adopted else Decision.Status.REJECTED
        decision.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="decision_outcome_record",
            target=decision,
            edition=decision.edition,
            data={"version": version.version, "is_adopted": is_adopted},
        )
    return version


def decision_outcome_record_in_room(
    *,
    decision: Decision,
    agree: int,
    abstain: int,
    disagree: int,
    block: int,
    decided_at: dt.datetime,
    actor: User | None,
    quorum_percent: int | None = None,
    threshold_percent: int | None = None,
) -> DecisionVersion:
    """Record a consent vote taken in the room (cards shown, counted by the facilitators).

    For a draft whose vote happened on site rather than online; the quorum and threshold given
    (else the decision's own) apply as for a poll. Raises ValidationError when the decision is not a draft,
    a count is negative, more people voted than the edition has participants, or the time is
    in the future.
    """
    counts = {"agree": agree, "abstain": abstain, "disagree": disagree, "block": block}
    if any(count < 0 for count in counts.values()):
        raise ValidationError(_("Counts cannot be negative."))
    if decided_at > timezone.now():
        raise ValidationError(_("The vote cannot be in the future."))
    with transaction.atomic():
        decision = decision_locked(decision)
        _refuse_unless_draft(decision)
        participants = EditionRole.objects.filter(
            edition=decision.edition, role=EditionRole.Role.PARTICIPANT
        ).count()
        if quorum_percent is not None:
            decision.quorum_percent = quorum_percent
        if threshold_percent is not None:
            decision.threshold_percent = threshold_percent
        full_clean_translated(decision)
        tally = Tally(
            participant_count=participants,
            agree=agree,
            abstain=abstain,
            disagree=disagree,
            block=block,
        )
        if tally.voter_count > participants:
            raise ValidationError(
                _("More votes than the edition has participants (%(count)s).")
                % {"count": participants}
            )
        is_adopted = consent_adopted(
            tally,
            quorum_percent=decision.quorum_percent,
            threshold_percent=decision.threshold_percent,
        )
        version = DecisionVersion.objects.create(
            decision=decision,
            version=decision.version,
            title=translations_of(decision, "title"),
            text=translations_of(decision, "text"),
            poll_kind=Decision.PollKind.CONSENT,
            is_adopted=is_adopted,
            agree_count=agree,
            abstain_count=abstain,
            disagree_count=disagree,
            block_count=block,
            voter_count=tally.voter_count,
            participant_count=participants,
            quorum_percent=decision.quorum_percent,
            threshold_percent=decision.threshold_percent,
            decided_at=decided_at,
        )
        decision.poll_kind = Decision.PollKind.CONSENT
        decision.status = Decision.Status.ADOPTED if is_adopted else Decision.Status.REJECTED
        decision.save(
            update_fields=[
                "poll_kind",
                "status",
                "quorum_percent",
                "threshold_percent",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="decision_outcome_record_in_room",
            target=decision,
            edition=decision.edition,
            data={"version": version.version, "is_adopted": is_adopted, **counts},
        )
    return version


def decision_revise(
    *,
    decision: Decision,
    title: str | Translations,
    text: str | Translations,
    reason: str,
    actor: User | None,
) -> Decision:
    """Start a new version of a decided (adopted or rejected) decision, as a draft.

    The version that was decided stays in the history with its outcome and the reason for the
    revision; the new version must be put to the vote again. Commitments stay with the decision.
    Raises ValidationError when the decision was not decided or the reason is missing.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the decision is revised.")})
    with transaction.atomic():
        decision = decision_locked(decision)
        if decision.status not in (Decision.Status.ADOPTED, Decision.Status.REJECTED):
            raise ValidationError(_("Only a decided decision is revised; change a draft directly."))
        DecisionVersion.objects.filter(decision=decision, version=decision.version).update(
            revised_at=timezone.now(), revision_reason=reason.strip()
        )
        decision.version += 1
        decision.status = Decision.Status.DRAFT
        decision.poll_opens_at = None
        decision.poll_closes_at = None
        columns = translations_apply(decision, {"title": title, "text": text})
        full_clean_translated(decision)
        decision.save(
            update_fields=[
                *columns,
                "version",
                "status",
                "poll_opens_at",
                "poll_closes_at",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="decision_revise",
            target=decision,
            edition=decision.edition,
            data={"version": decision.version},
        )
    return decision
