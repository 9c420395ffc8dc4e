"""The pool and its quotas as the files `impactdays select` reads: downloaded from the selection
page, and a quotas file imported in place of the call's quotas; a malformed file is refused with
its line number and nothing is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from impactdays.applications import selection
from impactdays.applications.models import Quota
from impactdays.forums.links import edition_url

pytestmark = pytest.mark.django_db


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("quotas.csv", text.encode(), content_type="text/csv")


def test_the_pool_files_download_as_the_command_reads_them(client, organiser, pool):
    selection.quota_set(call=pool, category="country", value="AM", minimum=1, maximum=2, actor=None)
    client.force_login(organiser)
    page = edition_url("applications:selection-manage", pool.edition)

    quotas = client.get(page, {"file": "quotas"})
    people = client.get(page, {"file": "people"})

    assert (quotas.content.decode(), people.content.decode()) == selection.selection_files(pool)
    assert quotas.content.decode().splitlines()[:3] == [
        "feature,value,min,max",
        "country,AM,1,2",
        "country,GE,0,4",
    ]
    assert 'filename="people-pool.csv"' in people["Content-Disposition"]


@pytest.mark.parametrize(
    "header", ["feature,value,min,max", "category,feature,min,max", "Feature,Value,Min,Max"]
)
def test_an_imported_quotas_file_replaces_the_quotas(client, organiser, pool, header):
    selection.quota_set(call=pool, category="alumni", value="yes", minimum=0, maximum=1, actor=None)
    client.force_login(organiser)

    response = client.post(
        edition_url("applications:quotas-import", pool.edition),
        {"quotas_file": _upload(f"{header}\ncountry,AM,1,2\n\ncountry,GE,2,3\n")},
    )

    assert response.status_code == 302
    assert sorted(pool.quotas.values_list("category", "value", "minimum", "maximum")) == [
        ("country", "AM", 1, 2),
        ("country", "GE", 2, 3),
    ]


def test_an_exported_file_imports_back_unchanged(pool):
    selection.quota_set(call=pool, category="country", value="AM", minimum=1, maximum=2, actor=None)
    quotas_csv, _people = selection.selection_files(pool)

    selection.quotas_import(call=pool, quotas_csv=quotas_csv, actor=None)

    assert selection.selection_files(pool)[0] == quotas_csv


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("feature,value,min,max\ncountry,AM,1,2\ncountry,GE,3,x\n", "Line 3: max 'x' is not"),
        ("feature,value,min,max\ncountry,AM,1,2\n\ncountry,GE,3,2\n", "Line 4: min 3 exceeds"),
        ("feature,value,min,max\ncountry,AM,1,2\ncountry,AM,1,2\n", "Line 3: quota country=AM"),
        ("feature,value,min,max\ncountry,AM,1\n", "Line 2: 3 fields where the header has 4"),
        ("name,min,max\ncountry,1,2\n", "Line 1: the header needs"),
        ("feature,value,min,max\nmotivation,x,0,1\n", "Line 2: motivation is not a choice"),
        ("feature,value,min,max\ncountry,AM,0,1\ncountry,GE,0,9\n", "Line 3: the maximum 9"),
        ("", "The submitted file is empty."),
        ("\n", "Line 1: the header needs"),
    ],
)
def test_a_malformed_quotas_file_names_the_line_and_saves_nothing(
    client, organiser, pool, text, error
):
    selection.quota_set(call=pool, category="alumni", value="yes", minimum=0, maximum=1, actor=None)
    client.force_login(organiser)

    response = client.post(
        edition_url("applications:quotas-import", pool.edition), {"quotas_file": _upload(text)}
    )

    assert response.status_code == 200
    assert error in response.content.decode().replace("&#x27;", "'")
    assert list(pool.quotas.values_list("category", "value")) == [("alumni", "yes")]


def test_a_file_that_is_not_text_is_refused(client, organiser, pool):
    client.force_login(organiser)

    response = client.post(
        edition_url("applications:quotas-import", pool.edition),
        {"quotas_file": SimpleUploadedFile("quotas.csv", b"\xff\xfe\x00bad")},
    )

    assert "The file is not UTF-8 text." in response.content.decode()
    assert not Quota.objects.exists()


@pytest.mark.parametrize("role", ["participant", "reviewer", "outsider", "other_organiser"])
def test_pool_files_are_closed_to(request, client, pool, role):
    if role == "other_organiser":
        from tests.conftest import _with_totp
        from tests.forums.factories import EditionRoleFactory

        user = _with_totp(EditionRoleFactory(role="organiser").user)
    else:
        user = request.getfixturevalue(role)
    client.force_login(user)
    page = edition_url("applications:selection-manage", pool.edition)

    download = client.get(page, {"file": "people"})
    upload = client.post(
        edition_url("applications:quotas-import", pool.edition),
        {"quotas_file": _upload("feature,value,min,max\ncountry,AM,1,2\n")},
    )

    assert download.status_code == 403
    assert upload.status_code == 403
    assert not Quota.objects.exists()
