"""Pages of creative sessions: the facilitators' setup and formation, the participants' teams and
the teams' idea canvases.

Every view looks the edition up from the URL and checks a rule on it (forums.permissions), then
finds the session, team or canvas inside that edition and checks the rule on the object. Actions
answer a redirect; the formation page's actions answer the teams' board instead when the page's
script asks (header X-Board), so the score shows at once without a reload.
"""

import difflib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from impactdays.challenges.models import Challenge
from impactdays.forums.dashboard import DashboardSection
from impactdays.forums.forms import form_add_service_errors, messages_add_service_errors
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from impactdays.forums.permissions import acting_user, edition_permission_required
from impactdays.people.models import User
from impactdays.teams import selectors, services
from impactdays.teams.formation import formation_plan, session_scores
from impactdays.teams.forms import (
    CanvasForm,
    ChallengeTopicForm,
    CommentForm,
    PairForm,
    RankingForm,
    SessionCreateForm,
    SessionForm,
    TopicForm,
)
from impactdays.teams.models import (
    CANVAS_SECTIONS,
    Canvas,
    CreativeSession,
    FormationRun,
    Pair,
    Participant,
    Team,
    Topic,
)

BOARD_HEADER = "X-Board"


def _session(edition: Edition, pk: int, permission: str, request: HttpRequest) -> CreativeSession:
    session = get_object_or_404(
        CreativeSession.objects.select_related("edition__series"), edition=edition, pk=pk
    )
    if not request.user.has_perm(permission, session):
        raise PermissionDenied
    return session


def _team(edition: Edition, pk: int) -> Team:
    return get_object_or_404(
        Team.objects.select_related("session__edition__series", "topic"),
        session__edition=edition,
        pk=pk,
    )


def _setup_url(session: CreativeSession) -> str:
    return edition_url("teams:session-setup", session.edition, pk=session.pk)


def _formation_url(session: CreativeSession) -> str:
    return edition_url("teams:formation", session.edition, pk=session.pk)


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


# Sessions of an edition.


@edition_permission_required("teams.view_sessions")
def session_list(request: HttpRequest, edition: Edition) -> HttpResponse:
    sessions = list(edition.creative_sessions.all())
    mine = selectors.teams_of_user(edition=edition, user=request.user)
    form = SessionCreateForm() if request.user.has_perm("teams.add_session", edition) else None
    rows = [
        {
            "session": session,
            "can_form": request.user.has_perm("teams.manage_session", session),
            "can_view": request.user.has_perm("teams.view_teams", session),
            "can_rank": request.user.has_perm("teams.rank_topics", session)
            and not session.is_published,
            "my_team": mine.get(session.pk),
        }
        for session in sessions
    ]
    return render(
        request,
        "teams/session_list.html",
        {"edition": edition, "rows": rows, "form": form},
    )


@edition_permission_required("teams.add_session")
@require_POST
def session_create(request: HttpRequest, edition: Edition) -> HttpResponse:
    form = SessionCreateForm(request.POST)
    if form.is_valid():
        try:
            created = services.session_create(
                edition=edition,
                title=form.cleaned_data["title"],
                starts_at=form.cleaned_data["starts_at"],
                min_team_size=form.cleaned_data["min_team_size"],
                max_team_size=form.cleaned_data["max_team_size"],
                actor=acting_user(request),
            )
        except ValidationError as error:
            messages_add_service_errors(request, error)
        else:
            messages.success(request, _("The session is added: set it up."))
            return redirect(_setup_url(created))
    else:
        for field_errors in form.errors.values():
            for text in field_errors:
                messages.error(request, str(text))
    return redirect(edition_url("teams:session-list", edition))


# Setup.


