"""The organisers' timetable editor: a dashboard section with the working programme, its
warnings, the forms to add, change and move sessions, publishing, and preference rounds.

Every form works without JavaScript. Times are shown and entered in the edition's time zone.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from impactdays.forums.dashboard import DashboardSection, dashboard_page_context, dashboard_section
from impactdays.forums.forms import form_add_service_errors, messages_add_service_errors
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition, EditionRole
from impactdays.forums.permissions import acting_user, edition_permission_required
from impactdays.people.models import User
from impactdays.programme import rounds, selectors, services
from impactdays.programme.forms import AssignForm, PublishForm, RoundForm, SessionForm, SpeakerForm
from impactdays.programme.models import PreferenceRound, ScheduleVersion, Session, Speaker


def _summary(request: HttpRequest, edition: Edition) -> str:
    count = Session.objects.filter(edition=edition).count()
    return ngettext("%(count)s session", "%(count)s sessions", count) % {"count": count}


DASHBOARD_SECTION = DashboardSection(
    key="programme",
    title=gettext_lazy("Programme"),
    order=60,
    url_name="programme:editor",
    permission="programme.manage_programme",
    summary=_summary,
)


def _page(request: HttpRequest, edition: Edition, template: str, **context: Any) -> HttpResponse:
    section = dashboard_section(DASHBOARD_SECTION.key)
    return render(
        request,
        template,
        {**dashboard_page_context(request, edition, section), **context},
    )


@edition_permission_required("programme.manage_programme")
def editor(request: HttpRequest, edition: Edition) -> HttpResponse:
    warnings = selectors.programme_warnings(edition)
    flagged = {warning.session_id for warning in warnings}
    with timezone.override(edition.time_zone):
        return _page(
            request,
            edition,
            "programme/editor.html",
            sessions=selectors.sessions_for_editor(edition),
            warnings=warnings,
            flagged=flagged,
            speakers=Speaker.objects.filter(edition=edition),
            versions=ScheduleVersion.objects.filter(edition=edition).defer("data")[:10],
            publish_form=PublishForm(),
            rounds=PreferenceRound.objects.filter(edition=edition).annotate(
                ranked=Count("preferences__user", distinct=True)
            ),
            time_zone=edition.time_zone,
        )


@edition_permission_required("programme.change_programme")
def session_edit(request: HttpRequest, edition: Edition, pk: int | None = None) -> HttpResponse:
    """Add a session (no pk) or change or move one; the form shows the service's errors."""
    session = get_object_or_404(Session, edition=edition, pk=pk) if pk else None
    with timezone.override(edition.time_zone):
        initial = SessionForm.initial_from(session) if session else {}
        form = SessionForm(request.POST or None, edition=edition, initial=initial, instance=session)
        if request.method == "POST" and form.is_valid():
            fields = form.service_fields()
            clash = form.cleaned_data["allow_room_clash"]
            try:
                if session is None:
                    services.session_create(
                        edition=edition,
                        actor=acting_user(request),
                        allow_room_clash=clash,
                        **fields,
                    )
                else:
                    services.session_update(
                        session=session,
                        actor=acting_user(request),
                        allow_room_clash=clash,
                        **fields,
                    )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The session is saved."))
                return redirect(edition_url("programme:editor", edition))
        return _page(request, edition, "programme/session_form.html", form=form, session=session)


