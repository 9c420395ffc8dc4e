"""Every write on creative sessions, teams and canvases. Views and the API check permissions first;
these enforce the state rules.

Each runs in one transaction behind forums' edition write guard; a ValidationError leaves the
database as it was. Changes to the teams carry the session's version the facilitator saw: a
change made on an older page is refused, so two facilitators never lose each other's moves.
"""

import datetime as dt
import logging
import secrets
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from impactdays.challenges.models import Challenge
from impactdays.common.services import audit_record
from impactdays.common.translated import (
    Translations,
    full_clean_translated,
    translations_apply,
    translations_of,
)
from impactdays.core.teams.forum import form_forum_teams
from impactdays.core.teams.problem import InfeasibleTeamsError
from impactdays.core.teams.search import ProgressCallback, SearchProgress
from impactdays.forums.models import Edition, EditionRole
from impactdays.forums.services import edition_lock_for_write
from impactdays.people.models import User
from impactdays.programme.models import Session as ProgrammeSession
from impactdays.teams.formation import attribute_labels, distances_of, formation_plan
from impactdays.teams.models import (
    CANVAS_SECTIONS,
    Canvas,
    CanvasComment,
    CanvasRevision,
    CreativeSession,
    FormationRun,
    Pair,
    Participant,
    Team,
    TeamMember,
    Topic,
)

logger = logging.getLogger(__name__)

STALE_TEAMS = gettext_lazy(
    "Another facilitator changed the teams since you loaded them, so your change was not made. "
    "The teams below are the current ones: make your change again if it still makes sense."
)
STALE_CANVAS = gettext_lazy(
    "Someone else saved the canvas since you opened it, so your text was not saved. "
    "Copy your text, reload the canvas and add it again."
)
SECTION_MAX = 4000
PROGRESS_TTL = 3600
RUN_GRACE_SECONDS = 300
WEIGHT_MAX = 10.0
SESSION_FIELDS = (
    "starts_at",
    "programme_session",
    "min_team_size",
    "max_team_size",
    "preference",
    "accepted_choices",
    "organisations_apart",
    "seconds",
)


def _check_weights(edition: Edition, weights: Mapping[str, float]) -> dict[str, float]:
    known = attribute_labels(edition)
    clean: dict[str, float] = {}
    for name, weight in weights.items():
        if name not in known:
            raise ValidationError(_("%(name)s is not an attribute of people.") % {"name": name})
        if not 0 <= float(weight) <= WEIGHT_MAX:
            raise ValidationError(
                _("A weight is between 0 and %(max)s.") % {"max": int(WEIGHT_MAX)}
            )
        clean[name] = float(weight)
    return clean


def _lock_session(session: CreativeSession) -> CreativeSession:
    """The edition's write guard, then the session's row, locked and read again."""
    edition_lock_for_write(session.edition)
    return CreativeSession.objects.select_for_update().get(pk=session.pk)


def _check_version(session: CreativeSession, version: int | None) -> None:
    if version is not None and version != session.version:
        raise ValidationError(STALE_TEAMS, code="stale")


def _bump(session: CreativeSession) -> None:
    CreativeSession.objects.filter(pk=session.pk).update(version=session.version + 1)
    session.version += 1


def _check_programme_session(session: CreativeSession) -> None:
    """The programme session named must be a creative session of the same edition."""
    linked = session.programme_session
    if linked is None:
        return
    if linked.edition_id != session.edition_id:
        raise ValidationError(
            {"programme_session": [_("Choose a session of this edition's programme.")]}
        )
    if linked.kind != ProgrammeSession.Kind.CREATIVE_SESSION:
        raise ValidationError(
            {
                "programme_session": [
                    _("Choose a session of the programme of the kind “creative session”.")
                ]
            }
        )