@edition_permission_required("teams.view_sessions")
def session_setup(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.manage_session", request)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST":
        if not request.user.has_perm("teams.change_session", session):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.session_update(
                    session=session,
                    values=form.values(),
                    weights=form.weights(),
                    actor=acting_user(request),
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The setup is saved."))
                return redirect(_setup_url(session))
    participants = list(session.participants.select_related("user"))
    people = User.objects.filter(session_participations__session=session)
    edition_has_challenges = _public_challenges(edition).exists()
    return render(
        request,
        "teams/session_setup.html",
        {
            "edition": edition,
            "session": session,
            "form": form,
            "topic_form": TopicForm(),
            "challenge_form": ChallengeTopicForm(challenges=_challenges_for(session))
            if edition_has_challenges
            else None,
            "pair_form": PairForm(people=people),
            "participants": participants,
            "present_count": sum(1 for participant in participants if participant.is_present),
            "pairs": session.pairs.select_related("first", "second"),
            "topics": session.topics.all(),
            "plan": formation_plan(session),
        },
    )


@edition_permission_required("teams.view_sessions")
@require_POST
def topic_add(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.change_session", request)
    if "challenge" in request.POST:
        return _topic_add_challenge(request, session)
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            services.topic_add(
                session=session, title=form.cleaned_data["title"], actor=acting_user(request)
            )
        except ValidationError as error:
            messages_add_service_errors(request, error)
    else:
        messages.error(request, _("Give the topic a title."))
    return redirect(_setup_url(session) + "#topics")


def _public_challenges(edition: Edition) -> QuerySet[Challenge]:
    return Challenge.objects.filter(
        edition=edition, status__in=Challenge.PUBLIC_STATUSES, is_hidden=False
    )


def _challenges_for(session: CreativeSession) -> QuerySet[Challenge]:
    """The edition's public challenges that are not yet topics of the session."""
    return _public_challenges(session.edition).exclude(topics__session=session)


def _topic_add_challenge(request: HttpRequest, session: CreativeSession) -> HttpResponse:
    form = ChallengeTopicForm(request.POST, challenges=_challenges_for(session))
    if form.is_valid():
        try:
            services.topic_add_challenge(
                session=session,
                challenge=form.cleaned_data["challenge"],
                actor=acting_user(request),
            )
        except ValidationError as error:
            messages_add_service_errors(request, error)
    else:
        messages.error(request, _("Choose one of this edition's challenges."))
    return redirect(_setup_url(session) + "#topics")


@edition_permission_required("teams.view_sessions")
@require_POST
def topic_delete(request: HttpRequest, edition: Edition, pk: int, topic_pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.change_session", request)
    topic = get_object_or_404(Topic, session=session, pk=topic_pk)
    services.topic_delete(topic=topic, actor=acting_user(request))
    return redirect(_setup_url(session) + "#topics")


@edition_permission_required("teams.view_sessions")
@require_POST
def participants_import(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.change_session", request)
    try:
        added = services.participants_add_from_edition(session=session, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(
            request,
            ngettext("%(count)s person added.", "%(count)s people added.", added)
            % {"count": added},
        )
    return redirect(_setup_url(session) + "#people")


@edition_permission_required("teams.view_sessions")
@require_POST
def checkin(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.change_session", request)
    present = [value for value in map(_int, request.POST.getlist("present")) if value is not None]
    try:
        count = services.checkin_set(session=session, present=present, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(
            request,
            ngettext("%(count)s person is present.", "%(count)s people are present.", count)
            % {"count": count},
        )
    return redirect(_setup_url(session) + "#people")


@edition_permission_required("teams.view_sessions")
@require_POST
def pair_add(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.change_session", request)
    form = PairForm(
        request.POST, people=User.objects.filter(session_participations__session=session)
    )
    if form.is_valid():
        try:
            services.pair_add(
                session=session,
                first=form.cleaned_data["first"],
                second=form.cleaned_data["second"],
                kind=form.cleaned_data["kind"],
                actor=acting_user(request),
            )
        except ValidationError as error:
            messages_add_service_errors(request, error)
    else:
        messages.error(request, _("Choose two people of the session and a rule."))
    return redirect(_setup_url(session) + "#pairs")


@edition_permission_required("teams.view_sessions")
@require_POST
def pair_delete(request: HttpRequest, edition: Edition, pk: int, pair_pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.change_session", request)
    pair = get_object_or_404(Pair, session=session, pk=pair_pk)
    services.pair_delete(pair=pair, actor=acting_user(request))
    return redirect(_setup_url(session) + "#pairs")


@edition_permission_required("teams.rank_topics")
def ranking(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """A participant ranks the session's topics, preferred first."""
    session = _session(edition, pk, "teams.rank_topics", request)
    user = acting_user(request)
    participant, _created = Participant.objects.get_or_create(session=session, user=user)
    topics = list(session.topics.all())
    form = RankingForm(request.POST or None, topics=topics, ranking=participant.ranking)
    if request.method == "POST" and form.is_valid():
        try:
            services.ranking_set(participant=participant, topic_ids=form.ranking(), actor=user)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Your ranking is saved."))
            return redirect(edition_url("teams:session-list", edition))
    return render(
        request,
        "teams/ranking.html",
        {"edition": edition, "session": session, "form": form},
    )


# Formation.


def _board_context(session: CreativeSession) -> dict[str, Any]:  # Any: template context
    scores = session_scores(session)
    return {
        "session": session,
        "edition": session.edition,
        "scores": scores,
        "teams": [row.team for row in scores.teams],
        "people": [user for row in scores.teams for user in row.members] + scores.unplaced,
    }


def _board_or_redirect(
    request: HttpRequest, session: CreativeSession, error: ValidationError | None
) -> HttpResponse:
    if request.headers.get(BOARD_HEADER):
        session.refresh_from_db()
        context = _board_context(session)
        context["board_errors"] = error.messages if error else []
        return render(
            request,
            "teams/partials/board.html",
            context,
            status=409
            if error and getattr(error, "code", "") == "stale"
            else (400 if error else 200),
        )
    if error is not None:
        messages_add_service_errors(request, error)
    return redirect(_formation_url(session) + "#board")


@edition_permission_required("teams.view_sessions")
def formation(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.manage_session", request)
    run = session.runs.first()
    context = _board_context(session)
    context.update(
        {
            "run": run,
            "plan": formation_plan(session),
            "progress": services.run_progress(run) if run else 0.0,
        }
    )
    return render(request, "teams/formation.html", context)


@edition_permission_required("teams.view_sessions")
@require_POST
def run_start(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.change_session", request)
    seed = _int(request.POST.get("seed"))
    try:
        services.formation_run_start(
            session=session,
            seed=seed if seed is not None and 0 <= seed < 2**31 else None,
            actor=acting_user(request),
        )
    except ValidationError as error:
        messages_add_service_errors(request, error)
    return redirect(_formation_url(session) + "#run")


@edition_permission_required("teams.view_sessions")
def run_status(request: HttpRequest, edition: Edition, pk: int, run_pk: int) -> HttpResponse:
    """The run's progress, polled by the formation page's script (a fragment) or opened alone."""
    session = _session(edition, pk, "teams.manage_session", request)
    run = get_object_or_404(FormationRun, session=session, pk=run_pk)
    return render(
        request,
        "teams/partials/run_status.html",
        {"run": run, "session": session, "edition": edition},
    )


@edition_permission_required("teams.view_sessions")
@require_POST
def member_move(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.change_session", request)
    user = get_object_or_404(User, pk=_int(request.POST.get("user")) or 0)
    team = get_object_or_404(Team, session=session, pk=_int(request.POST.get("team")) or 0)
    error = None
    try:
        services.team_member_move(
            session=session,
            user=user,
            team=team,
            version=_int(request.POST.get("version")),
            actor=acting_user(request),
        )
    except ValidationError as caught:
        error = caught
    return _board_or_redirect(request, session, error)


@edition_permission_required("teams.view_sessions")
@require_POST
def member_swap(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.change_session", request)
    first = get_object_or_404(User, pk=_int(request.POST.get("first")) or 0)
    second = get_object_or_404(User, pk=_int(request.POST.get("second")) or 0)
    error = None
    try:
        services.team_members_swap(
            session=session,
            first=first,
            second=second,
            version=_int(request.POST.get("version")),
            actor=acting_user(request),
        )
    except ValidationError as caught:
        error = caught
    return _board_or_redirect(request, session, error)


@edition_permission_required("teams.view_sessions")
@require_POST
def team_lock(request: HttpRequest, edition: Edition, pk: int, team_pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.change_session", request)
    team = get_object_or_404(Team, session=session, pk=team_pk)
    error = None
    try:
        services.team_lock_set(
            team=team,
            is_locked=request.POST.get("lock") == "1",
            version=_int(request.POST.get("version")),
            actor=acting_user(request),
        )
    except ValidationError as caught:
        error = caught
    return _board_or_redirect(request, session, error)


@edition_permission_required("teams.view_sessions")
@require_POST
def publish(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.change_session", request)
    try:
        services.session_publish(
            session=session, version=_int(request.POST.get("version")), actor=acting_user(request)
        )
    except ValidationError as error:
        messages_add_service_errors(request, error)
        return redirect(_formation_url(session) + "#board")
    messages.success(request, _("The teams are published: participants see them now."))
    return redirect(edition_url("teams:session-detail", edition, pk=session.pk))


# The participants' side: teams, canvases and ideas.


@edition_permission_required("teams.view_sessions")
def session_detail(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _session(edition, pk, "teams.view_teams", request)
    teams = list(
        session.teams.select_related("topic").prefetch_related("members__user").order_by("number")
    )
    mine = next(
        (team for team in teams if any(m.user_id == request.user.pk for m in team.members.all())),
        None,
    )
    return render(
        request,
        "teams/session_detail.html",
        {"edition": edition, "session": session, "teams": teams, "my_team": mine},
    )


def _section_labels(edition: Edition) -> list[tuple[str, str]]:
    return [
        (key, str(CANVAS_SECTIONS.get(key, key.replace("_", " ").capitalize())))
        for key in services.canvas_sections_of(edition)
    ]


@edition_permission_required("teams.view_sessions")
def team_detail(request: HttpRequest, edition: Edition, team_pk: int) -> HttpResponse:
    """A team's page: its members and topic, and its idea canvas (editable by those who may)."""
    team = _team(edition, team_pk)
    if not request.user.has_perm("teams.view_teams", team.session):
        raise PermissionDenied
    canvas = Canvas.objects.filter(team=team).first()
    can_edit = canvas is not None and request.user.has_perm("teams.change_canvas", canvas)
    labels = _section_labels(edition)
    form = None
    if canvas is not None and can_edit:
        form = CanvasForm(initial={**canvas.sections, "version": canvas.version}, sections=labels)
    return render(
        request,
        "teams/team_detail.html",
        {
            "edition": edition,
            "team": team,
            "session": team.session,
            "members": [member.user for member in team.members.select_related("user")],
            "canvas": canvas,
            "form": form,
            "sections": [(label, canvas.sections.get(key, "")) for key, label in labels]
            if canvas
            else [],
            "comments": canvas.comments.select_related("author") if canvas else [],
            "comment_form": CommentForm()
            if canvas and request.user.has_perm("teams.comment_canvas", canvas)
            else None,
        },
    )


@edition_permission_required("teams.view_sessions")
@require_POST
def canvas_save(request: HttpRequest, edition: Edition, team_pk: int) -> HttpResponse:
    """Save the canvas: a redirect for the form, JSON for the page's autosave (header X-Autosave)."""
    team = _team(edition, team_pk)
    canvas = get_object_or_404(Canvas, team=team)
    if not request.user.has_perm("teams.change_canvas", canvas):
        raise PermissionDenied
    is_autosave = bool(request.headers.get("X-Autosave"))
    form = CanvasForm(request.POST, sections=_section_labels(edition))
    if not form.is_valid():
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        if is_autosave:
            return JsonResponse({"error": message}, status=400)
        messages.error(request, message)
        return redirect(edition_url("teams:team-detail", edition, team_pk=team.pk))
    try:
        saved = services.canvas_save(
            canvas=canvas,
            sections=form.sections(),
            version=form.cleaned_data["version"],
            actor=acting_user(request),
        )
    except ValidationError as error:
        if is_autosave:
            return JsonResponse(
                {"error": " ".join(error.messages)},
                status=409 if getattr(error, "code", "") == "stale" else 400,
            )
        messages_add_service_errors(request, error)
        return redirect(edition_url("teams:team-detail", edition, team_pk=team.pk))
    if is_autosave:
        return JsonResponse({"version": saved.version, "message": _("Saved.")})
    messages.success(request, _("The canvas is saved."))
    return redirect(edition_url("teams:team-detail", edition, team_pk=team.pk))


@edition_permission_required("teams.view_sessions")
def canvas_history(request: HttpRequest, edition: Edition, team_pk: int) -> HttpResponse:
    """The canvas's revisions, newest first, each with its changes against the one before."""
    team = _team(edition, team_pk)
    if not request.user.has_perm("teams.view_teams", team.session):
        raise PermissionDenied
    canvas = get_object_or_404(Canvas, team=team)
    revisions = list(canvas.revisions.select_related("author"))
    labels = _section_labels(edition)
    rows = []
    for index, revision in enumerate(revisions):
        before = revisions[index + 1].sections if index + 1 < len(revisions) else {}
        changes = []
        for key, label in labels:
            old, new = str(before.get(key, "")), str(revision.sections.get(key, ""))
            if old == new:
                continue
            lines = [
                (line[:1], line[2:])
                for line in difflib.ndiff(old.splitlines(), new.splitlines())
                if line[:1] in {"+", "-", " "}
            ]
            changes.append({"label": label, "lines": lines})
        rows.append({"revision": revision, "changes": changes})
    return render(
        request,
        "teams/canvas_history.html",
        {"edition": edition, "team": team, "session": team.session, "rows": rows},
    )


@edition_permission_required("teams.view_sessions")
@require_POST
def comment_add(request: HttpRequest, edition: Edition, team_pk: int) -> HttpResponse:
    team = _team(edition, team_pk)
    canvas = get_object_or_404(Canvas, team=team)
    if not request.user.has_perm("teams.comment_canvas", canvas):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.canvas_comment_add(
                canvas=canvas, body=form.cleaned_data["body"], actor=acting_user(request)
            )
        except ValidationError as error:
            messages_add_service_errors(request, error)
    else:
        messages.error(request, _("Write a comment first."))
    return redirect(edition_url("teams:team-detail", edition, team_pk=team.pk) + "#comments")


@edition_permission_required("teams.view_sessions")
def ideas(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """The session's ideas (the teams' canvases), grouped by topic."""
    session = _session(edition, pk, "teams.view_teams", request)
    return render(
        request,
        "teams/ideas.html",
        {"edition": edition, "session": session, "groups": selectors.ideas_by_topic(session)},
    )


def _dashboard_context(request: HttpRequest, edition: Edition) -> dict[str, Any]:
    return {"sessions": list(edition.creative_sessions.all())}


DASHBOARD_SECTION = DashboardSection(
    key="teams",
    title=gettext_lazy("Creative sessions"),
    template="teams/partials/dashboard.html",
    order=70,
    permission="teams.manage_session",
    context=_dashboard_context,
)
