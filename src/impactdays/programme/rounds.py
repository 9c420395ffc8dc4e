"""Preference rounds: participants rank a set of parallel workshops, then core.assignment
places everyone under the workshops' capacities.

A round moves draft → open (participants rank) → closed → assigned (the placements show in
agendas and feeds); closed ⇄ open reopens ranking and assigned → closed takes the placements
back for a new run. Across rounds nobody gets the same workshop twice (the same session or one
of the same title) nor a workshop that clashes with one they already have.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impactdays.common.services import audit_record
from impactdays.common.translated import Translations, full_clean_translated, translations_apply
from impactdays.core.assignment import (
    AssignmentInputError,
    InfeasibleAssignmentError,
    assign_workshops,
)
from impactdays.forums.models import Edition, EditionRole
from impactdays.forums.services import edition_lock_for_write
from impactdays.people.models import User
from impactdays.programme.models import (
    Preference,
    PreferenceRound,
    Session,
    WorkshopAssignment,
)


def _overlap(a: Session, b: Session) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def round_create(
    *, edition: Edition, actor: User, title: "str | Translations", sessions: Sequence[Session]
) -> PreferenceRound:
    """A draft round over parallel workshops of the edition.

    Raises ValidationError, and saves nothing, with fewer than two workshops, a session of
    another edition, sessions that do not all run at the same time, or a session already in
    another round.
    """
    errors = []
    if len(sessions) < 2:
        errors.append(_("A round needs at least two parallel workshops."))
    if any(session.edition_id != edition.pk for session in sessions):
        errors.append(_("A workshop is not one of this edition's."))
    if any(not _overlap(a, b) for a in sessions for b in sessions if a.pk != b.pk):
        errors.append(_("The workshops of a round must run at the same time."))
    taken = PreferenceRound.objects.filter(sessions__in=sessions).exists()
    if taken:
        errors.append(_("A workshop is already in another round."))
    if errors:
        raise ValidationError({"sessions": errors})
    preference_round = PreferenceRound(edition=edition)
    translations_apply(preference_round, {"title": title})
    full_clean_translated(preference_round, exclude=["sessions"])
    with transaction.atomic():
        edition_lock_for_write(edition)
        preference_round.save()
        preference_round.sessions.set(sessions)
        audit_record(actor=actor, action="round_create", target=preference_round, edition=edition)
    return preference_round


def round_move(*, preference_round: PreferenceRound, actor: User, to: str) -> PreferenceRound:
    """Move the round to another status (PreferenceRound.TRANSITIONS); ValidationError otherwise.

    Moving an assigned round back to closed removes the placements the algorithm made (an
    organiser's adjustments stay as fixed pairs for the next run).
    """
    if to not in preference_round.allowed_moves():
        raise ValidationError(
            _("A round cannot move from “%(from)s” to “%(to)s”.")
            % {"from": preference_round.get_status_display(), "to": to}
        )
    with transaction.atomic():
        edition_lock_for_write(preference_round.edition)
        if preference_round.status == PreferenceRound.Status.ASSIGNED:
            preference_round.assignments.filter(is_manual=False).delete()
            preference_round.rank_profile = []
            preference_round.assigned_at = None
        preference_round.status = to
        preference_round.save(update_fields=["status", "rank_profile", "assigned_at", "updated_at"])
        audit_record(
            actor=actor,
            action="round_move",
            target=preference_round,
            edition=preference_round.edition,
            data={"to": to},
        )
    return preference_round


def preferences_set(
    *, preference_round: PreferenceRound, user: User, ranking: Sequence[Session]
) -> list[Preference]:
    """Replace the person's ranking in the round (best first); an empty ranking withdraws it.

    Raises ValidationError while the round is not open, for a workshop outside the round or
    one ranked twice; nothing is saved then.
    """
    if preference_round.status != PreferenceRound.Status.OPEN:
        raise ValidationError(_("This round is not open for ranking."))
    allowed = set(preference_round.sessions.values_list("pk", flat=True))
    ids = [session.pk for session in ranking]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("Rank each workshop only once."))
    if not set(ids) <= allowed:
        raise ValidationError(_("A workshop is not part of this round."))
    with transaction.atomic():
        Preference.objects.filter(round=preference_round, user=user).delete()
        return Preference.objects.bulk_create(
            Preference(round=preference_round, user=user, session_id=pk, rank=rank)
            for rank, pk in enumerate(ids, start=1)
        )


def _capacity(session: Session, fallback: int) -> int:
    if session.capacity is not None:
        return session.capacity
    return session.room.capacity if session.room else fallback


def round_assign(
    *, preference_round: PreferenceRound, actor: User, objective: str = "min-cost"
) -> PreferenceRound:
    """Place every participant of the edition in one workshop of the closed round.

    Participants who ranked nothing are placed too (where seats are left). Workshops a person
    had in another assigned round (the same session or title) or that clash with one of their
    other workshops are forbidden; an organiser's adjustments are kept as they are. Stores the
    placements and the rank profile and moves the round to "assigned".
    Raises ValidationError when the round is not closed or the seats cannot hold everyone.
    """
    if preference_round.status != PreferenceRound.Status.CLOSED:
        raise ValidationError(_("Close the round before assigning."))
    edition = preference_round.edition
    workshops = list(preference_round.sessions.select_related("room"))
    by_pk = {session.pk: session for session in workshops}
    participants = list(
        EditionRole.objects.filter(edition=edition, role=EditionRole.Role.PARTICIPANT)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    rankings: dict[int, list[int]] = defaultdict(list)
    for user_id, session_id in (
        Preference.objects.filter(round=preference_round).order_by("user_id", "rank")
    ).values_list("user_id", "session_id"):
        rankings[user_id].append(session_id)
    fixed = dict(
        preference_round.assignments.filter(is_manual=True).values_list("user_id", "session_id")
    )
    forbidden = _forbidden(preference_round, workshops, participants)
    forbidden -= set(fixed.items())
    preferences = {
        user_id: [pk for pk in rankings.get(user_id, []) if (user_id, pk) not in forbidden]
        for user_id in participants
        if user_id not in fixed
    }
    capacities = {s.pk: _capacity(s, len(participants)) for s in workshops}
    try:
        result = assign_workshops(
            preferences, capacities, objective=objective, forbidden=forbidden, fixed=fixed
        )
    except InfeasibleAssignmentError:
        raise ValidationError(
            _("The workshops' seats cannot hold every participant; raise a capacity.")
        ) from None
    except AssignmentInputError as error:
        raise ValidationError(str(error)) from None
    ranks = {
        user_id: (rankings[user_id].index(pk) + 1 if pk in rankings.get(user_id, []) else None)
        for user_id, pk in result.workshops.items()
    }
    counts = Counter(rank for rank in ranks.values() if rank is not None)
    longest = max((len(r) for r in rankings.values()), default=0)
    profile = [counts.get(k, 0) for k in range(1, longest + 1)]
    profile.append(sum(1 for rank in ranks.values() if rank is None))
    with transaction.atomic():
        edition_lock_for_write(edition)
        preference_round.assignments.filter(is_manual=False).delete()
        WorkshopAssignment.objects.bulk_create(
            WorkshopAssignment(
                round=preference_round, user_id=user_id, session=by_pk[pk], rank=ranks[user_id]
            )
            for user_id, pk in result.workshops.items()
            if user_id not in fixed
        )
        preference_round.status = PreferenceRound.Status.ASSIGNED
        preference_round.objective = objective
        preference_round.rank_profile = profile
        preference_round.assigned_at = timezone.now()
        preference_round.save()
        audit_record(
            actor=actor,
            action="round_assign",
            target=preference_round,
            edition=edition,
            data={"objective": objective, "rank_profile": profile},
        )
    return preference_round


def _forbidden(
    preference_round: PreferenceRound, workshops: list[Session], participants: list[int]
) -> set[tuple[int, int]]:
    """(participant, workshop) pairs a person may not get: a repeat or a clash."""
    others = (
        WorkshopAssignment.objects.filter(
            round__edition=preference_round.edition, user_id__in=participants
        )
        .exclude(round=preference_round)
        .select_related("session")
    )
    forbidden = set()
    for other in others:
        for workshop in workshops:
            repeat = workshop.pk == other.session_id or (
                workshop.title.strip().lower() == other.session.title.strip().lower()
            )
            if repeat or _overlap(workshop, other.session):
                forbidden.add((other.user_id, workshop.pk))
    return forbidden


def assignment_adjust(
    *, preference_round: PreferenceRound, actor: User, user: User, session: Session
) -> WorkshopAssignment:
    """Place one participant in a workshop of the round by hand; a later run keeps it.

    Raises ValidationError for a workshop outside the round or a person who is no participant.
    """
    if not preference_round.sessions.filter(pk=session.pk).exists():
        raise ValidationError(_("A workshop is not part of this round."))
    if not EditionRole.objects.filter(
        edition=preference_round.edition, user=user, role=EditionRole.Role.PARTICIPANT
    ).exists():
        raise ValidationError(_("Only participants are placed in workshops."))
    rank = (
        Preference.objects.filter(round=preference_round, user=user, session=session)
        .values_list("rank", flat=True)
        .first()
    )
    with transaction.atomic():
        edition_lock_for_write(preference_round.edition)
        assignment, _created = WorkshopAssignment.objects.update_or_create(
            round=preference_round,
            user=user,
            defaults={"session": session, "is_manual": True, "rank": rank},
        )
        audit_record(
            actor=actor,
            action="assignment_adjust",
            target=assignment,
            edition=preference_round.edition,
            data={"user": user.pk, "session": session.pk},
        )
    return assignment