def session_create(
    *,
    edition: Edition,
    title: str | Translations,
    starts_at: dt.datetime | None = None,
    min_team_size: int = 4,
    max_team_size: int = 6,
    programme_session: ProgrammeSession | None = None,
    actor: User | None,
) -> CreativeSession:
    """Add a creative session to the edition. Raises ValidationError for bad sizes, a frozen
    edition, or a programme session that is not a creative session of this edition."""
    with transaction.atomic():
        locked = edition_lock_for_write(edition)
        session = CreativeSession(
            edition=locked,
            starts_at=starts_at,
            min_team_size=min_team_size,
            max_team_size=max_team_size,
            programme_session=programme_session,
        )
        translations_apply(session, {"title": title})
        _check_programme_session(session)
        full_clean_translated(session)
        session.save()
        audit_record(actor=actor, action="session_create", target=session, edition=locked)
    return session


def session_update(
    *,
    session: CreativeSession,
    values: Mapping[str, object],
    weights: Mapping[str, float] | None = None,
    actor: User | None,
) -> CreativeSession:
    """Change the session's setup (SESSION_FIELDS, title, weights).

    Raises ValidationError as session_create does.
    """
    with transaction.atomic():
        session = _lock_session(session)
        for name, value in values.items():
            if name == "title":
                translations_apply(session, {"title": value})  # type: ignore[dict-item]  # str or Translations
            elif name in SESSION_FIELDS:
                setattr(session, name, value)
            else:
                raise ValueError(f"{name} is not a session field")
        if weights is not None:
            session.weights = _check_weights(session.edition, weights)
        _check_programme_session(session)
        full_clean_translated(session)
        session.save()
        audit_record(
            actor=actor,
            action="session_update",
            target=session,
            edition=session.edition,
            data={"fields": sorted(values), "weights": session.weights},
        )
    return session


def topic_add(*, session: CreativeSession, title: str | Translations, actor: User | None) -> Topic:
    with transaction.atomic():
        session = _lock_session(session)
        topic = Topic(session=session, position=session.topics.count())
        translations_apply(topic, {"title": title})
        full_clean_translated(topic)
        topic.save()
        audit_record(actor=actor, action="topic_add", target=topic, edition=session.edition)
    return topic


def topic_add_challenge(
    *, session: CreativeSession, challenge: Challenge, actor: User | None
) -> Topic:
    """Make one of the edition's challenges a topic of the session (its title copied from it).

    Raises ValidationError for a challenge of another edition, one not (yet) public (proposed,
    rejected or hidden), or one that is already a topic of the session.
    """
    if challenge.edition_id != session.edition_id:
        raise ValidationError({"challenge": [_("Choose a challenge of this edition.")]})
    if not challenge.is_public:
        raise ValidationError(
            {"challenge": [_("Only an accepted challenge can be a topic of a session.")]}
        )
    with transaction.atomic():
        session = _lock_session(session)
        if session.topics.filter(challenge=challenge).exists():
            raise ValidationError(
                {"challenge": [_("This challenge is already a topic of the session.")]}
            )
        topic = Topic(session=session, challenge=challenge, position=session.topics.count())
        translations_apply(topic, {"title": translations_of(challenge, "title")})
        full_clean_translated(topic)
        topic.save()
        audit_record(actor=actor, action="topic_add", target=topic, edition=session.edition)
    return topic


def topic_delete(*, topic: Topic, actor: User | None) -> None:
    with transaction.atomic():
        session = _lock_session(topic.session)
        audit_record(actor=actor, action="topic_delete", target=topic, edition=session.edition)
        topic.delete()


def participants_add(*, session: CreativeSession, users: Iterable[User], actor: User | None) -> int:
    """Add people to the session (not yet checked in); returns how many were new."""
    with transaction.atomic():
        session = _lock_session(session)
        known = set(session.participants.values_list("user_id", flat=True))
        new = [Participant(session=session, user=user) for user in users if user.pk not in known]
        Participant.objects.bulk_create(new)
        audit_record(
            actor=actor,
            action="participants_add",
            target=session,
            edition=session.edition,
            data={"count": len(new)},
        )
    return len(new)


