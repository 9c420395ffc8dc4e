"""Pages of challenges and places: the edition map with its list, the offline page for
observations, the gallery, photo files, reports, and the organisers' moderation queue."""

from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from impactdays.challenges import selectors, services
from impactdays.challenges.formats import observation_tags, tag_label
from impactdays.challenges.forms import ChallengeProposeForm, ObservationEditForm
from impactdays.challenges.models import Challenge, Observation, Photo, Report
from impactdays.common.permissions import permission_required, public_view
from impactdays.forums.dashboard import DashboardSection
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from impactdays.forums.permissions import (
    VIEW_EDITION,
    acting_user,
    edition_from_url,
    edition_permission_required,
)
from impactdays.forums.templatetags.forums_maps import map_settings
from impactdays.programme.models import Session

# The layers whose items a visitor may report, and the kind each item has in the report URL.
_REPORTED_KINDS = {"challenges": "challenge", "observations": "observation"}
_CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def _layer_lists(user: Any, edition: Edition) -> dict[str, Any]:  # Any: user and context
    layers = selectors.map_layers(user, edition)
    labels = {
        "venues": _("Venues"),
        "places": _("Places"),
        "challenges": _("Challenges"),
        "observations": _("Observations"),
    }
    entries = {
        kind: [
            {
                "id": feature["id"],
                "name": feature["properties"]["name"],
                "position": selectors.feature_centre(feature),
                "properties": feature["properties"],
            }
            for feature in collection["features"]
        ]
        for kind, collection in layers.items()
    }
    return {
        "layers": layers,
        "layer_labels": labels,
        "layer_lists": [
            (kind, labels[kind], entries[kind], _REPORTED_KINDS.get(kind, "")) for kind in layers
        ],
    }


@edition_permission_required("forums.view_edition")
def edition_map(request: HttpRequest, edition: Edition) -> HttpResponse:
    """One map of venues, places, challenges and observations, and the same data as lists."""
    context = _layer_lists(request.user, edition)
    return render(
        request,
        "challenges/edition_map.html",
        {
            "edition": edition,
            **context,
            **map_settings(),
            "challenges": selectors.challenges_visible_to(request.user, edition),
            "can_observe": request.user.has_perm("challenges.add_observation", edition),
            "can_propose": request.user.has_perm("challenges.propose_challenge", edition),
            "can_report": request.user.has_perm("challenges.report_item", edition),
        },
    )


@edition_permission_required("challenges.add_observation")
def observation_record(request: HttpRequest, edition: Edition) -> HttpResponse:
    """The installable page that records observations, offline too (static/challenges/js/observe.js)."""
    return render(
        request,
        "challenges/observation_record.html",
        {
            "edition": edition,
            "tags": [(tag, tag_label(tag)) for tag in observation_tags(edition.format)],
            "own_observations": selectors.observations_visible_to(request.user, edition).filter(
                author=acting_user(request)
            ),
            "places": selectors.places_visible_to(request.user, edition),
            "challenges": selectors.challenges_visible_to(request.user, edition),
            "site_visits": selectors.site_visits(edition),
            "api_url": reverse("api:observation_record", kwargs={"edition_id": edition.pk}),
            "photo_url_template": reverse(
                "api:observation_photo_add", kwargs={"observation_id": 0}
            ),
            "service_worker_url": reverse("challenges:service-worker"),
            "manifest_url": edition_url("challenges:manifest", edition),
            **map_settings(),
        },
    )


