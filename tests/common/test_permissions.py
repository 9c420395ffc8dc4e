"""The permission decorator and the mixin, on a page of a stand-in app mounted under the edition prefix."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views import View

from impactdays.config import urls as site_urls
from impactdays.config.urls import EDITION_PREFIX
from impactdays.forums.models import Edition
from impactdays.forums.permissions import (
    EditionPermissionRequiredMixin,
    edition_permission_required,
)
from tests.permissions import edition_at

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@edition_permission_required("forums.manage_edition")
def function_page(request: HttpRequest, edition: Edition, pk: int) -> HttpResponse:
    return HttpResponse(f"function {edition.pk} {pk}")


class ClassPage(EditionPermissionRequiredMixin, View):
    permission_required = "forums.manage_edition"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponse(f"class {self.permission_object.pk} {pk}")


urlpatterns = [
    path(EDITION_PREFIX + "function/<int:pk>/", function_page),
    path(EDITION_PREFIX + "class/<int:pk>/", ClassPage.as_view()),
    *site_urls.urlpatterns,  # not include(): the site uses i18n_patterns, allowed only at the root
]


def _url(kind: str, edition: Edition) -> str:
    return f"/series/{edition.series.slug}/{edition.slug}/{kind}/7/"


@pytest.mark.parametrize("kind", ["function", "class"])
def test_the_organiser_gets_the_page_with_its_edition(client, edition, organiser, kind):
    client.force_login(organiser)

    response = client.get(_url(kind, edition))

    assert response.content.decode() == f"{kind} {edition.pk} 7"


@pytest.mark.parametrize("kind", ["function", "class"])
@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("participant", "open_call", 403),
        ("outsider", "open_call", 403),
        ("outsider", "draft", 404),
        ("participant", "draft", 403),
        ("anonymous", "draft", 404),
    ],
)
def test_who_may_not_act_gets_403_or_404(request, client, edition, kind, role, status, expected):
    fresh = edition_at(edition, status)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    response = client.get(_url(kind, fresh))

    assert response.status_code == expected


@pytest.mark.parametrize("kind", ["function", "class"])
def test_anonymous_visitors_of_a_published_edition_go_to_login(client, edition, kind):
    response = client.get(_url(kind, edition))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={_url(kind, edition)}"


@pytest.mark.parametrize("kind", ["function", "class"])
def test_an_unknown_edition_is_404(client, organiser, edition, kind):
    client.force_login(organiser)

    response = client.get(f"/series/{edition.series.slug}/atlantis/{kind}/7/")

    assert response.status_code == 404
