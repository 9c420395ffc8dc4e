"""The Django admin signs people in through allauth (throttling, TOTP), and keeps the audit log whole."""

import io
import json

import pytest
from PIL import Image

from impactdays.common.models import AuditEntry
from impactdays.forums.formats import default_format
from impactdays.forums.models import Edition, ForumSeries, Organisation
from tests.common.test_images import photo_with_gps
from tests.forums.factories import EditionFactory
from tests.people.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_admin_login_form_hands_over_to_allauth(client, site_admin):
    response = client.post("/admin/login/", {"username": site_admin.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_admin_cannot_delete_audit_entries(client, site_admin):
    edition = EditionFactory()
    entry = AuditEntry.objects.create(
        action="edition_update", target_type="forums.edition", target_id=str(edition.pk)
    )
    client.force_login(site_admin)

    response = client.post(f"/admin/common/auditentry/{entry.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_admin_cannot_set_edition_status(client, site_admin):
    edition = EditionFactory(status=Edition.Status.DRAFT)
    client.force_login(site_admin)

    page = client.get(f"/admin/forums/edition/{edition.pk}/change/")

    assert 'name="status"' not in page.content.decode()


def test_admin_organisation_logo_is_stored_without_metadata(client, site_admin):
    client.force_login(site_admin)

    response = client.post(
        "/admin/forums/organisation/add/",
        {
            "name": "Textil",
            "slug": "textil",
            "kind": "cultural_centre",
            "country": "RU",
            "city": "Yaroslavl",
            "logo": photo_with_gps(),
        },
    )

    assert response.status_code == 302
    logo = Organisation.objects.get(slug="textil").logo
    with Image.open(io.BytesIO(logo.read())) as image:
        assert dict(image.getexif()) == {}


def test_admin_cannot_change_or_delete_an_edition(client, site_admin):
    edition = EditionFactory(status=Edition.Status.REPORT_PUBLISHED, title="Frozen")
    client.force_login(site_admin)
    before = list(Edition.objects.values())

    page = client.get(f"/admin/forums/edition/{edition.pk}/change/")
    change = client.post(f"/admin/forums/edition/{edition.pk}/change/", {"title": "Changed"})
    delete = client.post(f"/admin/forums/edition/{edition.pk}/delete/", {"post": "yes"})

    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    assert (change.status_code, delete.status_code) == (403, 403)
    assert list(Edition.objects.values()) == before


def test_admin_writes_are_audited(client, site_admin):
    client.force_login(site_admin)

    client.post(
        "/admin/forums/forumseries/add/",
        {"name": "Urban Days", "slug": "urban-days", "format": json.dumps(default_format())},
    )

    series = ForumSeries.objects.get(slug="urban-days")
    entry = AuditEntry.objects.get(action="admin_add")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        site_admin,
        "forums.forumseries",
        str(series.pk),
    )