@edition_permission_required("forums.view_edition")
def place_detail(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """A public space: its description, linked challenges, photos and what walkers observed there."""
    place = get_object_or_404(selectors.places_visible_to(request.user, edition), pk=pk)
    observations = selectors.observations_visible_to(request.user, edition).filter(place=place)
    photos = selectors.photos_visible_to(request.user, edition).filter(
        Q(place=place) | Q(observation__in=observations)
    )
    return render(
        request,
        "challenges/place_detail.html",
        {"edition": edition, "place": place, "observations": observations, "photos": photos},
    )


@edition_permission_required("challenges.propose_challenge")
def challenge_propose(request: HttpRequest, edition: Edition) -> HttpResponse:
    """Partners and organisers propose a challenge; the organisers accept or reject it."""
    form = ChallengeProposeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        actor = acting_user(request)
        try:
            challenge = services.challenge_create(
                edition=edition,
                actor=actor,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                geometry=form.cleaned_data["geometry"],
            )
            if form.cleaned_data["image"]:
                services.photo_add(
                    edition=edition,
                    actor=actor,
                    upload=form.cleaned_data["image"],
                    challenge=challenge,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the organisers will decide on your proposal."))
            return redirect(edition_url("challenges:edition-map", edition))
    return render(request, "challenges/challenge_propose.html", {"edition": edition, "form": form})


def _observation_from_url(request: HttpRequest, kwargs: dict[str, Any]) -> Observation:
    edition = edition_from_url(request, kwargs)
    if not request.user.has_perm(VIEW_EDITION, edition):
        raise Http404
    observation: Observation = get_object_or_404(
        Observation.objects.select_related("edition__series"), edition=edition, pk=kwargs.pop("pk")
    )
    return observation


@permission_required(
    "challenges.change_observation", lookup=_observation_from_url, visible="challenges.view_item"
)
def observation_edit(request: HttpRequest, observation: Observation) -> HttpResponse:
    """Its author or a moderator changes an observation's text and tags."""
    edition = observation.edition
    tags = [(tag, tag_label(tag)) for tag in observation_tags(edition.format)]
    site_visits = selectors.site_visits(edition)
    if observation.session_id and observation.session_id not in dict(site_visits):
        site_visits.append((observation.session_id, str(observation.session)))
    form = ObservationEditForm(
        request.POST or None,
        tags=tags,
        site_visits=site_visits,
        initial={
            "text": observation.text,
            "tags": observation.tags,
            "session": observation.session_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        changes: dict[str, Any] = {}  # Any: field values of several kinds
        if "session" in form.fields:
            session_id = form.cleaned_data["session"]
            changes["session"] = (
                Session.objects.filter(edition=edition, pk=session_id).first()
                if session_id
                else None
            )
        try:
            services.observation_update(
                observation=observation,
                actor=acting_user(request),
                text=form.cleaned_data["text"],
                tags=form.cleaned_data["tags"],
                **changes,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The observation is saved."))
            return redirect(edition_url("challenges:observation-record", edition))
    return render(
        request,
        "challenges/observation_edit.html",
        {"edition": edition, "observation": observation, "form": form},
    )


@edition_permission_required("forums.view_edition")
def manifest(request: HttpRequest, edition: Edition) -> JsonResponse:
    """The web manifest that makes the observation page installable on a phone's home screen."""
    start = edition_url("challenges:observation-record", edition)
    response = JsonResponse(
        {
            "name": _("Observations: %(edition)s") % {"edition": edition.title},
            "short_name": _("Observations"),
            "start_url": start,
            "scope": start,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1f4e79",
            "icons": [
                {
                    "src": static("challenges/icon.png"),
                    "sizes": "192x192",
                    "type": "image/png",
                }
            ],
        }
    )
    response["Content-Type"] = "application/manifest+json"
    return response


@public_view
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the site's root so that it may control every page it caches."""
    path = finders.find("challenges/js/service_worker.js")
    if not isinstance(path, str):
        raise Http404
    with open(path, encoding="utf-8") as source:
        response = HttpResponse(source.read(), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@edition_permission_required("forums.view_edition")
def gallery(request: HttpRequest, edition: Edition) -> HttpResponse:
    """The edition's gallery: chosen photos with captions and credit."""
    return render(
        request,
        "challenges/gallery.html",
        {
            "edition": edition,
            "photos": selectors.gallery_photos(request.user, edition),
            "can_report": request.user.has_perm("challenges.report_item", edition),
        },
    )


@public_view
def photo_file(request: HttpRequest, name: str) -> FileResponse:
    """A photo or thumbnail, for those who may see it; 404 for others (as for no photo at all)."""
    photo = (
        Photo.objects.filter(Q(image=name) | Q(thumbnail=name)).select_related("edition").first()
    )
    if photo is None or not selectors.can_view(request.user, photo):
        raise Http404
    field = photo.image if photo.image.name == name else photo.thumbnail
    response = FileResponse(
        field.open("rb"), content_type=_CONTENT_TYPES.get(PurePosixPath(name).suffix, "")
    )
    # A hidden photo must stop showing: browsers keep it for a short while only, and alone.
    response["Cache-Control"] = "private, max-age=600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _moderated_item(edition: Edition, kind: str, pk: int) -> Challenge | Observation | Photo:
    item: Challenge | Observation | Photo | None
    if kind == "challenge":
        item = Challenge.objects.filter(edition=edition, pk=pk).first()
    elif kind == "observation":
        item = Observation.objects.filter(edition=edition, pk=pk).first()
    elif kind == "photo":
        item = Photo.objects.filter(edition=edition, pk=pk).first()
    else:
        item = None
    if item is None:
        raise Http404
    return item


@edition_permission_required("challenges.report_item")
@require_POST
def report_create(request: HttpRequest, edition: Edition, kind: str, pk: int) -> HttpResponse:
    item = _moderated_item(edition, kind, pk)
    if not selectors.can_view(request.user, item):
        raise Http404
    try:
        services.report_create(
            item=item, reporter=acting_user(request), reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: the moderators will look at it."))
    return redirect(edition_url("challenges:edition-map", edition))


@edition_permission_required("challenges.moderate")
@require_POST
def item_moderate(
    request: HttpRequest, edition: Edition, kind: str, pk: int, action: str
) -> HttpResponse:
    """Hide or restore an observation, photo or challenge (the organiser queue's buttons)."""
    item = _moderated_item(edition, kind, pk)
    if action == "hide":
        services.item_hide(item=item, actor=acting_user(request))
        messages.success(request, _("Hidden: “%(item)s”.") % {"item": str(item)[:60]})
    elif action == "restore":
        services.item_restore(item=item, actor=acting_user(request))
        messages.success(request, _("Shown again: “%(item)s”.") % {"item": str(item)[:60]})
    else:
        raise Http404
    return redirect(DASHBOARD_SECTION.url(edition))


@edition_permission_required("challenges.manage_challenges")
@require_POST
def challenge_status_move(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    """Accept or reject a proposal, or move a challenge on."""
    challenge = get_object_or_404(Challenge, edition=edition, pk=pk)
    try:
        services.challenge_status_move(
            challenge=challenge, to=request.POST.get("to", ""), actor=acting_user(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The challenge is now: %(status)s.") % {"status": challenge.get_status_display()},
        )
    return redirect(DASHBOARD_SECTION.url(edition))


def _dashboard_context(request: HttpRequest, edition: Edition) -> dict[str, Any]:  # Any: context
    return {
        "reports": selectors.reports_open(edition),
        "proposals": Challenge.objects.filter(edition=edition, status=Challenge.Status.PROPOSED),
        "hidden_items": [(item._meta.model_name, item) for item in selectors.items_hidden(edition)],
        "challenges": Challenge.objects.filter(edition=edition).exclude(
            status=Challenge.Status.PROPOSED
        ),
    }


def _count_in_edition(queryset: QuerySet[Any]) -> Subquery:  # Any: reports or challenges
    return Subquery(
        queryset.filter(edition=OuterRef("pk"))
        .order_by()
        .values("edition")
        .annotate(count=Count("pk"))
        .values("count")
    )


def _dashboard_summary(request: HttpRequest, edition: Edition) -> str:
    # One query for both counts: the overview's cost stays fixed as sections are added.
    counts = (
        Edition.objects.filter(pk=edition.pk)
        .annotate(
            reports=_count_in_edition(Report.objects.filter(resolved_at__isnull=True)),
            proposals=_count_in_edition(Challenge.objects.filter(status=Challenge.Status.PROPOSED)),
        )
        .values("reports", "proposals")
        .get()
    )
    return _("Open reports: %(reports)s. Proposals to decide: %(proposals)s.") % {
        "reports": counts["reports"] or 0,
        "proposals": counts["proposals"] or 0,
    }


DASHBOARD_SECTION = DashboardSection(
    key="challenges",
    title=gettext_lazy("Challenges and moderation"),
    template="challenges/partials/manage_challenges.html",
    order=65,
    permission="challenges.moderate",
    context=_dashboard_context,
    summary=_dashboard_summary,
)