@edition_permission_required("programme.change_programme")
@require_POST
def session_delete(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    session = get_object_or_404(Session, edition=edition, pk=pk)
    try:
        services.session_delete(session=session, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(request, _("The session is removed from the working programme."))
    return redirect(edition_url("programme:editor", edition))


@edition_permission_required("programme.change_programme")
def speaker_create(request: HttpRequest, edition: Edition) -> HttpResponse:
    form = SpeakerForm(request.POST or None, request.FILES or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            services.speaker_create(
                edition=edition,
                actor=acting_user(request),
                name=form.cleaned_data["name"],
                user=form.cleaned_data["account"],
                organisation=form.cleaned_data["organisation"],
                bio=form.cleaned_data["bio"],
                photo=form.cleaned_data["photo"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The speaker is added."))
            return redirect(edition_url("programme:editor", edition))
    return _page(request, edition, "programme/speaker_form.html", form=form)


@edition_permission_required("programme.change_programme")
@require_POST
def schedule_publish(request: HttpRequest, edition: Edition) -> HttpResponse:
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = services.schedule_publish(
                edition=edition,
                actor=acting_user(request),
                changelog=form.cleaned_data["changelog"],
            )
        except ValidationError as error:
            messages_add_service_errors(request, error)
        else:
            messages.success(
                request, _("Version %(number)s is published.") % {"number": version.number}
            )
    return redirect(edition_url("programme:editor", edition))


# Preference rounds.


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


@edition_permission_required("programme.change_programme")
def round_create(request: HttpRequest, edition: Edition) -> HttpResponse:
    form = RoundForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            preference_round = rounds.round_create(
                edition=edition,
                actor=acting_user(request),
                title=form.cleaned_data["title"],
                sessions=list(form.cleaned_data["sessions"]),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect(edition_url("programme:round-manage", edition, pk=preference_round.pk))
    return _page(request, edition, "programme/round_form.html", form=form)


@edition_permission_required("programme.manage_programme")
def round_manage(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    preference_round = get_object_or_404(PreferenceRound, edition=edition, pk=pk)
    assignments = list(
        preference_round.assignments.select_related("user", "session").order_by("session", "user")
    )
    participants = User.objects.filter(
        edition_roles__edition=edition, edition_roles__role=EditionRole.Role.PARTICIPANT
    ).order_by("display_name", "email")
    return _page(
        request,
        edition,
        "programme/round_manage.html",
        round=preference_round,
        workshops=preference_round.sessions.annotate(
            placed=Count("assignments", distinct=True)
        ).order_by("pk"),
        assignments=assignments,
        ranked=preference_round.preferences.values("user").distinct().count(),
        participants=participants,
        assign_form=AssignForm(initial={"objective": preference_round.objective}),
        profile=list(enumerate(preference_round.rank_profile[:-1], start=1)),
        unranked=preference_round.rank_profile[-1] if preference_round.rank_profile else 0,
    )


@edition_permission_required("programme.change_programme")
@require_POST
def round_move(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    preference_round = get_object_or_404(PreferenceRound, edition=edition, pk=pk)
    try:
        rounds.round_move(
            preference_round=preference_round,
            actor=acting_user(request),
            to=request.POST.get("to", ""),
        )
    except ValidationError as error:
        messages_add_service_errors(request, error)
    return redirect(edition_url("programme:round-manage", edition, pk=pk))


@edition_permission_required("programme.change_programme")
@require_POST
def round_assign(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    preference_round = get_object_or_404(PreferenceRound, edition=edition, pk=pk)
    form = AssignForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose an objective from the list."))
        rounds.round_assign(
            preference_round=preference_round,
            actor=acting_user(request),
            objective=form.cleaned_data["objective"],
        )
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(request, _("Everyone is placed."))
    return redirect(edition_url("programme:round-manage", edition, pk=pk))


@edition_permission_required("programme.change_programme")
@require_POST
def assignment_adjust(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    preference_round = get_object_or_404(PreferenceRound, edition=edition, pk=pk)
    user = get_object_or_404(
        User,
        pk=_int(request.POST.get("user")),
        edition_roles__edition=edition,
        edition_roles__role=EditionRole.Role.PARTICIPANT,
    )
    session = get_object_or_404(Session, edition=edition, pk=_int(request.POST.get("session")))
    try:
        rounds.assignment_adjust(
            preference_round=preference_round,
            actor=acting_user(request),
            user=user,
            session=session,
        )
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(request, _("The placement is changed by hand."))
    return redirect(edition_url("programme:round-manage", edition, pk=pk))
