"""Pages of forum series and editions, and the organiser's dashboard of an edition.

The dashboard is an overview and one page per section (forums.dashboard). Each action on a
section is a small POST view with its own URL and permission. Invalid input re-renders the
section's page with the submitted form and its errors; a ValidationError from a service is shown
the same way (or as a message when there is no form) and writes nothing.
"""

import copy
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from impactdays.common.permissions import permission_required, public_view
from impactdays.common.ratelimits import is_limited
from impactdays.forums import geocoding, selectors, services
from impactdays.forums.dashboard import (
    DashboardSection,
    dashboard_page_context,
    dashboard_section,
    dashboard_sections_for,
)
from impactdays.forums.forms import (
    EditionCreateForm,
    EditionForm,
    InvitationForm,
    PartnerForm,
    PeopleSearchForm,
    ReplicateForm,
    RoomForm,
    SeriesForm,
    VenueForm,
    form_add_service_errors,
    messages_add_service_errors,
)
from impactdays.forums.links import edition_url
from impactdays.forums.models import (
    Edition,
    EditionInvitation,
    EditionPartner,
    EditionRole,
    ForumSeries,
    Room,
    Venue,
)
from impactdays.forums.page_panels import EDITION, EDITION_LINKS, SERIES, page_panels_for
from impactdays.forums.permissions import (
    acting_user,
    edition_permission_required,
    series_from_url,
)
from impactdays.people.models import User

Place = dict[str, Any]  # {name, label, lat, lon, url, kind}: what static/forums/js/map.js reads


def _series_places(editions: list[Edition]) -> list[Place]:
    return [
        {
            "name": edition.title,
            "label": f"{edition.city} {edition.year}",
            "lat": edition.latitude,
            "lon": edition.longitude,
            "url": edition.get_absolute_url(),
            "kind": "edition",
        }
        for edition in editions
    ]


def _edition_places(edition: Edition) -> list[Place]:
    """The venues, then the partner organisations that have coordinates, each place once."""
    places: list[Place] = [
        {
            "name": venue.name,
            "label": venue.name,
            "lat": venue.latitude,
            "lon": venue.longitude,
            "url": "",
            "kind": "venue",
        }
        for venue in edition.venues.all()
    ]
    seen = {(place["name"], place["lat"], place["lon"]) for place in places}
    for partner in edition.partners.all():
        organisation = partner.organisation
        key = (organisation.name, organisation.latitude, organisation.longitude)
        if organisation.latitude is None or organisation.longitude is None or key in seen:
            continue
        seen.add(key)
        places.append(
            {
                "name": organisation.name,
                "label": organisation.name,
                "lat": organisation.latitude,
                "lon": organisation.longitude,
                "url": organisation.website,
                "kind": "partner",
            }
        )
    return places


def _partner_groups(edition: Edition) -> list[tuple[str, list[EditionPartner]]]:
    partners = list(edition.partners.all())
    groups = [
        (label, [partner for partner in partners if partner.role == role])
        for role, label in EditionPartner.Role.choices
    ]
    return [(str(label), members) for label, members in groups if members]


# What each edition needs next from the person, by status: organisers, then everyone else.
NEXT_FOR_ORGANISERS: dict[str, StrOrPromise] = {
    Edition.Status.DRAFT: gettext_lazy(
        "Fill in the details, venues and partners, then open the call."
    ),
    Edition.Status.OPEN_CALL: gettext_lazy(
        "Follow the applications; start the selection when the call closes."
    ),
    Edition.Status.SELECTION: gettext_lazy(
        "Select the participants, then move on to the programme."
    ),
    Edition.Status.PROGRAMME: gettext_lazy("Complete the programme before the forum goes live."),
    Edition.Status.LIVE: gettext_lazy("The forum is on; close it when it ends."),
    Edition.Status.CLOSED: gettext_lazy("Write and publish the report."),
    Edition.Status.REPORT_PUBLISHED: gettext_lazy("Nothing is due: the report is published."),
}
NEXT_FOR_MEMBERS: dict[str, StrOrPromise] = {
    Edition.Status.DRAFT: gettext_lazy("The organisers are preparing the edition."),
    Edition.Status.LIVE: gettext_lazy("The forum is on: see today's programme."),
    Edition.Status.REPORT_PUBLISHED: gettext_lazy("Read the report."),
}