def participants_add_from_edition(*, session: CreativeSession, actor: User | None) -> int:
    """Add every participant of the edition to the session."""
    users = User.objects.filter(
        edition_roles__edition=session.edition,
        edition_roles__role=EditionRole.Role.PARTICIPANT,
    ).distinct()
    return participants_add(session=session, users=users, actor=actor)


def checkin_set(*, session: CreativeSession, present: Iterable[int], actor: User | None) -> int:
    """Mark the people whose user ids are in `present` as present, everyone else absent."""
    present_ids = set(present)
    with transaction.atomic():
        session = _lock_session(session)
        session.participants.update(is_present=False)
        count = session.participants.filter(user_id__in=present_ids).update(is_present=True)
        audit_record(
            actor=actor,
            action="checkin_set",
            target=session,
            edition=session.edition,
            data={"present": count},
        )
    return count


def ranking_set(*, participant: Participant, topic_ids: Sequence[int], actor: User | None) -> None:
    """Store a person's ranking of the session's topics, preferred first."""
    with transaction.atomic():
        session = _lock_session(participant.session)
        known = set(session.topics.values_list("pk", flat=True))
        ranking = list(dict.fromkeys(topic_ids))
        if not set(ranking) <= known:
            raise ValidationError(_("Rank only this session's topics."))
        participant.ranking = ranking
        participant.save(update_fields=["ranking"])
        audit_record(actor=actor, action="ranking_set", target=participant, edition=session.edition)


def pair_add(
    *, session: CreativeSession, first: User, second: User, kind: str, actor: User | None
) -> Pair:
    """Keep two of the session's people apart or together; a pair kept both ways is refused."""
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different people."))
    with transaction.atomic():
        session = _lock_session(session)
        people = set(session.participants.values_list("user_id", flat=True))
        if not {first.pk, second.pk} <= people:
            raise ValidationError(_("Both people must take part in the session."))
        both = session.pairs.filter(first__in=[first, second], second__in=[first, second])
        if both.exclude(kind=kind).exists():
            raise ValidationError(
                _("%(first)s and %(second)s cannot be kept apart and together at once.")
                % {"first": first.public_name, "second": second.public_name}
            )
        if both.filter(kind=kind).exists():
            raise ValidationError(_("This pair is already there."))
        pair = Pair.objects.create(session=session, first=first, second=second, kind=kind)
        audit_record(actor=actor, action="pair_add", target=pair, edition=session.edition)
    return pair


def pair_delete(*, pair: Pair, actor: User | None) -> None:
    with transaction.atomic():
        session = _lock_session(pair.session)
        audit_record(actor=actor, action="pair_delete", target=pair, edition=session.edition)
        pair.delete()


def formation_run_start(
    *,
    session: CreativeSession,
    seed: int | None = None,
    actor: User | None,
    enqueue: bool = True,
) -> FormationRun:
    """Queue a formation run after checking that the setup can hold (the reasons, if not).

    With `enqueue` off the run is only recorded, for a caller that executes it itself.
    """
    from impactdays.teams.tasks import formation_run_task

    with transaction.atomic():
        session = _lock_session(session)
        plan = formation_plan(session)
        if plan.problems:
            raise ValidationError(plan.problems)
        # A run that outlived its time bound by far was lost (a worker stopped): it blocks nothing.
        recent = timezone.now() - dt.timedelta(seconds=session.seconds + RUN_GRACE_SECONDS)
        if session.runs.filter(
            status__in=[FormationRun.Status.QUEUED, FormationRun.Status.RUNNING],
            created_at__gte=recent,
        ).exists():
            raise ValidationError(_("A formation is already running for this session."))
        run = FormationRun.objects.create(
            session=session,
            seed=secrets.randbelow(2**31) if seed is None else seed,
            seconds=session.seconds,
            started_by=actor,
        )
        audit_record(actor=actor, action="formation_run_start", target=run, edition=session.edition)
        if enqueue:
            transaction.on_commit(lambda: formation_run_task.delay(run.pk))
    return run


def run_progress_key(run_id: int) -> str:
    return f"teams:run-progress:{run_id}"


