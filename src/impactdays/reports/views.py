"""The open-data page of an edition and its download."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from impactdays.forums.models import Edition
from impactdays.forums.permissions import edition_permission_required
from impactdays.reports.opendata import open_data_tables, open_data_zip, package_name


@edition_permission_required("reports.view_open_data")
def open_data(request: HttpRequest, edition: Edition) -> HttpResponse:
    """What the edition's open data holds, table by table, with the download link."""
    return render(
        request,
        "reports/open_data.html",
        {"edition": edition, "tables": open_data_tables(edition)},
    )


@edition_permission_required("reports.view_open_data")
def open_data_download(request: HttpRequest, edition: Edition) -> HttpResponse:
    """The ZIP: datapackage.json with the CSV and JSON tables."""
    response = HttpResponse(open_data_zip(edition), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package_name(edition)}.zip"'
    return response
