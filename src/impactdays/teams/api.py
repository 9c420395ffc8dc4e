"""Teams API: an edition's creative sessions, a session's teams and members (as the pages show
them: to facilitators always, to the edition's members once published), and a team's canvas,
written by its members and the facilitators through the same service as the page."""

import rules
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from impactdays.common.api import ApiRouter, visible_or_404
from impactdays.forums.api_lookups import api_actor, edition_visible_or_404
from impactdays.people.api_auth import READ_AUTH, WRITE_AUTH
from impactdays.teams import services
from impactdays.teams.models import Canvas, CreativeSession, Team
from impactdays.teams.schemas import CanvasIn, CanvasOut, SessionOut, TeamOut

router = ApiRouter(tags=["teams"], read_auth=READ_AUTH, write_auth=WRITE_AUTH)

NO_SESSION = _("There is no creative session with this id.")


def _session_or_404(request: HttpRequest, session_id: int) -> CreativeSession:
    session = visible_or_404(
        CreativeSession.objects.select_related("edition"), NO_SESSION, pk=session_id
    )
    edition_visible_or_404(request, session.edition_id)
    if not rules.has_perm("teams.view_teams", request.user, session):
        raise HttpError(404, str(NO_SESSION))
    return session


def _team_or_404(request: HttpRequest, team_id: int) -> Team:
    team = visible_or_404(
        Team.objects.select_related("session__edition", "topic"),
        _("There is no team with this id."),
        pk=team_id,
    )
    _session_or_404(request, team.session_id)
    return team


def _canvas_or_404(team: Team) -> Canvas:
    canvas = Canvas.objects.filter(team=team).select_related("team__session__edition").first()
    if canvas is None:
        raise HttpError(404, _("This team has no canvas yet: the teams are not published."))
    return canvas


@router.read("/editions/{edition_id}/creative-sessions", list[SessionOut])
def session_list(request: HttpRequest, edition_id: int) -> QuerySet[CreativeSession]:
    edition = edition_visible_or_404(request, edition_id)
    return edition.creative_sessions.prefetch_related("topics")


@router.read("/creative-sessions/{session_id}/teams", list[TeamOut])
def team_list(request: HttpRequest, session_id: int) -> QuerySet[Team]:
    """The session's teams with their members; 404 until they are published, except for the
    facilitators and organisers."""
    session = _session_or_404(request, session_id)
    return session.teams.select_related("topic", "canvas").prefetch_related("members__user")


@router.read("/teams/{team_id}/canvas", CanvasOut)
def canvas_detail(request: HttpRequest, team_id: int) -> Canvas:
    return _canvas_or_404(_team_or_404(request, team_id))


@router.write("put", "/teams/{team_id}/canvas", CanvasOut, conflicts=True)
def canvas_save(request: HttpRequest, team_id: int, payload: CanvasIn) -> Canvas:
    """Change the sections sent; refused with 409 when someone saved since `version`."""
    actor = api_actor(request)
    canvas = _canvas_or_404(_team_or_404(request, team_id))
    if not rules.has_perm("teams.change_canvas", actor, canvas):
        raise HttpError(403, _("Only the team's members and the facilitators edit its canvas."))
    sections = payload.model_dump(exclude_unset=True, exclude={"version"})
    try:
        return services.canvas_save(
            canvas=canvas,
            sections={key: value for key, value in sections.items() if value is not None},
            version=payload.version,
            actor=actor,
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "stale":
            raise HttpError(409, " ".join(error.messages)) from error
        raise