def run_progress(run: FormationRun) -> float:
    """The share of the run's time spent, 0 to 1: the search reports it to the cache, from its
    threads, so that writing it never waits on the database."""
    if run.is_finished:
        return 1.0
    return float(cache.get(run_progress_key(run.pk), 0.0))


def _progress_writer(run: FormationRun) -> ProgressCallback:
    def report(progress: SearchProgress) -> None:
        share = min(progress.seconds / max(run.seconds, 1), 0.99)
        cache.set(run_progress_key(run.pk), share, timeout=PROGRESS_TTL)

    return report


def formation_run_execute(*, run: FormationRun, max_rounds: int | None = None) -> FormationRun:
    """Form the teams of the run's session (the background task's work): every unlocked team is
    replaced by the new teams. A setup that no longer holds fails the run with the reasons.
    `max_rounds` stops the search sooner than its time bound (the demo's quick runs)."""
    session = run.session
    FormationRun.objects.filter(pk=run.pk).update(status=FormationRun.Status.RUNNING)
    plan = formation_plan(session)
    if plan.problems:
        return _run_fail(run, " ".join(plan.problems))
    people = plan.people
    low, high = session.min_team_size, session.max_team_size
    try:
        result = form_forum_teams(
            distances_of(session, people),
            np.full(plan.team_count, low, dtype=np.int64),
            np.full(plan.team_count, high, dtype=np.int64),
            plan.rules,
            rng=np.random.default_rng(run.seed),
            seconds=float(run.seconds),
            max_rounds=max_rounds,
            progress=_progress_writer(run),
        )
    except InfeasibleTeamsError as error:
        logger.info("formation run %s found no teams: %s", run.pk, error)
        return _run_fail(
            run,
            _(
                "No teams keep every rule of this setup (%(reason)s). Loosen the size bounds, "
                "the pairs or the topic rule, and run it again."
            )
            % {"reason": error},
        )
    with transaction.atomic():
        session = _lock_session(session)
        session.teams.filter(is_locked=False).delete()
        taken = set(session.teams.values_list("number", flat=True))
        numbers = (number for number in range(1, 10_000) if number not in taken)
        for members, topic in zip(result.teams, plan.topics, strict=True):
            team = Team.objects.create(session=session, number=next(numbers), topic=topic)
            TeamMember.objects.bulk_create(
                TeamMember(team=team, session=session, user=people[index]) for index in members
            )
        _bump(session)
        run.status = FormationRun.Status.DONE
        run.progress = 1.0
        run.rounds = result.rounds
        run.diversity = result.diversity
        run.finished_at = timezone.now()
        run.save()
        audit_record(
            actor=run.started_by,
            action="formation_run_execute",
            target=run,
            edition=session.edition,
            data={"teams": len(result.teams), "seed": run.seed},
        )
    return run


def _run_fail(run: FormationRun, message: str) -> FormationRun:
    run.status = FormationRun.Status.FAILED
    run.message = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    return run


def team_member_move(
    *, session: CreativeSession, user: User, team: Team, version: int | None, actor: User | None
) -> None:
    """Move a person (placed or not) into a team of the session."""
    with transaction.atomic():
        session = _lock_session(session)
        _check_version(session, version)
        if team.session_id != session.pk:
            raise ValidationError(_("That team belongs to another session."))
        if not session.participants.filter(user=user).exists():
            raise ValidationError(_("That person does not take part in the session."))
        current = TeamMember.objects.filter(session=session, user=user).first()
        if current is not None and current.team_id == team.pk:
            raise ValidationError(
                _("%(name)s is already in that team.") % {"name": user.public_name}
            )
        if current is None:
            TeamMember.objects.create(team=team, session=session, user=user)
        else:
            current.team = team
            current.save(update_fields=["team"])
        _bump(session)
        audit_record(
            actor=actor,
            action="team_member_move",
            target=team,
            edition=session.edition,
            data={"user": user.pk},
        )


