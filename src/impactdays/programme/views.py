"""The public programme, the personal agenda, the feeds and ranking workshops.

Public pages read only the published schedule (selectors.schedule_published: one row, whatever
the programme's size). Personal pages act for the person signed in, never for an id in the URL;
the agenda feed answers only its secret, unrevoked token.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impactdays.common.permissions import public_view
from impactdays.forums.forms import messages_add_service_errors
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from impactdays.forums.permissions import acting_user, edition_permission_required
from impactdays.people.models import User
from impactdays.programme import feeds, rounds, selectors, services
from impactdays.programme.agenda_sources import agenda_notes
from impactdays.programme.models import PreferenceRound, Session
from impactdays.programme.selectors import PublishedSchedule
from impactdays.programme.session_panels import session_panels_for


def _published_or_404(edition: Edition) -> PublishedSchedule:
    schedule = selectors.schedule_published(edition)
    if schedule is None:
        raise Http404
    return schedule


def _render(
    request: HttpRequest, edition: Edition, template: str, context: dict[str, Any]
) -> HttpResponse:  # Any: template context values
    """Render with times shown in the edition's time zone."""
    with timezone.override(edition.time_zone):
        return render(request, template, {"edition": edition, **context})


def _agenda_of(request: HttpRequest, edition: Edition) -> set[int]:
    user = request.user
    return selectors.agenda_ids(user=user, edition=edition) if isinstance(user, User) else set()


@edition_permission_required("programme.view_programme")
def timetable(request: HttpRequest, edition: Edition) -> HttpResponse:
    schedule = selectors.schedule_published(edition)
    filters = {name: request.GET.get(name, "") for name in ("kind", "track", "language")}
    sessions = schedule.filtered(**filters) if schedule else []
    return _render(
        request,
        edition,
        "programme/timetable.html",
        {
            "schedule": schedule,
            "filters": filters,
            "days": selectors.day_grids(sessions, schedule.rooms) if schedule else [],
            "agenda": _agenda_of(request, edition),
        },
    )


