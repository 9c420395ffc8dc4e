"""Applications API: the call of an edition (public as the edition is), and the caller's own
application, read and written through the same services as the pages. Nobody reaches another
person's application here."""

import rules
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from impactdays.applications import selection, services
from impactdays.applications.models import Application, Call, SelectionRun
from impactdays.applications.schemas import (
    ApplicationIn,
    ApplicationOut,
    CallOut,
    SelectionRunOut,
)
from impactdays.common.api import ApiRouter
from impactdays.forums.api_lookups import api_actor, edition_visible_or_404
from impactdays.people.api_auth import READ_AUTH, WRITE_AUTH
from impactdays.people.models import User

router = ApiRouter(tags=["applications"], read_auth=READ_AUTH, write_auth=WRITE_AUTH)


def _call_or_404(request: HttpRequest, edition_id: int) -> Call:
    edition = edition_visible_or_404(request, edition_id)
    call = Call.objects.filter(edition=edition).select_related("edition").first()
    if call is None:
        raise HttpError(404, _("This edition has no open call."))
    return call


def _mine_or_404(call: Call, user: object) -> Application:
    application = (
        Application.objects.filter(call=call, applicant=user).first()
        if isinstance(user, User)
        else None
    )
    if application is None:
        raise HttpError(404, _("You have no application to this call."))
    return application


@router.read("/editions/{edition_id}/call", CallOut)
def call_detail(request: HttpRequest, edition_id: int) -> Call:
    return _call_or_404(request, edition_id)


@router.read("/editions/{edition_id}/call/application", ApplicationOut)
def application_mine(request: HttpRequest, edition_id: int) -> Application:
    """The caller's own application to the call; 404 for anyone who has none."""
    return _mine_or_404(_call_or_404(request, edition_id), request.user)


@router.write("put", "/editions/{edition_id}/call/application", ApplicationOut)
def application_save(request: HttpRequest, edition_id: int, payload: ApplicationIn) -> Application:
    """Create or change the caller's application while the call is open; a draft may be
    incomplete, a submission must answer every required question."""
    actor = api_actor(request)
    call = _call_or_404(request, edition_id)
    if not rules.has_perm("applications.apply", actor, call.edition):
        raise HttpError(403, _("This call takes no applications now."))
    mine = Application.objects.filter(call=call, applicant=actor).first()
    return services.application_save(
        call=call,
        applicant=actor,
        answers=payload.answers,
        is_submitted=payload.submit,
        application=mine,
    )


@router.write("post", "/editions/{edition_id}/call/application/withdraw", ApplicationOut)
def application_withdraw(request: HttpRequest, edition_id: int) -> Application:
    actor = api_actor(request)
    mine = _mine_or_404(_call_or_404(request, edition_id), actor)
    if not rules.has_perm("applications.change_application", actor, mine):
        raise HttpError(403, _("This application can no longer change."))
    return services.application_withdraw(application=mine, actor=actor)


@router.read("/editions/{edition_id}/call/selection", SelectionRunOut)
def selection_published(request: HttpRequest, edition_id: int) -> SelectionRun:
    """The call's published selection run; 404 until the organisers publish one."""
    run = selection.selection_run_published(_call_or_404(request, edition_id))
    if run is None:
        raise HttpError(404, _("No selection run of this call is published."))
    return run
