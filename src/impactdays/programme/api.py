"""Programme API: the published schedule (public as the edition is), the caller's agenda, stars
and workshop rankings, through the same selectors and services as the pages."""

import rules
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError

from impactdays.common.api import ApiRouter
from impactdays.forums.api_lookups import api_actor, edition_visible_or_404
from impactdays.forums.models import Edition
from impactdays.people.api_auth import READ_AUTH, WRITE_AUTH
from impactdays.people.models import User
from impactdays.programme import rounds, selectors, services
from impactdays.programme.models import PreferenceRound, Session
from impactdays.programme.schemas import (
    AgendaOut,
    MaterialOut,
    RankingIn,
    RankingOut,
    ScheduleOut,
    SessionOut,
    SpeakerOut,
    StarIn,
    StarOut,
)
from impactdays.programme.selectors import PublicSession, PublishedSchedule

router = ApiRouter(tags=["programme"], read_auth=READ_AUTH, write_auth=WRITE_AUTH)


def _published_or_404(request: HttpRequest, edition_id: int) -> tuple[Edition, PublishedSchedule]:
    edition = edition_visible_or_404(request, edition_id)
    schedule = selectors.schedule_published(edition)
    if schedule is None:
        raise HttpError(404, _("The programme of this edition is not published yet."))
    return edition, schedule


def _session_out(session: PublicSession) -> SessionOut:
    return SessionOut(
        id=session.id,
        kind=session.kind,
        title=session.title,
        description_html=session.description_html,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room=session.room.name if session.room else None,
        place=session.place,
        latitude=session.latitude,
        longitude=session.longitude,
        capacity=session.capacity,
        languages=session.languages,
        track=session.track,
        tags=session.tags,
        materials=[MaterialOut(title=m["title"], url=m["url"]) for m in session.materials],
        speaker_ids=[speaker.id for speaker in session.speakers],
    )


@router.read("/editions/{edition_id}/programme", ScheduleOut)
def schedule_detail(request: HttpRequest, edition_id: int) -> ScheduleOut:
    """The newest published version of the programme; 404 before the first."""
    _edition, schedule = _published_or_404(request, edition_id)
    return ScheduleOut(
        version=schedule.version.number,
        published_at=schedule.version.published_at,
        time_zone=str(schedule.time_zone),
        sessions=[_session_out(session) for session in schedule.sessions],
        speakers=[
            SpeakerOut(id=s.id, name=s.name, organisation=s.organisation, bio_html=s.bio_html)
            for s in schedule.speakers
        ],
    )


@router.read("/editions/{edition_id}/programme/sessions/{session_id}", SessionOut)
def session_detail(request: HttpRequest, edition_id: int, session_id: int) -> SessionOut:
    _edition, schedule = _published_or_404(request, edition_id)
    session = schedule.session(session_id)
    if session is None:
        raise HttpError(404, _("There is no published session with this id."))
    return _session_out(session)


@router.read("/editions/{edition_id}/programme/agenda", AgendaOut)
def agenda_mine(request: HttpRequest, edition_id: int) -> AgendaOut:
    """The caller's agenda: starred sessions and assigned workshops (credentials needed)."""
    if not isinstance(request.user, User):
        raise AuthenticationError
    edition = edition_visible_or_404(request, edition_id)
    return AgendaOut(
        session_ids=sorted(selectors.agenda_ids(user=request.user, edition=edition)),
        assigned_session_ids=sorted(selectors.assigned_ids(user=request.user, edition=edition)),
    )


@router.write("put", "/editions/{edition_id}/programme/sessions/{session_id}/star", StarOut)
def star_set(request: HttpRequest, edition_id: int, session_id: int, payload: StarIn) -> StarOut:
    actor = api_actor(request)
    edition = edition_visible_or_404(request, edition_id)
    if not rules.has_perm("programme.keep_agenda", actor, edition):
        raise HttpError(403, _("You cannot keep an agenda in this edition."))
    session = Session.objects.filter(edition=edition, pk=session_id).first()
    if session is None:
        raise HttpError(404, _("There is no session with this id."))
    starred = services.star_set(session=session, user=actor, is_starred=payload.starred)
    return StarOut(session_id=session.pk, starred=starred)


@router.write("put", "/editions/{edition_id}/programme/rounds/{round_id}/ranking", RankingOut)
def ranking_set(
    request: HttpRequest, edition_id: int, round_id: int, payload: RankingIn
) -> RankingOut:
    """Replace the caller's own ranking of the round's workshops while the round is open."""
    actor = api_actor(request)
    edition = edition_visible_or_404(request, edition_id)
    preference_round = PreferenceRound.objects.filter(edition=edition, pk=round_id).first()
    if preference_round is None:
        raise HttpError(404, _("There is no preference round with this id."))
    if not rules.has_perm("programme.rank_workshops", actor, edition):
        raise HttpError(403, _("Only participants rank workshops."))
    found = {s.pk: s for s in Session.objects.filter(edition=edition, pk__in=payload.session_ids)}
    if len(found) != len(set(payload.session_ids)):
        raise HttpError(404, _("There is no session with this id."))
    ranking = [found[pk] for pk in payload.session_ids if pk in found]
    if len(ranking) != len(payload.session_ids):
        raise HttpError(422, _("Rank each workshop only once."))
    rounds.preferences_set(preference_round=preference_round, user=actor, ranking=ranking)
    return RankingOut(round_id=preference_round.pk, session_ids=[s.pk for s in ranking])