def team_members_swap(
    *, session: CreativeSession, first: User, second: User, version: int | None, actor: User | None
) -> None:
    """Swap two people of different teams."""
    with transaction.atomic():
        session = _lock_session(session)
        _check_version(session, version)
        members = {
            member.user_id: member
            for member in TeamMember.objects.filter(session=session, user__in=[first, second])
        }
        if len(members) != 2 or first.pk == second.pk:
            raise ValidationError(_("Choose two people who are in teams."))
        one, other = members[first.pk], members[second.pk]
        if one.team_id == other.team_id:
            raise ValidationError(_("Those two are in the same team."))
        one.team_id, other.team_id = other.team_id, one.team_id
        TeamMember.objects.bulk_update([one, other], ["team"])
        _bump(session)
        audit_record(
            actor=actor,
            action="team_members_swap",
            target=session,
            edition=session.edition,
            data={"users": [first.pk, second.pk]},
        )


def team_lock_set(*, team: Team, is_locked: bool, version: int | None, actor: User | None) -> None:
    """Lock a team (a re-run leaves it as it is) or unlock it."""
    with transaction.atomic():
        session = _lock_session(team.session)
        _check_version(session, version)
        Team.objects.filter(pk=team.pk).update(is_locked=is_locked)
        _bump(session)
        audit_record(
            actor=actor,
            action="team_lock_set",
            target=team,
            edition=session.edition,
            data={"is_locked": is_locked},
        )


def session_publish(
    *, session: CreativeSession, version: int | None, actor: User | None
) -> CreativeSession:
    """Show the teams to the participants and open a canvas for each team."""
    with transaction.atomic():
        session = _lock_session(session)
        _check_version(session, version)
        teams = list(session.teams.all())
        if not teams:
            raise ValidationError(_("Form the teams before publishing them."))
        if session.teams.filter(members__isnull=True).exists():
            raise ValidationError(_("A team has no members: move someone into it first."))
        for team in teams:
            Canvas.objects.get_or_create(team=team)
        session.published_at = timezone.now()
        session.save(update_fields=["published_at"])
        _bump(session)
        audit_record(actor=actor, action="session_publish", target=session, edition=session.edition)
    return session


def canvas_sections_of(edition: Edition) -> list[str]:
    """The sections the edition's format gives an idea canvas."""
    configured = edition.format.get("teams", {}).get("idea_canvas_sections")
    return list(configured) if configured else list(CANVAS_SECTIONS)


def canvas_save(
    *, canvas: Canvas, sections: Mapping[str, str], version: int | None, actor: User | None
) -> Canvas:
    """Save the canvas's texts as a new revision. Raises ValidationError for a stale version,
    an unknown section or a text that is too long. An unchanged text saves nothing."""
    with transaction.atomic():
        edition_lock_for_write(canvas.edition)
        canvas = (
            Canvas.objects.select_for_update()
            .select_related("team__session__edition")
            .get(pk=canvas.pk)
        )
        if version is not None and version != canvas.version:
            raise ValidationError(STALE_CANVAS, code="stale")
        known = canvas_sections_of(canvas.edition)
        clean: dict[str, str] = {}
        for key, text in sections.items():
            if key not in known:
                raise ValidationError(_("%(key)s is not a section of the canvas.") % {"key": key})
            if len(text) > SECTION_MAX:
                raise ValidationError(
                    _("A section holds at most %(max)s characters.") % {"max": SECTION_MAX}
                )
            clean[key] = text.replace("\r\n", "\n").strip()
        merged = {**canvas.sections, **clean}
        if merged == canvas.sections:
            return canvas
        canvas.sections = merged
        canvas.version += 1
        canvas.updated_by = actor if actor is not None and actor.pk else None
        canvas.save()
        CanvasRevision.objects.create(
            canvas=canvas, version=canvas.version, sections=merged, author=canvas.updated_by
        )
    return canvas


def canvas_comment_add(*, canvas: Canvas, body: str, actor: User) -> CanvasComment:
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a comment first."))
    with transaction.atomic():
        edition_lock_for_write(canvas.edition)
        comment = CanvasComment(canvas=canvas, author=actor, body=body)
        comment.full_clean()
        comment.save()
    return comment