@edition_permission_required("programme.view_programme")
def session_detail(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = _published_or_404(edition).session(pk)
    if session is None:
        raise Http404
    return _render(
        request,
        edition,
        "programme/session_detail.html",
        {
            "session": session,
            "agenda": _agenda_of(request, edition),
            "panels": session_panels_for(request, edition, session),
        },
    )


@edition_permission_required("programme.view_programme")
def speaker_detail(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    schedule = _published_or_404(edition)
    speaker = schedule.speaker(pk)
    if speaker is None:
        raise Http404
    sessions = [s for s in schedule.sessions if s.id in speaker.session_ids]
    return _render(
        request,
        edition,
        "programme/speaker_detail.html",
        {"speaker": speaker, "sessions": sessions},
    )


# Feeds and exports.


def _ics(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


@edition_permission_required("programme.view_programme")
def programme_ical(request: HttpRequest, edition: Edition) -> HttpResponse:
    schedule = _published_or_404(edition)
    return _ics(
        feeds.calendar_for(edition, schedule, schedule.sessions, edition.title), "programme"
    )


@edition_permission_required("programme.view_programme")
def session_ical(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    schedule = _published_or_404(edition)
    session = schedule.session(pk)
    if session is None:
        raise Http404
    return _ics(feeds.calendar_for(edition, schedule, [session], session.title), f"session-{pk}")


@edition_permission_required("programme.view_programme")
def schedule_json(request: HttpRequest, edition: Edition) -> JsonResponse:
    return JsonResponse(feeds.frab_json(edition, _published_or_404(edition)))


@edition_permission_required("programme.view_programme")
def schedule_xml(request: HttpRequest, edition: Edition) -> HttpResponse:
    content = feeds.frab_xml(edition, _published_or_404(edition))
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


@public_view
def agenda_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's agenda through its secret link: nothing once the link is revoked."""
    link = selectors.agenda_link_by_token(token)
    if link is None:
        raise Http404
    schedule = _published_or_404(link.edition)
    mine = selectors.agenda_ids(user=link.user, edition=link.edition)
    sessions = [session for session in schedule.sessions if session.id in mine]
    name = _("My agenda · %(title)s") % {"title": link.edition.title}
    notes = agenda_notes(link.user, link.edition)
    return _ics(feeds.calendar_for(link.edition, schedule, sessions, name, notes), "agenda")


# The personal agenda.


@edition_permission_required("programme.keep_agenda")
def agenda(request: HttpRequest, edition: Edition) -> HttpResponse:
    user = acting_user(request)
    schedule = selectors.schedule_published(edition)
    mine = selectors.agenda_ids(user=user, edition=edition)
    assigned = selectors.assigned_ids(user=user, edition=edition)
    link = selectors.agenda_link_active(user=user, edition=edition)
    notes = agenda_notes(user, edition) if schedule else {}
    return _render(
        request,
        edition,
        "programme/agenda.html",
        {
            "entries": [(s, notes.get(s.id, [])) for s in schedule.sessions if s.id in mine]
            if schedule
            else [],
            "assigned": assigned,
            "agenda": mine,
            "feed_url": request.build_absolute_uri(
                reverse("programme:agenda-feed", kwargs={"token": link.token})
            )
            if link
            else "",
            "open_rounds": PreferenceRound.objects.filter(
                edition=edition, status=PreferenceRound.Status.OPEN
            )
            if user.has_perm("programme.rank_workshops", edition)
            else [],
        },
    )


@edition_permission_required("programme.keep_agenda")
@require_POST
def star_toggle(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = get_object_or_404(Session, edition=edition, pk=pk)
    is_starred = request.POST.get("starred") == "1"
    services.star_set(session=session, user=acting_user(request), is_starred=is_starred)
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect(edition_url("programme:session-detail", edition, pk=pk))


@edition_permission_required("programme.keep_agenda")
@require_POST
def agenda_link_create(request: HttpRequest, edition: Edition) -> HttpResponse:
    services.agenda_link_create(edition=edition, user=acting_user(request))
    messages.success(
        request, _("Your agenda has a new calendar link; the old one stopped working.")
    )
    return redirect(edition_url("programme:agenda", edition))


@edition_permission_required("programme.keep_agenda")
@require_POST
def agenda_link_revoke(request: HttpRequest, edition: Edition) -> HttpResponse:
    services.agenda_link_revoke(edition=edition, user=acting_user(request))
    messages.success(request, _("The calendar link of your agenda no longer works."))
    return redirect(edition_url("programme:agenda", edition))


# Ranking workshops.


@edition_permission_required("programme.rank_workshops")
def round_rank(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """The participant ranks the round's workshops: a number per workshop, 1 the favourite."""
    preference_round = get_object_or_404(PreferenceRound, edition=edition, pk=pk)
    user = acting_user(request)
    workshops = list(preference_round.sessions.order_by("pk"))
    if request.method == "POST":
        try:
            ranking = _ranking_from(request, workshops)
            rounds.preferences_set(preference_round=preference_round, user=user, ranking=ranking)
        except ValidationError as error:
            messages_add_service_errors(request, error)
        else:
            messages.success(request, _("Your ranking is saved."))
            return redirect(edition_url("programme:round-rank", edition, pk=pk))
    ranks = dict(preference_round.preferences.filter(user=user).values_list("session_id", "rank"))
    assignment = preference_round.assignments.filter(user=user).select_related("session").first()
    return _render(
        request,
        edition,
        "programme/round_rank.html",
        {
            "round": preference_round,
            "workshops": [(w, ranks.get(w.pk)) for w in workshops],
            "positions": range(1, len(workshops) + 1),
            "assignment": assignment
            if preference_round.status == PreferenceRound.Status.ASSIGNED
            else None,
        },
    )


def _ranking_from(request: HttpRequest, workshops: list[Session]) -> list[Session]:
    """Workshops ordered by the numbers given (rank-<id> fields); blanks are left unranked."""
    ranked = []
    for workshop in workshops:
        value = request.POST.get(f"rank-{workshop.pk}", "").strip()
        if not value:
            continue
        if not value.isdigit() or int(value) < 1:
            raise ValidationError(_("A rank is a whole number from 1."))
        ranked.append((int(value), workshop))
    if len({rank for rank, _w in ranked}) != len(ranked):
        raise ValidationError(_("Give each workshop its own rank."))
    return [workshop for _rank, workshop in sorted(ranked, key=lambda pair: pair[0])]