@public_view
def home(request: HttpRequest) -> HttpResponse:
    """The editions of the person signed in, with what each needs next; then every public edition."""
    mine: list[dict[str, Any]] = []  # Any: template context values
    if isinstance(request.user, User):
        for item in selectors.editions_of(request.user):
            table = NEXT_FOR_ORGANISERS if item.is_organiser else NEXT_FOR_MEMBERS
            next_step = table.get(item.edition.status, gettext_lazy("See what is new on its page."))
            sections = (
                [
                    {"title": section.title, "url": section.url(item.edition)}
                    for section in dashboard_sections_for(request, item.edition)
                ]
                if item.is_organiser
                else []
            )
            mine.append({"item": item, "next_step": next_step, "sections": sections})
    return render(
        request,
        "forums/edition_list.html",
        {
            "my_editions": mine,
            "can_add_series": request.user.has_perm("forums.add_series"),
            "current_editions": selectors.editions_current_and_upcoming(request.user),
            "past_editions": selectors.editions_recent_past(request.user),
            "series_list": ForumSeries.objects.order_by("name"),
        },
    )


@permission_required("forums.add_series")
def series_create(request: HttpRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.series_create(actor=acting_user(request), **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is created.") % {"name": series.name})
            return redirect(series.get_absolute_url())
    return render(request, "forums/series_create.html", {"form": form})


@permission_required("forums.add_edition", lookup=series_from_url)
def edition_create(request: HttpRequest, series: ForumSeries) -> HttpResponse:
    """A new draft edition of the series, from its format; the organiser who makes it organises it."""
    form = EditionCreateForm(request.POST or None, instance=Edition(series=series))
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_create(
                series=series, actor=acting_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(title)s is created as a draft.") % {"title": edition.title}
            )
            return redirect(edition_url("forums:edition-manage", edition))
    return render(request, "forums/edition_create.html", {"form": form, "series": series})


@public_view
def series_detail(request: HttpRequest, series_slug: str) -> HttpResponse:
    series = get_object_or_404(
        selectors.series_with_visible_editions(request.user), slug=series_slug
    )
    visible: list[Edition] = series.visible_editions  # type: ignore[attr-defined]  # Prefetch to_attr
    editions = sorted(visible, key=lambda edition: (edition.year, edition.starts_on))
    return render(
        request,
        "forums/series_detail.html",
        {
            "series": series,
            "editions": editions,
            "places": _series_places(editions),
            "can_add_edition": request.user.has_perm("forums.add_edition", series),
            "panels": page_panels_for(request, SERIES, series),
        },
    )


@edition_permission_required("forums.view_edition")
def edition_detail(request: HttpRequest, edition: Edition) -> HttpResponse:
    can_manage = request.user.has_perm("forums.manage_edition", edition)
    edition = selectors.edition_with_details(edition)
    return render(
        request,
        "forums/edition_detail.html",
        {
            "edition": edition,
            "can_manage": can_manage,
            "partner_groups": _partner_groups(edition),
            "places": _edition_places(edition),
            "panels": page_panels_for(request, EDITION, edition),
            "stage_links": page_panels_for(request, EDITION_LINKS, edition),
        },
    )


# The organiser's dashboard: an overview, then one page per section (forums.dashboard). Each action
# is a small POST view with its own URL and permission; it goes back to its section's page.

PEOPLE_PER_PAGE = 25


def _to_section(edition: Edition, key: str) -> HttpResponseRedirect:
    section = dashboard_section(key)
    if section is None:  # a test or an app unregistered it: the overview still lists the rest
        return redirect(edition_url("forums:edition-manage", edition))
    return redirect(section.url(edition))


def _section_page(
    request: HttpRequest, edition: Edition, key: str, **bound_forms: Any
) -> HttpResponse:
    """A section served by forums; `bound_forms` replace its empty forms with submitted ones."""
    section = dashboard_section(key)
    if section is None or section.url_name:
        raise Http404
    if not request.user.has_perm(section.permission, edition):
        raise PermissionDenied
    context = dashboard_page_context(request, edition, section)
    context.update(section.context(request, edition))
    context.update(bound_forms)
    return render(request, "forums/edition_manage_section.html", context)


def _people_url(edition: Edition, query: QueryDict) -> str:
    """The people page with the search and page the organiser came from (and nothing else)."""
    kept = {name: str(query.get(name, ""))[:100] for name in ("text", "role", "page")}
    kept = {name: value for name, value in kept.items() if value}
    url = edition_url("forums:edition-people", edition)
    return f"{url}?{urlencode(kept)}" if kept else url


def _people_page(request: HttpRequest, edition: Edition, **bound_forms: Any) -> HttpResponse:
    """People and roles: searched and paged; the pending invitations and the invitation form."""
    search = PeopleSearchForm(request.GET)
    if search.is_valid():
        roles = selectors.edition_roles_matching(edition, **search.cleaned_data)
    else:  # the error shows on the search form; the list stays whole
        roles = selectors.edition_roles_matching(edition)
    context = dashboard_page_context(request, edition, dashboard_section(PEOPLE))
    context.update(
        {
            "search_form": search,
            "roles_page": Paginator(roles, PEOPLE_PER_PAGE).get_page(request.GET.get("page")),
            "list_query": request.GET.urlencode(),
            "invitations": selectors.invitations_pending(edition),
            "invitation_form": InvitationForm(),
            "now": timezone.now(),
            **bound_forms,
        }
    )
    return render(request, "forums/edition_people.html", context)


# What the overview says about each forums section.


def _details_summary(request: HttpRequest, edition: Edition) -> StrOrPromise:
    count = len(edition.languages)
    return ngettext(
        "%(city)s, %(year)s · %(count)d language", "%(city)s, %(year)s · %(count)d languages", count
    ) % {"city": edition.city, "year": edition.year, "count": count}


def _venues_summary(request: HttpRequest, edition: Edition) -> StrOrPromise:
    venues = Venue.objects.filter(edition=edition).count()
    if not venues:
        return _("No venue yet.")
    rooms = Room.objects.filter(venue__edition=edition).count()
    return ", ".join(
        [
            ngettext("%(count)d venue", "%(count)d venues", venues) % {"count": venues},
            ngettext("%(count)d room", "%(count)d rooms", rooms) % {"count": rooms},
        ]
    )


def _partners_summary(request: HttpRequest, edition: Edition) -> StrOrPromise:
    count = edition.partners.count()
    if not count:
        return _("No partner yet.")
    return ngettext("%(count)d partner", "%(count)d partners", count) % {"count": count}


def _people_summary(request: HttpRequest, edition: Edition) -> StrOrPromise:
    people = selectors.edition_people(edition).count()
    pending = selectors.invitations_pending(edition).filter(expires_at__gt=timezone.now()).count()
    parts = [
        ngettext("%(count)d person with a role", "%(count)d people with a role", people)
        % {"count": people}
    ]
    if pending:
        parts.append(
            ngettext("%(count)d pending invitation", "%(count)d pending invitations", pending)
            % {"count": pending}
        )
    return ", ".join(parts)


def _status_summary(request: HttpRequest, edition: Edition) -> StrOrPromise:
    return _("At “%(status)s”.") % {"status": edition.get_status_display()}


DETAILS, VENUES, PARTNERS, PEOPLE, STATUS = "details", "venues", "partners", "people", "status"

# The forums sections of the dashboard, registered in ForumsConfig.ready().
DASHBOARD_SECTIONS = [
    DashboardSection(
        key=DETAILS,
        title=gettext_lazy("Details"),
        template="forums/partials/manage_details.html",
        order=20,
        permission="forums.change_edition",
        context=lambda request, edition: {"details_form": EditionForm(instance=edition)},
        summary=_details_summary,
    ),
    DashboardSection(
        key=VENUES,
        title=gettext_lazy("Venues and rooms"),
        template="forums/partials/manage_venues.html",
        order=30,
        context=lambda request, edition: {
            "edition": selectors.edition_with_details(edition),
            "venue_form": VenueForm(),
            "room_form": RoomForm(edition=edition),
        },
        summary=_venues_summary,
    ),
    DashboardSection(
        key=PARTNERS,
        title=gettext_lazy("Partners"),
        template="forums/partials/manage_partners.html",
        order=40,
        context=lambda request, edition: {
            "edition": selectors.edition_with_details(edition),
            "partner_form": PartnerForm(),
        },
        summary=_partners_summary,
    ),
    DashboardSection(
        key=PEOPLE,
        title=gettext_lazy("People and roles"),
        url_name="forums:edition-people",
        order=50,
        summary=_people_summary,
    ),
    DashboardSection(
        key=STATUS,
        title=gettext_lazy("Status and replication"),
        template="forums/partials/manage_status.html",
        order=90,
        context=lambda request, edition: {
            "status_moves": [(to, Edition.Status(to).label) for to in edition.allowed_moves()],
            "can_move_status": request.user.has_perm("forums.move_edition_status", edition),
            "can_replicate": request.user.has_perm("forums.replicate_edition", edition),
            "replicate_form": ReplicateForm(initial={"include_partners": True}),
        },
        summary=_status_summary,
    ),
]


def _manage_action(
    request: HttpRequest, edition: Edition, key: str, act: Callable[[], object], done: str
) -> HttpResponse:
    """Run one service; a refusal becomes an error message. Back to the section's page."""
    try:
        act()
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(request, done)
    return _to_section(edition, key)


def _manage_form(
    request: HttpRequest,
    edition: Edition,
    key: str,
    form: Form,
    form_name: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Validate a section's form and hand its data to a service.

    Invalid input or a refusal from the service shows the section's page again with the
    submitted form and its errors; nothing is written then.
    """
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, done)
            return _to_section(edition, key)
    return _section_page(request, edition, key, **{form_name: form})


@edition_permission_required("forums.manage_edition")
def edition_manage(request: HttpRequest, edition: Edition) -> HttpResponse:
    """The overview: where the edition stands, what is next, a line about each section."""
    context = dashboard_page_context(request, edition, None)
    context["overview"] = [
        {
            "section": section,
            "url": section.url(edition),
            "summary": section.summary_for(request, edition),
        }
        for section in context["dashboard_sections"]
    ]
    context["next_step"] = NEXT_FOR_ORGANISERS.get(edition.status, "")
    return render(request, "forums/edition_manage.html", context)


# The section's own permission is checked inside: a section page without it answers 403.
@edition_permission_required("forums.manage_edition")
def edition_section(request: HttpRequest, edition: Edition, section_key: str) -> HttpResponse:
    """The page of a section that forums serves (details, venues, partners, status, …)."""
    return _section_page(request, edition, section_key)


@edition_permission_required("forums.manage_edition")
def edition_people(request: HttpRequest, edition: Edition) -> HttpResponse:
    return _people_page(request, edition)


@edition_permission_required("forums.change_edition")
@require_POST
def edition_details_update(request: HttpRequest, edition: Edition) -> HttpResponse:
    # The form validates a copy: a rejected change must not show up elsewhere on the page.
    form = EditionForm(request.POST, instance=copy.copy(edition))
    if form.is_valid():
        try:
            services.edition_update(
                edition=edition,
                actor=acting_user(request),
                expected_version=form.cleaned_data["version"],
                **form.changes(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The details are saved."))
            return _to_section(edition, DETAILS)
    return _section_page(request, edition, DETAILS, details_form=form)


@edition_permission_required("forums.move_edition_status")
@require_POST
def edition_status_move(request: HttpRequest, edition: Edition) -> HttpResponse:
    try:
        services.edition_status_move(
            edition=edition, to=request.POST.get("to", ""), actor=acting_user(request)
        )
    except ValidationError as error:
        messages_add_service_errors(request, error)
    else:
        messages.success(
            request,
            _("The edition is now at “%(status)s”.") % {"status": edition.get_status_display()},
        )
    return _to_section(edition, STATUS)


@edition_permission_required("forums.change_edition")
@require_POST
def edition_partner_add(request: HttpRequest, edition: Edition) -> HttpResponse:
    return _manage_form(
        request,
        edition,
        PARTNERS,
        PartnerForm(request.POST),
        "partner_form",
        lambda data: services.edition_partner_add(
            edition=edition, actor=acting_user(request), **data
        ),
        _("The partner is added."),
    )


@edition_permission_required("forums.change_edition")
@require_POST
def edition_partner_remove(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    partner = get_object_or_404(EditionPartner, edition=edition, pk=pk)
    return _manage_action(
        request,
        edition,
        PARTNERS,
        lambda: services.edition_partner_remove(partner=partner, actor=acting_user(request)),
        _("The partner is removed."),
    )


@edition_permission_required("forums.change_edition")
@require_POST
def edition_venue_create(request: HttpRequest, edition: Edition) -> HttpResponse:
    return _manage_form(
        request,
        edition,
        VENUES,
        VenueForm(request.POST),
        "venue_form",
        lambda data: services.venue_create(edition=edition, actor=acting_user(request), **data),
        _("The venue is added."),
    )


@edition_permission_required("forums.change_edition")
@require_POST
def edition_venue_delete(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    venue = get_object_or_404(Venue, edition=edition, pk=pk)
    return _manage_action(
        request,
        edition,
        VENUES,
        lambda: services.venue_delete(venue=venue, actor=acting_user(request)),
        _("The venue and its rooms are deleted."),
    )


@edition_permission_required("forums.change_edition")
@require_POST
def edition_room_create(request: HttpRequest, edition: Edition) -> HttpResponse:
    return _manage_form(
        request,
        edition,
        VENUES,
        RoomForm(request.POST, edition=edition),
        "room_form",
        lambda data: services.room_create(actor=acting_user(request), **data),
        _("The room is added."),
    )


@edition_permission_required("forums.change_edition")
@require_POST
def edition_room_delete(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    room = get_object_or_404(Room.objects.select_related("venue"), venue__edition=edition, pk=pk)
    return _manage_action(
        request,
        edition,
        VENUES,
        lambda: services.room_delete(room=room, actor=acting_user(request)),
        _("The room is deleted."),
    )


@edition_permission_required("forums.change_edition")
def edition_role_revoke(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST takes the role away. Back to the list as it was."""
    grant = get_object_or_404(EditionRole.objects.select_related("user"), edition=edition, pk=pk)
    back = _people_url(edition, request.GET)
    if request.method != "POST":
        context = dashboard_page_context(request, edition, dashboard_section(PEOPLE))
        context.update({"grant": grant, "back_url": back})
        return render(request, "forums/edition_role_revoke.html", context)
    try:
        services.edition_role_revoke(grant=grant, actor=acting_user(request))
    except ValidationError as error:
        messages_add_service_errors(request, error)
        return redirect(back)
    messages.success(request, _("The role is revoked."))
    # Someone who gave up their own organiser role can no longer open the management pages.
    if not request.user.has_perm("forums.manage_edition", edition):
        return redirect(edition.get_absolute_url())
    return redirect(back)


@edition_permission_required("forums.replicate_edition")
@require_POST
def edition_replicate(request: HttpRequest, edition: Edition) -> HttpResponse:
    form = ReplicateForm(request.POST)
    if form.is_valid():
        try:
            replica = services.edition_replicate(
                source=edition, actor=acting_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(title)s is created as a draft.") % {"title": replica.title}
            )
            return redirect(edition_url("forums:edition-manage", replica))
    return _section_page(request, edition, STATUS, replicate_form=form)


# Invitations to a role by e-mail: the one way to give someone a role from the dashboard, so the
# page answers the same whether or not an address has an account.


@edition_permission_required("forums.change_edition")
@require_POST
def edition_invitation_create(request: HttpRequest, edition: Edition) -> HttpResponse:
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(
                edition=edition, actor=acting_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The invitation is sent."))
            return _to_section(edition, PEOPLE)
    return _people_page(request, edition, invitation_form=form)


@edition_permission_required("forums.change_edition")
@require_POST
def edition_invitation_resend(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    invitation = get_object_or_404(EditionInvitation, edition=edition, pk=pk)
    return _manage_action(
        request,
        edition,
        PEOPLE,
        lambda: services.invitation_resend(invitation=invitation, actor=acting_user(request)),
        _("The invitation is sent again with a new link."),
    )


@edition_permission_required("forums.change_edition")
@require_POST
def edition_invitation_revoke(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    invitation = get_object_or_404(EditionInvitation, edition=edition, pk=pk)
    return _manage_action(
        request,
        edition,
        PEOPLE,
        lambda: services.invitation_revoke(invitation=invitation, actor=acting_user(request)),
        _("The invitation is withdrawn."),
    )


# Anyone signed in who holds the link: it went to the invited mailbox. Anonymous visitors sign in
# or sign up first and come back here.
@permission_required("common.use_own_account")
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            grant = services.invitation_accept(token=token, user=acting_user(request))
        except ValidationError as error:
            messages_add_service_errors(request, error)
        else:
            messages.success(
                request,
                _("You are now %(role)s of %(title)s.")
                % {"role": grant.get_role_display(), "title": grant.edition.title},
            )
            # Their editions, where this one now shows with the next thing it needs from them.
            return redirect("forums:home")
    invitation = services.invitation_find(token=token)
    return render(
        request,
        "forums/invitation_accept.html",
        {"invitation": invitation, "invalid_message": services.INVITATION_INVALID},
    )


# The map picker's "find an address" (forums.widgets.MapPointWidget): JSON for map_picker.js.
@permission_required("forums.geocode_address")
def address_geocode(request: HttpRequest) -> JsonResponse:
    if not geocoding.geocoding_is_enabled():
        return JsonResponse({"error": _("Address search is not set up on this site.")}, status=404)
    if is_limited(request, name="address_geocode"):
        return JsonResponse(
            {"error": _("Too many searches. Wait a minute, then try again.")}, status=429
        )
    try:
        places = geocoding.address_geocode(
            query=request.GET.get("q", ""), language=get_language() or settings.LANGUAGE_CODE
        )
    except ValueError:
        return JsonResponse({"error": _("Type an address of up to 200 characters.")}, status=400)
    except geocoding.GeocodingError as error:
        return JsonResponse({"error": str(error)}, status=502)
    return JsonResponse({"results": [asdict(place) for place in places]})
